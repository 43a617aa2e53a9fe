import FileSystem
import Synchronization
import WASIPreview1
import WASIWax
import Wax

/// A running WASI program: a Wax store and instance on a kernel thread of its own. Processes run concurrently
/// on every processor; the scheduler preempts one at its engine's safe points (Store.interruptionHandler).
/// Everything a process holds is its thread's and its store's, so it all goes when they go.
final class Process {
    let pid: Int
    let name: String
    /// Set once, before the thread starts.
    private(set) var thread: Thread!
    /// Its end, and when (monotonic nanoseconds), once it has ended (under `thread.exited.lock`).
    private(set) var ending: WASIExit? = nil
    private(set) var endedAt: UInt64 = 0
    /// Monotonic nanoseconds after which it is stopped (.max: no limit), and why it was stopped, if it was.
    let deadline: UInt64
    private let stopping = Atomic<Int>(0)
    enum StopReason: Int {
        case timeLimit = 1
        case killed = 2
    }

    init(pid: Int, name: String, deadline: UInt64) {
        self.pid = pid
        self.name = name
        self.deadline = deadline
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
    /// until it ends.
    fileprivate func start(_ body: @escaping () -> WASIExit) {
        thread = Thread(name: name, stackPages: Process.stackPages, stackName: "a process's kernel stack") { [self] in
            let end = body()
            let now = Clock.nanoseconds()
            thread.exited.lock.withLock {
                ending = end
                endedAt = now
            }
            ProcessTable.remove(self)
        }
        Scheduler.start(thread)
    }

    /// A process's kernel stack: the engine and the WASI calls run on it, never the guest's own calls (the
    /// interpreter keeps wasm frames apart), so it stays small.
    static let stackPages = 16
}

/// Every process that has not ended, by pid; a limit on how many there are at once.
enum ProcessTable {
    static let limit = 1024
    private static let lock = SpinLock()
    nonisolated(unsafe) private static var processes: [Process] = []
    nonisolated(unsafe) private static var nextPID = 1

    enum SpawnError: Error {
        case tooManyProcesses
    }

    /// A new process running `body` on its own thread.
    static func spawn(name: String, timeLimit: UInt64?, _ body: @escaping (Process) -> WASIExit) throws(SpawnError)
        -> Process
    {
        let deadline = timeLimit.map { Clock.nanoseconds() &+ $0 } ?? .max
        let process: Process? = lock.withLock {
            guard processes.count < limit else { return nil }
            let process = Process(pid: nextPID, name: name, deadline: deadline)
            nextPID += 1
            processes.append(process)
            return process
        }
        guard let process else { throw .tooManyProcesses }
        process.start { body(process) }  // the thread lets go of its body when it ends
        return process
    }

    fileprivate static func remove(_ process: Process) {
        lock.withLock { processes.removeAll { $0 === process } }
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
