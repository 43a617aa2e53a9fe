/// A size class: every block of a slab page has the class's size, and blocks start at `firstOffset` from the
/// page start (the page header lies below it).
struct HeapSizeClass {
    var size: Int
    var firstOffset: Int

    /// Every block of the class is aligned to this (the page itself is page aligned).
    var alignment: Int { min(firstOffset & -firstOffset, size & -size) }
    var capacity: Int { (HeapLayout.pageSize - firstOffset) / size }

    /// Classes that tile the 4032 bytes after the header nearly exactly (16-byte aligned), then power-of-two
    /// classes laid out on their own size for requests that need alignment above 64.
    static let count = 28

    static func at(_ index: Int) -> HeapSizeClass {
        let header = HeapLayout.slabHeaderSize
        switch index {
        case 0..<8: return HeapSizeClass(size: 16 * (index + 1), firstOffset: header)
        case 8: return HeapSizeClass(size: 160, firstOffset: header)
        case 9: return HeapSizeClass(size: 192, firstOffset: header)
        case 10: return HeapSizeClass(size: 224, firstOffset: header)
        case 11: return HeapSizeClass(size: 256, firstOffset: header)
        case 12: return HeapSizeClass(size: 288, firstOffset: header)
        case 13: return HeapSizeClass(size: 336, firstOffset: header)
        case 14: return HeapSizeClass(size: 400, firstOffset: header)
        case 15: return HeapSizeClass(size: 448, firstOffset: header)
        case 16: return HeapSizeClass(size: 496, firstOffset: header)
        case 17: return HeapSizeClass(size: 576, firstOffset: header)
        case 18: return HeapSizeClass(size: 672, firstOffset: header)
        case 19: return HeapSizeClass(size: 800, firstOffset: header)
        case 20: return HeapSizeClass(size: 1008, firstOffset: header)
        case 21: return HeapSizeClass(size: 1344, firstOffset: header)
        case 22: return HeapSizeClass(size: 2016, firstOffset: header)
        default:
            precondition(index >= 23 && index < count, "heap size class out of range")
            let size = 128 << (index - 23)
            return HeapSizeClass(size: size, firstOffset: size)
        }
    }

    /// Index of the smallest 16-byte-aligned class that holds `size` bytes (1 to 2016): the first eight classes
    /// are the multiples of 16, the rest are searched.
    @inline(__always)
    static func smallestTiling(fitting size: Int) -> Int {
        if size <= 128 { return (size - 1) >> 4 }
        return largerTiling(fitting: size)
    }

    private static func largerTiling(fitting size: Int) -> Int {
        var index = 8
        while at(index).size < size { index += 1 }
        return index
    }

    static let largestTiling = 2016
}

/// Page layout constants shared by slab pages and large blocks.
enum HeapLayout {
    static let pageSize = 4096
    static let slabHeaderSize = 64
    static let largeHeaderSize = 16
    static let slabMagic: UInt = 0x5741_4C4F_5353_4C42
    static let largeMagic: UInt = 0x5741_4C4F_534C_5247
    static let cacheMagic: UInt = 0x5741_4C4F_5343_4348
}
