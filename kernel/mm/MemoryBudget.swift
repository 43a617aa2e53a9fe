/// The one pool guests draw on, for their linear memories (GuestMemorySpace) and for what they keep in the RAM
/// filesystem (RamStorage) alike: the free frames less a reserve kept for the kernel itself (its heap, stacks
/// and page tables). Whatever the order of guest requests, the one that does not fit gets ENOMEM or ENOSPC and
/// the kernel keeps its reserve.
enum MemoryBudget {
    /// Frames kept for the kernel itself whatever guests ask for.
    static var kernelReserve: Int { max(2048, MemoryManager.totalFrameCount / 16) }

    /// Whether guests may take `count` more frames.
    static func allows(frames count: Int) -> Bool {
        count + kernelReserve <= MemoryManager.freeFrameCount
    }
}
