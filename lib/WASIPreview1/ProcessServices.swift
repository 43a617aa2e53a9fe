import FileSystem

/// What the embedder provides for walos's process calls (WalosFunctions): it owns the processes, this library
/// only decodes and checks what the guest asks (docs/abi.md). Every closure runs inside the caller's call.
public struct ProcessServices {
    /// Starts a child of the caller; returns its pid. ENOEXEC for a module that does not decode, EAGAIN at the
    /// process limit, ENOMEM when memory is short.
    public var spawn: (SpawnRequest) throws(Errno) -> UInt32
    /// The end of one of the caller's children (`pid`, or any when nil), which is then gone; waits for one
    /// when `block` (EINTR when the caller is being stopped meanwhile), else nil when none has ended. ECHILD
    /// when the caller has no such child.
    public var wait: (_ pid: UInt32?, _ block: Bool) throws(Errno) -> ChildStatus?
    /// Stops a descendant of the caller: ESRCH when there is no such process, EPERM when it is not a
    /// descendant. A child that has ended already is left as it is.
    public var kill: (UInt32) throws(Errno) -> Void
    /// Every process that has not been waited for.
    public var list: () -> [ProcessRecord]
    /// The caller's pid and its parent's (0 when it has none).
    public var identity: () -> (pid: UInt32, parent: UInt32)
    /// The machine's and the kernel heap's memory totals (walos.memory_info); ENOSYS when the host has none.
    public var memory: (() -> MemoryTotals)? = nil

    public init(spawn: @escaping (SpawnRequest) throws(Errno) -> UInt32,
                wait: @escaping (UInt32?, Bool) throws(Errno) -> ChildStatus?,
                kill: @escaping (UInt32) throws(Errno) -> Void, list: @escaping () -> [ProcessRecord],
                identity: @escaping () -> (pid: UInt32, parent: UInt32)) {
        self.spawn = spawn
        self.wait = wait
        self.kill = kill
        self.list = list
        self.identity = identity
    }
}

/// What walos.memory_info reports, in bytes.
public struct MemoryTotals: Equatable {
    /// The memory the kernel manages (usable RAM), and how much of it is free.
    public var total: UInt64
    public var free: UInt64
    /// The part of `total` the kernel keeps for itself: processes and files cannot take it.
    public var reserved: UInt64
    /// The kernel heap: what it holds, and how much of that is allocated.
    public var heap: UInt64
    public var heapUsed: UInt64

    public init(total: UInt64, free: UInt64, reserved: UInt64, heap: UInt64, heapUsed: UInt64) {
        self.total = total
        self.free = free
        self.reserved = reserved
        self.heap = heap
        self.heapUsed = heapUsed
    }
}

/// A spawn the caller asked for, decoded and checked.
public struct SpawnRequest {
    /// The program's file.
    public let program: Node
    /// The program's path as the caller gave it: the process's name.
    public let name: [UInt8]
    public let arguments: [[UInt8]]
    public let environment: [[UInt8]]
    /// The child's descriptor table: each descriptor at its number (pipe ends held anew, files with a position
    /// of their own, directories that were preopens still preopens).
    public let descriptors: [(UInt32, Descriptor)]
    /// The devices it may use: part of the caller's rights (SPAWN_DEVICES).
    public let devices: DeviceRights
}

/// How a child ended, as walos.wait reports it.
public struct ChildStatus: Equatable {
    public enum Ending: UInt32, Sendable {
        /// proc_exit (or the entry returned: 0); `code` is the exit code.
        case exited = 0
        /// A trap; the message says which.
        case trapped = 1
        /// walos.kill, or its time limit.
        case killed = 2
        /// It could not start (a missing import, no memory for its instance).
        case failed = 3
    }

    public let pid: UInt32
    public let ending: Ending
    public let code: UInt32
    public let message: [UInt8]

    public init(pid: UInt32, ending: Ending, code: UInt32 = 0, message: [UInt8] = []) {
        self.pid = pid
        self.ending = ending
        self.code = code
        self.message = message
    }
}

/// One process as walos.list reports it.
public struct ProcessRecord {
    public enum State: UInt32, Sendable {
        case running = 0
        /// Ready to run, waiting for a processor.
        case runnable = 1
        /// Blocked: a pipe, a clock, input, a child.
        case blocked = 2
        /// Ended, not yet waited for.
        case exited = 3
    }

    public let pid: UInt32
    public let parent: UInt32
    public let state: State
    public let cpuNanoseconds: UInt64
    /// Linear memory.
    public let memoryBytes: UInt64
    /// Kernel memory charged to it: its kernel stack, its pipes' buffers, its channels and queued messages.
    public let kernelBytes: UInt64
    public let name: [UInt8]

    public init(pid: UInt32, parent: UInt32, state: State, cpuNanoseconds: UInt64, memoryBytes: UInt64,
                kernelBytes: UInt64, name: [UInt8]) {
        self.pid = pid
        self.parent = parent
        self.state = state
        self.cpuNanoseconds = cpuNanoseconds
        self.memoryBytes = memoryBytes
        self.kernelBytes = kernelBytes
        self.name = name
    }
}
