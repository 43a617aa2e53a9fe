/// The kernel heap behind `posix_memalign`, `malloc` and `free`.
///
/// Requests up to 2016 bytes (alignment up to 64, or up to 2048 for power-of-two classes) come from slab
/// pages of one size class each; bigger or more aligned requests get whole pages of their own. Pages come from
/// `pageSource` and go back to `pageSink` as soon as they are empty, except one empty page per size class
/// kept against alloc/free ping-pong, and the pages of the blocks the class keeps for reuse (`cached`); `trim`
/// returns those too. The heap itself allocates nothing; the caller serializes access.
public struct Heap {
    public typealias PageSource = (_ pages: Int) -> UnsafeMutableRawPointer?
    public typealias PageSink = (_ base: UnsafeMutableRawPointer, _ pages: Int) -> Void

    public static let pageSize = HeapLayout.pageSize
    public static let maxAlignment = HeapLayout.pageSize

    private let pageSource: PageSource
    private let pageSink: PageSink
    /// Per size class, the list of its pages that have a free block.
    private var partial = InlineArray<28, HeapSlabPage?>(repeating: nil)
    /// Per size class, blocks freed lately and kept for its next allocations: a list linked through the blocks'
    /// first words, at most `cacheLimit` long. Taking one and giving it back skip the slab page's bitmap and
    /// lists (~100 of the ~240 guest instructions of an allocation and its free in the kernel; a spawn + exit +
    /// wait makes ~90). A cached block stays allocated in its page; its second word holds its address xor
    /// `HeapLayout.cacheMagic`, so that freeing it again is still caught.
    private var cached = InlineArray<28, UnsafeMutableRawPointer?>(repeating: nil)
    private var cachedCount = InlineArray<28, Int>(repeating: 0)
    public static let cacheLimit = 16

    /// Bytes of live blocks, counted at their `usableSize`.
    public private(set) var bytesInUse = 0
    public private(set) var blocksInUse = 0
    /// Pages taken from the page source and not yet returned.
    public private(set) var pagesHeld = 0

    public init(pageSource: @escaping PageSource, pageSink: @escaping PageSink) {
        self.pageSource = pageSource
        self.pageSink = pageSink
    }

    /// A block of at least `byteCount` bytes aligned to `alignment` (a power of two up to 4096), or nil when
    /// the page source is exhausted or the request cannot be met.
    @inline(__always)
    public mutating func allocate(byteCount: Int, alignment: Int = 16) -> UnsafeMutableRawPointer? {
        // The common request, a block of at most 128 bytes and 16-byte alignment that its class keeps, goes no
        // further; the rest of the work is out of line, so that this needs no registers saved.
        if byteCount > 0 && byteCount <= 128 && alignment > 0 && alignment <= 16 && alignment & (alignment &- 1) == 0 {
            let sizeClass = HeapSizeClass.smallestTiling(fitting: byteCount)
            if let block = cached[sizeClass] { return takeCached(block, sizeClass) }
        }
        return allocateFromPages(byteCount: byteCount, alignment: alignment)
    }

    @inline(never)
    private mutating func allocateFromPages(byteCount: Int, alignment: Int) -> UnsafeMutableRawPointer? {
        guard byteCount >= 0, alignment > 0, alignment & (alignment - 1) == 0, alignment <= Self.maxAlignment
        else { return nil }
        let size = max(byteCount, 1)
        if let sizeClass = Self.sizeClass(for: size, alignment: alignment) {
            if let block = cached[sizeClass] { return takeCached(block, sizeClass) }
            if let block = allocateSmall(sizeClass) { return block }
            return trimmed() ? allocateSmall(sizeClass) : nil
        }
        if let block = allocateLarge(size, alignment: alignment) { return block }
        return trimmed() ? allocateLarge(size, alignment: alignment) : nil
    }

    /// Frees a block from `allocate`. Pointers the heap never handed out, and blocks freed twice, are
    /// reported as far as the heap can tell them from live blocks; the heap is unchanged then.
    @inline(__always)
    public mutating func free(_ block: UnsafeMutableRawPointer) throws(HeapError) {
        // The common case, an allocated slab block whose class keeps it, as `allocate`; a block that may be kept
        // already (its second word says so) is looked for in the list out of line.
        if !HeapLargeHeader.isLarge(block), let page = HeapSlabPage(containing: block) {
            let sizeClass = page.sizeClass
            if cachedCount[sizeClass] < Self.cacheLimit
                && block.load(fromByteOffset: 8, as: UInt.self) != UInt(bitPattern: block) ^ HeapLayout.cacheMagic
            {
                _ = try page.allocatedBit(of: block)
                keep(block, sizeClass, blockSize: page.blockSize)
                return
            }
        }
        try freeSlowly(block)
    }

    @inline(never)
    private mutating func freeSlowly(_ block: UnsafeMutableRawPointer) throws(HeapError) {
        if HeapLargeHeader.isLarge(block) {
            try freeLarge(block)
            return
        }
        guard let page = HeapSlabPage(containing: block) else { throw .invalidPointer(UInt(bitPattern: block)) }
        _ = try page.allocatedBit(of: block)
        let sizeClass = page.sizeClass
        if block.load(fromByteOffset: 8, as: UInt.self) == UInt(bitPattern: block) ^ HeapLayout.cacheMagic
            && Self.list(from: cached[sizeClass], contains: block)
        {
            throw .doubleFree(UInt(bitPattern: block))
        }
        if cachedCount[sizeClass] < Self.cacheLimit {
            keep(block, sizeClass, blockSize: page.blockSize)
        } else {
            bytesInUse -= page.blockSize
            blocksInUse -= 1
            returnToPage(block, page)
        }
    }

    /// How many bytes the block really offers (at least what was asked for).
    public func usableSize(of block: UnsafeMutableRawPointer) -> Int? {
        if HeapLargeHeader.isLarge(block) {
            let header = HeapLargeHeader.header(of: block)
            guard header.pointee.check == UInt(bitPattern: block) ^ HeapLayout.largeMagic else { return nil }
            return header.pointee.pages * Self.pageSize - (block - HeapLargeHeader.firstPage(of: block))
        }
        guard let page = HeapSlabPage(containing: block) else { return nil }
        return page.blockSize
    }

    /// Returns the empty pages kept back: the cached blocks go back to their pages, then the empty page each size
    /// class keeps. The heap does it itself before it fails an allocation for want of pages.
    public mutating func trim() {
        flushCache()
        for sizeClass in 0..<HeapSizeClass.count {
            var cursor = partial[sizeClass]
            while let page = cursor {
                cursor = page.next.map(HeapSlabPage.init)
                if page.used == 0 { release(page) }
            }
        }
    }

    /// Static, as every helper of `allocate` and `free` that reads no state must be: a non-mutating method
    /// called from a mutating one gets a copy of the whole heap (408 bytes, `rep movsb`) in Embedded Swift.
    /// The fast paths (`sizeClass`, `takeCached`, `allocateSmall`, `take`) are inlined into `allocate`: as calls
    /// they cost ~45 guest instructions an allocation and its free in the kernel, of which a spawn + exit + wait
    /// makes ~100 (`make bench-wasi`: 102k -> 97.5k).
    @inline(__always)
    private static func sizeClass(for size: Int, alignment: Int) -> Int? {
        if alignment <= 16 {
            return size <= HeapSizeClass.largestTiling ? HeapSizeClass.smallestTiling(fitting: size) : nil
        }
        return alignedSizeClass(for: size, alignment: alignment)
    }

    private static func alignedSizeClass(for size: Int, alignment: Int) -> Int? {
        var best: Int? = nil
        for index in 0..<HeapSizeClass.count {
            let candidate = HeapSizeClass.at(index)
            if candidate.size >= size && candidate.alignment >= alignment
                && candidate.size < best.map({ HeapSizeClass.at($0).size }) ?? .max
            {
                best = index
            }
        }
        return best
    }

    @inline(__always)
    private mutating func takeCached(_ block: UnsafeMutableRawPointer, _ sizeClass: Int) -> UnsafeMutableRawPointer {
        cached[sizeClass] = block.load(as: UnsafeMutableRawPointer?.self)
        cachedCount[sizeClass] &-= 1
        block.storeBytes(of: 0, toByteOffset: 8, as: UInt.self)
        bytesInUse &+= HeapSlabPage(HeapSlabPage.base(of: block)).blockSize
        blocksInUse &+= 1
        return block
    }

    /// Keeps `block`, an allocated block of `sizeClass` that is not kept already, on the class's list.
    @inline(__always)
    private mutating func keep(_ block: UnsafeMutableRawPointer, _ sizeClass: Int, blockSize: Int) {
        block.storeBytes(of: cached[sizeClass], as: UnsafeMutableRawPointer?.self)
        block.storeBytes(of: UInt(bitPattern: block) ^ HeapLayout.cacheMagic, toByteOffset: 8, as: UInt.self)
        cached[sizeClass] = block
        cachedCount[sizeClass] &+= 1
        bytesInUse &-= blockSize
        blocksInUse &-= 1
    }

    /// `trim`; true when it gave any page back.
    private mutating func trimmed() -> Bool {
        let held = pagesHeld
        trim()
        return pagesHeld < held
    }

    /// Gives every cached block back to its page (which may then go back to the page source).
    private mutating func flushCache() {
        for sizeClass in 0..<HeapSizeClass.count {
            while let block = cached[sizeClass] {
                cached[sizeClass] = block.load(as: UnsafeMutableRawPointer?.self)
                block.storeBytes(of: 0, toByteOffset: 8, as: UInt.self)
                returnToPage(block, HeapSlabPage(HeapSlabPage.base(of: block)))
            }
            cachedCount[sizeClass] = 0
        }
    }

    private static func list(from head: UnsafeMutableRawPointer?, contains block: UnsafeMutableRawPointer) -> Bool {
        var cursor = head
        while let entry = cursor {
            if entry == block { return true }
            cursor = entry.load(as: UnsafeMutableRawPointer?.self)
        }
        return false
    }

    @inline(__always)
    private mutating func allocateSmall(_ sizeClass: Int) -> UnsafeMutableRawPointer? {
        let page: HeapSlabPage
        if let first = partial[sizeClass] {
            page = first
        } else {
            guard let fresh = newSlabPage(sizeClass) else { return nil }
            page = fresh
        }
        let block = page.take()
        if page.used == page.capacity { unlink(page) }
        bytesInUse += page.blockSize
        blocksInUse += 1
        return block
    }

    /// A new empty page of the size class, on the class's list.
    private mutating func newSlabPage(_ sizeClass: Int) -> HeapSlabPage? {
        guard let base = takePages(1) else { return nil }
        let page = HeapSlabPage.format(base, sizeClass: sizeClass)
        push(page)
        return page
    }

    /// Marks `block`, an allocated block of `page` no longer counted in use, free in its page.
    private mutating func returnToPage(_ block: UnsafeMutableRawPointer, _ page: HeapSlabPage) {
        let wasFull = page.used == page.capacity
        do throws(HeapError) {
            try page.give(block)
        } catch {
            preconditionFailure("heap: a block checked as allocated was not")
        }
        if wasFull { push(page) }
        let isOnlyPage = page.next == nil && page.previous == nil
        if page.used == 0 && !isOnlyPage { release(page) }
    }

    private mutating func allocateLarge(_ size: Int, alignment: Int) -> UnsafeMutableRawPointer? {
        let offset = alignment <= HeapLayout.largeHeaderSize ? HeapLayout.largeHeaderSize : Self.pageSize
        guard size <= Int.max - offset - Self.pageSize else { return nil }
        let pages = (size + offset + Self.pageSize - 1) / Self.pageSize
        guard let base = takePages(pages) else { return nil }
        let block = base + offset
        HeapLargeHeader.header(of: block).initialize(
            to: HeapLargeHeader(check: UInt(bitPattern: block) ^ HeapLayout.largeMagic, pages: pages))
        bytesInUse += pages * Self.pageSize - offset
        blocksInUse += 1
        return block
    }

    private mutating func freeLarge(_ block: UnsafeMutableRawPointer) throws(HeapError) {
        let header = HeapLargeHeader.header(of: block)
        guard header.pointee.check == UInt(bitPattern: block) ^ HeapLayout.largeMagic else {
            throw .invalidPointer(UInt(bitPattern: block))
        }
        let pages = header.pointee.pages
        let firstPage = HeapLargeHeader.firstPage(of: block)
        header.pointee.check = 0
        bytesInUse -= pages * Self.pageSize - (block - firstPage)
        blocksInUse -= 1
        returnPages(firstPage, pages)
    }

    private mutating func takePages(_ count: Int) -> UnsafeMutableRawPointer? {
        guard let base = pageSource(count) else { return nil }
        precondition(UInt(bitPattern: base) % UInt(Self.pageSize) == 0, "heap page source returned unaligned pages")
        pagesHeld += count
        return base
    }

    private mutating func returnPages(_ base: UnsafeMutableRawPointer, _ count: Int) {
        pagesHeld -= count
        pageSink(base, count)
    }

    private mutating func release(_ page: HeapSlabPage) {
        unlink(page)
        page.retire()
        returnPages(page.base, 1)
    }

    private mutating func push(_ page: HeapSlabPage) {
        let sizeClass = page.sizeClass
        page.previous = nil
        page.next = partial[sizeClass]?.base
        if let first = partial[sizeClass] { first.previous = page.base }
        partial[sizeClass] = page
    }

    private mutating func unlink(_ page: HeapSlabPage) {
        if let previous = page.previous {
            HeapSlabPage(previous).next = page.next
        } else {
            partial[page.sizeClass] = page.next.map(HeapSlabPage.init)
        }
        if let next = page.next { HeapSlabPage(next).previous = page.previous }
        page.next = nil
        page.previous = nil
    }
}
