/// What the embedder (the kernel, or a host runner) provides to a WASI process: time, randomness, the standard
/// streams and a way to wait. Everything is a closure so this library stays free of any platform.
public struct WASIHost {
    /// Nanoseconds since the Unix epoch.
    public var realtime: () -> UInt64
    /// Nanoseconds since some fixed point; never goes back.
    public var monotonic: () -> UInt64
    /// CPU time used by the process and by the calling thread, in nanoseconds.
    public var processCPUTime: () -> UInt64
    public var threadCPUTime: () -> UInt64
    /// The resolution of every clock, in nanoseconds.
    public var clockResolution: UInt64
    /// Fills the buffer with cryptographically secure random bytes.
    public var random: (UnsafeMutableRawBufferPointer) -> Void
    /// Reads what is available of standard input into the buffer, waiting for at least one byte; returns 0 at end
    /// of input.
    public var readStdin: (UnsafeMutableRawBufferPointer) -> Int
    /// True when a read of standard input would not wait (input is there, or it has ended).
    public var stdinReady: () -> Bool
    public var writeStdout: (UnsafeRawBufferPointer) -> Void
    public var writeStderr: (UnsafeRawBufferPointer) -> Void
    /// Whether each standard stream (0, 1, 2) is a terminal; a terminal is a character device, anything else has
    /// an unknown file type, as in wasmtime.
    public var isTerminal: (Int) -> Bool
    /// Waits about `nanoseconds` of monotonic time; may return early (poll_oneoff checks again).
    public var sleep: (UInt64) -> Void
    /// How the process waits until one of its pipes or channels changes, its deadline passes or it is being
    /// stopped (Waiter). Nil: `sleep` until the deadline, all a host running one process needs, since nothing
    /// else can change its pipes and channels meanwhile.
    public var waiter: Waiter?
    /// Processes (walos's spawn, wait, kill and listing); nil where the host has none (ENOSYS).
    public var processes: ProcessServices?
    /// Ports, interrupts and physical windows (walos's device calls), for the processes whose DeviceRights
    /// allow them; nil where there are none (ENODEV).
    public var devices: DeviceServices?
    /// How the pages of channel_send_pages travel: copied and zeroed unless the embedder moves them.
    public var pages: PageMover = .copying
    /// True once the embedder is stopping the process (its time is up): `sleep` and `readStdin` then return at
    /// once, and the call that waited fails with EINTR, which the engine binding turns into the guest's end.
    public var isStopping: () -> Bool
    /// Lets other work run (sched_yield).
    public var yield: () -> Void
    /// The lock every WASI call that touches shared state (WASICallKind.shared, .givesBack) holds, which also
    /// says whether the host can serve a call now (`CallLock.refusing`: a kernel whose own memory runs short);
    /// nil: the process's calls take a lock of their own, all a host running one process needs.
    public var lock: CallLock?

    public init(realtime: @escaping () -> UInt64, monotonic: @escaping () -> UInt64,
                processCPUTime: @escaping () -> UInt64, threadCPUTime: @escaping () -> UInt64,
                clockResolution: UInt64 = 1, random: @escaping (UnsafeMutableRawBufferPointer) -> Void,
                readStdin: @escaping (UnsafeMutableRawBufferPointer) -> Int, stdinReady: @escaping () -> Bool,
                writeStdout: @escaping (UnsafeRawBufferPointer) -> Void,
                writeStderr: @escaping (UnsafeRawBufferPointer) -> Void,
                isTerminal: @escaping (Int) -> Bool = { _ in false },
                sleep: @escaping (UInt64) -> Void, isStopping: @escaping () -> Bool = { false },
                yield: @escaping () -> Void = {}, lock: CallLock? = nil, waiter: Waiter? = nil,
                processes: ProcessServices? = nil) {
        self.realtime = realtime
        self.monotonic = monotonic
        self.processCPUTime = processCPUTime
        self.threadCPUTime = threadCPUTime
        self.clockResolution = clockResolution
        self.random = random
        self.readStdin = readStdin
        self.stdinReady = stdinReady
        self.writeStdout = writeStdout
        self.writeStderr = writeStderr
        self.isTerminal = isTerminal
        self.sleep = sleep
        self.isStopping = isStopping
        self.yield = yield
        self.lock = lock
        self.waiter = waiter
        self.processes = processes
    }
}
