import WASIPreview1

/// A process's wait on pipes and channels (WASIHost.waitForChange): it watches them, lets go of the big kernel
/// lock and blocks until one changes, its deadline passes or it is being stopped. They change only under the big
/// kernel lock, and the watchers are registered before it is let go, so a change that comes before the thread
/// blocks still ends the wait (`changed` is set under the queue's lock, which the wait checks before it blocks).
///
/// One per process, made when it starts, so that a wait allocates nothing: a process waits on one thing at a
/// time, and its watcher is unregistered (under the big kernel lock) before the wait returns, so no wake of
/// an earlier wait reaches a later one.
final class PipeWait {
    private final class Signal {
        let queue = WaitQueue()
        var changed = false
    }

    private let signal = Signal()
    private let watcher: Watcher

    init() {
        let signal = self.signal
        watcher = Watcher {
            let interrupts = InterruptState.disable()
            signal.queue.lock.lock()
            signal.changed = true
            signal.queue.wakeAllLocked()
            signal.queue.lock.unlock()
            interrupts.restore()
        }
    }

    func wait(for waitables: [Waitable], until deadline: UInt64) {
        let signal = self.signal
        // No watcher is registered, and pipes change only under the big kernel lock, which the caller holds.
        signal.changed = false
        for waitable in waitables { waitable.watch(watcher) }
        BigKernelLock.whileReleased {
            let interrupts = InterruptState.disable()
            signal.queue.lock.lock()
            while !signal.changed {
                if Scheduler.wait(on: signal.queue, deadline: deadline) != .signalled { break }
            }
            signal.queue.lock.unlock()
            interrupts.restore()
        }
        for waitable in waitables { waitable.unwatch(watcher) }
    }
}
