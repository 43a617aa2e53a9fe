import Synchronization
import WASIPreview1

/// A process's wait on pipes and channels, behind its host's Waiter (`waiter`): the process registers the
/// Waiter's watcher with them, and `wait` lets go of the big kernel lock and blocks until one changes (`wake`),
/// its deadline passes or it is being stopped. They change only under the big kernel lock, which the process
/// holds from registering its watcher until the wait lets it go, so a change that comes before the thread blocks
/// still ends the wait: `wake` sets `changed` before it wakes the thread, and the thread checks it under its own
/// lock, which the wake takes, before it blocks (Scheduler.wait(unless:)). One thread waits, so no wait queue is
/// needed.
///
/// One per process, made when it starts, so that a wait allocates nothing: a process waits on one thing at a
/// time, and its watcher is unregistered (under the big kernel lock) before its WASI call returns, so no wake
/// of an earlier wait reaches a later one.
final class PipeWait {
    private let changed = Atomic<Bool>(false)
    /// The thread waiting, while it waits: it runs the wait meanwhile, so it is alive while a wake can reach it.
    private var waiter: Unmanaged<Thread>? = nil

    /// A new process's Waiter; its closures keep this object alive.
    static func waiter() -> Waiter {
        let wait = PipeWait()
        return Waiter(watcher: Watcher { wait.wake() }, wait: { wait.wait(until: $0) })
    }

    /// A change of something watched, under the big kernel lock.
    private func wake() {
        changed.store(true, ordering: .releasing)
        waiter?._withUnsafeGuaranteedRef { Scheduler.wake($0, reason: .signalled) }
    }

    /// Under the big kernel lock, the watcher registered: no wake can have come yet.
    private func wait(until deadline: UInt64) {
        changed.store(false, ordering: .relaxed)
        waiter = Scheduler.running
        BigKernelLock.whileReleased {
            while !changed.load(ordering: .acquiring) {
                let reason = Scheduler.wait(unless: { changed.load(ordering: .acquiring) }, deadline: deadline)
                if reason != .signalled { break }
            }
        }
        waiter = nil
    }
}
