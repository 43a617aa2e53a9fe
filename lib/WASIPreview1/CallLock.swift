import Synchronization

/// The embedder's lock around the WASI calls that touch shared state (WASICallKind.shared, .givesBack): the
/// kernel's big kernel lock. Its state lives here, in the library, so that the call path (WASIWax's callBound)
/// takes it and gives it back inline: through two closures of the embedder, a call paid ~50 guest instructions
/// for what is ~20 (make bench-wasi). The embedder supplies what waits: `contend`, when the lock is taken, and
/// `wakeContender`, when a release finds threads waiting for it.
///
/// Its holder is a thread, named by any non-zero number unique to it (the kernel: the thread's address). The
/// holder may take it again (`depth`). Taking it free and giving it back with nobody waiting are one atomic
/// operation each.
public final class CallLock {
    /// The holder's number; 0 while free.
    public let owner = Atomic<UInt>(0)
    /// How many times the holder has taken it; only the holder touches it.
    public var depth = 0
    /// Threads between deciding to wait and having the lock: a release wakes one of them only when there are.
    public let contenders = Atomic<Int>(0)
    /// Whether calls are refused for now (ENOMEM, before they allocate anything) unless they only give back:
    /// the embedder's own memory runs short. Read without the lock: a hint kept up to date by the embedder.
    public let refusing = Atomic<Bool>(false)
    private let contend: (UInt) -> Void
    private let wakeContender: () -> Void

    /// `contend(thread)` returns once `thread` holds the lock (it counts itself among the contenders while it
    /// waits); `wakeContender` wakes one of them.
    public init(contend: @escaping (UInt) -> Void, wakeContender: @escaping () -> Void) {
        self.contend = contend
        self.wakeContender = wakeContender
    }

    @inline(__always)
    public func acquire(as thread: UInt) {
        if owner.load(ordering: .relaxed) == thread {
            depth += 1
            return
        }
        if !owner.compareExchange(expected: 0, desired: thread, ordering: .acquiring).exchanged { contend(thread) }
        depth = 1
    }

    @inline(__always)
    public func release() {
        depth -= 1
        if depth == 0 { free() }
    }

    /// Lets go of the lock whatever its depth (the caller saved it), waking a contender if one waits.
    @inline(__always)
    public func free() {
        owner.store(0, ordering: .sequentiallyConsistent)
        if contenders.load(ordering: .sequentiallyConsistent) > 0 { wakeContender() }
    }
}
