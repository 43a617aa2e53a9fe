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

    /// A new process's Waiter; its closures keep this object alive. Its watcher carries this object for
    /// another process's `wait(until:waking:)`.
    static func waiter() -> Waiter {
        let wait = PipeWait()
        let watcher = Watcher(waiting: Unmanaged.passUnretained(wait).toOpaque()) { wait.wake() }
        return Waiter(watcher: watcher, wait: { wait.wait(until: $0) },
                      wakeAndWait: { other, deadline in wait.wait(until: deadline, waking: other) })
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
        block(until: deadline)
        waiter = nil
    }

    /// Wakes `other` and waits, as `wait` does: when a process waits behind `other` (its PipeWait, blocked),
    /// this thread switches straight to it and passes it the big kernel lock (Scheduler.wait(runningInstead:),
    /// BigKernelLock.passing), as a channel_call's request and reply do; otherwise the two steps.
    private func wait(until deadline: UInt64, waking other: Watcher) {
        guard let address = other.waiting else {
            other.wake()
            wait(until: deadline)
            return
        }
        // SAFETY: `other` keeps its PipeWait alive (`waiter()`), and it is registered, so alive, until its
        // process takes it off under the big kernel lock, which this thread holds.
        let target = Unmanaged<PipeWait>.fromOpaque(address)._withUnsafeGuaranteedRef { wait -> Unmanaged<Thread>? in
            wait.changed.store(true, ordering: .releasing)
            return wait.waiter
        }
        changed.store(false, ordering: .relaxed)
        let me = Scheduler.running
        waiter = me
        var reason: Thread.WakeReason? = nil
        if let target, let me {
            reason = BigKernelLock.passing(from: me, to: target) { pass in
                Scheduler.wait(me, runningInstead: target, unless: { changed.load(ordering: .acquiring) },
                               deadline: deadline, pass: pass)
            }
        }
        if reason == nil { other.wake() }
        // A switch back is nearly always the reply's; any other signal checks again.
        if reason == nil || (reason == .signalled && !changed.load(ordering: .acquiring)) { block(until: deadline) }
        waiter = nil
    }

    /// Blocks until `changed`, the deadline or an interruption, without the big kernel lock.
    private func block(until deadline: UInt64) {
        BigKernelLock.whileReleased {
            while !changed.load(ordering: .acquiring) {
                let reason = Scheduler.wait(unless: { changed.load(ordering: .acquiring) }, deadline: deadline)
                if reason != .signalled { break }
            }
        }
    }
}
