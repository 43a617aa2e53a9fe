/// One leaf of the page tables: `size` bytes at `virtual` mapped to `physical`.
public struct Mapping: Equatable {
    public var virtual: UInt64
    public var physical: UInt64
    public var size: PageSize
    public var flags: PageFlags

    public init(virtual: UInt64, physical: UInt64, size: PageSize, flags: PageFlags) {
        self.virtual = virtual
        self.physical = physical
        self.size = size
        self.flags = flags
    }
}

/// x86-64 4-level page tables in physical memory reached through `Access`; new tables come from
/// `allocateFrame`, and go back through `releaseFrame` (when given) once `unmap` leaves them empty, which the
/// count each keeps in the entry that points at it tells (PageTableEntry.counted).
/// The caller invalidates TLB entries (`invlpg`, or reloading CR3) after `unmap` and `protect`.
public struct PageTable<Access: PhysicalAccess> {
    /// Physical address of the PML4, the value for CR3.
    public let root: UInt64
    public let access: Access
    private let allocateFrame: () -> UInt64?
    private let releaseFrame: ((UInt64) -> Void)?

    /// New, empty tables.
    public init(access: Access, allocateFrame: @escaping () -> UInt64?,
                releaseFrame: ((UInt64) -> Void)? = nil) throws(MemoryError)
    {
        let root = try Self.newTable(access: access, allocateFrame: allocateFrame)
        self.init(root: root, access: access, allocateFrame: allocateFrame, releaseFrame: releaseFrame)
    }

    /// Tables that exist already, e.g. the ones the loader built.
    public init(root: UInt64, access: Access, allocateFrame: @escaping () -> UInt64?,
                releaseFrame: ((UInt64) -> Void)? = nil)
    {
        self.root = root
        self.access = access
        self.allocateFrame = allocateFrame
        self.releaseFrame = releaseFrame
    }

    /// Maps one page. `present` is implied; tables on the way gain the writable and user bits the page needs.
    public func map(virtual: UInt64, physical: UInt64, flags: PageFlags, size: PageSize = .page4K)
        throws(MemoryError)
    {
        guard PageTableEntry.isCanonical(virtual) else { throw .nonCanonical(virtual) }
        guard virtual & (size.bytes - 1) == 0 else { throw .misaligned(virtual) }
        guard physical & (size.bytes - 1) == 0 else { throw .misaligned(physical) }
        guard physical < PageTableEntry.maxPhysical else { throw .physicalOutOfRange(physical) }
        try check(flags)
        var table = root
        var pointer: UnsafeMutablePointer<UInt64>? = nil  // the entry that points at `table`: none for the root
        var level = 4
        while level > size.level {
            let slot = entry(in: table, for: virtual, level: level)
            var value = slot.pointee
            if value & PageTableEntry.present == 0 {
                value = try newTable() | PageTableEntry.present | PageTableEntry.writable | PageTableEntry.counted
                count(1, in: pointer)
            } else if level <= 3 && value & PageTableEntry.hugePage != 0 {
                throw .alreadyMapped(virtual)
            }
            slot.pointee = value | intermediateBits(for: flags)
            table = value & PageTableEntry.addressMask
            pointer = slot
            level -= 1
        }
        let slot = entry(in: table, for: virtual, level: level)
        guard slot.pointee & PageTableEntry.present == 0 else { throw .alreadyMapped(virtual) }
        let huge = size == .page4K ? 0 : PageTableEntry.hugePage
        slot.pointee = physical | flags.rawValue | PageTableEntry.present | huge
        count(1, in: pointer)
    }

    /// Maps `length` bytes (page aligned), with 2 MiB pages wherever both addresses allow and 4 KiB pages
    /// elsewhere. On error, pages mapped before the failing one stay mapped.
    public func map(virtual: UInt64, physical: UInt64, length: UInt64, flags: PageFlags) throws(MemoryError) {
        guard Page.isAligned(length) else { throw .misaligned(length) }
        var offset: UInt64 = 0
        while offset < length {
            let big = PageSize.page2M.bytes
            let size: PageSize = (virtual + offset) % big == 0 && (physical + offset) % big == 0
                && length - offset >= big ? .page2M : .page4K
            try map(virtual: virtual + offset, physical: physical + offset, flags: flags, size: size)
            offset += size.bytes
        }
    }

    /// Removes the page that starts at `virtual` and returns what it mapped.
    @discardableResult
    public func unmap(virtual: UInt64) throws(MemoryError) -> Mapping {
        let walk = try leaf(at: virtual)
        walk.slot.pointee = 0
        let level = walk.mapping.size.level
        count(-1, in: pointer(at: level, in: walk.tables, for: virtual))
        releaseEmptied(from: level, walk.tables, for: virtual)
        return walk.mapping
    }

    /// Removes every 4 KiB page mapped in the `count` pages from `virtual` (page-aligned), handing each one's
    /// address and frame to `unmapped`; tables left empty go back through `releaseFrame`. Each page table is
    /// reached once (`forEachRun`). A larger page in the range is an error, and nothing from it on is removed.
    public func unmapPresent(from virtual: UInt64, count: UInt64,
                             _ unmapped: (_ virtual: UInt64, _ frame: UInt64) -> Void) throws(MemoryError) {
        try forEachRun(from: virtual, count: count) { first, slots, pages, tables in
            var removed = 0
            for k in 0..<pages where slots[k] & PageTableEntry.present != 0 {
                unmapped(first + UInt64(k) * Page.size, slots[k] & PageTableEntry.addressMask)
                slots[k] = 0
                removed += 1
            }
            guard removed > 0 else { return }
            self.count(-removed, in: pointer(at: 1, in: tables, for: first))
            releaseEmptied(from: 1, tables, for: first)
        }
    }

    /// Maps `frames[k]` (page-aligned frames) at the k-th page from `virtual` (page-aligned) with `flags`, or
    /// leaves that page unmapped where `frames[k]` is 0, handing each frame mapped there before to `replaced`.
    /// Tables on the way are made as `map` makes them, and each page table is reached once. A larger page in the
    /// range is an error, and nothing from it on changes.
    public func replace(from virtual: UInt64, with frames: UnsafeBufferPointer<UInt64>, flags: PageFlags,
                        _ replaced: (_ frame: UInt64) -> Void) throws(MemoryError) {
        try check(flags)
        var done = 0
        try forEachRun(from: virtual, count: UInt64(frames.count), making: flags) { first, slots, pages, tables in
            var added = 0
            for k in 0..<pages {
                let old = slots[k]
                if old & PageTableEntry.present != 0 {
                    replaced(old & PageTableEntry.addressMask)
                    added -= 1
                }
                let frame = frames[done + k]
                slots[k] = frame == 0 ? 0 : frame | flags.rawValue | PageTableEntry.present
                if frame != 0 { added += 1 }
            }
            count(added, in: pointer(at: 1, in: tables, for: first))
            done += pages
        }
    }

    /// Maps a frame from `frame()` at each of the `count` pages from `virtual` (page-aligned) in turn, up to the
    /// first page mapped already or the first nil from `frame()`; returns how many it mapped. Each page table
    /// is reached once, absent tables made as `map` makes them.
    public func mapAbsent(from virtual: UInt64, count: UInt64, flags: PageFlags, _ frame: () -> UInt64?)
        throws(MemoryError) -> Int {
        try check(flags)
        var mapped = 0, stopped = false
        try forEachRun(from: virtual, count: count, making: flags) { first, slots, pages, tables in
            var k = 0
            while !stopped && k < pages {
                guard slots[k] & PageTableEntry.present == 0, let next = frame() else {
                    stopped = true
                    break
                }
                slots[k] = next | flags.rawValue | PageTableEntry.present
                mapped += 1
                k += 1
            }
            self.count(k, in: pointer(at: 1, in: tables, for: first))
        }
        return mapped
    }

    /// How many of the `count` pages from `virtual` (page-aligned) are mapped, each page table reached once.
    public func countPresent(from virtual: UInt64, count: UInt64) throws(MemoryError) -> Int {
        var present = 0
        try forEachRun(from: virtual, count: count) { _, slots, pages, _ in
            for k in 0..<pages where slots[k] & PageTableEntry.present != 0 { present += 1 }
        }
        return present
    }

    /// Calls `run` with each stretch of the `count` pages from `virtual` that one page table holds: the first
    /// page's address, its entry and the ones after it (consecutive in the table: one pointer, not a walk per
    /// page), how many, and the tables walked (`tables[level]`). Absent tables are skipped whole, so a range
    /// costs a walk per 2 MiB rather than per page; `making` pages with those flags, absent tables are made as
    /// `map` makes them instead. A larger page in the range is an error.
    private func forEachRun(from virtual: UInt64, count: UInt64, making flags: PageFlags? = nil,
                            _ run: (UInt64, UnsafeMutablePointer<UInt64>, Int, InlineArray<5, UInt64>) -> Void)
        throws(MemoryError) {
        guard Page.isAligned(virtual) else { throw .misaligned(virtual) }
        let (end, overflow) = virtual.addingReportingOverflow(count &* Page.size)
        guard !overflow, count <= UInt64.max / Page.size else { throw .nonCanonical(virtual) }
        var address = virtual
        while address < end {
            guard PageTableEntry.isCanonical(address) else { throw .nonCanonical(address) }
            var tables = InlineArray<5, UInt64>(repeating: 0)
            var table = root
            var level = 4
            while level > 1 {
                tables[level] = table
                let slot = entry(in: table, for: address, level: level)
                var value = slot.pointee
                if value & PageTableEntry.present == 0 {
                    guard flags != nil else { break }
                    value = try newTable() | PageTableEntry.present | PageTableEntry.writable | PageTableEntry.counted
                    self.count(1, in: pointer(at: level, in: tables, for: address))
                } else if value & PageTableEntry.hugePage != 0 {
                    throw .misaligned(address)
                }
                if let flags {
                    value |= intermediateBits(for: flags)
                    slot.pointee = value
                }
                table = value & PageTableEntry.addressMask
                level -= 1
            }
            // Past what the absent entry at `level` covers, or, once the walk reached a page table (level 1), to
            // that table's end: what one entry at level 2 covers.
            let span = UInt64(1) << UInt64(12 + 9 * max(level - 1, 1))
            let spanEnd = (address & ~(span - 1)) &+ span
            let stop = spanEnd == 0 || spanEnd > end ? end : spanEnd
            if level == 1 {
                tables[1] = table
                run(address, entry(in: table, for: address, level: 1), Int((stop - address) / Page.size), tables)
            }
            address = stop
        }
    }

    /// Replaces the flags of the page that starts at `virtual`; its address and size stay.
    public func protect(virtual: UInt64, flags: PageFlags) throws(MemoryError) {
        try check(flags)
        let walk = try leaf(at: virtual)
        for level in (walk.mapping.size.level + 1)...4 {
            entry(in: walk.tables[level], for: virtual, level: level).pointee |= intermediateBits(for: flags)
        }
        let kept = walk.slot.pointee & ~PageFlags.supported.rawValue
        walk.slot.pointee = kept | flags.rawValue | PageTableEntry.present
    }

    /// The physical address `virtual` maps to, or nil.
    public func translate(_ virtual: UInt64) -> UInt64? {
        guard let mapping = lookup(virtual) else { return nil }
        return mapping.physical + (virtual - mapping.virtual)
    }

    /// The page containing `virtual`, or nil.
    public func lookup(_ virtual: UInt64) -> Mapping? {
        guard PageTableEntry.isCanonical(virtual) else { return nil }
        return walk(to: virtual)?.mapping
    }

    private func leaf(at virtual: UInt64) throws(MemoryError) -> Walk {
        guard PageTableEntry.isCanonical(virtual) else { throw .nonCanonical(virtual) }
        guard let walk = walk(to: virtual) else { throw .notMapped(virtual) }
        guard walk.mapping.virtual == virtual else { throw .misaligned(virtual) }
        return walk
    }

    /// The path to the leaf entry for `virtual`, the way the CPU walks it.
    private struct Walk {
        var slot: UnsafeMutablePointer<UInt64>
        var mapping: Mapping
        /// `tables[level]` is the physical address of the table walked at that level (index 0 unused).
        var tables: InlineArray<5, UInt64>
    }

    private func walk(to virtual: UInt64) -> Walk? {
        var tables = InlineArray<5, UInt64>(repeating: 0)
        var table = root
        var level = 4
        while true {
            tables[level] = table
            let slot = entry(in: table, for: virtual, level: level)
            let value = slot.pointee
            guard value & PageTableEntry.present != 0 else { return nil }
            let size: PageSize? = switch level {
            case 1: .page4K
            case 2 where value & PageTableEntry.hugePage != 0: .page2M
            case 3 where value & PageTableEntry.hugePage != 0: .page1G
            default: nil
            }
            if let size {
                let mask = ~(size.bytes - 1)
                let mapping = Mapping(virtual: virtual & mask, physical: value & PageTableEntry.addressMask & mask,
                                      size: size, flags: PageFlags(rawValue: value & PageFlags.supported.rawValue))
                return Walk(slot: slot, mapping: mapping, tables: tables)
            }
            table = value & PageTableEntry.addressMask
            level -= 1
        }
    }

    private func check(_ flags: PageFlags) throws(MemoryError) {
        let unsupported = flags.rawValue & ~PageFlags.supported.rawValue
        guard unsupported == 0 else { throw .unsupportedFlags(unsupported) }
    }

    /// A table entry grants the intersection of its own rights and the leaf's, so tables above a writable
    /// or user page must be writable or user too.
    private func intermediateBits(for flags: PageFlags) -> UInt64 {
        PageTableEntry.present | (flags.rawValue & (PageTableEntry.writable | PageTableEntry.user))
    }

    private func entries(_ table: UInt64) -> UnsafeMutablePointer<UInt64> {
        access.pointer(to: table).assumingMemoryBound(to: UInt64.self)
    }

    private func entry(in table: UInt64, for virtual: UInt64, level: Int) -> UnsafeMutablePointer<UInt64> {
        entries(table) + PageTableEntry.index(of: virtual, level: level)
    }

    /// The entry that points at `tables[level]`, the table walked at `level` towards `virtual`; none for the root.
    private func pointer(at level: Int, in tables: InlineArray<5, UInt64>, for virtual: UInt64)
        -> UnsafeMutablePointer<UInt64>? {
        level < 4 ? entry(in: tables[level + 1], for: virtual, level: level + 1) : nil
    }

    /// Adds `delta` to the count of non-zero entries `pointer` keeps for the table it points at, when it keeps
    /// one (PageTableEntry.counted). The count stays within 0...512, so the sum never carries out of its bits.
    private func count(_ delta: Int, in pointer: UnsafeMutablePointer<UInt64>?) {
        guard let pointer, delta != 0, pointer.pointee & PageTableEntry.counted != 0 else { return }
        pointer.pointee &+= UInt64(bitPattern: Int64(delta)) << PageTableEntry.countShift
    }

    /// Gives back, through `releaseFrame`, the tables walked towards `virtual` (`tables`) from `level` up that
    /// are left empty, each one's entry cleared in the table above it.
    private func releaseEmptied(from level: Int, _ tables: InlineArray<5, UInt64>, for virtual: UInt64) {
        guard let releaseFrame else { return }
        var level = level
        while let pointer = self.pointer(at: level, in: tables, for: virtual),
              isEmpty(tables[level], pointedAtBy: pointer) {
            releaseFrame(tables[level])
            pointer.pointee = 0
            level += 1
            count(-1, in: self.pointer(at: level, in: tables, for: virtual))
        }
    }

    /// Whether every entry of `table` is 0: its count, in `pointer`, the entry that points at it, or else (a
    /// table this type did not make) the table read whole, eight entries ORed together per test.
    private func isEmpty(_ table: UInt64, pointedAtBy pointer: UnsafeMutablePointer<UInt64>) -> Bool {
        let entry = pointer.pointee
        if entry & PageTableEntry.counted != 0 { return entry & PageTableEntry.countMask == 0 }
        let slots = entries(table)
        var i = 0
        while i < PageTableEntry.entriesPerTable {
            let any = slots[i] | slots[i + 1] | slots[i + 2] | slots[i + 3]
                | slots[i + 4] | slots[i + 5] | slots[i + 6] | slots[i + 7]
            if any != 0 { return false }
            i += 8
        }
        return true
    }

    private func newTable() throws(MemoryError) -> UInt64 {
        try Self.newTable(access: access, allocateFrame: allocateFrame)
    }

    private static func newTable(access: Access, allocateFrame: () -> UInt64?) throws(MemoryError) -> UInt64 {
        guard let frame = allocateFrame() else { throw .outOfFrames }
        guard Page.isAligned(frame), frame < PageTableEntry.maxPhysical else { throw .misaligned(frame) }
        access.pointer(to: frame).initializeMemory(as: UInt8.self, repeating: 0, count: Int(Page.size))
        return frame
    }
}
