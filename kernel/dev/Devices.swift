import WASIPreview1

/// The device calls as the kernel serves them (WASIHost.devices; docs/abi.md "Devices"): the library has
/// checked the caller's DeviceRights and arguments, so what is left is the privileged part itself.
enum Devices {
    static let services = DeviceServices(
        readPort: { port, width in
            switch width {
            case 1: UInt32(Port(port).read8())
            case 2: UInt32(Port(port).read16())
            default: Port(port).read32()
            }
        },
        writePort: { port, width, value in
            switch width {
            case 1: Port(port).write8(UInt8(truncatingIfNeeded: value))
            case 2: Port(port).write16(UInt16(truncatingIfNeeded: value))
            default: Port(port).write32(value)
            }
        },
        attachInterrupt: { line, account throws(Errno) in try DeviceInterrupts.attach(line, account) },
        mapWindow: { physical, count, start throws(Errno) in try GuestMemorySpace.mapWindow(physical, count, start) },
        feedConsole: { bytes in ConsoleInput.feed(bytes) },
        framebuffer: {
            guard let mode = Screen.framebuffer else { return nil }
            return FramebufferInfo(physical: mode.base, byteCount: mode.byteCount, width: mode.width,
                                   height: mode.height, pitch: mode.pitch, format: mode.format == .rgbx ? 1 : 0)
        },
        consoleScreen: { drawing, pid in ConsoleScreen.set(drawing: drawing, by: Int(pid)) })
}
