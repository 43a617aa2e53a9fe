/// Something a process can wait on (a pipe, a channel): whoever waits registers a `Watcher`, and every change
/// that could end a wait (data, room, an end closed) wakes them all; each then checks again what it waits for.
///
/// Its state is changed only inside WASI calls, which the embedder serializes (the kernel's big lock), and
/// watchers register and check under the same serialization, so a change and its wake-up cannot pass each other.
public class Waitable {
    private var watchers: [Watcher] = []

    /// Registers a wait to be ended by the next change; `unwatch` takes it off once the wait is over.
    public final func watch(_ watcher: Watcher) {
        watchers.append(watcher)
    }

    public final func unwatch(_ watcher: Watcher) {
        if let index = watchers.firstIndex(where: { $0 === watcher }) { watchers.remove(at: index) }
    }

    final func changed() {
        for watcher in watchers { watcher.wake() }
    }
}

/// A wait on pipes and channels, as the embedder does it (WASIHost.waitForChange): `wake` ends it.
public final class Watcher {
    public let wake: () -> Void

    public init(wake: @escaping () -> Void) {
        self.wake = wake
    }
}
