import BootInfo
import XCTest

/// Builds a Multiboot2 information structure as GRUB lays it out: a header, then 8-aligned tags.
private struct Multiboot2Builder {
    var bytes: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]

    /// Appends a tag; returns the offset of its payload.
    @discardableResult
    mutating func tag(_ type: UInt32, _ payload: [UInt8]) -> Int {
        bytes += le(type) + le(UInt32(8 + payload.count))
        let start = bytes.count
        bytes += payload
        while bytes.count % 8 != 0 { bytes.append(0) }
        return start
    }

    mutating func string(_ type: UInt32, _ text: String) { tag(type, Array(text.utf8) + [0]) }

    mutating func memoryMap(_ entries: [(UInt64, UInt64, UInt32)], entrySize: UInt32 = 24) {
        var payload = le(entrySize) + le(UInt32(0))
        for (base, length, type) in entries {
            payload += le(base) + le(length) + le(type) + le(UInt32(0))
            payload += [UInt8](repeating: 0xEE, count: Int(entrySize) - 24)
        }
        tag(6, payload)
    }

    mutating func framebuffer(base: UInt64, pitch: UInt32, width: UInt32, height: UInt32, bpp: UInt8, type: UInt8,
                              positions: (UInt8, UInt8, UInt8)) {
        tag(8, le(base) + le(pitch) + le(width) + le(height) + [bpp, type, 0, 0]
            + [positions.0, 8, positions.1, 8, positions.2, 8])
    }

    /// Closes the structure with the end tag and sets its total size.
    func finished(total: Int? = nil) -> [UInt8] {
        var result = bytes + le(UInt32(0)) + le(UInt32(8))
        result.replaceSubrange(0..<4, with: le(UInt32(total ?? result.count)))
        return result
    }
}

private func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

final class Multiboot2Tests: XCTestCase {
    private let kernel: Range<UInt64> = 0x20_0000..<0x80_0000
    private let address: UInt64 = 0x7F0_0000

    private func parse(_ bytes: [UInt8]) throws -> Multiboot2.Info {
        // The parser keeps pointers into the bytes: a copy that outlives the call.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 8)
        addTeardownBlock { buffer.deallocate() }
        buffer.copyBytes(from: bytes)
        return try Multiboot2.Info(buffer: UnsafeRawBufferPointer(buffer))
    }

    private func convert(_ info: Multiboot2.Info, findRSDP: () -> UInt64 = { 0 }) throws -> BootInfo {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 8)
        addTeardownBlock { buffer.deallocate() }
        let size = try Multiboot2.convert(info, address: address, kernel: kernel, into: buffer, findRSDP: findRSDP)
        return try BootInfo(buffer: UnsafeRawBufferPointer(rebasing: buffer[0..<size]))
    }

    func testGrubStructureBecomesBootInfo() throws {
        var builder = Multiboot2Builder()
        builder.string(1, "init=/bin/sh cpus=2")
        builder.string(2, "GRUB 2.06-13+deb12u2")
        builder.tag(3, le(UInt32(0x80_0000)) + le(UInt32(0x90_1234)) + Array("/walos/root.tar".utf8) + [0])
        builder.memoryMap([(0, 0x9_FC00, 1), (0x9_FC00, 0x400, 2), (0x10_0000, 0x1FE0_0000, 1),
                           (0x1FF0_0000, 0x10_0000, 3), (0x1FFE_0000, 0x2_0000, 4), (0xFEFF_C000, 0x4000, 5)])
        builder.framebuffer(base: 0xFD00_0000, pitch: 4096, width: 1024, height: 768, bpp: 32, type: 1,
                            positions: (16, 8, 0))
        let rsdp = builder.tag(14, Array("RSD PTR ".utf8) + [UInt8](repeating: 0, count: 12))
        let bytes = builder.finished()
        let info = try parse(bytes)
        XCTAssertEqual(info.memoryMapCount, 6)
        var searched = false
        let boot = try convert(info, findRSDP: { searched = true; return 0xE_0000 })

        XCTAssertFalse(searched, "the RSDP came with the structure")
        XCTAssertEqual(boot.source, .multiboot2)
        XCTAssertEqual(Array(boot.commandLine), Array("init=/bin/sh cpus=2".utf8))
        XCTAssertEqual(boot.initrdBase, 0x80_0000)
        XCTAssertEqual(boot.initrdSize, 0x10_1234)
        XCTAssertEqual(boot.kernelStart, 0x20_0000)
        XCTAssertEqual(boot.kernelEnd, 0x80_0000)
        XCTAssertEqual(boot.rsdp, address + UInt64(rsdp))
        XCTAssertEqual(boot.framebuffer, Framebuffer(base: 0xFD00_0000, width: 1024, height: 768, pitch: 4096,
                                                     bitsPerPixel: 32, format: .bgrx))
        XCTAssertEqual((0..<boot.regionCount).map(boot.region(at:)), [
            MemoryRegion(base: 0, length: 0x9_FC00, kind: .usable),
            MemoryRegion(base: 0x9_FC00, length: 0x400, kind: .reserved),
            MemoryRegion(base: 0x10_0000, length: 0x1FE0_0000, kind: .usable),
            MemoryRegion(base: 0x1FF0_0000, length: 0x10_0000, kind: .acpiReclaimable),
            MemoryRegion(base: 0x1FFE_0000, length: 0x2_0000, kind: .acpiNVS),
            MemoryRegion(base: 0xFEFF_C000, length: 0x4000, kind: .badMemory),
            // The structure itself, kept from the allocator: the RSDP above points into it.
            MemoryRegion(base: address, length: UInt64(bytes.count), kind: .bootloaderReclaimable),
        ])
    }

    func testAcpi2RsdpWinsAndAbsentOneIsSearched() throws {
        var builder = Multiboot2Builder()
        builder.memoryMap([(0x10_0000, 0x100_0000, 1)])
        let newer = builder.tag(15, [UInt8](repeating: 2, count: 36))
        builder.tag(14, [UInt8](repeating: 1, count: 20))
        XCTAssertEqual(try convert(try parse(builder.finished())).rsdp, address + UInt64(newer))

        var bare = Multiboot2Builder()
        bare.memoryMap([(0x10_0000, 0x100_0000, 1)])
        let boot = try convert(try parse(bare.finished()), findRSDP: { 0xF_5A20 })
        XCTAssertEqual(boot.rsdp, 0xF_5A20)
        XCTAssertEqual(boot.initrdSize, 0)
        XCTAssertNil(boot.framebuffer)
        XCTAssertEqual(boot.commandLine.count, 0)
    }

    func testWiderMemoryMapEntriesAreStepped() throws {
        var builder = Multiboot2Builder()
        builder.memoryMap([(0, 0x9_F000, 1), (0x10_0000, 0x3F0_0000, 1), (0xFFFC_0000, 0x4_0000, 2)], entrySize: 40)
        let boot = try convert(try parse(builder.finished()))
        XCTAssertEqual(boot.region(at: 1), MemoryRegion(base: 0x10_0000, length: 0x3F0_0000, kind: .usable))
        XCTAssertEqual(boot.region(at: 2), MemoryRegion(base: 0xFFFC_0000, length: 0x4_0000, kind: .reserved))
    }

    func testOnlyThirtyTwoBitDirectColourIsAFramebuffer() throws {
        let cases: [(UInt8, UInt8, (UInt8, UInt8, UInt8), PixelFormat?)] = [
            (32, 1, (0, 8, 16), .rgbx), (32, 1, (16, 8, 0), .bgrx), (16, 1, (11, 5, 0), nil),
            (8, 0, (0, 0, 0), nil), (16, 2, (0, 0, 0), nil), (32, 1, (24, 16, 8), nil),
        ]
        for (bpp, type, positions, format) in cases {
            var builder = Multiboot2Builder()
            builder.framebuffer(base: 0xE000_0000, pitch: 3200, width: 800, height: 600, bpp: bpp, type: type,
                                positions: positions)
            XCTAssertEqual(try parse(builder.finished()).framebuffer?.format, format, "bpp \(bpp) type \(type)")
        }
    }

    func testMalformedStructuresAreRefused() throws {
        func refused(_ bytes: [UInt8], _ expected: Multiboot2.Failure, line: UInt = #line) {
            XCTAssertThrowsError(try parse(bytes), line: line) { XCTAssertEqual($0 as? Multiboot2.Failure, expected) }
        }
        var builder = Multiboot2Builder()
        builder.string(1, "console")
        let good = builder.finished()
        refused(Array(good.prefix(6)), .truncated)
        refused(builder.finished(total: good.count + 8), .truncated)
        refused(builder.finished(total: 4), .truncated)
        var overlong = good
        overlong.replaceSubrange(12..<16, with: le(UInt32(4096)))
        refused(overlong, .tagOutOfBounds(offset: 8))
        var tiny = good
        tiny.replaceSubrange(12..<16, with: le(UInt32(4)))
        refused(tiny, .tagOutOfBounds(offset: 8))
        var narrow = Multiboot2Builder()
        narrow.memoryMap([(0, 0x1000, 1)])
        var narrowBytes = narrow.finished()
        narrowBytes.replaceSubrange(16..<20, with: le(UInt32(16)))
        refused(narrowBytes, .tagOutOfBounds(offset: 8))

        XCTAssertThrowsError(try convert(try parse(good))) {
            XCTAssertEqual($0 as? Multiboot2.Failure, .noMemoryMap)
        }
    }
}
