import Memory
import Wax

/// Where guests' linear memories live: a virtual region of their own. Each memory reserves virtual space for
/// its maximum size (plus an unmapped guard page) and is mapped page by page from frames as it grows, so it
/// grows in place and needs no physically contiguous run. Running out of frames refuses the allocation (the
/// guest's memory.grow returns -1, or it does not start) and always leaves the kernel a reserve of frames.
enum GuestMemorySpace {
    static let base: UInt64 = 0x0000_1000_0000_0000
    static let end: UInt64 = DirectMap.base
    /// Virtual ranges given back, reused first fit; the rest of the region lies above `next`.
    nonisolated(unsafe) private static var freeRanges: [(start: UInt64, size: UInt64)] = []
    nonisolated(unsafe) private static var next = base
    /// Reserved sizes of the live memories, by base.
    nonisolated(unsafe) private static var reservations: [UInt64: UInt64] = [:]
    /// Frames held by guest memories now (the thousand-process test checks they all come back).
    nonisolated(unsafe) private(set) static var framesInUse = 0

    static let allocator = MemoryAllocator(allocate: allocate, grow: grow, deallocate: deallocate)

    /// Frames kept for the kernel itself whatever guests ask for.
    static var kernelReserve: Int { max(2048, MemoryManager.frames.totalCount / 16) }

    private static func pages(_ byteCount: Int) -> UInt64 { UInt64((max(byteCount, 0) + 4095) / 4096) }

    static func allocate(_ byteCount: Int, _ capacity: Int) -> UnsafeMutableRawPointer? {
        let size = (pages(max(capacity, byteCount)) + 1) * 4096
        guard let start = reserve(size) else { return nil }
        guard map(from: start, count: pages(byteCount)) else {
            release(start: start, size: size)
            return nil
        }
        reservations[start] = size
        return UnsafeMutableRawPointer(bitPattern: UInt(start))
    }

    static func grow(_ pointer: UnsafeMutableRawPointer, _ byteCount: Int, _ newByteCount: Int) -> Bool {
        let start = UInt64(UInt(bitPattern: pointer))
        guard let size = reservations[start], (pages(newByteCount) + 1) * 4096 <= size else { return false }
        let mapped = pages(byteCount)
        guard map(from: start + mapped * 4096, count: pages(newByteCount) - mapped) else { return false }
        return true
    }

    static func deallocate(_ pointer: UnsafeMutableRawPointer, _ byteCount: Int) {
        let start = UInt64(UInt(bitPattern: pointer))
        guard let size = reservations.removeValue(forKey: start) else {
            Panic.panic("guest memory: freeing a memory that was never allocated")
        }
        unmap(from: start, count: pages(byteCount))
        release(start: start, size: size)
    }

    /// Maps `count` zeroed pages from `start`; all or nothing.
    private static func map(from start: UInt64, count: UInt64) -> Bool {
        guard Int(count) + kernelReserve <= MemoryManager.frames.freeCount else { return false }
        var mapped: UInt64 = 0
        while mapped < count {
            guard let frame = MemoryManager.frames.allocate() else { break }
            DirectMap.pointer(frame).initializeMemory(as: UInt8.self, repeating: 0, count: 4096)
            do throws(MemoryError) {
                try MemoryManager.kernelTables.map(virtual: start + mapped * 4096, physical: frame,
                                                   flags: [.writable, .noExecute])
            } catch {
                MemoryManager.freeFrames(frame, count: 1)
                break
            }
            mapped += 1
        }
        framesInUse += Int(mapped)
        if mapped < count {
            unmap(from: start, count: mapped)
            return false
        }
        return true
    }

    private static func unmap(from start: UInt64, count: UInt64) {
        for page in 0..<count {
            let virtual = start + page * 4096
            do throws(MemoryError) {
                let mapping = try MemoryManager.kernelTables.unmap(virtual: virtual)
                ControlRegisters.invalidate(virtual: virtual)
                MemoryManager.freeFrames(mapping.physical, count: 1)
            } catch {
                Panic.panic("guest memory: a page to release was not mapped")
            }
        }
        framesInUse -= Int(count)
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

    private static func release(start: UInt64, size: UInt64) {
        freeRanges.append((start, size))
    }
}
