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
    /// Virtual ranges given back, in address order, reused first fit; the rest of the region lies above `next`.
    nonisolated(unsafe) private static var freeRanges: [(start: UInt64, size: UInt64)] = []
    nonisolated(unsafe) private static var next = base
    /// Reserved sizes of the live memories, by base.
    nonisolated(unsafe) private static var reservations: [UInt64: UInt64] = [:]
    /// Frames held by guest memories now (the thousand-process test checks they all come back).
    nonisolated(unsafe) private(set) static var framesInUse = 0

    static let allocator = MemoryAllocator(allocate: allocate, grow: grow, deallocate: deallocate)

    private static func pages(_ byteCount: Int) -> UInt64 { UInt64((max(byteCount, 0) + 4095) / 4096) }

    static func allocate(_ byteCount: Int, _ capacity: Int) -> UnsafeMutableRawPointer? {
        let size = (pages(max(capacity, byteCount)) + 1) * 4096
        guard let start = lock.withLock({ reserve(size) }) else { return nil }
        guard map(from: start, count: pages(byteCount)) else {
            lock.withLock { release(start: start, size: size) }
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
        lock.withLock { release(start: start, size: size) }
    }

    /// Maps `count` zeroed pages from `start`, charged to MemoryBudget's pool; all or nothing.
    private static func map(from start: UInt64, count: UInt64) -> Bool {
        guard MemoryBudget.chargeFrames(Int(count)) else { return false }
        var mapped: UInt64 = 0
        while mapped < count {
            guard let frame = MemoryBudget.guestFrame() else { break }
            DirectMap.pointer(frame).initializeMemory(as: UInt8.self, repeating: 0, count: 4096)
            guard MemoryManager.map(virtual: start + mapped * 4096, physical: frame, flags: [.writable, .noExecute])
            else {
                MemoryManager.freeFrames(frame, count: 1)
                break
            }
            mapped += 1
        }
        lock.withLock { framesInUse += Int(mapped) }
        if mapped < count {
            MemoryBudget.releaseFrames(Int(count - mapped))
            unmap(from: start, count: mapped)
            return false
        }
        return true
    }

    /// Unmaps `count` pages from `start` and frees their frames, a batch at a time: each batch's frames go back
    /// once no processor holds a translation to them, and then their charge. Called with no lock held.
    private static func unmap(from start: UInt64, count: UInt64) {
        let batch: UInt64 = 512
        var frames: [UInt64] = []
        frames.reserveCapacity(Int(min(count, batch)))
        var done: UInt64 = 0
        while done < count {
            let n = min(batch, count - done)
            for page in 0..<n { frames.append(MemoryManager.unmap(virtual: start + (done + page) * 4096)) }
            TLB.shootdown(start: start + done * 4096, pages: n)
            for frame in frames { MemoryManager.freeFrames(frame, count: 1) }
            frames.removeAll(keepingCapacity: true)
            done += n
        }
        lock.withLock { framesInUse -= Int(count) }
        MemoryBudget.releaseFrames(Int(count))
    }

    private static func reserve(_ size: UInt64) -> UInt64? {
        for (index, range) in freeRanges.enumerated() where range.size >= size {
            if range.size == size {
                freeRanges.remove(at: index)
            } else {
                freeRanges[index] = (range.start + size, range.size - size)
            }
            return range.start
        }
        guard next + size <= end else { return nil }
        defer { next += size }
        return next
    }

    /// Gives a range back, merged with the free ranges beside it (kept in address order) and with the space above
    /// `next`: reservations of several sizes (a memory, a value stack, frames) would otherwise split the region
    /// into ever more pieces, and the list would grow with every process.
    private static func release(start: UInt64, size: UInt64) {
        var start = start, size = size
        var index = freeRanges.firstIndex { $0.start > start } ?? freeRanges.count
        if index < freeRanges.count, start + size == freeRanges[index].start {
            size += freeRanges.remove(at: index).size
        }
        if index > 0, freeRanges[index - 1].start + freeRanges[index - 1].size == start {
            index -= 1
            let before = freeRanges.remove(at: index)
            start = before.start
            size += before.size
        }
        if start + size == next {
            next = start
        } else {
            freeRanges.insert((start, size), at: index)
        }
    }
}
