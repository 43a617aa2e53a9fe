/// walos's device calls, in the import module "walos" (docs/abi.md, "Devices"): how a driver that runs as a
/// WebAssembly service reaches its device. Each call checks the caller's DeviceRights first (EACCES without
/// the right), then its arguments; the embedder (DeviceServices) does the privileged part.
enum WalosDeviceFunctions {
    /// Never changed, and its closures capture nothing, so processors share it safely.
    nonisolated(unsafe) static let all: [WASIFunction] = [
        WASIFunction("port_read", [.i32, .i32, .i32]) { c, m, s in
            let a = Arguments(slots: s)
            return outcome { () throws(Errno) in try c.portRead(m, port: a.u32(0), width: a.u32(1), into: a.u32(2)) }
        },
        WASIFunction("port_write", [.i32, .i32, .i32]) { c, _, s in
            let a = Arguments(slots: s)
            return outcome { () throws(Errno) in try c.portWrite(port: a.u32(0), width: a.u32(1), value: a.u32(2)) }
        },
        WASIFunction("interrupt", [.i32, .i32]) { c, m, s in
            let a = Arguments(slots: s)
            return outcome { () throws(Errno) in try c.attachInterrupt(m, line: a.u32(0), into: a.u32(1)) }
        },
        WASIFunction("device_map", [.i64, .i32, .i32]) { c, m, s in
            let a = Arguments(slots: s)
            return outcome { () throws(Errno) in
                try c.mapWindow(m, physical: a.u64(0), length: a.u32(1), at: a.u32(2))
            }
        },
        WASIFunction("console_input", [.i32, .i32]) { c, m, s in
            let a = Arguments(slots: s)
            return outcome { () throws(Errno) in try c.feedConsole(m, bytes: a.u32(0), count: a.u32(1)) }
        },
        WASIFunction("framebuffer_info", [.i32]) { c, m, s in
            outcome { () throws(Errno) in try c.framebufferInfo(m, into: Arguments(slots: s).u32(0)) }
        },
        WASIFunction("console_screen", [.i32]) { c, _, s in
            outcome { () throws(Errno) in try c.consoleScreen(drawing: Arguments(slots: s).u32(0)) }
        },
    ]
}

/// What the embedder provides for the device calls. The library has checked the caller's rights and every
/// argument before a closure runs. A class: every process's host refers to the one the embedder made, rather
/// than carrying six more closures in each copy of WASIHost.
public final class DeviceServices {
    /// Reads a port, `width` bytes (1, 2 or 4).
    public let readPort: (_ port: UInt16, _ width: Int) -> UInt32
    public let writePort: (_ port: UInt16, _ width: Int, _ value: UInt32) -> Void
    /// Binds interrupt line `line` to a new channel, charged to `account`: each interrupt becomes a message on
    /// the returned end (docs/abi.md). EBUSY while another live endpoint holds the line.
    public let attachInterrupt: (_ line: UInt32, _ account: MemoryAccount) throws(Errno) -> ChannelEnd
    /// Maps the physical pages from `physical` over `count` pages of the caller's linear memory at `at`.
    /// EINVAL where the memory cannot take a window (the embedder's own rule).
    public let mapWindow: (_ physical: UInt64, _ count: Int, _ at: UnsafeMutableRawPointer) throws(Errno) -> Void
    /// Bytes for the console's input, as if typed.
    public let feedConsole: (UnsafeRawBufferPointer) -> Void
    /// The framebuffer's physical place and shape; nil without one.
    public let framebuffer: () -> FramebufferInfo?
    /// The kernel's text console draws on the framebuffer again (`drawing`) or stops drawing on it, for a
    /// display driver, the process `pid`; the embedder gives the screen back to the console when that driver
    /// ends with it stopped.
    public let consoleScreen: (_ drawing: Bool, _ pid: UInt32) -> Void

    public init(readPort: @escaping (UInt16, Int) -> UInt32, writePort: @escaping (UInt16, Int, UInt32) -> Void,
                attachInterrupt: @escaping (UInt32, MemoryAccount) throws(Errno) -> ChannelEnd,
                mapWindow: @escaping (UInt64, Int, UnsafeMutableRawPointer) throws(Errno) -> Void,
                feedConsole: @escaping (UnsafeRawBufferPointer) -> Void,
                framebuffer: @escaping () -> FramebufferInfo?,
                consoleScreen: @escaping (Bool, UInt32) -> Void) {
        self.readPort = readPort
        self.writePort = writePort
        self.attachInterrupt = attachInterrupt
        self.mapWindow = mapWindow
        self.feedConsole = feedConsole
        self.framebuffer = framebuffer
        self.consoleScreen = consoleScreen
    }
}

/// framebuffer_info's record (docs/abi.md): where the framebuffer is and how its pixels lie.
public struct FramebufferInfo: Equatable {
    public let physical: UInt64
    public let byteCount: UInt64
    public let width: UInt32
    public let height: UInt32
    /// Bytes from one row to the next.
    public let pitch: UInt32
    /// 0: 32-bit 0x00RRGGBB words; 1: 32-bit 0x00BBGGRR words.
    public let format: UInt32

    public init(physical: UInt64, byteCount: UInt64, width: UInt32, height: UInt32, pitch: UInt32, format: UInt32) {
        self.physical = physical
        self.byteCount = byteCount
        self.width = width
        self.height = height
        self.pitch = pitch
        self.format = format
    }

    /// Its record's size: two u64s and four u32s.
    public static let recordSize: UInt32 = 32
}

extension WASIContext {
    func deviceServices() throws(Errno) -> DeviceServices {
        guard let devices = host.devices else { throw .noDevice }
        return devices
    }

    /// The port range a read or write of `width` bytes at `port` touches, once the caller may touch it.
    private func portAccess(_ port: UInt32, _ width: UInt32) throws(Errno) -> DeviceServices {
        guard width == 1 || width == 2 || width == 4, port < DeviceRights.portCount,
              port + width <= DeviceRights.portCount else { throw .invalid }
        guard devices.covers(ports: port..<port + width) else { throw .access }
        return try deviceServices()
    }

    func portRead(_ memory: GuestMemory, port: UInt32, width: UInt32, into result: UInt32) throws(Errno) {
        let services = try portAccess(port, width)
        _ = try memory.slice(at: result, count: 4)
        try memory.store(services.readPort(UInt16(port), Int(width)), at: result)
    }

    func portWrite(port: UInt32, width: UInt32, value: UInt32) throws(Errno) {
        let services = try portAccess(port, width)
        guard width == 4 || value >> (width * 8) == 0 else { throw .invalid }
        services.writePort(UInt16(port), Int(width), value)
    }

    /// interrupt: a new endpoint on which line `line`'s interrupts arrive; its descriptor at `result`.
    func attachInterrupt(_ memory: GuestMemory, line: UInt32, into result: UInt32) throws(Errno) {
        guard line < DeviceRights.interruptLines else { throw .invalid }
        guard devices.interrupts.contains(line) else { throw .access }
        let services = try deviceServices()
        _ = try memory.slice(at: result, count: 4)
        let end = try services.attachInterrupt(line, kernelMemory)
        try memory.store(try descriptors.insert(Descriptor(kind: .channel(end), access: [])), at: result)
    }

    /// device_map: the window `physical..<physical+length` over the caller's memory at `address`; all three page
    /// multiples (EINVAL), the window granted (EACCES), the pages inside linear memory (EFAULT).
    func mapWindow(_ memory: GuestMemory, physical: UInt64, length: UInt32, at address: UInt32) throws(Errno) {
        guard length > 0, physical & 0xFFF == 0, length & 0xFFF == 0, address & 0xFFF == 0,
              physical <= UInt64.max - UInt64(length) else { throw .invalid }
        guard devices.covers(window: physical..<physical + UInt64(length)) else { throw .access }
        let services = try deviceServices()
        let target = try memory.slice(at: address, count: length)
        try services.mapWindow(physical, Int(length) / 4096, target.baseAddress!)
    }

    func feedConsole(_ memory: GuestMemory, bytes: UInt32, count: UInt32) throws(Errno) {
        guard devices.console else { throw .access }
        let services = try deviceServices()
        services.feedConsole(UnsafeRawBufferPointer(try memory.slice(at: bytes, count: count)))
    }

    func framebufferInfo(_ memory: GuestMemory, into result: UInt32) throws(Errno) {
        guard let info = try deviceServices().framebuffer() else { throw .noDevice }
        _ = try memory.slice(at: result, count: FramebufferInfo.recordSize)
        try memory.store(info.physical, at: result)
        try memory.store(info.byteCount, at: result + 8)
        try memory.store(info.width, at: result + 16)
        try memory.store(info.height, at: result + 20)
        try memory.store(info.pitch, at: result + 24)
        try memory.store(info.format, at: result + 28)
    }

    /// console_screen: 0 stops the text console's drawing on the framebuffer (its text keeps arriving), 1
    /// draws it all again. EINVAL for another value, ENODEV without a framebuffer, EACCES unless the caller
    /// holds the framebuffer's whole window (`memory:framebuffer`): only its display driver may blank the log.
    func consoleScreen(drawing: UInt32) throws(Errno) {
        guard drawing <= 1 else { throw .invalid }
        let services = try deviceServices()
        guard let screen = services.framebuffer() else { throw .noDevice }
        let window = screen.physical..<screen.physical + ((screen.byteCount + 4095) & ~4095)
        guard devices.covers(window: window) else { throw .access }
        let pid = host.processes?.identity().pid ?? 0
        services.consoleScreen(drawing == 1, pid)
    }
}
