import Memory

/// The kernel heap: walos's `Heap` (size classes plus page-backed large blocks) over frames from the frame
/// allocator, reached through the direct map. It backs every allocation of the Embedded Swift runtime.
/// Every processor allocates: `lock` makes one allocation or free at a time (it is taken before the memory
/// manager's, never after).
enum KernelHeap {
    nonisolated(unsafe) static var heap: Heap? = nil
    static let lock = SpinLock()

    static func initialize() {
        heap = Heap(
            pageSource: { pages in
                guard let frame = MemoryManager.allocateFrames(count: pages, alignment: 1) else { return nil }
                return DirectMap.pointer(frame)
            },
            pageSink: { base, pages in
                MemoryManager.freeFrames(DirectMap.physical(base), count: pages)
            })
    }

    static var bytesInUse: Int { heap?.bytesInUse ?? 0 }
    static var pagesHeld: Int { heap?.pagesHeld ?? 0 }
}

@_cdecl("walos_heap_allocate")
func heapAllocate(_ size: Int, _ alignment: Int) -> UnsafeMutableRawPointer? {
    guard KernelHeap.heap != nil else { Panic.panic("allocation before the heap exists") }
    return KernelHeap.lock.withLock { KernelHeap.heap!.allocate(byteCount: size, alignment: alignment) }
}

@_cdecl("walos_heap_free")
func heapFree(_ pointer: UnsafeMutableRawPointer) {
    KernelHeap.lock.withLock {
        do throws(HeapError) {
            try KernelHeap.heap!.free(pointer)
        } catch {
            Panic.panic("heap: free of a pointer the heap never handed out")
        }
    }
}
