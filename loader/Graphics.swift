import BootInfo
import LoaderShims

enum PreferredMode {
    static let width: UInt32 = 1024
    static let height: UInt32 = 768
}

/// UEFI's EFI_GRAPHICS_PIXEL_FORMAT values.
private enum GOPPixelFormat {
    static let redGreenBlueReserved: UInt32 = 0
    static let blueGreenRedReserved: UInt32 = 1
    static let bitMask: UInt32 = 2
}

/// The BootInfo pixel format of a GOP mode, if it is one the kernel can draw on (32 bits per pixel).
private func pixelFormat(_ mode: walos_gop_mode) -> PixelFormat? {
    switch mode.pixel_format {
    case GOPPixelFormat.redGreenBlueReserved: return .rgbx
    case GOPPixelFormat.blueGreenRedReserved: return .bgrx
    case GOPPixelFormat.bitMask:
        if mode.red_mask == 0xFF, mode.green_mask == 0xFF00, mode.blue_mask == 0xFF_0000 { return .rgbx }
        if mode.red_mask == 0xFF_0000, mode.green_mask == 0xFF00, mode.blue_mask == 0xFF { return .bgrx }
        return nil
    default: return nil
    }
}

/// How far a mode is from 1024x768; 0 is the preferred mode itself.
private func distance(_ mode: walos_gop_mode) -> UInt64 {
    let dx = Int64(mode.width) - Int64(PreferredMode.width)
    let dy = Int64(mode.height) - Int64(PreferredMode.height)
    return dx.magnitude + dy.magnitude
}

/// Picks the 32-bit mode closest to 1024x768, sets it and describes its framebuffer.
func setUpGraphics() throws(LoaderError) -> Framebuffer {
    var count: UInt32 = 0
    let status = walos_gop_locate(&count)
    guard !EFIStatus.failed(status) else { throw .noGraphics(status: status) }
    var best: (mode: UInt32, distance: UInt64)? = nil
    for mode in 0..<count {
        var info = walos_gop_mode()
        guard !EFIStatus.failed(walos_gop_query(mode, &info)), pixelFormat(info) != nil else { continue }
        if best == nil || distance(info) < best!.distance { best = (mode, distance(info)) }
    }
    guard let chosen = best else { throw .noUsableGraphicsMode }
    let setStatus = walos_gop_set(chosen.mode)
    guard !EFIStatus.failed(setStatus) else { throw .graphicsModeRejected(mode: chosen.mode, status: setStatus) }
    var base: UInt64 = 0
    var size: UInt64 = 0
    var info = walos_gop_mode()
    walos_gop_framebuffer(&base, &size, &info)
    guard let format = pixelFormat(info) else { throw .noUsableGraphicsMode }
    return Framebuffer(base: base, width: info.width, height: info.height, pitch: info.pixels_per_scan_line * 4,
                       bitsPerPixel: 32, format: format)
}

/// The ACPI RSDP: the ACPI 2.0 table when the firmware has one, else the 1.0 table; 0 when neither exists.
func findRSDP() -> UInt64 {
    let rsdp = walos_acpi20_rsdp()
    return rsdp != 0 ? rsdp : walos_acpi10_rsdp()
}
