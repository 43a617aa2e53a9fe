/// The header at the start of every slab page: one page of blocks of one size class.
struct HeapSlabHeader {
    /// The page address xor `HeapLayout.slabMagic`: tells a slab page from anything else on `free`.
    var check: UInt
    var next: UnsafeMutableRawPointer?
    var previous: UnsafeMutableRawPointer?
    /// One bit per block, set = allocated; bits past the class capacity stay set.
    var allocated: InlineArray<4, UInt64>
    var sizeClass: UInt16
    var used: UInt16
}

/// A slab page seen through its header; all pointer work on slab pages happens here.
struct HeapSlabPage: Equatable {
    let base: UnsafeMutableRawPointer

    init(_ base: UnsafeMutableRawPointer) { self.base = base }

    init?(containing block: UnsafeMutableRawPointer) {
        let page = UnsafeMutableRawPointer(bitPattern: UInt(bitPattern: block) & ~UInt(HeapLayout.pageSize - 1))!
        guard page.load(as: UInt.self) == UInt(bitPattern: page) ^ HeapLayout.slabMagic else { return nil }
        self.base = page
    }

    var header: UnsafeMutablePointer<HeapSlabHeader> { base.assumingMemoryBound(to: HeapSlabHeader.self) }

    static func format(_ base: UnsafeMutableRawPointer, sizeClass index: Int) -> HeapSlabPage {
        let capacity = HeapSizeClass.at(index).capacity
        var allocated = InlineArray<4, UInt64>(repeating: ~0)
        for word in 0..<4 where word * 64 < capacity {
            let bits = capacity - word * 64
            allocated[word] = bits >= 64 ? 0 : ~0 << UInt64(bits)
        }
        base.bindMemory(to: HeapSlabHeader.self, capacity: 1).initialize(to: HeapSlabHeader(
            check: UInt(bitPattern: base) ^ HeapLayout.slabMagic, next: nil, previous: nil,
            allocated: allocated, sizeClass: UInt16(index), used: 0))
        return HeapSlabPage(base)
    }

    /// Clears the magic so a stale pointer into a returned page is not taken for a live block.
    func retire() { header.pointee.check = 0 }

    var sizeClass: Int { Int(header.pointee.sizeClass) }
    var used: Int { Int(header.pointee.used) }

    /// Takes a free block; the caller knows there is one.
    func take() -> UnsafeMutableRawPointer {
        let h = header
        for word in 0..<4 where h.pointee.allocated[word] != ~0 {
            let bit = (~h.pointee.allocated[word]).trailingZeroBitCount
            h.pointee.allocated[word] |= 1 << UInt64(bit)
            h.pointee.used += 1
            let sizeClass = HeapSizeClass.at(sizeClass)
            return base + sizeClass.firstOffset + (word * 64 + bit) * sizeClass.size
        }
        preconditionFailure("heap slab page has no free block")
    }

    /// Returns `block` to the page.
    func give(_ block: UnsafeMutableRawPointer) throws(HeapError) {
        let sizeClass = HeapSizeClass.at(sizeClass)
        let offset = block - base - sizeClass.firstOffset
        guard offset >= 0, offset % sizeClass.size == 0, offset / sizeClass.size < sizeClass.capacity else {
            throw .invalidPointer(UInt(bitPattern: block))
        }
        let index = offset / sizeClass.size
        let mask: UInt64 = 1 << UInt64(index % 64)
        let h = header
        guard h.pointee.allocated[index / 64] & mask != 0 else { throw .doubleFree(UInt(bitPattern: block)) }
        h.pointee.allocated[index / 64] &= ~mask
        h.pointee.used -= 1
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
