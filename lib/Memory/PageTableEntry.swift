/// The attribute bits of an x86-64 page-table entry that callers choose (Intel SDM vol. 3, 4.5).
public struct PageFlags: OptionSet, Equatable, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let present = PageFlags(rawValue: 1 << 0)
    public static let writable = PageFlags(rawValue: 1 << 1)
    public static let user = PageFlags(rawValue: 1 << 2)
    public static let writeThrough = PageFlags(rawValue: 1 << 3)
    public static let cacheDisable = PageFlags(rawValue: 1 << 4)
    public static let global = PageFlags(rawValue: 1 << 8)
    public static let noExecute = PageFlags(rawValue: 1 << 63)

    public static let supported: PageFlags = [.present, .writable, .user, .writeThrough, .cacheDisable, .global,
                                              .noExecute]
}

/// The page sizes 4-level paging can map, and the table level whose entry maps each.
public enum PageSize: Equatable {
    case page4K
    case page2M
    case page1G

    public var bytes: UInt64 {
        switch self {
        case .page4K: 0x1000
        case .page2M: 0x20_0000
        case .page1G: 0x4000_0000
        }
    }

    /// 1 = page table, 2 = page directory, 3 = page-directory-pointer table, 4 = PML4.
    var level: Int {
        switch self {
        case .page4K: 1
        case .page2M: 2
        case .page1G: 3
        }
    }
}

/// Raw entry layout, kept in one place.
enum PageTableEntry {
    static let present: UInt64 = 1 << 0
    static let writable: UInt64 = 1 << 1
    static let user: UInt64 = 1 << 2
    /// In a level 2 or 3 entry: the entry maps a huge page instead of pointing at a table.
    static let hugePage: UInt64 = 1 << 7
    /// Bits 12...51: the physical address of a table or 4 KiB page (huge pages use the upper part).
    static let addressMask: UInt64 = 0x000F_FFFF_FFFF_F000
    static let maxPhysical: UInt64 = 1 << 52
    /// In an entry that points at a table, in bits the CPU ignores there: how many of that table's entries are not
    /// 0 (bits 52...61), kept for the tables `PageTable` made (bit 62), so that a table left empty is known
    /// without reading its 512 entries (~420 guest instructions each, eight a spawn + exit + wait).
    static let countShift: UInt64 = 52
    static let countMask: UInt64 = 0x3FF << 52
    static let counted: UInt64 = 1 << 62
    static let entriesPerTable = 512

    static func index(of virtual: UInt64, level: Int) -> Int {
        Int((virtual >> (12 + 9 * UInt64(level - 1))) & 0x1FF)
    }

    static func isCanonical(_ virtual: UInt64) -> Bool {
        let upper = virtual >> 47
        return upper == 0 || upper == 0x1_FFFF
    }
}
