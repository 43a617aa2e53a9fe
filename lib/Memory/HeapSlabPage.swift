/// A slab page, one page of blocks of one size class, seen through the 64-byte header at its start:
///    0 check u64: the page address xor `HeapLayout.slabMagic`, telling a slab page from anything else on `free`
///    8 next, 16 previous: the class's list of pages with a free block
///   24 four u64 words, one bit per block, set = allocated (bits past the capacity stay set)
///   56 blockSize u16   58 firstOffset u16   60 capacity u8   61 sizeClass u8   62 used u16
/// The fields the hot paths need sit in the header so that they need no size-class lookup.
struct HeapSlabPage: Equatable {
    let base: UnsafeMutableRawPointer

    init(_ base: UnsafeMutableRawPointer) { self.base = base }

    @inline(__always)
    init?(containing block: UnsafeMutableRawPointer) {
        let page = Self.base(of: block)
        guard page.load(as: UInt.self) == UInt(bitPattern: page) ^ HeapLayout.slabMagic else { return nil }
        self.base = page
    }

    /// The start of the page `block` lies in (not checked to be a slab page).
    @inline(__always)
    static func base(of block: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: UInt(bitPattern: block) & ~UInt(HeapLayout.pageSize - 1))!
    }

    static func format(_ base: UnsafeMutableRawPointer, sizeClass index: Int) -> HeapSlabPage {
        let sizeClass = HeapSizeClass.at(index)
        let page = HeapSlabPage(base)
        base.storeBytes(of: UInt(bitPattern: base) ^ HeapLayout.slabMagic, as: UInt.self)
        page.next = nil
        page.previous = nil
        for word in 0..<4 {
            let bits = sizeClass.capacity - word * 64
            page.bitmap[word] = bits >= 64 ? 0 : bits <= 0 ? ~0 : ~0 << UInt64(bits)
        }
        base.storeBytes(of: UInt16(sizeClass.size), toByteOffset: 56, as: UInt16.self)
        base.storeBytes(of: UInt16(sizeClass.firstOffset), toByteOffset: 58, as: UInt16.self)
        base.storeBytes(of: UInt8(sizeClass.capacity), toByteOffset: 60, as: UInt8.self)
        base.storeBytes(of: UInt8(index), toByteOffset: 61, as: UInt8.self)
        page.used = 0
        return page
    }

    /// Clears the magic so a stale pointer into a returned page is not taken for a live block.
    func retire() { base.storeBytes(of: 0, as: UInt.self) }

    var next: UnsafeMutableRawPointer? {
        get { base.load(fromByteOffset: 8, as: UnsafeMutableRawPointer?.self) }
        nonmutating set { base.storeBytes(of: newValue, toByteOffset: 8, as: UnsafeMutableRawPointer?.self) }
    }

    var previous: UnsafeMutableRawPointer? {
        get { base.load(fromByteOffset: 16, as: UnsafeMutableRawPointer?.self) }
        nonmutating set { base.storeBytes(of: newValue, toByteOffset: 16, as: UnsafeMutableRawPointer?.self) }
    }

    private var bitmap: UnsafeMutablePointer<UInt64> { (base + 24).assumingMemoryBound(to: UInt64.self) }
    var blockSize: Int { Int(base.load(fromByteOffset: 56, as: UInt16.self)) }
    private var firstOffset: Int { Int(base.load(fromByteOffset: 58, as: UInt16.self)) }
    var capacity: Int { Int(base.load(fromByteOffset: 60, as: UInt8.self)) }
    var sizeClass: Int { Int(base.load(fromByteOffset: 61, as: UInt8.self)) }

    var used: Int {
        get { Int(base.load(fromByteOffset: 62, as: UInt16.self)) }
        nonmutating set { base.storeBytes(of: UInt16(newValue), toByteOffset: 62, as: UInt16.self) }
    }

    /// Takes a free block; the caller knows there is one.
    @inline(__always)
    func take() -> UnsafeMutableRawPointer {
        let words = bitmap
        for word in 0..<4 where words[word] != ~0 {
            let bit = (~words[word]).trailingZeroBitCount
            words[word] |= 1 << UInt64(bit)
            used += 1
            return base + firstOffset + (word * 64 + bit) * blockSize
        }
        preconditionFailure("heap slab page has no free block")
    }

    /// Returns `block` to the page.
    @inline(__always)
    func give(_ block: UnsafeMutableRawPointer) throws(HeapError) {
        let (word, mask) = try allocatedBit(of: block)
        bitmap[word] &= ~mask
        used -= 1
    }

    /// The bitmap word and bit of `block`, a block of this page that is allocated; an error for anything else.
    @inline(__always)
    func allocatedBit(of block: UnsafeMutableRawPointer) throws(HeapError) -> (word: Int, mask: UInt64) {
        let offset = block - base - firstOffset
        let size = blockSize
        guard offset >= 0, offset % size == 0, offset / size < capacity else {
            throw .invalidPointer(UInt(bitPattern: block))
        }
        let index = offset / size
        let mask: UInt64 = 1 << UInt64(index % 64)
        guard bitmap[index / 64] & mask != 0 else { throw .doubleFree(UInt(bitPattern: block)) }
        return (index / 64, mask)
    }
}

/// The 16 bytes just below the pointer of a block too big for the size classes, which gets pages of its own.
/// Its pointer is either 16 bytes into its first page or, when it must be more aligned, at the start of its
/// second page; slab blocks never start at those offsets (the slab header covers them), so the offset of a
/// pointer tells which kind of block it is.
struct HeapLargeHeader {
    /// The block's pointer xor `HeapLayout.largeMagic`.
    var check: UInt
    var pages: Int

    static func isLarge(_ block: UnsafeMutableRawPointer) -> Bool {
        let offset = Int(UInt(bitPattern: block) & UInt(HeapLayout.pageSize - 1))
        return offset == 0 || offset == HeapLayout.largeHeaderSize
    }

    static func header(of block: UnsafeMutableRawPointer) -> UnsafeMutablePointer<HeapLargeHeader> {
        (block - HeapLayout.largeHeaderSize).assumingMemoryBound(to: HeapLargeHeader.self)
    }

    static func firstPage(of block: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        block - (UInt(bitPattern: block) & UInt(HeapLayout.pageSize - 1) == 0
            ? HeapLayout.pageSize : HeapLayout.largeHeaderSize)
    }
}

public enum HeapError: Error, Equatable {
    /// The pointer is not one the heap handed out.
    case invalidPointer(UInt)
    /// The block is free already.
    case doubleFree(UInt)
}
