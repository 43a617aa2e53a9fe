import Memory

/// The kernel heap: walos's `Heap` (size classes plus page-backed large blocks) over frames from the frame
/// allocator, reached through the direct map. It backs every allocation of the Embedded Swift runtime.
/// Every processor allocates: `lock` makes one allocation or free at a time (it is taken before the memory
/// manager's, never after).
enum KernelHeap {
    /// Not an optional: unwrapping one on every allocation and free cost ~30 guest instructions a pair, ~3k of a
    /// spawn + exit + wait (`make bench-wasi`). Before `initialize` it has no page to give (`takePages`).
    nonisolated(unsafe) static var heap = Heap(pageSource: takePages, pageSink: givePages)
    static let lock = SpinLock()
    nonisolated(unsafe) private static var isReady = false

    /// Lets the heap take frames, once the memory manager has them.
    static func initialize() { isReady = true }

    private static func takePages(_ pages: Int) -> UnsafeMutableRawPointer? {
        guard isReady else { Panic.panic("allocation before the heap exists") }
        guard let frame = MemoryManager.allocateFrames(count: pages, alignment: 1) else { return nil }
        return DirectMap.pointer(frame)
    }

    private static func givePages(_ base: UnsafeMutableRawPointer, _ pages: Int) {
        MemoryManager.freeFrames(DirectMap.physical(base), count: pages)
    }

    /// Gives the pages the heap keeps back (empty ones, and those of the blocks it keeps for reuse) to the frame
    /// allocator, as it does itself before an allocation fails.
    static func trim() {
        lock.withLock { heap.trim() }
    }

    static var bytesInUse: Int { heap.bytesInUse }
    static var pagesHeld: Int { heap.pagesHeld }
}

@_cdecl("walos_heap_allocate")
func heapAllocate(_ size: Int, _ alignment: Int) -> UnsafeMutableRawPointer? {
    KernelHeap.lock.withLock { KernelHeap.heap.allocate(byteCount: size, alignment: alignment) }
}

@_cdecl("walos_heap_free")
func heapFree(_ pointer: UnsafeMutableRawPointer) {
    KernelHeap.lock.withLock {
        do throws(HeapError) {
            try KernelHeap.heap.free(pointer)
        } catch {
            Panic.panic("heap: free of a pointer the heap never handed out")
        }
    }
}
