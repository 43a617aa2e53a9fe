/// A filesystem in memory: the one mounted at `/`, filled from the root archive. Its nodes (RamNode) take
/// their memory from a StorageSource the embedder provides; its paths are resolved by Paths, as a share's are.
public final class RamFileSystem {
    public let root: RamNode
    let store: RamStore

    /// RAM filesystems report device 1 (as wasmtime reports one device for its preopens); shares count from 2.
    public static let device: UInt64 = 1

    public init(source: StorageSource, clock: @escaping () -> UInt64) {
        store = RamStore(source: source, clock: clock, device: Self.device)
        // The root is the first thing charged; a source that cannot hold it cannot hold anything.
        guard let root = RamNode(kind: .directory, store: store) else { fatalError("no room for a filesystem root") }
        root.linkCount = 2
        self.root = root
    }

    /// A filesystem in the heap holding at most `capacity` bytes, pages and metadata together (the host's).
    public convenience init(capacity: Int = 1 << 30, clock: @escaping () -> UInt64) {
        self.init(source: .heap(ByteBudget(limit: capacity)), clock: clock)
    }

    /// Takes the tree apart without recursion (a deep tree would otherwise be freed recursively).
    deinit {
        var pending = [root]
        while let node = pending.popLast() {
            for entry in node.entries where entry.node.parent === node { pending.append(entry.node) }
            node.releaseEntries()
            node.parent = nil
        }
    }

    public var now: UInt64 { store.clock() }
}
