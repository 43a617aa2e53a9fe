/// A first-in first-out list of threads linked through the threads themselves, so that queueing never
/// allocates: the scheduler changes lists with interrupts off. A thread has two pairs of links: one for the run
/// queue it is on while runnable, one for the wait queue it is on while blocked (a thread woken by its deadline
/// or by an interruption is on both for a moment: it leaves the wait queue itself once it runs).
struct ThreadList {
    enum Links {
        case run
        case wait
    }

    let links: Links
    private(set) var first: Thread? = nil
    private unowned(unsafe) var last: Thread? = nil
    private(set) var count = 0

    init(_ links: Links) { self.links = links }

    var isEmpty: Bool { first == nil }

    mutating func append(_ thread: Thread) {
        setNext(thread, nil)
        setPrevious(thread, last)
        if let last { setNext(last, thread) } else { first = thread }
        last = thread
        count += 1
    }

    mutating func removeFirst() -> Thread? {
        guard let thread = first else { return nil }
        remove(thread)
        return thread
    }

    /// Removes `thread`, which must be on this list.
    mutating func remove(_ thread: Thread) {
        let before = previous(thread), after = next(thread)
        if let before { setNext(before, after) } else { first = after }
        if let after { setPrevious(after, before) } else { last = before }
        setNext(thread, nil)
        setPrevious(thread, nil)
        count -= 1
    }

    func contains(_ thread: Thread) -> Bool {
        var cursor = first
        while let c = cursor {
            if c === thread { return true }
            cursor = next(c)
        }
        return false
    }

    private func next(_ thread: Thread) -> Thread? { links == .run ? thread.runNext : thread.waitNext }
    private func previous(_ thread: Thread) -> Thread? { links == .run ? thread.runPrevious : thread.waitPrevious }

    private func setNext(_ thread: Thread, _ value: Thread?) {
        if links == .run { thread.runNext = value } else { thread.waitNext = value }
    }

    private func setPrevious(_ thread: Thread, _ value: Thread?) {
        if links == .run { thread.runPrevious = value } else { thread.waitPrevious = value }
    }
}

/// Threads waiting for something (data in a pipe, a process's exit). The condition they wait for is guarded by
/// `lock`: a waiter checks it with the lock held and blocks through Scheduler.wait, which lets go of the lock
/// only once the thread is on the queue, so a wake cannot slip in between (see Scheduler.wait).
final class WaitQueue {
    let lock = SpinLock()
    var waiters = ThreadList(.wait)

    /// Wakes every waiter (they check their condition again). Takes the lock itself.
    func wakeAll() {
        let interrupts = InterruptState.disable()
        lock.lock()
        wakeAllLocked()
        lock.unlock()
        interrupts.restore()
    }

    /// Wakes the longest waiter, with the lock held.
    func wakeOneLocked() {
        guard let thread = waiters.removeFirst() else { return }
        thread.waitingOn = nil
        Scheduler.wake(thread, reason: .signalled)
    }

    /// Wakes every waiter, with the lock already held.
    func wakeAllLocked() {
        while let thread = waiters.removeFirst() {
            thread.waitingOn = nil
            Scheduler.wake(thread, reason: .signalled)
        }
    }
}
