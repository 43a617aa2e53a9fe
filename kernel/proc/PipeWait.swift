import WASIPreview1

/// A process's wait on pipes (WASIHost.waitForPipes): it watches them, lets go of the big kernel lock and blocks
/// until one changes, its deadline passes or it is being stopped. Pipes change only under the big kernel lock,
/// and the watchers are registered before it is let go, so a change that comes before the thread blocks still
/// ends the wait (`changed` is set under the queue's lock, which the wait checks before it blocks).
enum PipeWait {
    private final class Signal {
        let queue = WaitQueue()
        var changed = false
    }

    static func wait(for pipes: [Pipe], until deadline: UInt64) {
        let signal = Signal()
        let watcher = PipeWatcher {
            let interrupts = InterruptState.disable()
            signal.queue.lock.lock()
            signal.changed = true
            signal.queue.wakeAllLocked()
            signal.queue.lock.unlock()
            interrupts.restore()
        }
        for pipe in pipes { pipe.watch(watcher) }
        BigKernelLock.whileReleased {
            let interrupts = InterruptState.disable()
            signal.queue.lock.lock()
            while !signal.changed {
                if Scheduler.wait(on: signal.queue, deadline: deadline) != .signalled { break }
            }
            signal.queue.lock.unlock()
            interrupts.restore()
        }
        for pipe in pipes { pipe.unwatch(watcher) }
    }
}
