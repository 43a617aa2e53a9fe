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
    private final class Signal {
        let changed = Atomic<Bool>(false)
        /// The thread waiting, from the watchers' registration to their removal: it runs this wait meanwhile,
        /// so it is alive while a watcher can reach it.
        var waiter: Unmanaged<Thread>? = nil
    }

    private let signal = Signal()
    private let watcher: Watcher

    init() {
        let signal = self.signal
        watcher = Watcher {
            signal.changed.store(true, ordering: .releasing)
            if let waiter = signal.waiter {
                waiter._withUnsafeGuaranteedRef { Scheduler.wake($0, reason: .signalled) }
            }
        }
    }

    func wait(for waitables: [Waitable], until deadline: UInt64) {
        let signal = self.signal
        // No watcher is registered, and pipes change only under the big kernel lock, which the caller holds.
        signal.changed.store(false, ordering: .relaxed)
        signal.waiter = Scheduler.running
        for waitable in waitables { waitable.watch(watcher) }
        BigKernelLock.whileReleased {
            while !signal.changed.load(ordering: .acquiring) {
                let reason = Scheduler.wait(unless: { signal.changed.load(ordering: .acquiring) }, deadline: deadline)
                if reason != .signalled { break }
            }
        }
        for waitable in waitables { waitable.unwatch(watcher) }
        signal.waiter = nil
    }
}
