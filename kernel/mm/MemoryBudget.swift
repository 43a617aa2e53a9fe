import Synchronization
import WASIPreview1

/// The one pool guests draw on, for everything they make the kernel hold: their linear memories
/// (GuestMemorySpace), what they keep in the RAM filesystem (RamStorage), their engines, kernel stacks, pipes,
/// descriptors and list copies. Each of those charges a process account first and `pool` with it, one
/// compare-and-swap each, so the sum of every process's limits (1,024 processes may each hold far more than
/// memory) never passes what there is: the charge that does not fit is that guest's ENOMEM, ENOSPC, refusal to
/// start or trap.
///
/// Three lines keep the kernel's own allocations (its heap, stacks and page tables) from failing:
/// - `pool` holds the frames free at boot less `kernelReserve`: everything guests cause, counted.
/// - Guest frames are taken only while `kernelReserve` frames stay free, checked and taken under the memory
///   manager's lock, so what the count misses (heap pages kept half empty, page tables) still leaves the reserve.
/// - Once the free frames fall under `margin` (the heap has eaten half the reserve), every charge to `pool`
///   and every guest call is refused with ENOMEM before it allocates: a nil from the heap would be a Swift
///   runtime trap, so the refusal has to come first. What a call allocates uncharged is bounded (a path, an
///   iovec list) and far below the margin, and calls run one at a time under the big kernel lock.
/// The module cache (LoadedModules) draws on the pool too, and a charge the pool refuses first lets it go.
/// What stays a panic: the kernel's own allocations once the last `margin` frames are gone, which only an
/// accounting bug can cause.
enum MemoryBudget {
    /// Frames kept for the kernel itself whatever guests ask for.
    static var kernelReserve: Int { max(2048, MemoryManager.totalFrameCount / 16) }
    /// Frames under which guests get no more service (ENOMEM) until some come back: set once the memory is
    /// known, since every guest call compares with it.
    nonisolated(unsafe) private(set) static var margin = 0

    nonisolated(unsafe) private(set) static var pool: MemoryAccount! = nil

    /// Sizes the pool from the frames free once the heap exists (before the root filesystem, which draws on it).
    static func initialize() {
        // Made here, before `framesChanged` uses it under the memory manager's lock: making it allocates.
        _ = BigKernelLock.lock
        margin = kernelReserve / 2
        pool = MemoryAccount(limit: max(0, MemoryManager.freeFrameCount - kernelReserve) * 4096,
                             admits: { hasHeadroom }, reclaim: { LoadedModules.flushed() })
        framesChanged()
    }

    /// Whether the kernel has frames to spare for a guest's call.
    static var hasHeadroom: Bool { MemoryManager.freeFrameCount >= margin }

    /// After the free frames may have changed, under the memory manager's lock: guest calls are refused while
    /// they are under the margin (the call path reads `CallLock.refusing`, set here). Nothing before
    /// `initialize` (the margin is 0 until then), which makes the lock.
    static func framesChanged() {
        guard margin > 0 else { return }
        BigKernelLock.lock.refusing.store(!hasHeadroom, ordering: .relaxed)
    }

    /// Charges `count` guest frames to the pool; false (nothing charged) when they do not fit.
    static func chargeFrames(_ count: Int) -> Bool { pool.take(count * 4096) }

    static func releaseFrames(_ count: Int) { pool.release(count * 4096) }

    /// A frame for a guest, already charged (`chargeFrames`): nil when taking it would leave fewer than
    /// `kernelReserve` frames free.
    static func guestFrame() -> UInt64? {
        MemoryManager.allocateFrame(keepingFree: kernelReserve)
    }
}
