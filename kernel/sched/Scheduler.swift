import CPU
import Synchronization

/// Runs threads on every processor. Each processor has a scheduler loop (`run`) on its own stack and a run
/// queue; a thread runs until it gives the processor up: it blocks (`wait`, `sleep`), yields, or exits.
///
/// Preemption happens at safe points, not at arbitrary instructions: the timer interrupt asks the running
/// thread to yield (`Thread.yieldRequested`), and a process's engine checks that request where it already checks
/// for interruption (loop back-edges and calls: every 256 of them in Wax's interpreter, one compare in compiled
/// code), then calls `yield`. So kernel code is never preempted in the middle of changing shared state, a switch
/// saves only the callee-saved registers (no SSE state), and the same point serves the interpreter and native code.
/// The price is that a long stretch of kernel work is not preempted; the kernel keeps every such stretch bounded.
///
/// Locking: a thread's `state` changes only under its `lock`, which stays held across the switch away from it
/// (what runs next on the processor, the scheduler loop or another thread, releases it once the thread's
/// registers are saved, so no other processor can start the thread before that). Order: a wait queue's lock,
/// then a thread's lock, then a run queue's lock, then the sleep timers' lock; all taken with interrupts off,
/// because the timer interrupt wakes threads. A thread that switches directly to the next holds its own lock
/// and the next's; that cannot deadlock, because it takes the next before it joins any run queue, and a thread
/// on a run queue holds its own lock only while it switches away, which waits for nobody. A thread that runs a
/// blocked one in its place (`wait(runningInstead:)`) takes the same two locks in the same order: a blocked
/// thread's lock is held only by its waker, which takes no other thread's lock, or by its own switch away.
///
/// References: the scheduler holds one reference to each thread it runs, from `start` until the loop lets go of
/// the exited thread. It is the processor's while the thread runs (`ProcessorLocal.current`), its run queue's
/// while it is runnable, and the thread's own while it is blocked: whoever wakes it passes it on to a run queue.
/// It moves and is never counted, so switches count no references (they counted ~6 a pipe round trip), and
/// the hot paths reach threads and processors unretained, kept alive by it and by boot.
enum Scheduler {
    nonisolated(unsafe) private(set) static var started = false
    /// How many processors idle in the scheduler loop (a hint, as `isIdle` is): while none does, a wake-up asks
    /// no processor whether it idles.
    private static let idleProcessors = Atomic<Int>(0)

    /// The thread running on this processor; nil before the scheduler starts and inside the scheduler loop.
    static var current: Thread? { running?.takeUnretainedValue() }

    /// The same, unretained: for what every WASI call asks (the big kernel lock's owner, whether the thread was
    /// interrupted), which then counts no references.
    static var running: Unmanaged<Thread>? { started ? ProcessorLocal.runningThread : nil }

    /// Whether the running thread has been interrupted (Thread.interrupt).
    static var currentIsInterrupted: Bool {
        running?._withUnsafeGuaranteedRef { $0.isInterrupted } ?? false
    }

    /// Starts the scheduler on the bootstrap processor with its first thread: the caller's stack becomes its
    /// scheduler loop's. `started` is set before the thread is queued, because the other processors' loops are
    /// already running and may take the thread at once; it must then find itself as `current`.
    static func start(first name: String, stackPages: Int, stackName: StaticString,
                      _ body: @escaping () -> Void) -> Never {
        started = true
        spawn(name, stackPages: stackPages, stackName: stackName, body)
        run()
    }

    /// A new thread, runnable at once on this processor. `stackName` names its stack in panic reports.
    @discardableResult
    static func spawn(_ name: String, stackPages: Int = 16, stackName: StaticString = "a thread's stack",
                      _ body: @escaping () -> Void) -> Thread {
        let thread = Thread(name: name, stackPages: stackPages, stackName: stackName, body: body)
        start(thread)
        return thread
    }

    /// Makes a thread that was made but not yet started runnable: on an idle processor if there is one (woken
    /// to run it), else on this one. An idle processor would otherwise find it only at its next timer tick, and
    /// a thread blocking here runs the next one here at once (`switchAway`), so two threads started together
    /// could take turns on one processor while another idles.
    static func start(_ thread: Thread) {
        let interrupts = InterruptState.disable()
        thread.lock.lock()
        let here = started ? ProcessorLocal.current.index : 0
        let target = started ? idleProcessor(other: here) ?? here : here
        thread.lastProcessor = target
        enqueue(Unmanaged.passRetained(thread), on: target)
        thread.lock.unlock()
        interrupts.restore()
    }

    /// A started processor other than `here` that idles with nothing queued (read without locks: a hint).
    @inline(__always)
    private static func idleProcessor(other here: Int) -> Int? {
        idleProcessors.load(ordering: .relaxed) > 0 ? findIdleProcessor(other: here) : nil
    }

    @inline(never)
    private static func findIdleProcessor(other here: Int) -> Int? {
        for index in 0..<ProcessorLocal.all.count where index != here {
            let idle = ProcessorLocal.at(index)._withUnsafeGuaranteedRef { local in
                local.started && local.isIdle && local.runQueue.isEmpty && local.runNext == nil
            }
            if idle { return index }
        }
        return nil
    }

    /// The scheduler loop: runs the next runnable thread until one gives the processor back to the loop, forever.
    /// Idles with `hlt` when nothing is runnable here or on any other processor. Threads that block or yield
    /// while another is runnable switch to it directly (`switchAway`), so the loop runs only to idle and to let
    /// go of exited threads; the thread that comes back to it may not be the one it started.
    static func run() -> Never {
        let local = ProcessorLocal.current
        while true {
            _ = InterruptState.disable()
            guard let thread = next(for: local) else {
                local.isIdle = true
                idleProcessors.add(1, ordering: .relaxed)
                Processor.waitForInterrupt()
                idleProcessors.subtract(1, ordering: .relaxed)
                local.isIdle = false
                continue
            }
            let stack = startRunning(thread, on: local, now: Processor.timestamp())
            context_switch(local.schedulerStack, stack)
            takeBack(on: local)
        }
    }

    /// Makes `next` (its lock held) the one running here, from `now`; returns the stack pointer to switch to.
    /// The processor's `current` takes the scheduler's reference, which the caller had.
    @inline(__always)
    private static func startRunning(_ next: Unmanaged<Thread>, on local: ProcessorLocal, now: UInt64) -> UInt64 {
        let stack = next._withUnsafeGuaranteedRef { thread in
            thread.state = .running
            thread.lastProcessor = local.index
            thread.startedAt = now
            return thread.savedStack.pointee
        }
        local.runningSince = now
        if local.yieldAskedAt != 0 { countPreemption(on: local, now: now) }
        local.current = next
        return stack
    }

    /// Adds the time the running thread ran until `now` to its account and the processor's.
    private static func stopClock(of thread: Thread, on local: ProcessorLocal, now: UInt64) {
        let ran = now &- thread.startedAt
        thread.cpuTicks &+= ran
        local.runTicks &+= ran
    }

    /// In the scheduler loop, after a thread gave the processor back to it (its lock still held): counts its
    /// time, lets go of its lock and, when it exited, of the thread.
    private static func takeBack(on local: ProcessorLocal) {
        guard let back = local.current else { Panic.panic("Scheduler: the loop ran again with no thread") }
        local.current = nil
        let exited = back._withUnsafeGuaranteedRef { thread in
            stopClock(of: thread, on: local, now: Processor.timestamp())
            local.runningSince = 0
            let exited = thread.state == .exited
            thread.lock.unlock()
            return exited
        }
        // SAFETY: an exited thread's reference is the scheduler's, which nothing else has now.
        if exited { release(back.takeRetainedValue()) }
    }

    /// The latency of the timer's last yield request: from the tick to another thread starting here.
    private static func countPreemption(on local: ProcessorLocal, now: UInt64) {
        let latency = now &- local.yieldAskedAt
        local.yieldAskedAt = 0
        local.preemptions &+= 1
        local.preemptionTicks &+= latency
        local.preemptionWorst = max(local.preemptionWorst, latency)
    }

    /// Gives the processor to other runnable threads, if any, and comes back later.
    static func yield() {
        guard let running else { return }
        let interrupts = InterruptState.disable()
        running._withUnsafeGuaranteedRef { me in
            me.lock.lock()
            ProcessorLocal.here._withUnsafeGuaranteedRef { local in
                // The next thread is taken before this one joins a queue, so that it cannot be this one.
                if let next = next(for: local) {
                    me.state = .runnable
                    enqueue(running, on: local.index)
                    switchDirectly(from: me, to: next, on: local)
                } else {
                    local.yieldAskedAt = 0
                }
            }
            me.lock.unlock()
        }
        interrupts.restore()
    }

    /// Blocks the current thread until `wake`, its deadline (monotonic nanoseconds; .max for none) or an
    /// interruption. With a queue, the caller holds `queue.lock` (it checked its condition under it): the thread
    /// joins the queue before the lock is let go, so a wake cannot be lost, and the lock is held again on return.
    /// Returns why the thread runs again; waiters check their condition again whatever it says.
    /// An `interruptible: false` wait is not cut short by an interruption (a lock's waiters must get it).
    static func wait(on queue: WaitQueue?, deadline: UInt64 = .max, interruptible: Bool = true) -> Thread.WakeReason {
        wait(on: queue, deadline: deadline, interruptible: interruptible, unless: { false })
    }

    /// Blocks the current thread, on no queue, until `wake`, its deadline or an interruption, unless `done`
    /// holds already: `done` is checked under the thread's lock, which `wake` takes, so a waker that makes it
    /// true and then wakes the thread cannot slip in between the check and the block. One waiter and one
    /// condition need no queue (a process waiting on its pipes: PipeWait).
    static func wait(unless done: () -> Bool, deadline: UInt64 = .max) -> Thread.WakeReason {
        wait(on: nil, deadline: deadline, interruptible: true, unless: done)
    }

    private static func wait(on queue: WaitQueue?, deadline: UInt64, interruptible: Bool,
                             unless done: () -> Bool) -> Thread.WakeReason {
        guard let running else { Panic.panic("Scheduler.wait outside a thread") }
        return running._withUnsafeGuaranteedRef { me in
            wait(me, on: queue, deadline: deadline, interruptible: interruptible, unless: done)
        }
    }

    private static func wait(_ me: Thread, on queue: WaitQueue?, deadline: UInt64, interruptible: Bool,
                             unless done: () -> Bool) -> Thread.WakeReason {
        let interrupts = InterruptState.disable()
        me.lock.lock()
        if interruptible && me.isInterrupted {
            me.lock.unlock()
            interrupts.restore()
            return .interrupted
        }
        if done() {
            me.lock.unlock()
            interrupts.restore()
            return .signalled
        }
        if deadline != .max && deadline <= Clock.nanoseconds() {
            me.lock.unlock()
            interrupts.restore()
            return .timedOut
        }
        me.state = .blocked
        me.wakeReason = .none
        if let queue {
            queue.waiters.append(me)
            me.waitingOn = queue
            queue.lock.unlock()
        }
        if deadline != .max { SleepTimers.add(me, deadline: deadline) }
        switchAway(me)
        let reason = me.wakeReason
        me.lock.unlock()
        if deadline != .max { SleepTimers.remove(me) }
        if let queue {
            queue.lock.lock()
            if me.waitingOn === queue {
                queue.waiters.remove(me)
                me.waitingOn = nil
            }
        }
        interrupts.restore()
        return reason
    }

    /// Blocks the running thread as `wait(unless:deadline:)` does and runs `target`, a thread blocked on no
    /// queue, in its place at once, woken (`signalled`): the switch of a synchronous call, whose sender wakes its
    /// server and waits for the reply, with no run queue or run-next slot between them (seL4's fast path
    /// switches so). `pass` is called with both threads' locks held, so that `target` cannot run before the
    /// switch; it may refuse. Returns nil, having done nothing, when `target` is not blocked so, `pass` refuses,
    /// or the running thread would not block (interrupted, `done`, past its deadline); the caller then wakes
    /// and waits as usual.
    /// `running` is the running thread, which the caller has at hand.
    static func wait(_ running: Unmanaged<Thread>, runningInstead target: Unmanaged<Thread>,
                     unless done: () -> Bool, deadline: UInt64, pass: () -> Bool) -> Thread.WakeReason? {
        guard running.toOpaque() != target.toOpaque() else { return nil }
        let interrupts = InterruptState.disable()
        let reason = running._withUnsafeGuaranteedRef { me -> Thread.WakeReason? in
            me.lock.lock()
            guard !me.isInterrupted, !done(), deadline == .max || deadline > Clock.nanoseconds() else {
                me.lock.unlock()
                return nil
            }
            let switched = target._withUnsafeGuaranteedRef { next -> Bool in
                next.lock.lock()
                guard next.state == .blocked, next.waitingOn == nil, pass() else {
                    next.lock.unlock()
                    return false
                }
                next.wakeReason = .signalled
                return true
            }
            guard switched else {
                me.lock.unlock()
                return nil
            }
            me.state = .blocked
            me.wakeReason = .none
            if deadline != .max { SleepTimers.add(me, deadline: deadline) }
            ProcessorLocal.here._withUnsafeGuaranteedRef { switchDirectly(from: me, to: target, on: $0) }
            let reason = me.wakeReason
            me.lock.unlock()
            if deadline != .max { SleepTimers.remove(me) }
            return reason
        }
        interrupts.restore()
        return reason
    }

    /// Sleeps until `deadline` (monotonic nanoseconds); false when interrupted first.
    static func sleep(until deadline: UInt64) -> Bool {
        while Clock.nanoseconds() < deadline {
            if wait(on: nil, deadline: deadline) == .interrupted { return false }
        }
        return true
    }

    /// Makes a blocked thread runnable with `reason`; does nothing to one that is not blocked.
    static func wake(_ thread: Thread, reason: Thread.WakeReason) {
        let interrupts = InterruptState.disable()
        thread.lock.lock()
        if thread.state == .blocked {
            thread.state = .runnable
            thread.wakeReason = reason
            // The reference the blocked thread held passes to the run queue, or to the run-next slot.
            let woken = Unmanaged.passUnretained(thread)
            if !runNext(woken) { enqueue(woken, on: thread.lastProcessor) }
        }
        thread.lock.unlock()
        interrupts.restore()
    }

    /// Ends the current thread: its waiters wake, and the scheduler loop lets go of it. No reference to the
    /// thread may stay on this stack across the last switch (it would never be released): `retire` does the work
    /// and hands back raw stack pointers only.
    static func exit() -> Never {
        let (saved, scheduler) = retire()
        context_switch(saved, scheduler)
        Panic.panic("an exited thread ran again")
    }

    @inline(never)
    private static func retire() -> (UnsafeMutablePointer<UInt64>, UInt64) {
        guard let me = current else { Panic.panic("Scheduler.exit outside a thread") }
        _ = InterruptState.disable()
        me.lock.lock()
        me.state = .exited
        me.body = nil
        return (me.savedStack, ProcessorLocal.current.schedulerStack.pointee)
    }

    /// An exited thread, now off its stack (the scheduler loop runs on its own): the stack goes back at once,
    /// whoever still holds the thread, and only then do its waiters wake, so that a join sees it all returned.
    /// The loop's reference is the argument's: it is gone before the waiters run (`consuming`).
    private static func release(_ thread: consuming Thread) {
        thread.freeStack()
        let waiters = thread.exited
        waiters.lock.lock()
        thread.finished = true
        _ = consume thread
        waiters.wakeAllLocked()
        waiters.lock.unlock()
    }

    /// The timer interrupt, on every processor: wakes sleepers whose time has come and asks the running thread to
    /// yield when others wait for a processor.
    static func tick() {
        guard started else { return }
        let local = ProcessorLocal.current
        local.ticks &+= 1
        if local.current == nil { local.idleTicks &+= 1 }
        SleepTimers.expire(now: Clock.nanoseconds())
        if let thread = local.current, waitingThreads > 0 {
            thread._withUnsafeGuaranteedRef { $0.yieldRequested.pointee = true }
            // The latency figure is guest code's: a tick inside a system call waits for the call's end (the
            // kernel keeps each bounded: a spawn, ~0.1M instructions) and is not counted, or the figure would
            // depend on where the ticks fall.
            if local.yieldAskedAt == 0 && !BigKernelLock.isHeld(by: thread) {
                local.yieldAskedAt = Processor.timestamp()
            }
        }
    }

    /// Runnable threads on all run queues (read without locks: a hint).
    static var waitingThreads: Int {
        var count = 0
        for index in 0..<ProcessorLocal.all.count {
            count += ProcessorLocal.at(index)._withUnsafeGuaranteedRef { local in
                local.runQueue.count + (local.runNext == nil ? 0 : 1)
            }
        }
        return count
    }

    /// Where a new thread's first switch lands (context_thread_start): it holds its lock with interrupts off.
    static func threadStarted() -> Never {
        runBody()
        exit()
    }

    @inline(never)
    private static func runBody() {
        finishSwitch()
        guard let me = current else { Panic.panic("a thread started outside the scheduler") }
        me.lock.unlock()
        Processor.enableInterrupts()
        let body = me.body
        body?()
    }

    // MARK: Internals

    /// Saves the current thread (blocked, its lock held, interrupts off) and runs the next runnable one, or the
    /// scheduler loop when there is none; returns when the thread runs again, its lock held.
    private static func switchAway(_ me: Thread) {
        ProcessorLocal.here._withUnsafeGuaranteedRef { local in
            if let next = next(for: local) {
                switchDirectly(from: me, to: next, on: local)
            } else {
                context_switch(me.savedStack, local.schedulerStack.pointee)
                finishSwitch()
            }
        }
    }

    /// Switches from the running thread to `next` (both locks held) without passing through the scheduler loop:
    /// a pipe round trip is two such switches. `me`'s lock stays held until `next` runs on its own stack and
    /// lets go of it (`finishSwitch`), so no other processor can start `me` before its registers are saved.
    /// The processor takes over the scheduler's reference to `next`; the caller passed on `me`'s.
    @inline(__always)
    private static func switchDirectly(from me: Thread, to next: Unmanaged<Thread>, on local: ProcessorLocal) {
        let now = Processor.timestamp()
        stopClock(of: me, on: local, now: now)
        local.switchedFrom = Unmanaged.passUnretained(me)
        let stack = startRunning(next, on: local, now: now)
        context_switch(me.savedStack, stack)
        finishSwitch()
    }

    /// On the stack of the thread that now runs, after a switch to it: lets go of the lock of the thread that
    /// switched to it directly, if one did (from the scheduler loop, none did). The processor may not be the one
    /// the thread ran on before.
    private static func finishSwitch() {
        ProcessorLocal.here._withUnsafeGuaranteedRef { local in
            guard let from = local.switchedFrom else { return }
            local.switchedFrom = nil
            from._withUnsafeGuaranteedRef { $0.lock.unlock() }
        }
    }

    /// Makes a woken thread (its lock held, interrupts off) the next to run here when it last ran here, nothing
    /// else waits in the slot and no other processor idles (one that does takes it from the run queue at once).
    /// A thread that wakes another and then blocks, as each side of a pipe or channel round trip does, then
    /// switches to it without a run queue: its lock, its list links and the search for the longest queue cost
    /// ~90 guest instructions a switch. Only this processor takes it (`next`); the timer's yield request counts
    /// it (`waitingThreads`), so a thread the slot holds waits at most for the running one's time slice, as it
    /// would in the queue, and two threads passing the slot back and forth let a queued one run at each slice.
    @inline(__always)
    private static func runNext(_ thread: Unmanaged<Thread>) -> Bool {
        guard started else { return false }
        return ProcessorLocal.here._withUnsafeGuaranteedRef { local in
            guard local.runNext == nil, local.current != nil,
                  thread._withUnsafeGuaranteedRef({ $0.lastProcessor }) == local.index,
                  idleProcessor(other: local.index) == nil else { return false }
            local.runNext = thread
            return true
        }
    }

    /// Puts a runnable thread on processor `index`'s run queue, with the scheduler's reference to it. Called
    /// with the thread's lock held.
    private static func enqueue(_ thread: Unmanaged<Thread>, on index: Int) {
        ProcessorLocal.at(index)._withUnsafeGuaranteedRef { local in
            local.runQueueLock.lock()
            local.runQueue.append(passing: thread)
            local.runQueueLock.unlock()
            if started && local.isIdle && local.index != ProcessorLocal.currentIndex { Processors.wake(local) }
        }
    }

    /// The next thread to run here, returned with its lock held; called with interrupts off. The run-next
    /// slot's, else the oldest of this processor's queue, unless another queue is longer: then the oldest of the
    /// longest, so that the queues stay even and every runnable thread gets its turn (a processor that always ran
    /// its own would give a lone thread a whole processor while the others share one).
    @inline(__always)
    private static func next(for local: ProcessorLocal) -> Unmanaged<Thread>? {
        if let thread = local.runNext.take() {
            thread._withUnsafeGuaranteedRef { $0.lock.lock() }
            return thread
        }
        let count = ProcessorLocal.all.count
        var longest = local.index, most = local.runQueue.count
        for index in 0..<count {
            let queued = ProcessorLocal.at(index)._withUnsafeGuaranteedRef { $0.runQueue.count }
            if queued > most { (longest, most) = (index, queued) }
        }
        if let thread = takeFirst(from: longest) { return thread }
        for index in 0..<count {
            if let thread = takeFirst(from: index) { return thread }
        }
        return nil
    }

    private static func takeFirst(from index: Int) -> Unmanaged<Thread>? {
        ProcessorLocal.at(index)._withUnsafeGuaranteedRef { local in
            local.runQueueLock.lock()
            let thread = local.runQueue.takeFirst()
            local.runQueueLock.unlock()
            thread?._withUnsafeGuaranteedRef { $0.lock.lock() }
            return thread
        }
    }
}
