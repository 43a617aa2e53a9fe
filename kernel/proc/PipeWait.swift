import Synchronization
import WASIPreview1

/// A process's wait on pipes and channels (WASIHost.waitForChange): it watches them, lets go of the big kernel
/// lock and blocks until one changes, its deadline passes or it is being stopped. They change only under the big
/// kernel lock, and the watchers are registered before it is let go, so a change that comes before the thread
/// blocks still ends the wait: the watcher sets `changed` before it wakes the thread, and the thread checks it
/// under its own lock, which the wake takes, before it blocks (Scheduler.wait(unless:)). One thread waits, so
/// no wait queue is needed.
///
/// One per process, made when it starts, so that a wait allocates nothing: a process waits on one thing at a
/// time, and its watcher is unregistered (under the big kernel lock) before the wait returns, so no wake of
/// an earlier wait reaches a later one.
final class PipeWait {
    private let changed = Atomic<Bool>(false)
    /// The thread waiting, from the watchers' registration to their removal: it runs this wait meanwhile, so it
    /// is alive while a watcher can reach it.
    private var waiter: Unmanaged<Thread>? = nil
    private var watcher: Watcher!

    init() {
        // The watcher lives in this object and is unwatched before a wait returns: it needs no reference to it.
        let me = Unmanaged.passUnretained(self)
        watcher = Watcher {
            me._withUnsafeGuaranteedRef { wait in
                wait.changed.store(true, ordering: .releasing)
                wait.waiter?._withUnsafeGuaranteedRef { Scheduler.wake($0, reason: .signalled) }
            }
        }
    }

    func wait(for waitables: [Waitable], until deadline: UInt64) {
        // No watcher is registered, and pipes change only under the big kernel lock, which the caller holds.
        changed.store(false, ordering: .relaxed)
        waiter = Scheduler.running
        for waitable in waitables { waitable.watch(watcher) }
        BigKernelLock.whileReleased {
            while !changed.load(ordering: .acquiring) {
                let reason = Scheduler.wait(unless: { changed.load(ordering: .acquiring) }, deadline: deadline)
                if reason != .signalled { break }
            }
        }
        for waitable in waitables { waitable.unwatch(watcher) }
        waiter = nil
    }
}
