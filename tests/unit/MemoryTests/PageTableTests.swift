import Memory
import XCTest

/// Decodes the raw tables the way the CPU does (Intel SDM vol. 3, 4.5), sharing no code with `PageTable`.
struct ReferenceWalker {
    struct Translation: Equatable {
        var physical: UInt64
        var pageBytes: UInt64
        var writable: Bool
        var user: Bool
        var executable: Bool
        var global: Bool
        var writeThrough: Bool
        var cacheDisable: Bool
    }

    let memory: SimulatedPhysicalMemory
    let cr3: UInt64

    func translate(_ virtual: UInt64) -> Translation? {
        var table = cr3 & 0x000F_FFFF_FFFF_F000
        var writable = true
        var user = true
        var executable = true
        for level in stride(from: 4, through: 1, by: -1) {
            let shift = UInt64(12 + 9 * (level - 1))
            let entry = memory.load(table + ((virtual >> shift) & 511) * 8)
            guard entry & 1 != 0 else { return nil }
            writable = writable && entry & 2 != 0
            user = user && entry & 4 != 0
            executable = executable && entry >> 63 == 0
            let isLeaf = level == 1 || ((level == 2 || level == 3) && entry & 0x80 != 0)
            if isLeaf {
                let pageBytes = UInt64(1) << shift
                let frame = entry & 0x000F_FFFF_FFFF_F000 & ~(pageBytes - 1)
                return Translation(physical: frame | (virtual & (pageBytes - 1)), pageBytes: pageBytes,
                                   writable: writable, user: user, executable: executable,
                                   global: entry & 0x100 != 0, writeThrough: entry & 8 != 0,
                                   cacheDisable: entry & 0x10 != 0)
            }
            table = entry & 0x000F_FFFF_FFFF_F000
        }
        return nil
    }
}

final class PageTableTests: XCTestCase {
    private let memory = SimulatedPhysicalMemory(size: 0x100_0000)
    /// Frames for tables from 8 MiB up, 4 KiB at a time; `tableFramesLeft` limits them.
    private var nextTableFrame: UInt64 = 0x80_0000
    private var tableFramesLeft = Int.max
    private var released: [UInt64] = []

    private func makeTable(reclaim: Bool = false) throws -> PageTable<SimulatedPhysicalMemory> {
        try PageTable(access: memory, allocateFrame: { [unowned self] in
            guard self.tableFramesLeft > 0 else { return nil }
            self.tableFramesLeft -= 1
            defer { self.nextTableFrame += 0x1000 }
            return self.nextTableFrame
        }, releaseFrame: reclaim ? { [unowned self] in self.released.append($0) } : nil)
    }

    private var tablesAllocated: Int { Int((nextTableFrame - 0x80_0000) / 0x1000) }

    func testMapTranslateRoundTrip() throws {
        let tables = try makeTable()
        let virtual: UInt64 = 0xFFFF_8000_1234_5000
        try tables.map(virtual: virtual, physical: 0x3_4000, flags: [.writable])
        XCTAssertEqual(tables.translate(virtual + 0x123), 0x3_4123)
        XCTAssertEqual(tables.lookup(virtual + 0xFFF),
                       Mapping(virtual: virtual, physical: 0x3_4000, size: .page4K, flags: [.present, .writable]))
        XCTAssertNil(tables.translate(virtual + 0x1000))
        XCTAssertNil(tables.translate(virtual - 1))
        XCTAssertEqual(tablesAllocated, 4, "root plus three tables")
        let walker = ReferenceWalker(memory: memory, cr3: tables.root)
        let seen = try XCTUnwrap(walker.translate(virtual + 0x123))
        XCTAssertEqual(seen.physical, 0x3_4123)
        XCTAssertEqual(seen.pageBytes, 0x1000)
        XCTAssertTrue(seen.writable)
        XCTAssertFalse(seen.user)
        XCTAssertTrue(seen.executable)
    }

    func testFlagBitsSitWhereTheCPULooks() throws {
        let tables = try makeTable()
        try tables.map(virtual: 0x40_0000, physical: 0x1000,
                       flags: [.writable, .user, .writeThrough, .cacheDisable, .global, .noExecute])
        let walker = ReferenceWalker(memory: memory, cr3: tables.root)
        XCTAssertEqual(walker.translate(0x40_0010), .init(physical: 0x1010, pageBytes: 0x1000, writable: true,
                                                          user: true, executable: false, global: true,
                                                          writeThrough: true, cacheDisable: true))
        let pml4e = memory.load(tables.root)
        let pdpte = memory.load(pml4e & 0xF_FFFF_FFFF_F000)
        let pde = memory.load((pdpte & 0xF_FFFF_FFFF_F000) + 2 * 8)
        let pte = memory.load(pde & 0xF_FFFF_FFFF_F000)
        XCTAssertEqual(pte, 0x8000_0000_0000_1000 | 0x100 | 0x10 | 0x8 | 0x4 | 0x2 | 0x1, "NX is bit 63")
        XCTAssertEqual(pml4e >> 63, 0, "tables never carry NX")
        XCTAssertEqual(pml4e & 0x7, 0x7)
    }

    func testHugePages() throws {
        let tables = try makeTable()
        try tables.map(virtual: 0x20_0000, physical: 0x4000_0000, flags: [.writable, .noExecute], size: .page2M)
        try tables.map(virtual: 0x80_0000_0000, physical: 0x1_C000_0000, flags: [], size: .page1G)
        XCTAssertEqual(tables.translate(0x2F_FFFF), 0x400F_FFFF)
        XCTAssertEqual(tables.translate(0x80_3FFF_FFFF), 0x1_FFFF_FFFF)
        let walker = ReferenceWalker(memory: memory, cr3: tables.root)
        XCTAssertEqual(walker.translate(0x21_2345)?.physical, 0x4001_2345)
        XCTAssertEqual(walker.translate(0x21_2345)?.pageBytes, 0x20_0000)
        XCTAssertEqual(walker.translate(0x21_2345)?.executable, false)
        XCTAssertEqual(walker.translate(0x80_1234_5678)?.pageBytes, 0x4000_0000)
        XCTAssertEqual(walker.translate(0x80_1234_5678)?.writable, false)
        XCTAssertEqual(tables.lookup(0x80_1234_5678)?.size, .page1G)
    }

    func testRangeMappingUsesHugePagesWhereAligned() throws {
        let tables = try makeTable()
        try tables.map(virtual: 0x1F_F000, physical: 0x1F_F000, length: 0x40_2000, flags: [.writable])
        XCTAssertEqual(tables.lookup(0x1F_F000)?.size, .page4K)
        XCTAssertEqual(tables.lookup(0x20_0000)?.size, .page2M)
        XCTAssertEqual(tables.lookup(0x5F_FFFF)?.size, .page2M)
        XCTAssertEqual(tables.lookup(0x60_0000)?.size, .page4K)
        XCTAssertNil(tables.lookup(0x60_1000))
        let walker = ReferenceWalker(memory: memory, cr3: tables.root)
        for address in stride(from: UInt64(0x1F_F000), to: 0x60_1000, by: 0x777) {
            XCTAssertEqual(walker.translate(address)?.physical, address)
        }
    }

    func testBadArgumentsAreTypedErrors() throws {
        let tables = try makeTable()
        XCTAssertThrowsError(try tables.map(virtual: 0x1001, physical: 0, flags: [])) {
            XCTAssertEqual($0 as? MemoryError, .misaligned(0x1001))
        }
        XCTAssertThrowsError(try tables.map(virtual: 0x20_0000, physical: 0x1000, flags: [], size: .page2M)) {
            XCTAssertEqual($0 as? MemoryError, .misaligned(0x1000))
        }
        XCTAssertThrowsError(try tables.map(virtual: 0x0000_8000_0000_0000, physical: 0, flags: [])) {
            XCTAssertEqual($0 as? MemoryError, .nonCanonical(0x0000_8000_0000_0000))
        }
        XCTAssertThrowsError(try tables.map(virtual: 0, physical: 1 << 52, flags: [])) {
            XCTAssertEqual($0 as? MemoryError, .physicalOutOfRange(1 << 52))
        }
        XCTAssertThrowsError(try tables.map(virtual: 0, physical: 0, flags: PageFlags(rawValue: 0x80))) {
            XCTAssertEqual($0 as? MemoryError, .unsupportedFlags(0x80))
        }
        XCTAssertThrowsError(try tables.unmap(virtual: 0x5000)) { XCTAssertEqual($0 as? MemoryError, .notMapped(0x5000)) }
        XCTAssertThrowsError(try tables.protect(virtual: 0x5000, flags: [])) {
            XCTAssertEqual($0 as? MemoryError, .notMapped(0x5000))
        }
    }

    func testOverlappingMappingsAreRefused() throws {
        let tables = try makeTable()
        try tables.map(virtual: 0x20_0000, physical: 0x20_0000, flags: [], size: .page2M)
        try tables.map(virtual: 0x40_0000, physical: 0x1000, flags: [])
        XCTAssertThrowsError(try tables.map(virtual: 0x40_0000, physical: 0x2000, flags: [])) {
            XCTAssertEqual($0 as? MemoryError, .alreadyMapped(0x40_0000))
        }
        XCTAssertThrowsError(try tables.map(virtual: 0x20_3000, physical: 0x2000, flags: [])) {
            XCTAssertEqual($0 as? MemoryError, .alreadyMapped(0x20_3000))
        }
        XCTAssertThrowsError(try tables.map(virtual: 0x40_0000, physical: 0, flags: [], size: .page2M)) {
            XCTAssertEqual($0 as? MemoryError, .alreadyMapped(0x40_0000))
        }
        XCTAssertThrowsError(try tables.map(virtual: 0, physical: 0, flags: [], size: .page1G)) {
            XCTAssertEqual($0 as? MemoryError, .alreadyMapped(0))
        }
        XCTAssertEqual(tables.translate(0x40_0000), 0x1000, "the refused mapping changed nothing")
        XCTAssertEqual(tables.translate(0x20_3000), 0x20_3000)
    }

    func testRunningOutOfFramesLeavesExistingMappingsIntact() throws {
        let tables = try makeTable()
        try tables.map(virtual: 0x1000, physical: 0x7000, flags: [])
        tableFramesLeft = 1
        XCTAssertThrowsError(try tables.map(virtual: 0x7F_0000_0000, physical: 0x8000, flags: [])) {
            XCTAssertEqual($0 as? MemoryError, .outOfFrames)
        }
        XCTAssertEqual(tables.translate(0x1000), 0x7000)
        XCTAssertNil(tables.translate(0x7F_0000_0000))
        tableFramesLeft = 10
        try tables.map(virtual: 0x7F_0000_0000, physical: 0x8000, flags: [])
        XCTAssertEqual(tables.translate(0x7F_0000_0000), 0x8000)
    }

    func testUnmapReturnsTheMappingAndReleasesEmptyTables() throws {
        let tables = try makeTable(reclaim: true)
        try tables.map(virtual: 0x7F_FFE0_0000, physical: 0x60_0000, flags: [.writable], size: .page2M)
        try tables.map(virtual: 0x1000, physical: 0x5000, flags: [])
        try tables.map(virtual: 0x2000, physical: 0x6000, flags: [])
        XCTAssertEqual(tablesAllocated, 5)
        XCTAssertThrowsError(try tables.unmap(virtual: 0x7F_FFE0_1000)) {
            XCTAssertEqual($0 as? MemoryError, .misaligned(0x7F_FFE0_1000))
        }
        XCTAssertEqual(try tables.unmap(virtual: 0x1000),
                       Mapping(virtual: 0x1000, physical: 0x5000, size: .page4K, flags: [.present]))
        XCTAssertEqual(released, [], "the page table still maps 0x2000")
        try tables.unmap(virtual: 0x2000)
        XCTAssertEqual(released.count, 2)
        try tables.unmap(virtual: 0x7F_FFE0_0000)
        XCTAssertEqual(released.count, 4)
        XCTAssertFalse(released.contains(tables.root))
        for i in 0..<512 { XCTAssertEqual(memory.load(tables.root + UInt64(i) * 8), 0) }
        XCTAssertNil(tables.translate(0x2000))
    }

    func testUnmapPresentRemovesExactlyTheRangesPagesAndEmptiedTables() throws {
        let tables = try makeTable(reclaim: true)
        // Pages on both sides of a 2 MiB and a 1 GiB boundary, and neighbours just outside the range.
        let inside: [UInt64] = [0x3FE0_0000, 0x3FFF_F000, 0x4000_0000, 0x4000_1000, 0x4020_0000]
        let outside: [UInt64] = [0x3FDF_F000, 0x4020_1000]
        for (index, virtual) in (inside + outside).enumerated() {
            try tables.map(virtual: virtual, physical: 0x10_0000 + UInt64(index) * 0x1000, flags: [.writable])
        }
        let range = (0x4020_1000 - 0x3FE0_0000) / UInt64(0x1000)
        XCTAssertEqual(try tables.countPresent(from: 0x3FE0_0000, count: range), inside.count)
        XCTAssertEqual(try tables.countPresent(from: 0x3FDF_F000, count: range + 2), inside.count + outside.count)
        var frames: [UInt64] = [], addresses: [UInt64] = []
        try tables.unmapPresent(from: 0x3FE0_0000, count: range) {
            addresses.append($0)
            frames.append($1)
        }
        XCTAssertEqual(frames, (0..<UInt64(inside.count)).map { 0x10_0000 + $0 * 0x1000 }, "in address order")
        XCTAssertEqual(addresses, inside)
        XCTAssertEqual(try tables.countPresent(from: 0x3FE0_0000, count: range), 0)
        for virtual in inside { XCTAssertNil(tables.translate(virtual)) }
        for virtual in outside { XCTAssertNotNil(tables.translate(virtual)) }
        XCTAssertEqual(released.count, 2, "the page tables from 0x3FE0_0000 and 0x4000_0000 emptied; those around "
                       + "0x3FDF_F000 and 0x4020_1000 still map them")
        try tables.unmapPresent(from: 0, count: 0x4040_0000 / 0x1000) { frames.append($1) }
        XCTAssertEqual(frames.count, inside.count + outside.count)
        XCTAssertEqual(released.count, tablesAllocated - 1, "every table but the root came back")
    }

    func testUnmapPresentKeepsATableStillMappingBeforeOrAfterTheRange() throws {
        let tables = try makeTable(reclaim: true)
        for k: UInt64 in [3, 10, 20] {
            try tables.map(virtual: 0x40_0000 + k * 0x1000, physical: k * 0x1000, flags: [])
        }
        try tables.unmapPresent(from: 0x40_0000 + 5 * 0x1000, count: 10) { _, _ in }
        XCTAssertEqual(released.count, 0, "pages 3 and 20 are left, before and after the range")
        try tables.unmapPresent(from: 0x40_0000 + 15 * 0x1000, count: 10) { _, _ in }
        XCTAssertEqual(released.count, 0, "page 3 is left, before the range")
        XCTAssertEqual(tables.translate(0x40_0000 + 3 * 0x1000), 3 * 0x1000)
        try tables.unmapPresent(from: 0x40_0000, count: 5) { _, _ in }
        XCTAssertEqual(released.count, tablesAllocated - 1, "every table but the root came back")
    }

    func testTablesItDidNotMakeAreReadWholeToKnowTheyAreEmpty() throws {
        let tables = try makeTable(reclaim: true)
        for k: UInt64 in [0, 7, 511] {
            try tables.map(virtual: 0x40_0000 + k * 0x1000, physical: k * 0x1000, flags: [])
        }
        // As the loader's tables are: entries that point at tables keep no count.
        var stripped = 0
        func strip(_ table: UInt64, level: Int) {
            for index in 0..<512 {
                let address = table + UInt64(index) * 8
                let entry = memory.load(address)
                guard level > 1, entry & 1 != 0 else { continue }
                memory.pointer(to: address).storeBytes(of: entry & ~(0x7FF << 52), as: UInt64.self)
                stripped += 1
                strip(entry & 0xF_FFFF_FFFF_F000, level: level - 1)
            }
        }
        strip(tables.root, level: 4)
        XCTAssertEqual(stripped, 3)
        try tables.unmap(virtual: 0x40_0000 + 7 * 0x1000)
        try tables.unmapPresent(from: 0x40_0000 + 0x1000, count: 600) { _, _ in }
        XCTAssertEqual(released.count, 0, "page 0 is left")
        XCTAssertEqual(tables.translate(0x40_0000), 0)
        try tables.unmap(virtual: 0x40_0000)
        XCTAssertEqual(released.count, tablesAllocated - 1, "every table but the root came back")
    }

    /// Every way of mapping and unmapping keeps each table's count of used entries (in the entry that points at
    /// it, bits 52...61) equal to what the table holds, and the tables the counts call empty are given back.
    func testEveryChangeKeepsTheTablesCounts() throws {
        var rng = SeededGenerator(seed: 0xC0_0C47)
        let tables = try makeTable(reclaim: true)
        let window: UInt64 = 0x3FC0_0000, pages: UInt64 = 3 * 512  // across a 1 GiB boundary: two directories
        var mapped: [UInt64: UInt64] = [:]
        var nextFrame: UInt64 = 0x1000
        func frame() -> UInt64 {
            defer { nextFrame = nextFrame % 0x7F_F000 + 0x1000 }
            return nextFrame
        }
        func checkCounts(_ table: UInt64, level: Int) {
            for index in 0..<512 {
                let entry = memory.load(table + UInt64(index) * 8)
                guard level > 1, entry & 1 != 0, entry & 0x80 == 0 else { continue }
                let child = entry & 0xF_FFFF_FFFF_F000
                let used = (0..<512).filter { memory.load(child + UInt64($0) * 8) != 0 }.count
                XCTAssertEqual(entry >> 62 & 1, 1, "every table made here keeps a count")
                XCTAssertEqual(Int(entry >> 52 & 0x3FF), used, "the count of the table at \(child)")
                XCTAssertGreaterThan(used, 0, "an empty table was given back")
                checkCounts(child, level: level - 1)
            }
        }
        for step in 0..<300 {
            let start = window + UInt64.random(in: 0..<pages, using: &rng) * 0x1000
            let count = min(UInt64.random(in: 1...40, using: &rng), (window + pages * 0x1000 - start) / 0x1000)
            let range = (0..<count).map { start + $0 * 0x1000 }
            switch step % 5 {
            case 0:
                if mapped[start] == nil {
                    let physical = frame()
                    try tables.map(virtual: start, physical: physical, flags: [.writable])
                    mapped[start] = physical
                }
            case 1:
                let absent = range.prefix { mapped[$0] == nil }.count
                let given = try tables.mapAbsent(from: start, count: count, flags: [.writable]) { frame() }
                XCTAssertEqual(given, absent, "up to the first page mapped already")
                for virtual in range.prefix(given) { mapped[virtual] = tables.translate(virtual) }
            case 2:
                let frames = range.map { _ in Bool.random(using: &rng) ? frame() : 0 }
                try frames.withUnsafeBufferPointer {
                    try tables.replace(from: start, with: $0, flags: [.writable]) { _ in }
                }
                for (virtual, physical) in zip(range, frames) { mapped[virtual] = physical == 0 ? nil : physical }
            case 3:
                if mapped[start] != nil {
                    try tables.unmap(virtual: start)
                    mapped[start] = nil
                }
            default:
                try tables.unmapPresent(from: start, count: count) { virtual, _ in mapped[virtual] = nil }
            }
            checkCounts(tables.root, level: 4)
        }
        for (virtual, physical) in mapped { XCTAssertEqual(tables.translate(virtual), physical) }
        try tables.unmapPresent(from: window, count: pages) { _, _ in }
        XCTAssertEqual(released.count, tablesAllocated - 1, "every table but the root came back")
    }

    func testRangesWalkOncePerPageTable() throws {
        let tables = try makeTable(reclaim: true)
        // Two full page tables and part of a third.
        let first: UInt64 = 0x4000_0000, count: UInt64 = 1100
        for k in 0..<count {
            try tables.map(virtual: first + k * 0x1000, physical: 0x10_0000 + k * 0x1000, flags: [.writable])
        }
        var before = memory.reached
        XCTAssertEqual(try tables.countPresent(from: first, count: count), Int(count))
        XCTAssertLessThanOrEqual(memory.reached - before, 12, "three walks of four tables, not one per page")
        before = memory.reached
        var removed = 0
        try tables.unmapPresent(from: first, count: count) { _, _ in removed += 1 }
        XCTAssertEqual(removed, Int(count))
        // Three walks; each run's count taken down in its directory; each page table it empties found there, and
        // the directory's count taken down above it; the directory, emptied by the last, and the table above it the
        // same way. No table is read whole: the counts say when one is empty.
        XCTAssertLessThanOrEqual(memory.reached - before, 12 + 3 + 3 * 2 + 2 + 2 + 1)
    }

    func testReplaceMapsFramesOverARangeAndHandsBackWhatWasThere() throws {
        let tables = try makeTable()
        // 600 pages from 0x3FF0_0000: the end of one page table (under a directory entry already there) and the
        // start of the next, whose tables do not exist yet.
        let first: UInt64 = 0x3FF0_0000, count = 600
        try tables.map(virtual: first - 0x1000, physical: 0x9000, flags: [.writable])
        try tables.map(virtual: first + 0x2000, physical: 0xA000, flags: [.writable])
        try tables.map(virtual: first + 0x3000, physical: 0xB000, flags: [.writable])
        var frames: [UInt64] = (0..<UInt64(count)).map { 0x20_0000 + $0 * 0x1000 }
        frames[3] = 0
        frames[500] = 0
        var replaced: [UInt64] = []
        let before = memory.reached
        try frames.withUnsafeBufferPointer { frames in
            try tables.replace(from: first, with: frames, flags: [.writable, .noExecute]) { replaced.append($0) }
        }
        XCTAssertLessThanOrEqual(memory.reached - before, 8 + 3 + 3,
                                 "two walks, the tables made on the way, the counts of the runs' tables and the new one's")
        XCTAssertEqual(replaced, [0xA000, 0xB000])
        for (k, frame) in frames.enumerated() {
            let virtual = first + UInt64(k) * 0x1000
            if frame == 0 {
                XCTAssertNil(tables.lookup(virtual), "page \(k) left unmapped")
            } else {
                XCTAssertEqual(tables.lookup(virtual),
                               Mapping(virtual: virtual, physical: frame, size: .page4K,
                                       flags: [.present, .writable, .noExecute]))
            }
        }
        XCTAssertEqual(tables.translate(first - 0x1000), 0x9000, "the page before the range stays")
        let walker = ReferenceWalker(memory: memory, cr3: tables.root)
        let last = walker.translate(first + 599 * 0x1000)
        XCTAssertEqual(last?.physical, frames[599], "the CPU's walk agrees")
        XCTAssertEqual(last?.writable, true)
        XCTAssertEqual(last?.executable, false)
    }

    func testMapAbsentStopsAtAMappedPageOrWhenFramesRunOut() throws {
        let tables = try makeTable()
        // From two pages before the end of a page table into the next, whose tables do not exist yet.
        let first: UInt64 = 0x3FFF_E000
        try tables.map(virtual: first + 5 * 0x1000, physical: 0x9000, flags: [.writable])
        var given: [UInt64] = []
        func frame() -> UInt64? {
            given.append(0x20_0000 + UInt64(given.count) * 0x1000)
            return given.last
        }
        XCTAssertEqual(try tables.mapAbsent(from: first, count: 16, flags: [.writable, .noExecute], frame), 5)
        XCTAssertEqual(given.count, 5, "no frame taken for the mapped page")
        let walker = ReferenceWalker(memory: memory, cr3: tables.root)
        for k in 0..<5 {
            let page = walker.translate(first + UInt64(k) * 0x1000)
            XCTAssertEqual(page?.physical, given[k])
            XCTAssertEqual(page?.writable, true)
            XCTAssertEqual(page?.executable, false)
        }
        XCTAssertEqual(tables.translate(first + 5 * 0x1000), 0x9000, "the mapped page stays")
        XCTAssertNil(tables.lookup(first + 6 * 0x1000))
        var left = 2
        XCTAssertEqual(try tables.mapAbsent(from: first + 6 * 0x1000, count: 8, flags: [.writable]) {
            guard left > 0 else { return nil }
            left -= 1
            return 0x40_0000 + UInt64(left) * 0x1000
        }, 2)
        XCTAssertEqual(tables.translate(first + 7 * 0x1000), 0x40_0000)
        XCTAssertNil(tables.lookup(first + 8 * 0x1000))
    }

    func testReplaceStopsAtALargePage() throws {
        let tables = try makeTable()
        try tables.map(virtual: 0x60_0000, physical: 0x20_0000, flags: [], size: .page2M)
        let frames: [UInt64] = Array(repeating: 0x5000, count: 1024)
        XCTAssertThrowsError(try frames.withUnsafeBufferPointer { frames in
            try tables.replace(from: 0x40_0000, with: frames, flags: []) { _ in }
        }) { XCTAssertEqual($0 as? MemoryError, .misaligned(0x60_0000)) }
        XCTAssertEqual(tables.translate(0x40_0000), 0x5000, "what comes before the large page is mapped")
        XCTAssertEqual(tables.translate(0x60_0000), 0x20_0000, "the large page stays")
    }

    func testUnmapPresentRefusesMisalignedStartsAndLargePages() throws {
        let tables = try makeTable()
        try tables.map(virtual: 0x60_0000, physical: 0x20_0000, flags: [], size: .page2M)
        try tables.map(virtual: 0x40_0000, physical: 0x5000, flags: [])
        XCTAssertThrowsError(try tables.unmapPresent(from: 0x40_0800, count: 1) { _, _ in }) {
            XCTAssertEqual($0 as? MemoryError, .misaligned(0x40_0800))
        }
        var frames: [UInt64] = []
        XCTAssertThrowsError(try tables.unmapPresent(from: 0x40_0000, count: 1024) { frames.append($1) }) {
            XCTAssertEqual($0 as? MemoryError, .misaligned(0x60_0000))
        }
        XCTAssertEqual(frames, [0x5000], "what comes before the large page goes")
        XCTAssertNotNil(tables.translate(0x60_0000))
    }

    func testUnmapPresentAgreesWithUnmappingPageByPage() throws {
        var rng = SeededGenerator(seed: 0x9A6E_0005)
        let tables = try makeTable(reclaim: true)
        var mapped: [UInt64: UInt64] = [:]
        for _ in 0..<600 {
            let virtual = UInt64.random(in: 0..<(1 << 19), using: &rng) << 12  // 2 GiB: many tables, some shared
            guard mapped[virtual] == nil else { continue }
            let physical = UInt64.random(in: 0..<(1 << 28), using: &rng) << 12
            try tables.map(virtual: virtual, physical: physical, flags: [.writable])
            mapped[virtual] = physical
        }
        for _ in 0..<20 {
            let start = UInt64.random(in: 0..<(1 << 19), using: &rng) << 12
            let count = UInt64.random(in: 0...(1 << 17), using: &rng)
            let expected = mapped.filter { $0.key >= start && $0.key < start + count * 0x1000 }
            var frames: [UInt64] = []
            try tables.unmapPresent(from: start, count: count) { frames.append($1) }
            XCTAssertEqual(frames, expected.keys.sorted().map { expected[$0]! })
            for virtual in expected.keys { mapped[virtual] = nil }
            for (virtual, physical) in mapped { XCTAssertEqual(tables.translate(virtual), physical) }
        }
        try tables.unmapPresent(from: 0, count: 1 << 19) { _, _ in }
        XCTAssertEqual(released.count, tablesAllocated - 1, "every table but the root came back")
    }

    func testProtectChangesFlagsAndKeepsTheAddress() throws {
        let tables = try makeTable()
        try tables.map(virtual: 0x60_0000, physical: 0x20_0000, flags: [.noExecute], size: .page2M)
        let walker = ReferenceWalker(memory: memory, cr3: tables.root)
        XCTAssertEqual(walker.translate(0x60_0000)?.writable, false)
        try tables.protect(virtual: 0x60_0000, flags: [.writable, .user])
        let after = try XCTUnwrap(walker.translate(0x61_0000))
        XCTAssertEqual(after.physical, 0x21_0000)
        XCTAssertEqual(after.pageBytes, 0x20_0000)
        XCTAssertTrue(after.writable && after.user && after.executable)
        XCTAssertThrowsError(try tables.protect(virtual: 0x60_1000, flags: [])) {
            XCTAssertEqual($0 as? MemoryError, .misaligned(0x60_1000))
        }
    }

    func testRandomMappingsAgreeWithTheReferenceWalker() throws {
        var rng = SeededGenerator(seed: 0x9A6E_0004)
        let tables = try makeTable(reclaim: true)
        let walker = ReferenceWalker(memory: memory, cr3: tables.root)
        var mapped: [UInt64: (physical: UInt64, flags: PageFlags)] = [:]
        let choices: [PageFlags] = [[], [.writable], [.noExecute], [.writable, .noExecute, .global], [.user]]
        for _ in 0..<400 {
            let high = Bool.random(using: &rng) ? UInt64(0xFFFF_8000_0000_0000) : 0
            let virtual = high | (UInt64.random(in: 0..<(1 << 20), using: &rng) << 12) << UInt64.random(in: 0...15, using: &rng)
                & 0x7FFF_FFFF_F000
            let physical = UInt64.random(in: 0..<(1 << 28), using: &rng) << 12
            let flags = choices.randomElement(using: &rng)!
            if mapped[virtual] == nil {
                try tables.map(virtual: virtual, physical: physical, flags: flags)
                mapped[virtual] = (physical, flags)
            } else {
                XCTAssertThrowsError(try tables.map(virtual: virtual, physical: physical, flags: flags))
            }
        }
        for (virtual, expected) in mapped {
            let seen = try XCTUnwrap(walker.translate(virtual | 0xABC))
            XCTAssertEqual(seen.physical, expected.physical | 0xABC)
            XCTAssertEqual(seen.writable, expected.flags.contains(.writable))
            XCTAssertEqual(seen.user, expected.flags.contains(.user))
            XCTAssertEqual(seen.executable, !expected.flags.contains(.noExecute))
            XCTAssertEqual(seen.global, expected.flags.contains(.global))
        }
        for virtual in mapped.keys { try tables.unmap(virtual: virtual) }
        XCTAssertEqual(released.count, tablesAllocated - 1, "every table but the root came back")
    }
}
