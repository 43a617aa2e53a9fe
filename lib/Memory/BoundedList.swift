/// A list with its storage inline and a fixed capacity: the memory map is built before the kernel has a heap.
public struct BoundedList<Element>: RandomAccessCollection {
    public static var capacity: Int { 256 }

    private var storage: InlineArray<256, Element>
    public private(set) var count = 0

    public init(filler: Element) {
        storage = InlineArray(repeating: filler)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < count, "BoundedList index out of range")
            return storage[index]
        }
        set {
            precondition(index >= 0 && index < count, "BoundedList index out of range")
            storage[index] = newValue
        }
    }

    public mutating func append(_ element: Element) throws(MemoryError) {
        guard count < Self.capacity else { throw .tooManyRanges }
        storage[count] = element
        count += 1
    }

    public mutating func insert(_ element: Element, at index: Int) throws(MemoryError) {
        precondition(index >= 0 && index <= count, "BoundedList index out of range")
        guard count < Self.capacity else { throw .tooManyRanges }
        var i = count
        while i > index {
            storage[i] = storage[i - 1]
            i -= 1
        }
        storage[index] = element
        count += 1
    }

    public mutating func remove(at index: Int) {
        precondition(index >= 0 && index < count, "BoundedList index out of range")
        for i in index..<(count - 1) { storage[i] = storage[i + 1] }
        count -= 1
    }
}

/// Usable physical memory: sorted, non-overlapping, page-aligned ranges.
public typealias PhysicalRangeList = BoundedList<PhysicalRange>

extension BoundedList where Element == PhysicalRange {
    public init() { self.init(filler: PhysicalRange(base: 0, end: 0)) }

    public var totalBytes: UInt64 { reduce(0) { $0 + $1.length } }

    /// Removes `hole` from every range (splitting one range in two if the hole is inside it).
    public mutating func subtract(_ hole: PhysicalRange) throws(MemoryError) {
        guard !hole.isEmpty else { return }
        var i = 0
        while i < count {
            let range = self[i]
            guard range.overlaps(hole) else {
                i += 1
                continue
            }
            let below = PhysicalRange(base: range.base, end: hole.base)
            let above = PhysicalRange(base: hole.end, end: range.end)
            switch (below.isEmpty, above.isEmpty) {
            case (true, true):
                remove(at: i)
            case (false, true):
                self[i] = below
                i += 1
            case (true, false):
                self[i] = above
                i += 1
            case (false, false):
                try insert(above, at: i + 1)
                self[i] = below
                i += 2
            }
        }
    }
}
