import Memory
import XCTest

final class HeapTests: XCTestCase {
    private struct Block {
        var pointer: UnsafeMutableRawPointer
        var size: Int
        var seed: UInt8
    }

    private func fill(_ block: Block) {
        for i in 0..<block.size { block.pointer.storeBytes(of: block.seed &+ UInt8(truncatingIfNeeded: i), toByteOffset: i, as: UInt8.self) }
    }

    private func isIntact(_ block: Block) -> Bool {
        (0..<block.size).allSatisfy {
            block.pointer.load(fromByteOffset: $0, as: UInt8.self) == block.seed &+ UInt8(truncatingIfNeeded: $0)
        }
    }

    func testSmallAndLargeBlocksAreAlignedAndUsable() throws {
        let pool = PagePool(pages: 512)
        var heap = pool.heap()
        for size in [0, 1, 15, 16, 17, 100, 2016, 2017, 4080, 4081, 50_000] {
            for shift in 0...12 {
                let alignment = 1 << shift
                let block = try XCTUnwrap(heap.allocate(byteCount: size, alignment: alignment), "\(size)/\(alignment)")
                XCTAssertEqual(Int(bitPattern: block) % alignment, 0, "size \(size) alignment \(alignment)")
                XCTAssertGreaterThanOrEqual(try XCTUnwrap(heap.usableSize(of: block)), size)
                block.initializeMemory(as: UInt8.self, repeating: 0x5A, count: max(size, 1))
                try heap.free(block)
            }
        }
        XCTAssertEqual(heap.blocksInUse, 0)
        XCTAssertEqual(heap.bytesInUse, 0)
        XCTAssertEqual(pool.badReturns, 0)
    }

    func testEverySizeGetsADistinctAlignedBlock() throws {
        let pool = PagePool(pages: 4096)
        var heap = pool.heap()
        var blocks: [(pointer: UnsafeMutableRawPointer, size: Int)] = []
        for size in 1...4200 {
            let block = try XCTUnwrap(heap.allocate(byteCount: size))
            XCTAssertEqual(Int(bitPattern: block) % 16, 0, "size \(size)")
            blocks.append((block, size))
        }
        let sorted = blocks.sorted { $0.pointer < $1.pointer }
        for (a, b) in zip(sorted, sorted.dropFirst()) { XCTAssertLessThanOrEqual(a.pointer + a.size, b.pointer) }
        for block in blocks { try heap.free(block.pointer) }
        XCTAssertEqual(heap.bytesInUse, 0)
    }

    func testInvalidRequestsReturnNil() {
        let pool = PagePool(pages: 16)
        var heap = pool.heap()
        XCTAssertNil(heap.allocate(byteCount: 16, alignment: 8192))
        XCTAssertNil(heap.allocate(byteCount: 16, alignment: 48))
        XCTAssertNil(heap.allocate(byteCount: 16, alignment: 0))
        XCTAssertNil(heap.allocate(byteCount: -1))
        XCTAssertNil(heap.allocate(byteCount: Int.max))
        XCTAssertEqual(heap.pagesHeld, 0)
    }

    func testBadFreesAreReportedAndChangeNothing() throws {
        let pool = PagePool(pages: 16)
        var heap = pool.heap()
        let small = try XCTUnwrap(heap.allocate(byteCount: 40))
        let large = try XCTUnwrap(heap.allocate(byteCount: 10_000))
        XCTAssertThrowsError(try heap.free(small + 16)) {
            XCTAssertEqual($0 as? HeapError, .invalidPointer(UInt(bitPattern: small + 16)))
        }
        XCTAssertThrowsError(try heap.free(small + 8)) {
            XCTAssertEqual($0 as? HeapError, .invalidPointer(UInt(bitPattern: small + 8)))
        }
        let stranger = UnsafeMutableRawPointer.allocate(byteCount: 8192, alignment: 4096)
        defer { stranger.deallocate() }
        stranger.initializeMemory(as: UInt8.self, repeating: 0, count: 8192)
        XCTAssertThrowsError(try heap.free(stranger + 64)) {
            XCTAssertEqual($0 as? HeapError, .invalidPointer(UInt(bitPattern: stranger + 64)))
        }
        XCTAssertThrowsError(try heap.free(stranger + 4096))
        let neighbour = try XCTUnwrap(heap.allocate(byteCount: 40))
        try heap.free(small)
        XCTAssertThrowsError(try heap.free(small)) {
            XCTAssertEqual($0 as? HeapError, .doubleFree(UInt(bitPattern: small)))
        }
        XCTAssertEqual(heap.blocksInUse, 2)
        try heap.free(neighbour)
        try heap.free(large)
        XCTAssertEqual(heap.blocksInUse, 0)
        XCTAssertEqual(pool.badReturns, 0)
    }

    func testExhaustionReturnsNilAndTheHeapRecovers() throws {
        let pool = PagePool(pages: 8)
        var heap = pool.heap()
        var blocks: [Block] = []
        var seed: UInt8 = 1
        while let pointer = heap.allocate(byteCount: 900) {
            let block = Block(pointer: pointer, size: 900, seed: seed)
            fill(block)
            blocks.append(block)
            seed &+= 1
        }
        XCTAssertEqual(blocks.count, 8 * 4, "four 1008-byte blocks per page")
        XCTAssertEqual(heap.pagesHeld, 8)
        XCTAssertNil(heap.allocate(byteCount: 20_000))
        XCTAssertNil(heap.allocate(byteCount: 16))
        XCTAssertTrue(blocks.allSatisfy(isIntact))
        try heap.free(blocks.removeLast().pointer)
        let again = try XCTUnwrap(heap.allocate(byteCount: 1000))
        try heap.free(again)
        for block in blocks {
            XCTAssertTrue(isIntact(block))
            try heap.free(block.pointer)
        }
        heap.trim()
        XCTAssertEqual(heap.pagesHeld, 0)
        XCTAssertEqual(pool.pagesOut, 0)
    }

    func testEmptyPagesGoBackToThePageSource() throws {
        let pool = PagePool(pages: 512)
        var heap = pool.heap()
        var blocks: [UnsafeMutableRawPointer] = []
        for i in 0..<3000 { blocks.append(try XCTUnwrap(heap.allocate(byteCount: 16 + (i % 7) * 100))) }
        let peak = heap.pagesHeld
        XCTAssertGreaterThan(peak, 20)
        for block in blocks { try heap.free(block) }
        // Per size class in use: one empty page kept, and the page or two of the last blocks freed, kept for reuse.
        XCTAssertLessThanOrEqual(heap.pagesHeld, 7 * 2, "at most two pages kept per size class in use")
        XCTAssertEqual(heap.pagesHeld, pool.pagesOut)
        heap.trim()
        XCTAssertEqual(heap.pagesHeld, 0)
        XCTAssertEqual(pool.pagesOut, 0)
        XCTAssertEqual(pool.badReturns, 0)
    }

    func testAFreedBlockIsTheNextOfItsSizeAndTrimGivesItBack() throws {
        let pool = PagePool(pages: 16)
        var heap = pool.heap()
        let first = try XCTUnwrap(heap.allocate(byteCount: 48))
        let second = try XCTUnwrap(heap.allocate(byteCount: 48))
        try heap.free(first)
        XCTAssertEqual(heap.bytesInUse, 48)
        XCTAssertEqual(heap.blocksInUse, 1)
        XCTAssertEqual(heap.allocate(byteCount: 40), first, "the block freed last comes back first")
        XCTAssertEqual(heap.bytesInUse, 96)
        try heap.free(first)
        try heap.free(second)
        XCTAssertEqual(heap.bytesInUse, 0)
        XCTAssertEqual(heap.pagesHeld, 1, "the page of the kept blocks")
        heap.trim()
        XCTAssertEqual(heap.pagesHeld, 0)
        XCTAssertEqual(pool.pagesOut, 0)
    }

    func testFreeingAKeptBlockAgainIsCaught() throws {
        let pool = PagePool(pages: 16)
        var heap = pool.heap()
        let block = try XCTUnwrap(heap.allocate(byteCount: 32))
        try heap.free(block)
        XCTAssertThrowsError(try heap.free(block)) {
            XCTAssertEqual($0 as? HeapError, .doubleFree(UInt(bitPattern: block)))
        }
        // One more than the class keeps: the last free goes to its page. Freeing either kind again is caught,
        // a kept one while the class's list is full too.
        let blocks = try (0...Heap.cacheLimit).map { _ in try XCTUnwrap(heap.allocate(byteCount: 32)) }
        for block in blocks { try heap.free(block) }
        for again in [blocks.first!, blocks.last!] {
            XCTAssertThrowsError(try heap.free(again)) {
                XCTAssertEqual($0 as? HeapError, .doubleFree(UInt(bitPattern: again)))
            }
        }
        XCTAssertEqual(heap.blocksInUse, 0)
        XCTAssertEqual(heap.bytesInUse, 0)
        heap.trim()
        XCTAssertEqual(pool.pagesOut, 0)
        XCTAssertEqual(pool.badReturns, 0)
    }

    func testKeptBlocksGiveWayWhenPagesRunOut() throws {
        let pool = PagePool(pages: 2)
        var heap = pool.heap()
        let blocks = try (0..<20).map { _ in try XCTUnwrap(heap.allocate(byteCount: 16)) }
        for block in blocks { try heap.free(block) }
        XCTAssertEqual(heap.pagesHeld, 1, "kept blocks and the class's empty page hold one page")
        let large = try XCTUnwrap(heap.allocate(byteCount: 5000), "two pages, once the kept ones go back")
        XCTAssertEqual(heap.pagesHeld, 2)
        try heap.free(large)
        XCTAssertEqual(pool.pagesOut, 0)
    }

    /// Random allocations and frees: live blocks never overlap, keep their alignment and their contents, and
    /// the statistics match; at the end every page is back.
    func testRandomizedSequencesKeepEveryInvariant() throws {
        var rng = SeededGenerator(seed: 0x4EA9_0005)
        let pool = PagePool(pages: 2048)
        var heap = pool.heap()
        var live: [Block] = []
        var liveBytes = 0
        for step in 0..<20_000 {
            if live.isEmpty || Int.random(in: 0..<100, using: &rng) < 55 {
                let size = switch Int.random(in: 0..<10, using: &rng) {
                case 0..<6: Int.random(in: 0...256, using: &rng)
                case 6..<9: Int.random(in: 257...2100, using: &rng)
                default: Int.random(in: 2101...20_000, using: &rng)
                }
                let alignment = Int.random(in: 0..<4, using: &rng) == 0 ? 1 << Int.random(in: 0...12, using: &rng) : 16
                guard let pointer = heap.allocate(byteCount: size, alignment: alignment) else {
                    XCTFail("pool of 2048 pages exhausted at step \(step)")
                    break
                }
                XCTAssertEqual(Int(bitPattern: pointer) % alignment, 0, "\(size) \(alignment) \(pointer)")
                let usable = try XCTUnwrap(heap.usableSize(of: pointer))
                XCTAssertGreaterThanOrEqual(usable, size)
                liveBytes += usable
                let block = Block(pointer: pointer, size: size, seed: UInt8(truncatingIfNeeded: step))
                fill(block)
                live.append(block)
            } else {
                let block = live.remove(at: Int.random(in: 0..<live.count, using: &rng))
                XCTAssertTrue(isIntact(block), "block of \(block.size) bytes was overwritten")
                liveBytes -= try XCTUnwrap(heap.usableSize(of: block.pointer))
                try heap.free(block.pointer)
            }
            if step % 1000 == 999 {
                let sorted = live.sorted { $0.pointer < $1.pointer }
                for (a, b) in zip(sorted, sorted.dropFirst()) {
                    XCTAssertLessThanOrEqual(a.pointer + max(a.size, 1), b.pointer, "live blocks overlap")
                }
                XCTAssertEqual(heap.blocksInUse, live.count)
                XCTAssertEqual(heap.bytesInUse, liveBytes)
                XCTAssertEqual(heap.pagesHeld, pool.pagesOut)
            }
        }
        XCTAssertTrue(live.allSatisfy(isIntact))
        for block in live { try heap.free(block.pointer) }
        XCTAssertEqual(heap.bytesInUse, 0)
        heap.trim()
        XCTAssertEqual(heap.pagesHeld, 0)
        XCTAssertEqual(pool.pagesOut, 0)
        XCTAssertEqual(pool.badReturns, 0)
    }
}
