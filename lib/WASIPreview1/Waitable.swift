/// Something a process can wait on (a pipe, a channel): whoever waits registers a `Watcher`, and every change
/// that could end a wait (data, room, an end closed) wakes them all; each then checks again what it waits for.
///
/// Its state is changed only inside WASI calls, which the embedder serializes (the kernel's big lock), and
/// watchers register and check under the same serialization, so a change and its wake-up cannot pass each other.
public class Waitable {
    /// Nearly always one process waits on a pipe or channel: its watcher takes no array (appending to and
    /// removing from one cost ~150 guest instructions a wait) and counts no references (a wake of a pipe round
    /// trip counted four); any others queue behind it, so `others` is empty while `watcher` is nil. A watcher is
    /// unwatched before it goes (`watch`).
    private var watcher: Unmanaged<Watcher>?
    private var others: [Watcher] = []
    /// The receive a sender may complete directly, while its process blocks here (DirectReceive).
    final var parked: Unmanaged<DirectReceive>?

    /// Registers a wait to be ended by the next change; `unwatch` takes it off once the wait is over. The
    /// caller keeps `watcher` alive until then.
    public final func watch(_ watcher: Watcher) {
        if self.watcher == nil { self.watcher = Unmanaged.passUnretained(watcher) } else { others.append(watcher) }
    }

    public final func unwatch(_ watcher: Watcher) {
        if self.watcher?.toOpaque() == Unmanaged.passUnretained(watcher).toOpaque() {
            self.watcher = others.popLast().map { Unmanaged.passUnretained($0) }
        } else if let index = others.firstIndex(where: { $0 === watcher }) {
            others.remove(at: index)
        }
    }

    final func changed() {
        guard let watcher else { return }
        // SAFETY: a registered watcher is alive until it is unwatched (`watch`).
        watcher._withUnsafeGuaranteedRef { $0.wake() }
        if !others.isEmpty {
            for other in others { other.wake() }
        }
    }

    /// The same, except that a lone watcher is not woken but returned, for a caller about to wait itself to
    /// wake as it waits (`Waiter.wait(on:until:waking:)`); the caller wakes it in any case, before the calls'
    /// serialization ends, while it is still registered and so alive.
    final func changedLeavingLoneWatcher() -> Unmanaged<Watcher>? {
        guard let watcher else { return nil }
        if others.isEmpty { return watcher }
        changed()
        return nil
    }
}

/// What a change of a Waitable calls (a wait on it, as the embedder does it: `Waiter`): `wake` ends the wait.
public final class Watcher {
    public let wake: () -> Void
    /// The embedder's record of the process that waits behind this watcher, if a process does: what its
    /// `Waiter.wakeAndWait` needs to run that process at once. The embedder keeps it alive with `wake`.
    public let waiting: UnsafeMutableRawPointer?

    public init(waiting: UnsafeMutableRawPointer? = nil, wake: @escaping () -> Void) {
        self.waiting = waiting
        self.wake = wake
    }
}

/// How the embedder makes a process wait for its pipes and channels (WASIHost.waiter): the process registers
/// `watcher` with what it waits on, calls `wait`, and takes the watcher off again, all inside its WASI call.
/// A process waits on one thing at a time, so one per process serves every wait and a wait allocates nothing.
public final class Waiter {
    public let watcher: Watcher
    /// Blocks until `watcher` is woken, the monotonic clock reaches the deadline (nanoseconds; .max for none) or
    /// the process is being stopped; may return early (the caller checks again). Called with calls serialized
    /// (WASIHost.lock), which it lets go of while it blocks; a wake that came before it lets go ends it at
    /// once.
    public let wait: (_ deadline: UInt64) -> Void
    /// `other.wake()` and then `wait`, as one step: the embedder may run the process behind `other` at once,
    /// in this one's place (a request's sender waking its server, which will wake it with the reply), without
    /// the run queue's detour. Given nil, the two steps. Not optional, so that a call borrows the closure
    /// rather than copying it out of an optional (a retain and a release a call).
    public let wakeAndWait: (_ other: Watcher, _ deadline: UInt64) -> Void

    public init(watcher: Watcher, wait: @escaping (_ deadline: UInt64) -> Void,
                wakeAndWait: ((_ other: Watcher, _ deadline: UInt64) -> Void)? = nil) {
        self.watcher = watcher
        self.wait = wait
        self.wakeAndWait = wakeAndWait ?? { other, deadline in
            other.wake()
            wait(deadline)
        }
    }

    /// Waits for a change of `waitables` or for the deadline, as `wait` says.
    func wait(on waitables: [Waitable], until deadline: UInt64) {
        for waitable in waitables { waitable.watch(watcher) }
        wait(deadline)
        for waitable in waitables { waitable.unwatch(watcher) }
    }

    /// The same for one Waitable, with no list to keep and walk (a blocking read, write, send or receive).
    func wait(on waitable: Waitable, until deadline: UInt64) {
        waitable.watch(watcher)
        wait(deadline)
        waitable.unwatch(watcher)
    }

    /// The same, waking `other` as it starts to wait (`wakeAndWait`).
    func wait(on waitable: Waitable, until deadline: UInt64, waking other: Unmanaged<Watcher>) {
        waitable.watch(watcher)
        other._withUnsafeGuaranteedRef { wakeAndWait($0, deadline) }
        waitable.unwatch(watcher)
    }
}
