import Memory

/// The kernel's stacks, in their own virtual region, each above an unmapped guard page: an overflow faults on
/// the guard page (on the page-fault handler's own stack) and the report names the stack, instead of silently
/// corrupting whatever lies below. Threads come and go, so a freed stack's frames go back to the allocator and
/// its virtual slot is reused by the next stack of the same size.
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

    static func allocate(_ name: StaticString, pages: Int) -> Stack {
        lock.withLock {
            var guardPage = next
            if let index = freeSlots.firstIndex(where: { $0.pages == pages }) {
                guardPage = freeSlots.remove(at: index).guardPage
            } else {
                next += UInt64(pages + 1) * 4096
            }
            var virtual = guardPage + 4096
            for _ in 0..<pages {
                guard let frame = MemoryManager.allocateFrame() else { Panic.panic("out of memory for a kernel stack") }
                guard MemoryManager.map(virtual: virtual, physical: frame, flags: [.writable, .noExecute]) else {
                    Panic.panic("kernel stack mapping failed")
                }
                virtual += 4096
            }
            let stack = Stack(name: name, guardPage: guardPage, top: virtual)
            stacks.append(stack)
            return stack
        }
    }

    /// Unmaps a stack nothing runs on any more; its frames and its slot are reused once no processor can
    /// reach them through an old translation. Called with no lock held (TLB.shootdown).
    static func free(_ stack: Stack) {
        lock.withLock {
            guard let index = stacks.firstIndex(where: { $0.guardPage == stack.guardPage }) else {
                Panic.panic("freeing a kernel stack that was never allocated")
            }
            stacks.remove(at: index)
        }
        // Its frames were never charged to a pool: they go back the way pages that were do.
        guard ChargedPages.unmapPresent(from: stack.guardPage + 4096, count: UInt64(stack.pages)) == stack.pages else {
            Panic.panic("a kernel stack lost pages")
        }
        lock.withLock { freeSlots.append((stack.guardPage, stack.pages)) }
    }

    /// Stacks allocated and not freed.
    static var count: Int { lock.withLock { stacks.count } }

    static func guardPageOwner(_ address: UInt64) -> StaticString? {
        for stack in stacks where address >= stack.guardPage && address < stack.guardPage + 4096 { return stack.name }
        return nil
    }
}
