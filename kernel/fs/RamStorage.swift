import FileSystem

/// Where the RAM filesystem's memory comes from in the kernel: a file's pages are frames, reached through the
/// direct map, and what it keeps in the heap (nodes, names, link targets) is checked against the same budget.
/// Both come out of MemoryBudget, the pool guests' linear memories draw on, so a guest that filled its memory
/// finds no room for files (ENOSPC) and one that filled files cannot grow its memory, and neither reaches
/// the kernel's reserve.
enum RamStorage {
    static let source = StorageSource(
        takePage: {
            guard MemoryBudget.allows(frames: 1), let frame = MemoryManager.allocateFrame() else { return nil }
            return DirectMap.pointer(frame)
        },
        returnPage: { page in MemoryManager.freeFrames(DirectMap.physical(page), count: 1) },
        // The heap takes frames as it grows, so what it holds already shows in the free frames.
        charge: { bytes in MemoryBudget.allows(frames: (bytes + 4095) / 4096) },
        refund: { _ in })
}
