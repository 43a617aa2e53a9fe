/// Everything that can go wrong in the physical memory map, the frame allocator and the page tables.
public enum MemoryError: Error, Equatable {
    /// After carving out everything reserved, no whole usable page is left.
    case noUsableMemory
    /// A fixed-capacity list (the memory map works before any heap exists) is full.
    case tooManyRanges
    /// A firmware region whose base plus length passes 2^64.
    case regionOverflows(base: UInt64, length: UInt64)
    /// Ranges given to the frame allocator must be sorted and must not overlap.
    case overlappingRanges
    /// No usable range is big enough for the frame allocator's own bitmap.
    case noRoomForMetadata(bytes: UInt64)
    /// An address that must be aligned to a page (or huge page) is not.
    case misaligned(UInt64)
    /// A frame outside every range the allocator manages.
    case frameNotManaged(UInt64)
    /// A frame that is free: a double free, or a frame the allocator never handed out.
    case frameNotAllocated(UInt64)
    /// A virtual address whose bits 48...63 are not copies of bit 47.
    case nonCanonical(UInt64)
    /// A physical address beyond the 52 bits a page-table entry can hold.
    case physicalOutOfRange(UInt64)
    /// Page-table flag bits outside `PageFlags.supported`.
    case unsupportedFlags(UInt64)
    /// Part of the virtual range is mapped already (by a page, a huge page, or a table in its way).
    case alreadyMapped(UInt64)
    /// Nothing is mapped at this virtual address.
    case notMapped(UInt64)
    /// The frame source had no frame left for a page table.
    case outOfFrames
}
