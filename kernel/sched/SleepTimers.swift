/// Blocked threads with a deadline, soonest first. The timer interrupt wakes those whose deadline has passed;
/// a thread woken earlier takes itself off on its way out of Scheduler.wait. The list links through the threads
/// (`timerNext`, `timerPrevious`), so arming a timer never allocates.
enum SleepTimers {
    private static let lock = SpinLock()
    nonisolated(unsafe) private static var first: Thread? = nil

    /// Called with interrupts off.
    static func add(_ thread: Thread, deadline: UInt64) {
        lock.lock()
        thread.deadline = deadline
        thread.onTimers = true
        var previous: Thread? = nil
        var cursor = first
        while let c = cursor, c.deadline <= deadline {
            previous = c
            cursor = c.timerNext
        }
        thread.timerNext = cursor
        thread.timerPrevious = previous
        cursor?.timerPrevious = thread
        if let previous { previous.timerNext = thread } else { first = thread }
        lock.unlock()
    }

    /// Called with interrupts off.
    static func remove(_ thread: Thread) {
        lock.lock()
        if thread.onTimers { unlink(thread) }
        lock.unlock()
    }

    /// Wakes every thread whose deadline is `now` or earlier. Called from the timer interrupt.
    static func expire(now: UInt64) {
        while true {
            lock.lock()
            guard let thread = first, thread.deadline <= now else {
                lock.unlock()
                return
            }
            unlink(thread)
            lock.unlock()
            Scheduler.wake(thread, reason: .timedOut)
        }
    }

    /// The soonest deadline, for tests and idle decisions.
    static var soonest: UInt64? {
        lock.withLock { first?.deadline }
    }

    private static func unlink(_ thread: Thread) {
        if let previous = thread.timerPrevious { previous.timerNext = thread.timerNext } else { first = thread.timerNext }
        thread.timerNext?.timerPrevious = thread.timerPrevious
        thread.timerNext = nil
        thread.timerPrevious = nil
        thread.onTimers = false
    }
}
