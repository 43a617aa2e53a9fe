import Synchronization

/// Memory charged to whoever makes the kernel hold it (a process's pipes, descriptors and list copies; its engine;
/// every guest at once), within a limit of its own and within its parent account's. A charge is one
/// compare-and-swap per account, so two processors never both pass one limit; what outlives a call may be
/// released on any processor. `admits` is a further condition the embedder may set (the kernel's: its heap has
/// room to spare), checked before anything is taken; `reclaim` lets the embedder give back what it keeps for
/// reuse (the kernel's module cache) when a charge does not fit, which is then tried once more.
public final class MemoryAccount: @unchecked Sendable {  // its counts are atomics; `admits` is the embedder's
    public let limit: Int
    public let parent: MemoryAccount?
    private let admits: (() -> Bool)?
    private let reclaim: (() -> Bool)?
    private let used = Atomic<Int>(0)

    public init(limit: Int, parent: MemoryAccount? = nil, admits: (() -> Bool)? = nil, reclaim: (() -> Bool)? = nil) {
        self.limit = limit
        self.parent = parent
        self.admits = admits
        self.reclaim = reclaim
    }

    public var bytes: Int { used.load(ordering: .relaxed) }

    /// Takes `count` bytes, or throws ENOMEM (taking nothing) when this account or a parent would pass its limit.
    /// With `reclaiming` false no account asks its embedder to give anything back (what the embedder charges for
    /// its own reuse must not evict itself).
    public func charge(_ count: Int, reclaiming: Bool = true) throws(Errno) {
        guard count > 0 else { return }
        if !takeOwn(count) {
            guard reclaiming, let reclaim, reclaim(), takeOwn(count) else { throw .noMemory }
        }
        do throws(Errno) {
            try parent?.charge(count, reclaiming: reclaiming)
        } catch {
            used.wrappingSubtract(count, ordering: .relaxed)
            throw error
        }
    }

    /// Takes `count` bytes of this account alone, if it admits them and they fit its limit.
    private func takeOwn(_ count: Int) -> Bool {
        if let admits, !admits() { return false }
        var current = used.load(ordering: .relaxed)
        while true {
            guard count <= limit - current else { return false }
            let (exchanged, original) = used.compareExchange(expected: current, desired: current + count,
                                                             ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    /// `charge` as a yes or no (the engine's ResourceAccount).
    public func take(_ count: Int, reclaiming: Bool = true) -> Bool {
        (try? charge(count, reclaiming: reclaiming)) != nil
    }

    public func release(_ count: Int) {
        guard count > 0 else { return }
        used.wrappingSubtract(count, ordering: .relaxed)
        parent?.release(count)
    }
}
