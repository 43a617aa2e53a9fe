/// A first-in first-out list of threads linked through the threads themselves, so that queueing never
/// allocates: the scheduler changes lists with interrupts off. A thread has two pairs of links: one for the run
/// queue it is on while runnable, one for the wait queue it is on while blocked (a thread woken by its deadline
/// or by an interruption is on both for a moment: it leaves the wait queue itself once it runs).
///
/// A member stays alive by one reference the list holds: a wait queue takes its own when a thread joins and
/// drops it when it leaves (`append`, `removeFirst`, `remove`); a run queue holds the scheduler's reference to
/// each of its threads, passed in and out without counting (`append(passing:)`, `takeFirst`: see Scheduler).
/// The links themselves count nothing, so relinking a neighbour costs no reference counting (with counted links
/// a queue change cost ~7 releases, ~30 a channel round trip).
struct ThreadList {
    typealias Link = Unmanaged<Thread>?

    enum Links {
        case run
        case wait
    }

    let links: Links
    private var head: Link = nil
    private var last: Link = nil
    private(set) var count = 0

    init(_ links: Links) { self.links = links }

    var isEmpty: Bool { head == nil }

    /// Adds `thread` with a reference of the list's own.
    mutating func append(_ thread: Thread) {
        append(passing: Unmanaged.passUnretained(thread).retain())
    }

    /// Adds `thread` with the reference its caller gives up.
    mutating func append(passing joining: Unmanaged<Thread>) {
        setNext(joining, nil)
        setPrevious(joining, last)
        if let last { setNext(last, joining) } else { head = joining }
        last = joining
        count += 1
    }

    /// Takes the first thread off, with the reference the list held.
    mutating func takeFirst() -> Unmanaged<Thread>? {
        guard let first = head else { return nil }
        unlink(first)
        return first
    }

    mutating func removeFirst() -> Thread? {
        // SAFETY: the reference `append` took passes to the caller.
        takeFirst()?.takeRetainedValue()
    }

    /// Removes `thread`, which must be on this list.
    mutating func remove(_ thread: Thread) {
        let leaving = Unmanaged.passUnretained(thread)
        unlink(leaving)
        // SAFETY: the reference `append` took; the caller's own keeps the thread alive past this.
        leaving.release()
    }

    func contains(_ thread: Thread) -> Bool {
        var cursor = head
        while let c = cursor {
            if c.toOpaque() == Unmanaged.passUnretained(thread).toOpaque() { return true }
            cursor = next(c)
        }
        return false
    }

    private mutating func unlink(_ thread: Unmanaged<Thread>) {
        let before = previous(thread), after = next(thread)
        if let before { setNext(before, after) } else { head = after }
        if let after { setPrevious(after, before) } else { last = before }
        setNext(thread, nil)
        setPrevious(thread, nil)
        count -= 1
    }

    // The links of a thread on the list, read and written without counting references (the list holds one).
    private func next(_ thread: Unmanaged<Thread>) -> Link {
        thread._withUnsafeGuaranteedRef { links == .run ? $0.runNext : $0.waitNext }
    }

    private func previous(_ thread: Unmanaged<Thread>) -> Link {
        thread._withUnsafeGuaranteedRef { links == .run ? $0.runPrevious : $0.waitPrevious }
    }

    private func setNext(_ thread: Unmanaged<Thread>, _ value: Link) {
        thread._withUnsafeGuaranteedRef { if links == .run { $0.runNext = value } else { $0.waitNext = value } }
    }

    private func setPrevious(_ thread: Unmanaged<Thread>, _ value: Link) {
        thread._withUnsafeGuaranteedRef {
            if links == .run { $0.runPrevious = value } else { $0.waitPrevious = value }
        }
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

    /// Wakes the longest waiter. Takes the lock itself.
    func wakeOne() {
        let interrupts = InterruptState.disable()
        lock.lock()
        wakeOneLocked()
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
