import BootInfo
import Memory
import XCTest

final class PhysicalMemoryMapTests: XCTestCase {
    private let mib: UInt64 = 0x10_0000

    private func region(_ base: UInt64, _ length: UInt64, _ kind: MemoryKind) -> MemoryRegion {
        MemoryRegion(base: base, length: length, kind: kind)
    }

    private func ranges(_ list: PhysicalRangeList) -> [PhysicalRange] { Array(list) }

    func testOverlapsResolveToTheMostRestrictiveKind() throws {
        let map = try PhysicalMemoryMap(regions: [
            region(0x1000, 0x9000, .usable),
            region(0x4000, 0x2000, .acpiReclaimable),
            region(0x5000, 0x4000, .reserved),
            region(0x8000, 0x4000, .usable),
        ])
        XCTAssertEqual(Array(map), [
            MemoryMapEntry(range: PhysicalRange(base: 0x1000, end: 0x4000), kind: .usable),
            MemoryMapEntry(range: PhysicalRange(base: 0x4000, end: 0x5000), kind: .acpiReclaimable),
            MemoryMapEntry(range: PhysicalRange(base: 0x5000, end: 0x9000), kind: .reserved),
            MemoryMapEntry(range: PhysicalRange(base: 0x9000, end: 0xC000), kind: .usable),
        ])
        XCTAssertEqual(map.kind(at: 0x4FFF), .acpiReclaimable)
        XCTAssertEqual(map.kind(at: 0x5000), .reserved)
        XCTAssertEqual(map.kind(at: 0xBFFF), .usable)
        XCTAssertNil(map.kind(at: 0xC000))
        XCTAssertNil(map.kind(at: 0))
    }

    func testUnorderedZeroLengthAndAdjacentRegions() throws {
        let map = try PhysicalMemoryMap(regions: [
            region(0x3000, 0x1000, .usable),
            region(0x10_0000, 0, .badMemory),
            region(0x1000, 0x2000, .usable),
            region(0x8000, 0x1000, .acpiNVS),
        ])
        XCTAssertEqual(Array(map), [
            MemoryMapEntry(range: PhysicalRange(base: 0x1000, end: 0x4000), kind: .usable),
            MemoryMapEntry(range: PhysicalRange(base: 0x8000, end: 0x9000), kind: .acpiNVS),
        ])
    }

    func testUsableRangesShrinkToPagesAndAvoidPartlyReservedPages() throws {
        let usable = try PhysicalMemoryMap.sanitize(regions: [
            region(2 * mib + 0x123, 0x10_0000, .usable),
            region(2 * mib + 0x8_0010, 0x10, .reserved),
        ])
        XCTAssertEqual(ranges(usable), [
            PhysicalRange(base: 2 * mib + 0x1000, end: 2 * mib + 0x8_0000),
            PhysicalRange(base: 2 * mib + 0x8_1000, end: 3 * mib),
        ])
    }

    func testLowMemoryAndCallerReservationsAreCarvedOut() throws {
        let usable = try PhysicalMemoryMap.sanitize(
            regions: [region(0, 0x9_F000, .usable), region(0x10_0000, 15 * mib, .usable)],
            reserve: [PhysicalRange(base: 4 * mib + 5, end: 4 * mib + 6)])
        XCTAssertEqual(ranges(usable), [
            PhysicalRange(base: mib, end: 4 * mib),
            PhysicalRange(base: 4 * mib + 0x1000, end: 16 * mib),
        ])
    }

    func testBootInfoCarvesOutKernelInitrdAndItself() throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 8)
        defer { buffer.deallocate() }
        var writer = try BootInfoWriter(buffer: buffer, source: .pvh)
        writer.setKernel(start: mib, end: 3 * mib + 0x800)
        writer.setInitrd(base: 8 * mib, size: 0x1_0001)
        try writer.appendRegion(region(0, 0x9_FC00, .usable))
        try writer.appendRegion(region(mib, 31 * mib, .usable))
        _ = try writer.finish(commandLine: UnsafeRawBufferPointer(start: nil, count: 0))
        let info = try BootInfo(buffer: UnsafeRawBufferPointer(buffer))
        let usable = try PhysicalMemoryMap.sanitize(bootInfo: info, bootInfoBase: 16 * mib + 0xF80,
                                                    reserve: CollectionOfOne(PhysicalRange(base: 20 * mib,
                                                                                           end: 21 * mib)))
        XCTAssertEqual(ranges(usable), [
            PhysicalRange(base: 3 * mib + 0x1000, end: 8 * mib),
            PhysicalRange(base: 8 * mib + 0x1_1000, end: 16 * mib),
            PhysicalRange(base: 16 * mib + 0x2000, end: 20 * mib),
            PhysicalRange(base: 21 * mib, end: 32 * mib),
        ])
    }

    func testNothingUsableIsAnError() {
        XCTAssertThrowsError(try PhysicalMemoryMap.sanitize(regions: [region(0, 0x9_F000, .usable)])) {
            XCTAssertEqual($0 as? MemoryError, .noUsableMemory)
        }
        XCTAssertThrowsError(try PhysicalMemoryMap.sanitize(regions: [region(2 * mib, 0xFFF, .usable)])) {
            XCTAssertEqual($0 as? MemoryError, .noUsableMemory)
        }
        XCTAssertThrowsError(try PhysicalMemoryMap.sanitize(regions: [MemoryRegion]())) {
            XCTAssertEqual($0 as? MemoryError, .noUsableMemory)
        }
    }

    func testOverflowingRegionIsAnError() {
        XCTAssertThrowsError(try PhysicalMemoryMap.sanitize(regions: [region(UInt64.max - 0xFFF, 0x2000, .usable)])) {
            XCTAssertEqual($0 as? MemoryError, .regionOverflows(base: UInt64.max - 0xFFF, length: 0x2000))
        }
    }

    func testRegionEndingAtTheTopOfTheAddressSpace() throws {
        let usable = try PhysicalMemoryMap.sanitize(regions: [region(UInt64.max - 0x2FFF, 0x2FFF, .usable)])
        XCTAssertEqual(ranges(usable), [PhysicalRange(base: UInt64.max - 0x2FFF, end: UInt64.max - 0xFFF)])
    }

    func testTooManyRangesIsAnErrorNotACrash() {
        let regions = (0..<300).map { region(2 * mib + UInt64($0) * 0x2000, 0x1000, .usable) }
        XCTAssertThrowsError(try PhysicalMemoryMap.sanitize(regions: regions)) {
            XCTAssertEqual($0 as? MemoryError, .tooManyRanges)
        }
    }

    // MARK: randomized maps against a page-by-page reference

    static func randomRegions(_ rng: inout SeededGenerator, limit: UInt64) -> [MemoryRegion] {
        let kinds: [MemoryKind] = [.reserved, .acpiReclaimable, .acpiNVS, .badMemory, .bootloaderReclaimable,
                                   .kernel, .initrd, .framebuffer, .firmwareRuntime]
        return (0..<Int.random(in: 1...24, using: &rng)).map { _ in
            let base = UInt64.random(in: 0..<limit, using: &rng) & (Bool.random(using: &rng) ? ~0xFFF : ~0)
            let length: UInt64 = switch Int.random(in: 0..<8, using: &rng) {
            case 0: 0
            case 1...3: UInt64.random(in: 1...0x4000, using: &rng)
            default: UInt64.random(in: 1...(limit / 4), using: &rng)
            }
            let kind = Int.random(in: 0..<2, using: &rng) == 0 ? .usable : kinds.randomElement(using: &rng)!
            return MemoryRegion(base: base, length: min(length, limit - base), kind: kind)
        }
    }

    /// A page is usable when usable regions cover all of it, nothing else touches it, and no reservation
    /// touches it.
    static func referenceUsablePages(_ regions: [MemoryRegion], reserve: [PhysicalRange], limit: UInt64) -> [Bool] {
        let usable = regions.filter { $0.kind == .usable && $0.length > 0 }.sorted { $0.base < $1.base }
        return (0..<Int(limit / 4096)).map { index in
            let page = PhysicalRange(base: UInt64(index) * 4096, end: UInt64(index + 1) * 4096)
            if page.overlaps(PhysicalMemoryMap.lowMemory) || reserve.contains(where: { $0.overlaps(page) }) {
                return false
            }
            var covered = page.base
            for r in usable where r.base <= covered && r.end > covered {
                covered = r.end
            }
            let touched = regions.contains {
                $0.kind != .usable && PhysicalRange(base: $0.base, length: $0.length).overlaps(page)
            }
            return covered >= page.end && !touched
        }
    }

    func testRandomizedMapsMatchThePageReference() throws {
        var rng = SeededGenerator(seed: 0x5EED_0001)
        let limit: UInt64 = 64 * mib
        for _ in 0..<150 {
            let regions = Self.randomRegions(&rng, limit: limit)
            let reserve = (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                let base = UInt64.random(in: 0..<limit, using: &rng)
                return PhysicalRange(base: base, length: UInt64.random(in: 1...0x3_0000, using: &rng))
            }
            let expected = Self.referenceUsablePages(regions, reserve: reserve, limit: limit)
            var actual = [Bool](repeating: false, count: expected.count)
            do {
                let usable = try PhysicalMemoryMap.sanitize(regions: regions, reserve: reserve)
                var previousEnd: UInt64 = 0
                for range in usable {
                    XCTAssertTrue(Page.isAligned(range.base) && Page.isAligned(range.end) && range.base < range.end)
                    XCTAssertGreaterThan(range.base, previousEnd == 0 ? 0 : previousEnd - 1, "sorted, disjoint")
                    previousEnd = range.end
                    for page in Int(range.base / 4096)..<Int(range.end / 4096) { actual[page] = true }
                }
            } catch {
                XCTAssertEqual(error, .noUsableMemory)
            }
            XCTAssertEqual(actual, expected, "regions \(regions), reserve \(reserve)")

            let map = try PhysicalMemoryMap(regions: regions)
            for _ in 0..<64 {
                let address = UInt64.random(in: 0..<limit, using: &rng)
                let covering = regions.filter { $0.base <= address && address < $0.end && $0.length > 0 }
                let strictest = covering.max { $0.kind.restrictiveness < $1.kind.restrictiveness }?.kind
                XCTAssertEqual(map.kind(at: address), strictest, "address \(address) in \(regions)")
            }
            for (a, b) in zip(map, map.dropFirst()) {
                XCTAssertLessThanOrEqual(a.range.end, b.range.base)
                XCTAssertFalse(a.range.end == b.range.base && a.kind == b.kind, "neighbours of one kind merge")
            }
        }
    }
}
