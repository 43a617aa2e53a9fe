import Memory

/// The kernel's stacks, in their own virtual region, each above an unmapped guard page: an overflow faults on
/// the guard page (on the page-fault handler's own stack) and the report names the stack, instead of silently
/// corrupting whatever lies below.
enum KernelStacks {
    struct Stack {
        let name: StaticString
        let guardPage: UInt64
        let top: UInt64
    }

    nonisolated(unsafe) private static var next = MemoryManager.stackRegion
    nonisolated(unsafe) private(set) static var stacks: [Stack] = []

    static func allocate(_ name: StaticString, pages: Int) -> Stack {
        let guardPage = next
        var virtual = guardPage + 4096
        for _ in 0..<pages {
            guard let frame = MemoryManager.frames.allocate() else { Panic.panic("out of memory for a kernel stack") }
            do throws(MemoryError) {
                try MemoryManager.kernelTables.map(virtual: virtual, physical: frame, flags: [.writable, .noExecute])
            } catch {
                Panic.panic("kernel stack mapping failed")
            }
            virtual += 4096
        }
        next = virtual
        let stack = Stack(name: name, guardPage: guardPage, top: virtual)
        stacks.append(stack)
        return stack
    }

    static func guardPageOwner(_ address: UInt64) -> StaticString? {
        for stack in stacks where address >= stack.guardPage && address < stack.guardPage + 4096 { return stack.name }
        return nil
    }
}
