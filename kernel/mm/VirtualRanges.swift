/// A region of the kernel's virtual address space handed out in ranges, first fit, and given back (not
/// synchronized: its owner's lock guards it). Ranges given back merge with their neighbours and with the space
/// never handed out, so ranges of several sizes (memories, stacks, code) do not split the region into ever more
/// pieces, nor the list grow with every process.
struct VirtualRanges {
    let end: UInt64
    /// Ranges given back, in address order; the rest of the region lies above `next`.
    private var free: [(start: UInt64, size: UInt64)] = []
    private var next: UInt64

    init(base: UInt64, end: UInt64) {
        self.next = base
        self.end = end
    }

    mutating func reserve(_ size: UInt64) -> UInt64? {
        for (index, range) in free.enumerated() where range.size >= size {
            if range.size == size {
                free.remove(at: index)
            } else {
                free[index] = (range.start + size, range.size - size)
            }
            return range.start
        }
        guard next + size <= end else { return nil }
        defer { next += size }
        return next
    }

    mutating func release(start: UInt64, size: UInt64) {
        var start = start, size = size
        var index = free.firstIndex { $0.start > start } ?? free.count
        if index < free.count, start + size == free[index].start {
            size += free.remove(at: index).size
        }
        if index > 0, free[index - 1].start + free[index - 1].size == start {
            index -= 1
            let before = free.remove(at: index)
            start = before.start
            size += before.size
        }
        if start + size == next {
            next = start
        } else {
            free.insert((start, size), at: index)
        }
    }
}
