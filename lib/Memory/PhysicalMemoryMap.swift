import BootInfo

/// One entry of the sanitized memory map.
public struct MemoryMapEntry: Equatable {
    public var range: PhysicalRange
    public var kind: MemoryKind

    public init(range: PhysicalRange, kind: MemoryKind) {
        self.range = range
        self.kind = kind
    }
}

/// The firmware's memory map made trustworthy: sorted, non-overlapping, adjacent entries of one kind merged,
/// overlaps resolved to the most restrictive kind. Heap-free: the kernel builds it before it has a heap.
public struct PhysicalMemoryMap: RandomAccessCollection {
    public private(set) var entries = BoundedList(filler: MemoryMapEntry(range: PhysicalRange(base: 0, end: 0),
                                                                         kind: .reserved))

    /// The low 1 MiB (real-mode vectors, BIOS data, option ROMs) is never handed out.
    public static let lowMemory = PhysicalRange(base: 0, end: 0x10_0000)

    public init(regions: some Collection<MemoryRegion>) throws(MemoryError) {
        var entries = self.entries
        try Self.sweep(regions) { (range, kind) throws(MemoryError) in
            try entries.append(MemoryMapEntry(range: range, kind: kind))
        }
        self.entries = entries
    }

    public var startIndex: Int { entries.startIndex }
    public var endIndex: Int { entries.endIndex }
    public subscript(index: Int) -> MemoryMapEntry { entries[index] }

    /// The kind of the byte at `address`, or nil where the firmware reported nothing.
    public func kind(at address: UInt64) -> MemoryKind? {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            let entry = entries[mid]
            if address < entry.range.base {
                high = mid
            } else if address >= entry.range.end {
                low = mid + 1
            } else {
                return entry.kind
            }
        }
        return nil
    }

    /// The memory the kernel may allocate: whole pages of usable memory, minus the low 1 MiB and every range
    /// in `reserve` (each widened to the pages it touches). Throws `.noUsableMemory` when nothing is left.
    public static func sanitize(regions: some Collection<MemoryRegion>,
                                reserve: some Sequence<PhysicalRange> = EmptyCollection())
        throws(MemoryError) -> PhysicalRangeList
    {
        var usable = PhysicalRangeList()
        try sweep(regions) { (range, kind) throws(MemoryError) in
            let pages = range.pagesInside
            if kind == .usable && !pages.isEmpty { try usable.append(pages) }
        }
        try usable.subtract(lowMemory)
        for range in reserve { try usable.subtract(range.pagesAround) }
        guard !usable.isEmpty else { throw .noUsableMemory }
        return usable
    }

    /// `sanitize` for the boot information: also carves out the kernel image, the initrd and the boot
    /// information itself, which lies at physical address `bootInfoBase`.
    public static func sanitize(bootInfo: BootInfo, bootInfoBase: UInt64,
                                reserve: some Sequence<PhysicalRange> = EmptyCollection())
        throws(MemoryError) -> PhysicalRangeList
    {
        var usable = try sanitize(regions: BootInfoRegions(bootInfo), reserve: reserve)
        try usable.subtract(PhysicalRange(base: bootInfo.kernelStart, end: bootInfo.kernelEnd).pagesAround)
        try usable.subtract(PhysicalRange(base: bootInfo.initrdBase, length: bootInfo.initrdSize).pagesAround)
        try usable.subtract(PhysicalRange(base: bootInfoBase, length: UInt64(bootInfo.totalSize)).pagesAround)
        guard !usable.isEmpty else { throw .noUsableMemory }
        return usable
    }

    /// Cuts the address space at every region boundary and reports each covered piece with the most
    /// restrictive kind covering it, merging neighbours of one kind. Quadratic in the region count, which
    /// keeps it free of any sorting storage; firmware maps have a few hundred entries at most.
    static func sweep(_ regions: some Collection<MemoryRegion>,
                      _ report: (PhysicalRange, MemoryKind) throws(MemoryError) -> Void) throws(MemoryError)
    {
        for region in regions where region.base.addingReportingOverflow(region.length).overflow {
            throw .regionOverflows(base: region.base, length: region.length)
        }
        guard var position = lowestBase(of: regions) else { return }
        var pending: MemoryMapEntry? = nil
        while let next = nextBoundary(after: position, in: regions) {
            if let kind = kindCovering(position, in: regions) {
                if let open = pending, open.kind == kind, open.range.end == position {
                    pending = MemoryMapEntry(range: PhysicalRange(base: open.range.base, end: next), kind: kind)
                } else {
                    if let open = pending { try report(open.range, open.kind) }
                    pending = MemoryMapEntry(range: PhysicalRange(base: position, end: next), kind: kind)
                }
            }
            position = next
        }
        if let open = pending { try report(open.range, open.kind) }
    }

    private static func lowestBase(of regions: some Collection<MemoryRegion>) -> UInt64? {
        var lowest: UInt64? = nil
        for region in regions where region.length > 0 && region.base < (lowest ?? .max) { lowest = region.base }
        return lowest
    }

    private static func nextBoundary(after position: UInt64, in regions: some Collection<MemoryRegion>) -> UInt64? {
        var next: UInt64? = nil
        func consider(_ boundary: UInt64) {
            if boundary > position && boundary <= (next ?? .max) { next = boundary }
        }
        for region in regions where region.length > 0 {
            consider(region.base)
            consider(region.end)
        }
        return next
    }

    private static func kindCovering(_ address: UInt64, in regions: some Collection<MemoryRegion>) -> MemoryKind? {
        var kind: MemoryKind? = nil
        for region in regions where region.length > 0 && region.base <= address && address < region.end {
            if kind == nil || region.kind.restrictiveness > kind!.restrictiveness { kind = region.kind }
        }
        return kind
    }
}

/// The boot information's memory regions as a collection, without a closure (which could need the heap).
public struct BootInfoRegions: RandomAccessCollection {
    public let bootInfo: BootInfo

    public init(_ bootInfo: BootInfo) { self.bootInfo = bootInfo }

    public var startIndex: Int { 0 }
    public var endIndex: Int { bootInfo.regionCount }
    public subscript(index: Int) -> MemoryRegion { bootInfo.region(at: index) }
}
