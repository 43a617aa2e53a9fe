import BootInfo
import XCTest

final class BootInfoTests: XCTestCase {
    private func withBuffer(_ size: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 8)
        defer { buffer.deallocate() }
        try body(buffer)
    }

    func testRoundTrip() throws {
        try withBuffer(4096) { buffer in
            var writer = try BootInfoWriter(buffer: buffer, source: .uefi)
            writer.setRSDP(0xE_0000)
            writer.setInitrd(base: 0x20_0000, size: 12345)
            writer.setKernel(start: 0x10_0000, end: 0x18_0000)
            let fb = Framebuffer(base: 0xFD00_0000, width: 1024, height: 768, pitch: 4096, bitsPerPixel: 32,
                                 format: .bgrx)
            writer.setFramebuffer(fb)
            let regions = [
                MemoryRegion(base: 0, length: 0x9_F000, kind: .usable),
                MemoryRegion(base: 0x10_0000, length: 0x8_0000, kind: .kernel),
                MemoryRegion(base: 0x7FE_0000, length: 0x2_0000, kind: .acpiReclaimable),
            ]
            for r in regions { try writer.appendRegion(r) }
            let line: [UInt8] = Array("console=serial test".utf8)
            let size = try line.withUnsafeBytes { try writer.finish(commandLine: $0) }
            XCTAssertEqual(size, BootInfoLayout.headerSize + 3 * BootInfoLayout.regionSize + line.count)

            let info = try BootInfo(buffer: UnsafeRawBufferPointer(buffer))
            XCTAssertEqual(info.totalSize, size)
            XCTAssertEqual(info.source, .uefi)
            XCTAssertEqual(info.rsdp, 0xE_0000)
            XCTAssertEqual(info.initrdBase, 0x20_0000)
            XCTAssertEqual(info.initrdSize, 12345)
            XCTAssertEqual(info.kernelStart, 0x10_0000)
            XCTAssertEqual(info.kernelEnd, 0x18_0000)
            XCTAssertEqual(info.framebuffer, fb)
            XCTAssertEqual(info.regionCount, 3)
            XCTAssertEqual((0..<3).map(info.region(at:)), regions)
            XCTAssertEqual(Array(info.commandLine), line)
        }
    }

    func testEmptyStructureHasNoOptionalParts() throws {
        try withBuffer(256) { buffer in
            let writer = try BootInfoWriter(buffer: buffer, source: .pvh)
            _ = try writer.finish(commandLine: UnsafeRawBufferPointer(start: nil, count: 0))
            let info = try BootInfo(buffer: UnsafeRawBufferPointer(buffer))
            XCTAssertEqual(info.source, .pvh)
            XCTAssertNil(info.rsdp)
            XCTAssertNil(info.framebuffer)
            XCTAssertEqual(info.regionCount, 0)
            XCTAssertEqual(info.commandLine.count, 0)
        }
    }

    func testWriterRefusesOverflow() throws {
        try withBuffer(BootInfoLayout.headerSize + BootInfoLayout.regionSize) { buffer in
            var writer = try BootInfoWriter(buffer: buffer, source: .pvh)
            try writer.appendRegion(MemoryRegion(base: 0, length: 4096, kind: .usable))
            XCTAssertThrowsError(try writer.appendRegion(MemoryRegion(base: 4096, length: 4096, kind: .usable)))
            let line: [UInt8] = [65]
            XCTAssertThrowsError(try line.withUnsafeBytes { try writer.finish(commandLine: $0) })
        }
        try withBuffer(16) { buffer in
            XCTAssertThrowsError(try BootInfoWriter(buffer: buffer, source: .pvh))
        }
    }

    /// Every corruption of a valid structure is refused with its own error, never read past its end.
    func testReaderRefusesCorruptStructures() throws {
        try withBuffer(1024) { buffer in
            var writer = try BootInfoWriter(buffer: buffer, source: .pvh)
            try writer.appendRegion(MemoryRegion(base: 0, length: 4096, kind: .usable))
            let size = try writer.finish(commandLine: UnsafeRawBufferPointer(start: nil, count: 0))

            func expect(_ error: BootInfoError, offset: Int, value: UInt32, limit: Int = 1024) {
                let saved = buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                buffer.storeBytes(of: value, toByteOffset: offset, as: UInt32.self)
                defer { buffer.storeBytes(of: saved, toByteOffset: offset, as: UInt32.self) }
                XCTAssertThrowsError(try BootInfo(buffer: UnsafeRawBufferPointer(rebasing: buffer[0..<limit]))) {
                    XCTAssertEqual($0 as? BootInfoError, error)
                }
            }
            expect(.badMagic, offset: 0, value: 0)
            expect(.unsupportedVersion(2), offset: 8, value: 2)
            expect(.sizeOutOfBounds, offset: 12, value: 4096)
            expect(.sizeOutOfBounds, offset: 12, value: UInt32(size), limit: size - 1)
            expect(.unknownBootSource(9), offset: 16, value: 9)
            expect(.regionsOutOfBounds, offset: 20, value: 1000)
            expect(.regionsOutOfBounds, offset: 24, value: 8)
            expect(.commandLineOutOfBounds, offset: 32, value: 500)
            expect(.unknownPixelFormat(7), offset: 104, value: 7)
            expect(.unknownMemoryKind(index: 0, kind: 99), offset: BootInfoLayout.headerSize + 16, value: 99)
            XCTAssertNoThrow(try BootInfo(buffer: UnsafeRawBufferPointer(buffer)))
        }
    }
}
