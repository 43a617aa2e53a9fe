/// Something a process can wait on (a pipe, a channel): whoever waits registers a `Watcher`, and every change
/// that could end a wait (data, room, an end closed) wakes them all; each then checks again what it waits for.
///
/// Its state is changed only inside WASI calls, which the embedder serializes (the kernel's big lock), and
/// watchers register and check under the same serialization, so a change and its wake-up cannot pass each other.
public class Waitable {
    /// Nearly always one process waits on a pipe or channel: its watcher takes no array (appending to and
    /// removing from one cost ~150 guest instructions a wait) and counts no references (a wake of a pipe round
    /// trip counted four); any others queue behind it. A watcher is unwatched before it goes (`watch`).
    private var watcher: Unmanaged<Watcher>?
    private var others: [Watcher] = []

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
        // SAFETY: a registered watcher is alive until it is unwatched (`watch`).
        watcher?._withUnsafeGuaranteedRef { $0.wake() }
        for other in others { other.wake() }
    }
}

/// A wait on pipes and channels, as the embedder does it (WASIHost.waitForChange): `wake` ends it.
public final class Watcher {
    public let wake: () -> Void

    public init(wake: @escaping () -> Void) {
        self.wake = wake
    }
}
