import CWalos

/// walos's device calls for Swift drivers (docs/abi.md, "Devices"), over guest/include/walos.h.
extension Walos {
    public static func portRead8(_ port: UInt16) throws(Failure) -> UInt8 {
        var value: UInt32 = 0
        try check(walos_port_read(UInt32(port), 1, &value))
        return UInt8(truncatingIfNeeded: value)
    }

    public static func portWrite8(_ port: UInt16, _ value: UInt8) throws(Failure) {
        try check(walos_port_write(UInt32(port), 1, UInt32(value)))
    }

    /// An endpoint on which interrupt line `line`'s interrupts arrive as messages.
    public static func interrupt(_ line: UInt32) throws(Failure) -> UInt32 {
        var fd: UInt32 = 0
        try check(walos_interrupt(line, &fd))
        return fd
    }

    /// Bytes for the console's input, as if typed.
    public static func consoleInput(_ bytes: [UInt8]) throws(Failure) {
        try check(bytes.withUnsafeBytes { walos_console_input($0.baseAddress, UInt32($0.count)) })
    }

    public static func framebuffer() throws(Failure) -> walos_framebuffer {
        var info = walos_framebuffer()
        try check(walos_framebuffer_info(&info))
        return info
    }

    /// A device right for a child: ports, interrupt lines, a physical window, or the console's input.
    public static func grant(_ kind: UInt32, first: UInt64 = 0, count: UInt64 = 0) -> walos_device_grant {
        walos_device_grant(kind: kind, zero: 0, first: first, count: count)
    }
}
