import CPU
import Synchronization

/// A kernel thread: a guarded stack of its own and, while it does not run, the registers context_switch saved
/// on it. Every process runs on one; the kernel's own background work may too. Its state changes only under
/// its `lock` (see Scheduler for the rules).
final class Thread {
    enum State: Equatable {
        case runnable
        case running
        case blocked
        case exited
    }

    /// Why a blocked thread runs again.
    enum WakeReason: Equatable {
        case none
        /// What it waited for happened (or may have: waiters check their condition again).
        case signalled
        /// Its deadline passed.
        case timedOut
        /// Somebody interrupted it (a kill, a time limit): it should give up what it waits for.
        case interrupted
    }

    let id: Int
    let name: String
    let lock = SpinLock()
    var state: State = .runnable
    let stack: KernelStacks.Stack
    /// The stack pointer context_switch saved; at a stable address for the assembly.
    let savedStack: UnsafeMutablePointer<UInt64>
    var body: (() -> Void)?

    /// Links of the run queue it is on while runnable and of the wait queue it is on while blocked (ThreadList,
    /// which keeps its members alive).
    var runNext: ThreadList.Link = nil
    var runPrevious: ThreadList.Link = nil
    var waitNext: ThreadList.Link = nil
    var waitPrevious: ThreadList.Link = nil
    /// The wait queue it is on while blocked.
    unowned(unsafe) var waitingOn: WaitQueue? = nil
    var wakeReason: WakeReason = .none
    /// Its entry in the sleep timers while blocked with a deadline.
    var deadline: UInt64 = .max
    var timerNext: Thread? = nil
    unowned(unsafe) var timerPrevious: Thread? = nil
    var onTimers = false

    /// Set by `interrupt()`: the thread's current and later waits end at once until it is cleared.
    let interruptPending = Atomic<Bool>(false)
    /// Raised to ask the thread to give the processor up at its next safe point: a process's engine reads it
    /// at loop back-edges and calls (Store's interruption flag is this word) and then calls Scheduler.yield.
    /// A word of its own, at a stable address, so any processor can raise it from an interrupt.
    let yieldRequested: UnsafeMutablePointer<Bool>

    /// Processor time in time-stamp-counter ticks, and when it last started running.
    var cpuTicks: UInt64 = 0
    var startedAt: UInt64 = 0
    /// The processor it last ran on; a wake puts it back on that processor's run queue.
    var lastProcessor = 0
    /// Threads waiting for this one to end, and whether it has (guarded by `exited.lock`).
    let exited = WaitQueue()
    var finished = false

    private static let nextID = Atomic<Int>(1)

    init(name: String, stackPages: Int, stackName: StaticString, body: @escaping () -> Void) {
        id = Thread.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        self.name = name
        self.body = body
        stack = KernelStacks.allocate(stackName, pages: stackPages)
        savedStack = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        yieldRequested = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
        yieldRequested.initialize(to: false)
        // The first switch to the thread pops six zero registers and returns into context_thread_start, with the
        // stack then 16-byte aligned at the call into Swift.
        let top = UnsafeMutablePointer<UInt64>(bitPattern: UInt(stack.top))!
        let frame = top - 7
        // SAFETY: the seven words lie at the top of the stack just mapped for this thread, which nothing else uses.
        frame.initialize(repeating: 0, count: 6)
        (frame + 6).initialize(to: layout_thread_start())
        savedStack.initialize(to: UInt64(UInt(bitPattern: frame)))
    }

    deinit {
        savedStack.deallocate()
        yieldRequested.deallocate()
        freeStack()
    }

    private var stackFreed = false

    /// Gives the stack back; once the thread has exited (the scheduler does it) or was never started.
    func freeStack() {
        guard !stackFreed else { return }
        stackFreed = true
        KernelStacks.free(stack)
    }

    /// Ends the thread's waits: the one it is in now wakes with `.interrupted`, and later ones return at once.
    func interrupt() {
        interruptPending.store(true, ordering: .releasing)
        yieldRequested.pointee = true
        Scheduler.wake(self, reason: .interrupted)
    }

    var isInterrupted: Bool { interruptPending.load(ordering: .acquiring) }

    /// Waits until the thread has ended, or `deadline`; true when it has ended.
    func join(deadline: UInt64 = .max) -> Bool {
        let interrupts = InterruptState.disable()
        exited.lock.lock()
        while !finished {
            if Scheduler.wait(on: exited, deadline: deadline) != .signalled { break }
        }
        let ended = finished
        exited.lock.unlock()
        interrupts.restore()
        return ended
    }
}

/// Where context_thread_start enters Swift: the first time a thread runs.
@_cdecl("walos_thread_start")
func walosThreadStart() {
    Scheduler.threadStarted()
}
