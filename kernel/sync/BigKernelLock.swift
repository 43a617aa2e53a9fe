/// One lock around the kernel state that processes share through their system calls: the filesystems, the
/// standard streams, the random generator. Every WASI call runs holding it (WASIHost.enterCall / leaveCall), so
/// calls from processes on different processors take turns, while the processes' own computation, memory growth
/// and allocation run in parallel (those have locks of their own). A call that blocks (a sleep, input that has
/// not arrived) lets go of it while it waits (`whileReleased`, which every wait of `Wait` uses).
///
/// A sleeping lock: a thread that finds it taken blocks until it is free. Its holder may take it again.
enum BigKernelLock {
    private static let queue = WaitQueue()
    nonisolated(unsafe) private static var owner: Thread? = nil
    nonisolated(unsafe) private static var depth = 0

    static func acquire() {
        guard let me = Scheduler.current else { return }
        let interrupts = InterruptState.disable()
        queue.lock.lock()
        if owner === me {
            depth += 1
        } else {
            while owner != nil { _ = Scheduler.wait(on: queue, interruptible: false) }
            owner = me
            depth = 1
        }
        queue.lock.unlock()
        interrupts.restore()
    }

    static func release() {
        guard Scheduler.current != nil else { return }
        let interrupts = InterruptState.disable()
        queue.lock.lock()
        depth -= 1
        if depth == 0 {
            owner = nil
            queue.wakeOneLocked()
        }
        queue.lock.unlock()
        interrupts.restore()
    }

    static func withLock<T>(_ body: () -> T) -> T {
        acquire()
        defer { release() }
        return body()
    }

    /// Runs `body` (a wait) without the lock if the current thread holds it, and takes it back afterwards.
    static func whileReleased<T>(_ body: () -> T) -> T {
        guard let me = Scheduler.current else { return body() }
        let interrupts = InterruptState.disable()
        queue.lock.lock()
        let held = owner === me ? depth : 0
        if held > 0 {
            owner = nil
            depth = 0
            queue.wakeOneLocked()
        }
        queue.lock.unlock()
        interrupts.restore()
        let result = body()
        if held > 0 {
            acquire()
            queue.lock.withLock { depth = held }
        }
        return result
    }
}
