import Memory
import Wax

/// Where guests' linear memories live: a virtual region of their own. Each memory reserves virtual space for
/// its maximum size (plus an unmapped guard page) and is mapped page by page from frames as it grows, so it
/// grows in place and needs no physically contiguous run. Running out of frames refuses the allocation (the
/// guest's memory.grow returns -1, or it does not start): guests draw on MemoryBudget.
/// Processes on every processor grow and free memories: `lock` guards the region's bookkeeping.
enum GuestMemorySpace {
    private static let lock = SpinLock()
    static let base: UInt64 = 0x0000_1000_0000_0000
    static let end: UInt64 = DirectMap.base
    nonisolated(unsafe) private static var ranges = VirtualRanges(base: base, end: end)
    /// Reserved sizes of the live memories, by base.
    nonisolated(unsafe) private static var reservations: [UInt64: UInt64] = [:]
    /// Frames held by guest memories now (the thousand-process test checks they all come back).
    nonisolated(unsafe) private(set) static var framesInUse = 0

    static let allocator = MemoryAllocator(allocate: allocate, grow: grow, deallocate: deallocate)

    private static func pages(_ byteCount: Int) -> UInt64 { UInt64((max(byteCount, 0) + 4095) / 4096) }

    static func allocate(_ byteCount: Int, _ capacity: Int) -> UnsafeMutableRawPointer? {
        let size = (pages(max(capacity, byteCount)) + 1) * 4096
        guard let start = lock.withLock({ ranges.reserve(size) }) else { return nil }
        guard map(from: start, count: pages(byteCount)) else {
            lock.withLock { ranges.release(start: start, size: size) }
            return nil
        }
        lock.withLock { reservations[start] = size }
        return UnsafeMutableRawPointer(bitPattern: UInt(start))
    }

    /// Grows in place; only the memory's owner grows it, so its pages above `byteCount` are unmapped and ours.
    static func grow(_ pointer: UnsafeMutableRawPointer, _ byteCount: Int, _ newByteCount: Int) -> Bool {
        let start = UInt64(UInt(bitPattern: pointer))
        guard let size = lock.withLock({ reservations[start] }), (pages(newByteCount) + 1) * 4096 <= size else {
            return false
        }
        let mapped = pages(byteCount)
        return map(from: start + mapped * 4096, count: pages(newByteCount) - mapped)
    }

    static func deallocate(_ pointer: UnsafeMutableRawPointer, _ byteCount: Int) {
        let start = UInt64(UInt(bitPattern: pointer))
        guard let size = lock.withLock({ reservations.removeValue(forKey: start) }) else {
            Panic.panic("guest memory: freeing a memory that was never allocated")
        }
        unmap(from: start, count: pages(byteCount))
        lock.withLock { ranges.release(start: start, size: size) }
    }

    /// Maps `count` zeroed pages from `start` (ChargedPages), counted in `framesInUse`.
    private static func map(from start: UInt64, count: UInt64) -> Bool {
        guard ChargedPages.map(from: start, count: count, flags: [.writable, .noExecute]) else { return false }
        lock.withLock { framesInUse += Int(count) }
        return true
    }

    private static func unmap(from start: UInt64, count: UInt64) {
        ChargedPages.unmap(from: start, count: count)
        lock.withLock { framesInUse -= Int(count) }
    }
}
