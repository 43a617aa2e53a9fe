import BootInfo
import Memory
import XCTest

final class FrameAllocatorTests: XCTestCase {
    private let mib: UInt64 = 0x10_0000

    private func makeAllocator(_ ranges: [PhysicalRange], memory: SimulatedPhysicalMemory) throws
        -> FrameAllocator<SimulatedPhysicalMemory>
    {
        try FrameAllocator(usable: ranges, access: memory)
    }

    func testHandsOutEveryManagedFrameOnceAndNeverItsMetadata() throws {
        let memory = SimulatedPhysicalMemory(size: Int(16 * mib))
        let ranges = [PhysicalRange(base: mib, end: 2 * mib), PhysicalRange(base: 4 * mib, end: 4 * mib + 0x5000)]
        var frames = try makeAllocator(ranges, memory: memory)
        XCTAssertEqual(frames.metadata.base, mib)
        XCTAssertEqual(frames.metadata.length, 0x1000)
        XCTAssertEqual(frames.totalCount, 255 + 5)
        XCTAssertEqual(frames.freeCount, frames.totalCount)
        var seen = Set<UInt64>()
        while let frame = frames.allocate() {
            XCTAssertTrue(seen.insert(frame).inserted, "frame \(frame) handed out twice")
            XCTAssertTrue(Page.isAligned(frame))
            XCTAssertFalse(frames.metadata.contains(frame))
            XCTAssertTrue(ranges.contains { $0.contains(frame) })
        }
        XCTAssertEqual(seen.count, 260)
        XCTAssertEqual(frames.freeCount, 0)
        XCTAssertNil(frames.allocate(count: 1, alignment: 4096))
    }

    func testDoubleFreeAndForeignFramesAreErrors() throws {
        let memory = SimulatedPhysicalMemory(size: Int(8 * mib))
        var frames = try makeAllocator([PhysicalRange(base: mib, end: 3 * mib)], memory: memory)
        let frame = try XCTUnwrap(frames.allocate())
        try frames.free(frame)
        XCTAssertThrowsError(try frames.free(frame)) { XCTAssertEqual($0 as? MemoryError, .frameNotAllocated(frame)) }
        XCTAssertThrowsError(try frames.free(2 * mib)) {
            XCTAssertEqual($0 as? MemoryError, .frameNotAllocated(2 * mib))
        }
        XCTAssertThrowsError(try frames.free(frames.metadata.base)) {
            XCTAssertEqual($0 as? MemoryError, .frameNotManaged(frames.metadata.base))
        }
        XCTAssertThrowsError(try frames.free(5 * mib)) { XCTAssertEqual($0 as? MemoryError, .frameNotManaged(5 * mib)) }
        XCTAssertThrowsError(try frames.free(frame + 8)) { XCTAssertEqual($0 as? MemoryError, .misaligned(frame + 8)) }
        XCTAssertEqual(frames.freeCount, frames.totalCount)
    }

    func testFreeingARunIsAllOrNothing() throws {
        let memory = SimulatedPhysicalMemory(size: Int(8 * mib))
        var frames = try makeAllocator([PhysicalRange(base: mib, end: 3 * mib)], memory: memory)
        let run = try XCTUnwrap(frames.allocate(count: 8, alignment: 4096))
        try frames.free(run + 0x3000)
        XCTAssertThrowsError(try frames.free(run, count: 8)) {
            XCTAssertEqual($0 as? MemoryError, .frameNotAllocated(run + 0x3000))
        }
        XCTAssertEqual(frames.isAllocated(run), true)
        XCTAssertEqual(frames.freeCount, frames.totalCount - 7)
        XCTAssertThrowsError(try frames.free(run + 0x4000, count: 1000)) {
            XCTAssertEqual($0 as? MemoryError, .frameNotManaged(3 * mib))
        }
        try frames.free(run, count: 3)
        try frames.free(run + 0x4000, count: 4)
        XCTAssertEqual(frames.freeCount, frames.totalCount)
    }

    func testContiguousRunIsTheFirstPastScatteredFrames() throws {
        let memory = SimulatedPhysicalMemory(size: Int(8 * mib))
        var frames = try makeAllocator([PhysicalRange(base: mib, end: 3 * mib)], memory: memory)
        var singles: [UInt64] = []
        for _ in 0..<200 { singles.append(try XCTUnwrap(frames.allocate())) }
        for (index, frame) in singles.enumerated() where index % 3 != 2 { try frames.free(frame) }  // 197 is the last kept
        // Holes of two frames between the kept ones: a run of two fits in the first, a run of three only past the last kept frame.
        let pair = try XCTUnwrap(frames.allocate(count: 2, alignment: 4096))
        XCTAssertEqual(pair, singles[0])
        let three = try XCTUnwrap(frames.allocate(count: 3, alignment: 4096))
        XCTAssertEqual(three, singles[198])
    }

    /// Whole words of taken frames are passed at once: the first fit past them, with a gap inside a word that is
    /// too small, is still the first fit, at every alignment.
    func testFirstFitPastFullWordsAndASmallGap() throws {
        let memory = SimulatedPhysicalMemory(size: Int(8 * mib))
        var frames = try makeAllocator([PhysicalRange(base: mib, end: 3 * mib)], memory: memory)
        var singles: [UInt64] = []
        for _ in 0..<200 { singles.append(try XCTUnwrap(frames.allocate())) }
        try frames.free(singles[70])
        try frames.free(singles[71])
        XCTAssertEqual(frames.allocate(count: 3, alignment: 4096), singles[199] + 4096)
        XCTAssertEqual(frames.allocate(count: 2, alignment: 4096), singles[70])
        let aligned = try XCTUnwrap(frames.allocate(count: 2, alignment: 0x8000))
        XCTAssertEqual(aligned % 0x8000, 0)
        XCTAssertEqual(aligned, (singles[199] + 4 * 4096 + 0x7FFF) / 0x8000 * 0x8000)
    }

    func testAlignedContiguousRuns() throws {
        let memory = SimulatedPhysicalMemory(size: Int(16 * mib))
        var frames = try makeAllocator([PhysicalRange(base: mib + 0x3000, end: 12 * mib)], memory: memory)
        let huge = try XCTUnwrap(frames.allocate(count: 512, alignment: 0x20_0000))
        XCTAssertEqual(huge % 0x20_0000, 0)
        for i in 0..<512 { XCTAssertEqual(frames.isAllocated(huge + UInt64(i) * 4096), true) }
        let dma = try XCTUnwrap(frames.allocate(count: 16, alignment: 0x1_0000))
        XCTAssertEqual(dma % 0x1_0000, 0)
        XCTAssertFalse(PhysicalRange(base: huge, length: 512 * 4096).overlaps(PhysicalRange(base: dma, length: 16 * 4096)))
        XCTAssertEqual(frames.freeCount, frames.totalCount - 528)
        XCTAssertNil(frames.allocate(count: 0, alignment: 4096))
        XCTAssertNil(frames.allocate(count: 1, alignment: 3000))
        XCTAssertNil(frames.allocate(count: frames.totalCount + 1, alignment: 4096))
    }

    func testFragmentationDefeatsContiguousRequestsOnly() throws {
        let memory = SimulatedPhysicalMemory(size: Int(4 * mib))
        var frames = try makeAllocator([PhysicalRange(base: mib, end: 2 * mib)], memory: memory)
        var all: [UInt64] = []
        while let frame = frames.allocate() { all.append(frame) }
        for frame in all.sorted() where (frame / 4096) % 2 == 0 { try frames.free(frame) }
        XCTAssertNil(frames.allocate(count: 2, alignment: 4096))
        XCTAssertNotNil(frames.allocate())
    }

    func testInvalidRangeListsAreErrors() {
        let memory = SimulatedPhysicalMemory(size: Int(4 * mib))
        XCTAssertThrowsError(try makeAllocator([PhysicalRange(base: 2 * mib, end: 3 * mib),
                                               PhysicalRange(base: mib, end: 2 * mib)], memory: memory)) {
            XCTAssertEqual($0 as? MemoryError, .overlappingRanges)
        }
        XCTAssertThrowsError(try makeAllocator([PhysicalRange(base: mib + 1, end: mib + 0x1FFF)], memory: memory)) {
            XCTAssertEqual($0 as? MemoryError, .noUsableMemory)
        }
        XCTAssertThrowsError(try makeAllocator([PhysicalRange(base: mib, end: mib + 0x1000)], memory: memory)) {
            XCTAssertEqual($0 as? MemoryError, .noRoomForMetadata(bytes: 32))
        }
    }

    /// Randomized firmware maps, through `sanitize`, then the whole of memory allocated: every frame must be
    /// one the reference calls usable, and each at most once.
    func testRandomizedMapsNeverYieldReservedFrames() throws {
        var rng = SeededGenerator(seed: 0xF4A3_0002)
        let limit: UInt64 = 32 * mib
        let memory = SimulatedPhysicalMemory(size: Int(limit))
        var checkedMaps = 0
        for _ in 0..<60 {
            let regions = PhysicalMemoryMapTests.randomRegions(&rng, limit: limit)
            let reserve = [PhysicalRange(base: UInt64.random(in: 0..<limit, using: &rng), length: 0x2_0000)]
            let reference = PhysicalMemoryMapTests.referenceUsablePages(regions, reserve: reserve, limit: limit)
            guard let usable = try? PhysicalMemoryMap.sanitize(regions: regions, reserve: reserve),
                  var frames = try? FrameAllocator(usable: usable, access: memory)
            else { continue }
            checkedMaps += 1
            var handedOut = Set<UInt64>()
            while true {
                let frame: UInt64?
                if Bool.random(using: &rng) {
                    frame = frames.allocate()
                } else if let run = frames.allocate(count: 3, alignment: 0x4000) {
                    XCTAssertEqual(run % 0x4000, 0)
                    for i in 1..<3 { XCTAssertTrue(handedOut.insert(run + UInt64(i) * 4096).inserted) }
                    frame = run
                } else {
                    frame = frames.allocate()
                }
                guard let frame else { break }
                XCTAssertTrue(handedOut.insert(frame).inserted, "frame \(frame) twice")
            }
            XCTAssertEqual(frames.freeCount, 0)
            XCTAssertEqual(handedOut.count, frames.totalCount)
            XCTAssertEqual(UInt64(handedOut.count) + frames.metadata.length / 4096,
                           UInt64(reference.filter { $0 }.count))
            for frame in handedOut {
                XCTAssertTrue(reference[Int(frame / 4096)], "frame \(frame) is not usable in \(regions)")
                XCTAssertFalse(frames.metadata.contains(frame))
            }
        }
        XCTAssertGreaterThan(checkedMaps, 30)
    }

    func testRandomizedAllocateFreeKeepsCountsAndState() throws {
        var rng = SeededGenerator(seed: 0xA110_C003)
        let memory = SimulatedPhysicalMemory(size: Int(8 * mib))
        var frames = try makeAllocator([PhysicalRange(base: mib, end: 3 * mib), PhysicalRange(base: 5 * mib, end: 8 * mib)],
                                       memory: memory)
        var live: [(base: UInt64, count: Int)] = []
        var liveFrames = 0
        var taken = Set<UInt64>()
        /// The lowest aligned base of `count` free frames in one managed range: what a contiguous request gets.
        func firstFit(_ count: Int, _ alignment: Int) -> UInt64? {
            for index in 0..<frames.managedRangeCount {
                let range = frames.managedRange(at: index)
                var base = (range.base + UInt64(alignment) - 1) / UInt64(alignment) * UInt64(alignment)
                while base + UInt64(count) * 4096 <= range.end {
                    if (0..<count).allSatisfy({ !taken.contains(base + UInt64($0) * 4096) }) { return base }
                    base += UInt64(alignment)
                }
            }
            return nil
        }
        for step in 0..<5000 {
            if live.isEmpty || Int.random(in: 0..<3, using: &rng) > 0 {
                // Now and then a run longer than a bitmap word.
                let count = step % 50 == 0 ? Int.random(in: 60...140, using: &rng) : Int.random(in: 1...6, using: &rng)
                let alignment = 4096 << Int.random(in: 0...3, using: &rng)
                let expected = count > 1 || alignment > 4096 ? firstFit(count, alignment) : nil
                if let base = frames.allocate(count: count, alignment: alignment) {
                    if count > 1 || alignment > 4096 { XCTAssertEqual(base, expected, "first fit") }
                    for frame in 0..<count { taken.insert(base + UInt64(frame) * 4096) }
                    XCTAssertEqual(base % UInt64(alignment), 0)
                    for other in live {
                        XCTAssertFalse(PhysicalRange(base: base, length: UInt64(count) * 4096)
                            .overlaps(PhysicalRange(base: other.base, length: UInt64(other.count) * 4096)))
                    }
                    live.append((base, count))
                    liveFrames += count
                } else {
                    XCTAssertNil(expected, "a fit was there")
                }
            } else {
                let victim = live.remove(at: Int.random(in: 0..<live.count, using: &rng))
                try frames.free(victim.base, count: victim.count)
                for frame in 0..<victim.count { taken.remove(victim.base + UInt64(frame) * 4096) }
                liveFrames -= victim.count
            }
            XCTAssertEqual(frames.freeCount, frames.totalCount - liveFrames)
        }
    }
}
