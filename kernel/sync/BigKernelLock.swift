import Synchronization
import WASIPreview1

/// One lock around the kernel state that processes share through their system calls: the filesystems, the
/// standard streams, the random generator. Every WASI call runs holding it (WASIHost.lock), so
/// calls from processes on different processors take turns, while the processes' own computation, memory growth
/// and allocation run in parallel (those have locks of their own). A call that blocks (a sleep, input that has
/// not arrived) lets go of it while it waits (`whileReleased`, which every wait of `Wait` uses).
///
/// A sleeping lock: a thread that finds it taken blocks until it is free. Its holder may take it again. Taking
/// it free and giving it back with nobody waiting are one atomic operation each (every WASI call does both: the
/// queue's spin lock and interrupts off cost ~100 guest instructions a call); only contention takes the queue.
enum BigKernelLock {
    private static let queue = WaitQueue()
    /// The lock's state, which every WASI call takes inline (CallLock); its holder is named by the thread's
    /// address.
    nonisolated(unsafe) static let lock = CallLock(contend: { wait(as: $0) }, wakeContender: { queue.wakeOne() })

    @inline(__always)
    static func acquire() {
        guard let me = Scheduler.running else { return }
        lock.acquire(as: UInt(bitPattern: me.toOpaque()))
    }

    /// Whether `thread` holds the lock (read without taking it: from the timer interrupt).
    static func isHeld(by thread: Unmanaged<Thread>) -> Bool {
        lock.owner.load(ordering: .relaxed) == UInt(bitPattern: thread.toOpaque())
    }

    /// The contended path: counted among the contenders first, so that a release after a failed attempt here
    /// wakes this thread (it checks them after freeing the lock); the attempt and the wait happen under the
    /// queue's lock, which the wake takes, so the wake cannot come between them.
    private static func wait(as address: UInt) {
        let interrupts = InterruptState.disable()
        queue.lock.lock()
        lock.contenders.wrappingAdd(1, ordering: .sequentiallyConsistent)
        while !lock.owner.compareExchange(expected: 0, desired: address, ordering: .sequentiallyConsistent).exchanged {
            _ = Scheduler.wait(on: queue, interruptible: false)
        }
        lock.contenders.wrappingSubtract(1, ordering: .relaxed)
        queue.lock.unlock()
        interrupts.restore()
    }

    @inline(__always)
    static func release() {
        guard Scheduler.running != nil else { return }
        lock.release()
    }

    static func withLock<T>(_ body: () -> T) -> T {
        acquire()
        defer { release() }
        return body()
    }

    /// Runs `body`, a wait that may switch straight to `thread`, which waits in `whileReleased` to take the lock
    /// back: `body` calls the function it is given when `thread` cannot run until the switch (its lock held),
    /// which makes `thread` the holder, unless another thread waits for the lock (the lock is then freed at the
    /// end of `thread`'s call, as any release frees it, and wakes that one). A switch of a synchronous call then
    /// lets go of the lock and takes it back in none of its two threads. Returns what `body` returns, with the
    /// lock held again (handed back, or taken).
    /// `me` is the running thread, which the caller has at hand.
    static func passing<T>(from me: Unmanaged<Thread>, to thread: Unmanaged<Thread>,
                           _ body: (_ pass: () -> Bool) -> T) -> T {
        let address = UInt(bitPattern: me.toOpaque())
        let held = lock.depth
        var passed = false
        let result = body {
            guard lock.owner.load(ordering: .relaxed) == address,
                  lock.contenders.load(ordering: .sequentiallyConsistent) == 0 else { return false }
            lock.depth = 0
            lock.owner.store(UInt(bitPattern: thread.toOpaque()), ordering: .sequentiallyConsistent)
            passed = true
            return true
        }
        if passed {
            acquire()
            lock.depth = held
        }
        return result
    }

    /// Runs `body` (a wait) without the lock if the current thread holds it, and takes it back afterwards.
    static func whileReleased<T>(_ body: () -> T) -> T {
        guard let me = Scheduler.running,
              lock.owner.load(ordering: .relaxed) == UInt(bitPattern: me.toOpaque()) else { return body() }
        let held = lock.depth
        lock.depth = 0
        lock.free()
        let result = body()
        acquire()
        lock.depth = held
        return result
    }
}
