/// walos's extension of WASI, the import module "walos": pipes, processes, channels (ChannelFunctions.swift)
/// and devices (WalosDevices.swift)
/// (docs/abi.md is the reference; guest/include/walos.h declares it for C). Every function returns a preview1
/// errno and writes its results through pointers, like preview1's; a program that does not import "walos"
/// cannot tell it exists.
public enum WalosFunctions {
    public static let moduleName = "walos"

    /// Made once: every process's imports come from it. Never changed after, and its closures capture nothing,
    /// so processors share it safely.
    nonisolated(unsafe) public static let all: [WASIFunction] = {
        [
            WASIFunction("pipe", [.i32]) { c, m, s in
                outcome { () throws(Errno) in try c.pipe(m, into: Arguments(slots: s).u32(0)) }
            },
            WASIFunction("spawn", [.i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in try c.spawn(m, request: a.u32(0), into: a.u32(1)) }
            },
            WASIFunction("wait", [.i32, .i32, .i32, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.waitChild(m, pid: a.u32(0), flags: a.u32(1), status: a.u32(2), message: a.u32(3),
                                    capacity: a.u32(4))
                }
            },
            WASIFunction("kill", [.i32]) { c, _, s in
                outcome { () throws(Errno) in try c.services().kill(Arguments(slots: s).u32(0)) }
            },
            WASIFunction("list", [.i32, .i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    try c.listProcesses(m, records: a.u32(0), capacity: a.u32(1), into: a.u32(2))
                }
            },
            WASIFunction("self", [.i32, .i32]) { c, m, s in
                let a = Arguments(slots: s)
                return outcome { () throws(Errno) in
                    let (pid, parent) = try c.services().identity()
                    _ = try m.slice(at: a.u32(0), count: 4)
                    try m.store(parent, at: a.u32(1))
                    try m.store(pid, at: a.u32(0))
                }
            },
            WASIFunction("memory_info", [.i32]) { c, m, s in
                outcome { () throws(Errno) in try c.memoryInfo(m, into: Arguments(slots: s).u32(0)) }
            },
        ] + WalosChannelFunctions.all + WalosDeviceFunctions.all
    }()
}

/// The structures of the "walos" module in guest memory (docs/abi.md; guest/include/walos.h).
public enum WalosLayout {
    /// spawn's request: path, path length, directory descriptor, argv, argc, envp, envc, descriptor map, its
    /// count, flags; ten 32-bit words.
    public static let spawnRequestSize: UInt32 = 40
    /// With SPAWN_DEVICES: two more words, the device grants' address and count (DeviceGrantLayout).
    public static let spawnRequestWithDevicesSize: UInt32 = 48
    /// A descriptor map entry: the child's number, then the caller's.
    public static let descriptorMapSize: UInt32 = 8
    /// wait's status: pid, ending, code, message length.
    public static let statusSize: UInt32 = 16
    /// list's record: pid, parent, state, name length, CPU time, memory, kernel memory, then the name.
    public static let recordSize: UInt32 = 80
    public static let recordNameBytes = 40
    /// spawn resolves the path from the root of the filesystem with this directory descriptor.
    public static let rootDirectory: UInt32 = 0xFFFF_FFFF
    /// wait's pid for any child.
    public static let anyChild: UInt32 = 0xFFFF_FFFF
    /// memory_info's record: total, free, reserved, heap, heap used; five 64-bit words.
    public static let memoryInfoSize: UInt32 = 40
    /// Most bytes of arguments and environment together (terminators included) a spawn may pass.
    public static let maxArgumentBytes = 1 << 20
    /// channel_recv's result: the message's byte count, then its descriptor count.
    public static let channelResultSize: UInt32 = 8

    /// Writes channel_recv's result at `result`, `channelResultSize` bytes checked to lie in linear memory.
    static func storeChannelResult(bytes: Int, handles: Int, at result: UnsafeMutableRawPointer) {
        // SAFETY: the caller checked the result's bytes when the receive was called.
        result.storeBytes(of: UInt32(bytes).littleEndian, as: UInt32.self)
        result.storeBytes(of: UInt32(handles).littleEndian, toByteOffset: 4, as: UInt32.self)
    }
}

/// spawn's flags.
public struct SpawnFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// The child gets only the descriptors of the map, not the caller's 0, 1 and 2 as well.
    public static let noStandardStreams = SpawnFlags(rawValue: 1 << 0)
    /// The child gets the caller's environment (the request's must then be empty).
    public static let inheritEnvironment = SpawnFlags(rawValue: 1 << 1)
    /// The request goes on with device grants for the child, which must hold among the caller's rights.
    public static let devices = SpawnFlags(rawValue: 1 << 2)
    public static let all: SpawnFlags = [.noStandardStreams, .inheritEnvironment, .devices]
}

/// wait's flags.
public struct WaitFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Do not wait: report no child (pid 0) when none has ended.
    public static let noHang = WaitFlags(rawValue: 1 << 0)
    public static let all: WaitFlags = [.noHang]
}

extension WASIContext {
    func services() throws(Errno) -> ProcessServices {
        guard let processes = host.processes else { throw .noSystemCall }
        return processes
    }

    /// memory_info: the memory totals, five u64s at `result` (docs/abi.md).
    func memoryInfo(_ memory: GuestMemory, into result: UInt32) throws(Errno) {
        guard let totals = try services().memory?() else { throw .noSystemCall }
        _ = try memory.slice(at: result, count: WalosLayout.memoryInfoSize)
        for (index, value) in [totals.total, totals.free, totals.reserved, totals.heap, totals.heapUsed].enumerated() {
            try memory.store(value, at: result + UInt32(index * 8))
        }
    }

    /// pipe: a new pipe; its read end's descriptor at `result`, its write end's after it.
    func pipe(_ memory: GuestMemory, into result: UInt32) throws(Errno) {
        _ = try memory.slice(at: result, count: 8)
        let pipe = try Pipe.make(chargedTo: kernelMemory)
        let (reader, writer) = try insertPair(Descriptor(kind: .pipe(PipeEnd(pipe, writer: false)), access: .read),
                                              Descriptor(kind: .pipe(PipeEnd(pipe, writer: true)), access: .write))
        try memory.store(reader, at: result)
        try memory.store(writer, at: result + 4)
    }

    /// Two new descriptors (a pipe's or a channel's ends), both or neither.
    func insertPair(_ first: Descriptor, _ second: Descriptor) throws(Errno) -> (UInt32, UInt32) {
        let firstNumber = try descriptors.insert(first)
        do throws(Errno) {
            return (firstNumber, try descriptors.insert(second))
        } catch {
            try descriptors.remove(firstNumber)
            throw error
        }
    }

    /// wait: the end of a child; the status (and as much of the message as fits) written only once a child's
    /// end is taken, so a bad pointer loses nothing.
    func waitChild(_ memory: GuestMemory, pid: UInt32, flags rawFlags: UInt32, status: UInt32, message: UInt32,
                   capacity: UInt32) throws(Errno) {
        let processes = try services()
        guard rawFlags & ~WaitFlags.all.rawValue == 0 else { throw .invalid }
        let flags = WaitFlags(rawValue: rawFlags)
        _ = try memory.slice(at: status, count: WalosLayout.statusSize)
        _ = try memory.slice(at: message, count: capacity)
        let child = try processes.wait(pid == WalosLayout.anyChild ? nil : pid, !flags.contains(.noHang))
        try memory.zero(at: status, count: WalosLayout.statusSize)
        guard let child else { return }
        try memory.store(child.pid, at: status)
        try memory.store(child.ending.rawValue, at: status + 4)
        try memory.store(child.code, at: status + 8)
        try memory.store(UInt32(child.message.count), at: status + 12)
        try memory.write(Array(child.message.prefix(Int(capacity))), at: message)
    }

    /// list: up to `capacity` records at `records`; the number of processes at `result`.
    func listProcesses(_ memory: GuestMemory, records: UInt32, capacity: UInt32, into result: UInt32)
        throws(Errno) {
        let processes = try services()
        let bytes = UInt64(capacity) * UInt64(WalosLayout.recordSize)
        guard bytes <= UInt64(UInt32.max) else { throw .fault }
        _ = try memory.slice(at: records, count: UInt32(bytes))
        _ = try memory.slice(at: result, count: 4)
        let list = processes.list()
        var at = records
        for record in list.prefix(Int(capacity)) {
            try memory.zero(at: at, count: WalosLayout.recordSize)
            try memory.store(record.pid, at: at)
            try memory.store(record.parent, at: at + 4)
            try memory.store(record.state.rawValue, at: at + 8)
            try memory.store(UInt32(record.name.count), at: at + 12)
            try memory.store(record.cpuNanoseconds, at: at + 16)
            try memory.store(record.memoryBytes, at: at + 24)
            try memory.store(record.kernelBytes, at: at + 32)
            try memory.write(Array(record.name.prefix(WalosLayout.recordNameBytes)), at: at + 40)
            at += WalosLayout.recordSize
        }
        try memory.store(UInt32(list.count), at: result)
    }
}
