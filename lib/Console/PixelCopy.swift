/// Copies rectangles of XRGB8888 pixels (32-bit little-endian 0x00RRGGBB: what walos programs draw, docs/abi.md
/// "Display") into a framebuffer's memory. It imports nothing: the display service (services/display) compiles
/// this file in, as the keyboard's compiles KeyboardDecoder.swift, and the unit suite tests it on the host.
public enum PixelCopy {
    /// `height` rows of `width` pixels, row `r` at byte `r * stride` of `source`, to `target`, row `r` at byte
    /// `r * pitch`. A framebuffer of 0x00RRGGBB words holds the same bytes, so its rows are copied whole; one of
    /// 0x00BBGGRR words (`swapRedAndBlue`) gets red and blue swapped pixel by pixel. The caller has checked that
    /// every row lies inside both.
    public static func copyXRGB(from source: UnsafeRawPointer, stride: Int, to target: UnsafeMutableRawPointer,
                                pitch: Int, width: Int, height: Int, swapRedAndBlue: Bool) {
        guard width > 0, height > 0 else { return }
        for row in 0..<height {
            let from = source + row * stride
            let to = target + row * pitch
            guard swapRedAndBlue else {
                // SAFETY: the caller checked both ranges; device memory and a process's memory never overlap.
                to.copyMemory(from: from, byteCount: width * 4)
                continue
            }
            for column in 0..<width {
                let value = UInt32(littleEndian: from.loadUnaligned(fromByteOffset: column * 4, as: UInt32.self))
                let swapped = (value & 0x0000_FF00) | (value >> 16 & 0xFF) | (value & 0xFF) << 16
                to.storeBytes(of: swapped.littleEndian, toByteOffset: column * 4, as: UInt32.self)
            }
        }
    }
}
