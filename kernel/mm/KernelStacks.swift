import Memory

/// The kernel's stacks, in their own virtual region, each above an unmapped guard page: an overflow faults on
/// the guard page (on the page-fault handler's own stack) and the report names the stack, instead of silently
/// corrupting whatever lies below. Threads come and go: a few freed stacks stay mapped for the next thread
/// (`kept`); the others' frames go back to the allocator and their virtual slots to the next stack of the same
/// size.
enum KernelStacks {
    struct Stack {
        let name: StaticString
        let guardPage: UInt64
        let top: UInt64
        var pages: Int { Int((top - guardPage) / 4096) - 1 }
    }

    private static let lock = SpinLock()
    nonisolated(unsafe) private static var next = MemoryManager.stackRegion
    nonisolated(unsafe) private(set) static var stacks: [Stack] = []
    /// Virtual slots of freed stacks: guard page and number of pages.
    nonisolated(unsafe) private static var freeSlots: [(guardPage: UInt64, pages: Int)] = []
    /// Freed stacks left mapped, handed whole to the next thread that asks for as many pages: every process has a
    /// thread, whose 16 pages were otherwise taken, mapped, unmapped (with a TLB shootdown) and freed one frame at
    /// a time, ~9k guest instructions of a spawn + exit + wait of 113k (`make bench-wasi`). At most `keptLimit`:
    /// their frames come out of the kernel's reserve (MemoryBudget), as the heap's emptied pages do, and count as
    /// free as those do (MemorySnapshot). Nothing runs on them, and no guest ever reads a kernel stack.
    nonisolated(unsafe) private static var kept: [Stack] = []
    static let keptLimit = 4

    static func allocate(_ name: StaticString, pages: Int) -> Stack {
        lock.withLock {
            if let index = kept.lastIndex(where: { $0.pages == pages }) {
                let old = kept.remove(at: index)
                let stack = Stack(name: name, guardPage: old.guardPage, top: old.top)
                stacks.append(stack)
                return stack
            }
            var guardPage = next
            if let index = freeSlots.firstIndex(where: { $0.pages == pages }) {
                guardPage = freeSlots.remove(at: index).guardPage
            } else {
                next += UInt64(pages + 1) * 4096
            }
            var virtual = guardPage + 4096
            for _ in 0..<pages {
                guard let frame = MemoryManager.allocateFrame() else { Panic.panic("out of memory for a kernel stack") }
                guard MemoryManager.map(virtual: virtual, physical: frame, flags: [.writable, .noExecute]) == nil else {
                    Panic.panic("kernel stack mapping failed")
                }
                virtual += 4096
            }
            let stack = Stack(name: name, guardPage: guardPage, top: virtual)
            stacks.append(stack)
            return stack
        }
    }

    /// Keeps a stack nothing runs on any more for the next thread, or unmaps it: its frames and its slot are
    /// reused once no processor can reach them through an old translation. Called with no lock held
    /// (TLB.shootdown).
    static func free(_ stack: Stack) {
        let isKept = lock.withLock { () -> Bool in
            guard let index = stacks.firstIndex(where: { $0.guardPage == stack.guardPage }) else {
                Panic.panic("freeing a kernel stack that was never allocated")
            }
            stacks.remove(at: index)
            guard kept.count < keptLimit else { return false }
            kept.append(stack)
            return true
        }
        if isKept { return }
        // Its frames were never charged to a pool: they go back the way pages that were do.
        guard ChargedPages.unmapPresent(from: stack.guardPage + 4096, count: UInt64(stack.pages)) == stack.pages else {
            Panic.panic("a kernel stack lost pages")
        }
        lock.withLock { freeSlots.append((stack.guardPage, stack.pages)) }
    }

    /// Stacks allocated and not freed.
    static var count: Int { lock.withLock { stacks.count } }

    /// Frames of the freed stacks kept mapped.
    static var keptPages: Int { lock.withLock { kept.reduce(0) { $0 + $1.pages } } }

    static func guardPageOwner(_ address: UInt64) -> StaticString? {
        for stack in stacks where address >= stack.guardPage && address < stack.guardPage + 4096 { return stack.name }
        return nil
    }
}
