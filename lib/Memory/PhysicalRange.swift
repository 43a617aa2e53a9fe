/// A half-open range of physical addresses, `base..<end`.
public struct PhysicalRange: Equatable, Sendable {
    public var base: UInt64
    public var end: UInt64

    public init(base: UInt64, end: UInt64) {
        self.base = base
        self.end = end
    }

    public init(base: UInt64, length: UInt64) {
        self.base = base
        self.end = base.addingReportingOverflow(length).overflow ? UInt64.max : base + length
    }

    public var length: UInt64 { end > base ? end - base : 0 }
    public var isEmpty: Bool { end <= base }

    public func contains(_ address: UInt64) -> Bool { address >= base && address < end }

    public func overlaps(_ other: PhysicalRange) -> Bool {
        !isEmpty && !other.isEmpty && base < other.end && other.base < end
    }

    /// The whole pages inside this range (what can be handed out of usable memory).
    public var pagesInside: PhysicalRange {
        let first = Page.roundUp(base)
        let last = Page.roundDown(end)
        return PhysicalRange(base: first, end: max(first, last))
    }

    /// The pages that touch this range (what must be kept away from the allocator).
    public var pagesAround: PhysicalRange {
        PhysicalRange(base: Page.roundDown(base), end: Page.roundUp(end))
    }
}

/// The 4 KiB page (and physical frame) size, and rounding to it.
public enum Page {
    public static let size: UInt64 = 4096
    public static let shift: UInt64 = 12

    public static func roundDown(_ address: UInt64) -> UInt64 { address & ~(size - 1) }

    /// Rounds up, saturating at the last page boundary below 2^64.
    public static func roundUp(_ address: UInt64) -> UInt64 {
        let (sum, overflow) = address.addingReportingOverflow(size - 1)
        return overflow ? roundDown(UInt64.max) : roundDown(sum)
    }

    public static func isAligned(_ address: UInt64) -> Bool { address & (size - 1) == 0 }
}
