import FileSystem

/// Where the RAM filesystem's memory comes from in the kernel: a file's pages are frames, reached through the
/// direct map, and what it keeps in the heap (nodes, names, link targets) is charged too. Both come out of
/// MemoryBudget's pool, which guests' linear memories draw on, so a guest that filled its memory finds no room
/// for files (ENOSPC) and one that filled files cannot grow its memory, and neither reaches the kernel's reserve.
enum RamStorage {
    static let source = StorageSource(
        takePage: {
            guard MemoryBudget.chargeFrames(1) else { return nil }
            guard let frame = MemoryBudget.guestFrame() else {
                MemoryBudget.releaseFrames(1)
                return nil
            }
            return DirectMap.pointer(frame)
        },
        returnPage: { page in
            MemoryManager.freeFrames(DirectMap.physical(page), count: 1)
            MemoryBudget.releaseFrames(1)
        },
        charge: { bytes in MemoryBudget.pool.take(bytes) },
        refund: { bytes in MemoryBudget.pool.release(bytes) })
}
