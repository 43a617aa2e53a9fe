import FileSystem
import Synchronization
import WASIPreview1
import WASIWax
import Wax

/// A running WASI program: a Wax store and instance on a kernel thread of its own. Processes run concurrently
/// on every processor; the scheduler preempts one at its engine's safe points (Store.interruptionHandler).
/// Everything a process holds is its thread's and its store's, so it all goes when they go.
///
/// Processes form a tree (walos.spawn): a parent keeps its children until it waits for them (`children`), a
/// process that ends stops the children it leaves running, so that nothing outlives the program that started it.
final class Process {
    let pid: Int
    let name: String
    /// The parent's pid; 0 for a process the kernel started.
    let parentPID: Int
    /// Its WASI context, set before it starts; its host is what a child's derives from (WASIHost.owned(by:)).
    /// The process keeps the context rather than a host of its own: a host is ~35 closures, each copy a retain
    /// and a release of every one, and a spawn made four copies where it now makes one.
    var context: WASIContext?
    /// Kernel memory charged to it beyond its stack: its pipes' buffers, descriptors and list copies.
    let kernelMemory: MemoryAccount
    /// The pages of its channel messages in flight (channel_send_pages), drawn on the pool: up to a queue's
    /// limit, and the list of their frames (8 bytes a page).
    let pageMemory: MemoryAccount
    /// Bytes of linear memory it holds (its store's allocator counts them).
    let memoryBytes = Atomic<Int>(0)
    /// Address space its store's blocks reserve in GuestMemorySpace, at most `GuestMemorySpace.reservationLimit`.
    let reservedBytes = Atomic<UInt64>(0)
    /// True once `ending` is set.
    let ended = Atomic<Bool>(false)
    /// Children not yet waited for; their ends wake its waits (both under `childEvents.lock`).
    let childEvents = WaitQueue()
    var children: [Process] = []
    /// Set once, before the thread starts.
    private(set) var thread: Thread!
    /// Its end, and when (monotonic nanoseconds), once it has ended (under `thread.exited.lock`).
    private(set) var ending: WASIExit? = nil
    private(set) var endedAt: UInt64 = 0
    /// Monotonic nanoseconds after which it is stopped (.max: no limit), and why it was stopped, if it was.
    let deadline: UInt64
    /// The time limit that set the deadline, in nanoseconds (for the message when it ends the process).
    let timeLimit: UInt64
    private let stopping = Atomic<Int>(0)
    enum StopReason: Int {
        case timeLimit = 1
        case killed = 2
    }

    init(pid: Int, name: String, parentPID: Int, deadline: UInt64, timeLimit: UInt64) {
        self.pid = pid
        self.name = name
        self.parentPID = parentPID
        self.deadline = deadline
        self.timeLimit = timeLimit
        kernelMemory = MemoryAccount(limit: WASIContext.defaultKernelMemory, parent: ProcessTable.kernelMemory)
        pageMemory = MemoryAccount(limit: Channel.queuePageBytes + Channel.queuePageBytes / 512,
                                   parent: MemoryBudget.pool)
    }

    /// Stops the process at its next safe point; its waits end at once. The first reason given is kept.
    func stop(_ reason: StopReason) {
        _ = stopping.compareExchange(expected: 0, desired: reason.rawValue, ordering: .acquiringAndReleasing)
        thread.interrupt()
    }

    var stopReason: StopReason? { StopReason(rawValue: stopping.load(ordering: .acquiring)) }

    /// Waits for the process to end and returns how; nil when `deadline` passed first.
    func wait(deadline: UInt64 = .max) -> WASIExit? {
        guard thread.join(deadline: deadline) else { return nil }
        return thread.exited.lock.withLock { ending }
    }

    /// Processor time used so far, in nanoseconds.
    var cpuNanoseconds: UInt64 {
        var ticks = thread.cpuTicks
        if thread.state == .running { ticks &+= Processor.timestamp() &- thread.startedAt }
        return Clock.nanoseconds(ticks: ticks)
    }

    /// Runs `body` (which returns the program's end) on a new thread; the process is registered in the table
    /// (ProcessTable.reserve) until it ends. Its end stops the children it leaves running and wakes its parent.
    func start(_ body: @escaping () -> WASIExit) {
        thread = Thread(name: name, stackPages: Process.stackPages, stackName: "a process's kernel stack") { [self] in
            let end = body()
            context = nil  // its host's closures hold the process: let go of them, or it would never be freed
            let now = Clock.nanoseconds()
            thread.exited.lock.withLock {
                ending = end
                endedAt = now
            }
            let interrupts = InterruptState.disable()
            childEvents.lock.lock()
            for child in children where !child.ended.load(ordering: .acquiring) { child.stop(.killed) }
            childEvents.lock.unlock()
            interrupts.restore()
            ProcessTable.remove(self)
            if let parent = ProcessTable.find(pid: parentPID) {
                let interrupts = InterruptState.disable()
                parent.childEvents.lock.lock()
                ended.store(true, ordering: .releasing)
                parent.childEvents.wakeAllLocked()
                parent.childEvents.lock.unlock()
                interrupts.restore()
            } else {
                ended.store(true, ordering: .releasing)
            }
        }
        Scheduler.start(thread)
    }

    /// How it ended, once it has.
    var endingIfEnded: WASIExit? { thread.exited.lock.withLock { ending } }

    /// Kernel memory it holds: its kernel stack, its pipes' buffers, descriptors and list copies, and the pages of
    /// its messages in flight.
    var kernelBytes: Int { Process.stackPages * 4096 + kernelMemory.bytes + pageMemory.bytes }

    /// A process's kernel stack: the engine and the WASI calls run on it, never the guest's own calls (the
    /// interpreter keeps wasm frames apart), so it stays small.
    static let stackPages = 16

    /// What a process costs the kernel however little it does, charged to MemoryBudget's pool from its place in
    /// the table to its end: its kernel stack and the objects that run it (thread, WASI context and host, store).
    static let fixedBytes = (stackPages + 4) * 4096
}

/// Every process that has not ended, by pid; a limit on how many there are at once.
enum ProcessTable {
    static let limit = 1024
    private static let lock = SpinLock()
    nonisolated(unsafe) private static var processes: [Process] = []
    nonisolated(unsafe) private static var nextPID = 1

    enum SpawnError: Error {
        case tooManyProcesses
        /// MemoryBudget's pool has no room for another process.
        case noMemory
    }

    /// Kernel memory all processes' pipes, descriptors and lists together may hold: an eighth of memory, within
    /// MemoryBudget's pool.
    nonisolated(unsafe) static var kernelMemory = MemoryAccount(limit: MemoryManager.totalFrameCount * 4096 / 8,
                                                                parent: MemoryBudget.pool)

    /// A new process running `body` on its own thread.
    static func spawn(name: String, timeLimit: UInt64?, _ body: @escaping (Process) -> WASIExit) throws(SpawnError)
        -> Process
    {
        let process = try reserve(name: name, parentPID: 0, deadline: timeLimit.map { Clock.nanoseconds() &+ $0 } ?? .max,
                                  timeLimit: timeLimit ?? .max)
        process.start { body(process) }  // the thread lets go of its body when it ends
        return process
    }

    /// A new process in the table, not yet started (`Process.start`), its `Process.fixedBytes` charged.
    static func reserve(name: String, parentPID: Int, deadline: UInt64, timeLimit: UInt64) throws(SpawnError)
        -> Process
    {
        guard MemoryBudget.pool.take(Process.fixedBytes) else { throw .noMemory }
        let process: Process? = lock.withLock {
            guard processes.count < limit else { return nil }
            let process = Process(pid: nextPID, name: name, parentPID: parentPID, deadline: deadline,
                                  timeLimit: timeLimit)
            nextPID += 1
            processes.append(process)
            return process
        }
        guard let process else {
            MemoryBudget.pool.release(Process.fixedBytes)
            throw .tooManyProcesses
        }
        return process
    }

    /// Every process that has not ended.
    static var all: [Process] { lock.withLock { processes } }

    /// Takes an ending process out of the table, with its charge.
    static func remove(_ process: Process) {
        lock.withLock { processes.removeAll { $0 === process } }
        MemoryBudget.pool.release(Process.fixedBytes)
    }

    static var count: Int { lock.withLock { processes.count } }

    static func find(pid: Int) -> Process? {
        lock.withLock { processes.first { $0.pid == pid } }
    }

    /// Stops every process whose time is up. The bootstrap processor calls it on each timer tick.
    static func enforceDeadlines() {
        let now = Clock.nanoseconds()
        lock.lock()
        for process in processes where process.deadline <= now && process.stopReason == nil {
            process.stop(.timeLimit)
        }
        lock.unlock()
    }
}
