import Synchronization

/// Memory charged to whoever makes the kernel hold it (a process's pipes, descriptors and list copies; its engine;
/// every guest at once), within a limit of its own and within its parent account's. A charge is one
/// compare-and-swap per account, so two processors never both pass one limit; what outlives a call may be
/// released on any processor. `admits` is a further condition the embedder may set (the kernel's: its heap has
/// room to spare), checked before anything is taken.
public final class MemoryAccount: @unchecked Sendable {  // its counts are atomics; `admits` is the embedder's
    public let limit: Int
    public let parent: MemoryAccount?
    private let admits: (() -> Bool)?
    private let used = Atomic<Int>(0)

    public init(limit: Int, parent: MemoryAccount? = nil, admits: (() -> Bool)? = nil) {
        self.limit = limit
        self.parent = parent
        self.admits = admits
    }

    public var bytes: Int { used.load(ordering: .relaxed) }

    /// Takes `count` bytes, or throws ENOMEM (taking nothing) when this account or a parent would pass its limit.
    public func charge(_ count: Int) throws(Errno) {
        guard count > 0 else { return }
        if let admits, !admits() { throw .noMemory }
        var current = used.load(ordering: .relaxed)
        while true {
            guard count <= limit - current else { throw .noMemory }
            let (exchanged, original) = used.compareExchange(expected: current, desired: current + count,
                                                             ordering: .relaxed)
            if exchanged { break }
            current = original
        }
        do throws(Errno) {
            try parent?.charge(count)
        } catch {
            used.wrappingSubtract(count, ordering: .relaxed)
            throw error
        }
    }

    /// `charge` as a yes or no (the engine's ResourceAccount).
    public func take(_ count: Int) -> Bool {
        (try? charge(count)) != nil
    }

    public func release(_ count: Int) {
        guard count > 0 else { return }
        used.wrappingSubtract(count, ordering: .relaxed)
        parent?.release(count)
    }
}
