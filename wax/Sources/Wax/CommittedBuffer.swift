/// Memory reserved for `capacity` elements through a `MemoryAllocator` and committed as it is needed, so that it
/// never moves: the store's value stack and call frames, which the interpreter holds pointers into. Each commit is
/// charged to the store's ledger before it is made; what cannot be charged or committed is refused.
struct CommittedBuffer<Element> {
    /// Nil until the first commit.
    private(set) var base: UnsafeMutablePointer<Element>? = nil
    /// The committed elements.
    private(set) var count = 0
    let capacity: Int
    /// The fewest elements a commit adds: a page of memory, the kernel's unit.
    private let step = max(1, 4096 / MemoryLayout<Element>.stride)

    init(capacity: Int) { self.capacity = capacity }

    /// Commits at least `needed` elements, doubling what is committed or, when that is refused, just enough
    /// pages; false when `needed` passes the capacity or the ledger or the allocator refuses.
    mutating func commit(_ needed: Int, allocator: MemoryAllocator, ledger: Ledger) -> Bool {
        if needed <= count && base != nil { return true }
        guard needed <= capacity else { return false }
        let doubled = min(capacity, max(needed, 2 * count, step))
        let enough = min(capacity, (needed + step - 1) / step * step)
        return commit(to: doubled, allocator: allocator, ledger: ledger)
            || (enough < doubled && commit(to: enough, allocator: allocator, ledger: ledger))
    }

    private mutating func commit(to target: Int, allocator: MemoryAllocator, ledger: Ledger) -> Bool {
        let stride = MemoryLayout<Element>.stride
        guard ledger.charge((target - count) * stride) else { return false }
        if let base {
            if allocator.grow(UnsafeMutableRawPointer(base), count * stride, target * stride) {
                count = target
                return true
            }
        } else if let raw = allocator.allocate(target * stride, capacity * stride) {
            base = raw.bindMemory(to: Element.self, capacity: capacity)
            count = target
            return true
        }
        ledger.release((target - count) * stride)
        return false
    }

    func deallocate(_ allocator: MemoryAllocator) {
        if let base { allocator.deallocate(UnsafeMutableRawPointer(base), count * MemoryLayout<Element>.stride) }
    }
}
