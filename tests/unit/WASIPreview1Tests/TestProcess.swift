import FileSystem
@testable import WASIPreview1

/// A WASI process on a fake host, with a guest memory of its own, for calling WASI functions directly:
/// the clocks only move when the process sleeps, output is captured, input is a fixed byte string.
final class TestProcess {
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var stdin: [UInt8]
    var monotonicTime: UInt64 = 1_000
    var realtimeTime: UInt64 = 1_700_000_000_000_000_000
    var sleeps: [UInt64] = []
    /// Runs once the next time the process blocks (sleeps), as another process would while it waits.
    var whileBlocked: (() -> Void)?
    let fileSystem: RamFileSystem
    var context: WASIContext!
    let memoryBytes: UnsafeMutableRawBufferPointer
    var memory: GuestMemory { GuestMemory(memoryBytes) }
    let functions: [String: WASIFunction]
    /// The preopened directory "/sandbox" (descriptor 3).
    let sandbox: Node

    init(memorySize: Int = 65536, stdin: [UInt8] = [], arguments: [String] = ["prog"], environment: [String] = [],
         devices: DeviceServices? = nil, waiter: Waiter? = nil) {
        self.stdin = stdin
        memoryBytes = UnsafeMutableRawBufferPointer.allocate(byteCount: memorySize, alignment: 16)
        memoryBytes.initializeMemory(as: UInt8.self, repeating: 0)
        var functions: [String: WASIFunction] = [:]
        for function in WASIFunctions.all + WalosFunctions.all { functions[function.name] = function }
        self.functions = functions
        var clockSource: () -> UInt64 = { 0 }
        fileSystem = RamFileSystem(clock: { clockSource() })
        sandbox = try! Paths.createDirectory(Array("sandbox".utf8), in: fileSystem.root)
        clockSource = { [unowned self] in realtimeTime }
        var host = WASIHost(
            realtime: { [unowned self] in realtimeTime },
            monotonic: { [unowned self] in monotonicTime },
            processCPUTime: { 11 }, threadCPUTime: { 7 }, clockResolution: 1,
            random: { buffer in for i in 0..<buffer.count { buffer[i] = UInt8(truncatingIfNeeded: i &* 37 &+ 1) } },
            readStdin: { [unowned self] buffer in
                let count = min(buffer.count, self.stdin.count)
                for i in 0..<count { buffer[i] = self.stdin[i] }
                self.stdin.removeFirst(count)
                return count
            },
            stdinReady: { [unowned self] in !self.stdin.isEmpty },
            writeStdout: { [unowned self] in stdout += $0 },
            writeStderr: { [unowned self] in stderr += $0 },
            sleep: { [unowned self] nanoseconds in
                sleeps.append(nanoseconds)
                whileBlocked.take()?()
                monotonicTime += nanoseconds
            })
        host.devices = devices
        host.waiter = waiter
        context = WASIContext(arguments: arguments, environment: environment, fileSystem: fileSystem, host: host)
        try! context.preopen(sandbox, as: "/sandbox")
    }

    deinit { memoryBytes.deallocate() }

    /// Calls a WASI function by name with wasm arguments; returns its errno (or the exit).
    @discardableResult
    func call(_ name: String, _ arguments: UInt64...) -> WASIOutcome {
        let function = functions[name]!
        precondition(arguments.count == function.parameters.count, "\(name) takes \(function.parameters.count) arguments")
        return arguments.withUnsafeBufferPointer { function.body(context, memory, $0.baseAddress ?? UnsafePointer(bitPattern: 8)!) }
    }

    func errno(_ name: String, _ arguments: UInt64...) -> Errno {
        let function = functions[name]!
        precondition(arguments.count == function.parameters.count, "\(name) takes \(function.parameters.count) arguments")
        let outcome = arguments.withUnsafeBufferPointer { function.body(context, memory, $0.baseAddress ?? UnsafePointer(bitPattern: 8)!) }
        guard case .errno(let errno) = outcome else { fatalError("\(name) exited") }
        return errno
    }

    // Guest memory helpers: a bump allocator from 1024 up (0..<1024 is scratch for results).
    var next: UInt32 = 1024

    func put(_ bytes: [UInt8]) -> UInt32 {
        let at = next
        try! memory.write(bytes, at: at)
        next += UInt32(bytes.count + 7) & ~7
        return at
    }

    func put(_ string: String) -> (UInt64, UInt64) {
        let bytes = Array(string.utf8)
        return (UInt64(put(bytes)), UInt64(bytes.count))
    }

    func u32(_ at: UInt32) -> UInt32 { try! memory.load(UInt32.self, at: at) }
    func u64(_ at: UInt32) -> UInt64 { try! memory.load(UInt64.self, at: at) }
    func u16(_ at: UInt32) -> UInt16 { try! memory.load(UInt16.self, at: at) }
    func u8(_ at: UInt32) -> UInt8 { try! memory.load(UInt8.self, at: at) }
    func bytes(_ at: UInt32, _ count: Int) -> [UInt8] { try! memory.read(at: at, count: UInt32(count)) }

    /// An iovec list with one entry for `count` bytes at `buffer`.
    func iovec(_ buffer: UInt32, _ count: UInt32) -> UInt64 {
        var entry: [UInt8] = []
        for value in [buffer, count] { for i in 0..<4 { entry.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) } }
        return UInt64(put(entry))
    }

    /// Opens `path` in the sandbox with path_open; returns the descriptor.
    func open(_ path: String, oflags: UInt64 = 0, rights: Rights = [.fdRead, .fdWrite, .fdSeek, .fdTell],
              fdflags: UInt64 = 0, follow: Bool = true) throws -> UInt32 {
        let (p, n) = put(path)
        let errno = self.errno("path_open", 3, follow ? 1 : 0, p, n, oflags, rights.rawValue, rights.rawValue, fdflags, 0)
        guard errno == .success else { throw errno }
        return u32(0)
    }

    /// Writes `text` through fd_write; returns the count written.
    func write(_ fd: UInt32, _ text: String) -> UInt32 {
        let buffer = put(Array(text.utf8))
        let list = iovec(buffer, UInt32(text.utf8.count))
        let errno = self.errno("fd_write", UInt64(fd), list, 1, 8)
        precondition(errno == .success, "fd_write: \(errno)")
        return u32(8)
    }

    /// Reads up to `count` bytes through fd_read.
    func read(_ fd: UInt32, _ count: UInt32) -> [UInt8] {
        let buffer = put([UInt8](repeating: 0, count: Int(count)))
        let list = iovec(buffer, count)
        let errno = self.errno("fd_read", UInt64(fd), list, 1, 8)
        precondition(errno == .success, "fd_read: \(errno)")
        return bytes(buffer, Int(u32(8)))
    }

    func file(_ path: String, _ contents: String) {
        let node = try! Paths.createFile(Array(path.utf8), in: sandbox)
        _ = Array(contents.utf8).withUnsafeBytes { try! node.write(at: 0, from: $0) }
    }
}
