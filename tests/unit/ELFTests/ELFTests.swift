import ELF
import XCTest

/// Byte offsets of ELF64 fields the corruption tests rewrite.
private enum Offset {
    static let ident = 0, elfClass = 4, encoding = 5, identVersion = 6, type = 16, machine = 18, version = 20
    static let entry = 24, phoff = 32, shoff = 40, ehsize = 52, phentsize = 54, phnum = 56, shentsize = 58
    static let shnum = 60, shstrndx = 62
}

private func put<T: FixedWidthInteger>(_ value: T, at offset: Int, in bytes: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { for (i, b) in $0.enumerated() { bytes[offset + i] = b } }
}

private func get<T: FixedWidthInteger>(_: T.Type, at offset: Int, in bytes: [UInt8]) -> T {
    bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
}

/// Parses `bytes` and builds a load plan, returning the error if any step rejects the file.
private func planError(_ bytes: [UInt8], limit: UInt64 = 64 << 20) -> ELFError? {
    bytes.withUnsafeBytes { raw in
        do throws(ELFError) {
            _ = try LoadPlan(file: try ELFFile(bytes: raw), maximumImageSize: limit)
            return nil
        } catch {
            return error
        }
    }
}

final class ELFTests: XCTestCase {
    /// Built once for the whole class: each build runs clang and ld.lld.
    static let kernel: URL? = try? ToolchainELF.build()

    private func kernelURL() throws -> URL {
        try XCTUnwrap(Self.kernel, "the toolchain could not build the test kernel")
    }

    private func kernelBytes() throws -> [UInt8] { try ToolchainELF.bytes(of: try kernelURL()) }

    /// The offset in the file of program header `index`.
    private func programHeaderOffset(_ bytes: [UInt8], _ index: Int) -> Int {
        Int(get(UInt64.self, at: Offset.phoff, in: bytes)) + index * 56
    }

    private func loadSegmentIndices(_ bytes: [UInt8]) -> [Int] {
        let count = Int(get(UInt16.self, at: Offset.phnum, in: bytes))
        return (0..<count).filter { get(UInt32.self, at: programHeaderOffset(bytes, $0), in: bytes) == 1 }
    }

    func testHeaderOfALinkedKernel() throws {
        let bytes = try kernelBytes()
        let nm = try ToolchainELF.nmSymbols(try kernelURL())
        try bytes.withUnsafeBytes { raw in
            let file = try ELFFile(bytes: raw)
            XCTAssertEqual(file.header.type, ELFType.executable)
            XCTAssertEqual(file.header.machine, ELFMachine.x86_64)
            XCTAssertEqual(file.header.entry, nm["_start"])
            XCTAssertGreaterThan(file.programHeaderCount, 0)
            let text = try XCTUnwrap(try file.sectionIndex(named: ".text"))
            let section = try file.sectionHeader(at: text)
            XCTAssertEqual(section.address, 0xffff_ffff_8020_0000)
            XCTAssertNil(try file.sectionIndex(named: ".nonexistent"))
        }
    }

    func testLoadPlanPlacesSegmentsByPhysicalAddress() throws {
        let bytes = try kernelBytes()
        let nm = try ToolchainELF.nmSymbols(try kernelURL())
        try bytes.withUnsafeBytes { raw in
            let plan = try LoadPlan(file: try ELFFile(bytes: raw), maximumImageSize: 64 << 20)
            XCTAssertEqual(plan.physicalStart, 0x20_0000)
            XCTAssertEqual(plan.entryOffset, try XCTUnwrap(nm["_start"]) - 0xffff_ffff_8020_0000)
            for segment in plan.segments {
                XCTAssertEqual(segment.virtualAddress - segment.physicalAddress, 0xffff_ffff_8000_0000)
                XCTAssertLessThanOrEqual(segment.fileSize, segment.memorySize)
                XCTAssertLessThanOrEqual(segment.physicalAddress + segment.memorySize, plan.physicalEnd)
            }
            let executable = plan.segments.filter { $0.flags.contains(.execute) }
            XCTAssertEqual(executable.count, 1)
            XCTAssertFalse(executable[0].flags.contains(.write))
            let bss = try XCTUnwrap(nm["scratch"])
            XCTAssertTrue(plan.segments.contains {
                $0.memorySize > $0.fileSize && bss >= $0.virtualAddress + $0.fileSize
                    && bss + 8192 <= $0.virtualAddress + $0.memorySize
            }, "the 8 KiB .bss array lies in the zero-filled tail of a segment")
            XCTAssertEqual(plan.imageSize, plan.physicalEnd - 0x20_0000)
        }
    }

    func testPhysicalEntryPointIsAccepted() throws {
        var bytes = try kernelBytes()
        let virtual = get(UInt64.self, at: Offset.entry, in: bytes)
        put(virtual - 0xffff_ffff_8000_0000, at: Offset.entry, in: &bytes)
        try bytes.withUnsafeBytes { raw in
            let plan = try LoadPlan(file: try ELFFile(bytes: raw), maximumImageSize: 64 << 20)
            XCTAssertEqual(plan.physicalStart + plan.entryOffset, virtual - 0xffff_ffff_8000_0000)
        }
    }

    func testSymbolLookupAgreesWithNm() throws {
        let bytes = try kernelBytes()
        let nm = try ToolchainELF.nmSymbols(try kernelURL())
        try bytes.withUnsafeBytes { raw in
            let symbols = try SymbolTable(file: try ELFFile(bytes: raw))
            for name in ["alpha", "beta", "_start"] {
                let address = try XCTUnwrap(nm[name])
                let match = try XCTUnwrap(symbols.lookup(address + 2))
                XCTAssertEqual(match.nameString, name)
                XCTAssertEqual(match.offset, 2)
                XCTAssertEqual(match.symbol.type, SymbolType.function)
            }
            let greeting = try XCTUnwrap(nm["greeting"])
            XCTAssertEqual(symbols.lookup(greeting + 5)?.nameString, "greeting")
            XCTAssertNil(symbols.lookup(0x1000), "nothing lies below the image")
        }
    }

    func testSymbolLookupPrefersSizedSymbolsAndFallsBackToLabels() throws {
        // Hand-made tables: a label at 0x100, a sized function at 0x180..0x1a0.
        let strings: [UInt8] = Array("\0label\0func\0".utf8)
        func symbol(name: UInt32, type: UInt8, value: UInt64, size: UInt64) -> [UInt8] {
            var entry = [UInt8](repeating: 0, count: 24)
            put(name, at: 0, in: &entry)
            entry[4] = 0x10 | type
            put(UInt16(1), at: 6, in: &entry)
            put(value, at: 8, in: &entry)
            put(size, at: 16, in: &entry)
            return entry
        }
        let table = [UInt8](repeating: 0, count: 24) + symbol(name: 1, type: SymbolType.noType, value: 0x100, size: 0)
            + symbol(name: 7, type: SymbolType.function, value: 0x180, size: 0x20)
        try table.withUnsafeBytes { rawSymbols in
            try strings.withUnsafeBytes { rawStrings in
                let symbols = try SymbolTable(symbols: rawSymbols, strings: rawStrings)
                XCTAssertEqual(symbols.count, 3)
                XCTAssertEqual(symbols.lookup(0x190)?.nameString, "func")
                XCTAssertEqual(symbols.lookup(0x190)?.offset, 0x10)
                XCTAssertEqual(symbols.lookup(0x1b0)?.nameString, "label", "past the sized symbol's end")
                XCTAssertEqual(symbols.lookup(0x1b0)?.offset, 0xb0)
                XCTAssertNil(symbols.lookup(0xff))
            }
        }
        XCTAssertThrowsError(try table.dropLast().withUnsafeBytes { raw in
            try strings.withUnsafeBytes { try SymbolTable(symbols: raw, strings: $0) }
        })
    }

    func testUnterminatedStringIsAnError() throws {
        let bytes: [UInt8] = Array("\0abc".utf8)
        try bytes.withUnsafeBytes { raw in
            let table = StringTable(bytes: raw)
            XCTAssertEqual(try table.string(at: 0).count, 0)
            XCTAssertThrowsError(try table.string(at: 1)) { XCTAssertEqual($0 as? ELFError, .stringOutOfBounds(offset: 1)) }
            XCTAssertThrowsError(try table.string(at: 9)) { XCTAssertEqual($0 as? ELFError, .stringOutOfBounds(offset: 9)) }
        }
    }

    func testStrippedFileHasNoSymbolTable() throws {
        let url = try kernelURL()
        let stripped = url.deletingLastPathComponent().appendingPathComponent("stripped.elf")
        try ToolchainELF.run("llvm-objcopy", ["--strip-all", url.path, stripped.path])
        try ToolchainELF.bytes(of: stripped).withUnsafeBytes { raw in
            let file = try ELFFile(bytes: raw)
            XCTAssertThrowsError(try SymbolTable(file: file)) { XCTAssertEqual($0 as? ELFError, .noSymbolTable) }
            XCTAssertNoThrow(try LoadPlan(file: file, maximumImageSize: 64 << 20))
        }
    }

    func testWrongMachineIsRejected() throws {
        let url = try ToolchainELF.build(source: "void _start(void) { for (;;) {} }", target: "aarch64-none-elf")
        XCTAssertEqual(planError(try ToolchainELF.bytes(of: url)), .wrongMachine(ELFMachine.aarch64))
    }

    func testThirtyTwoBitFileIsRejected() throws {
        let url = try ToolchainELF.build(source: "void _start(void) { for (;;) {} }", script: "SECTIONS { . = 0x200000; .text : { *(.text*) } }",
                                         target: "i386-none-elf")
        XCTAssertEqual(planError(try ToolchainELF.bytes(of: url)), .unsupportedClass(1))
    }

    func testRelocatableObjectIsRejected() throws {
        let url = try ToolchainELF.build(link: false)
        XCTAssertEqual(planError(try ToolchainELF.bytes(of: url)), .wrongType(ELFType.relocatable))
    }

    func testCorruptHeadersGiveTypedErrors() throws {
        let good = try kernelBytes()
        func corrupted(_ change: (inout [UInt8]) -> Void) -> ELFError? {
            var bytes = good
            change(&bytes)
            return planError(bytes)
        }
        XCTAssertNil(planError(good))
        XCTAssertEqual(corrupted { $0[Offset.ident + 1] = 0x46 }, .badMagic)
        XCTAssertEqual(corrupted { $0[Offset.elfClass] = 1 }, .unsupportedClass(1))
        XCTAssertEqual(corrupted { $0[Offset.encoding] = 2 }, .unsupportedEncoding(2))
        XCTAssertEqual(corrupted { $0[Offset.identVersion] = 0 }, .unsupportedVersion(0))
        XCTAssertEqual(corrupted { put(UInt32(7), at: Offset.version, in: &$0) }, .unsupportedVersion(7))
        XCTAssertEqual(corrupted { put(UInt16(52), at: Offset.ehsize, in: &$0) }, .badHeaderSize(52))
        XCTAssertEqual(corrupted { put(UInt16(32), at: Offset.phentsize, in: &$0) }, .badProgramHeaderEntrySize(32))
        XCTAssertEqual(corrupted { put(UInt64.max - 8, at: Offset.phoff, in: &$0) }, .programHeadersOutOfFile)
        XCTAssertEqual(corrupted { put(UInt16(0xffff), at: Offset.phnum, in: &$0) }, .programHeadersOutOfFile)
        XCTAssertEqual(corrupted { put(UInt16(40), at: Offset.shentsize, in: &$0) }, .badSectionHeaderEntrySize(40))
        XCTAssertEqual(corrupted { put(UInt64(good.count - 10), at: Offset.shoff, in: &$0) }, .sectionHeadersOutOfFile)
        XCTAssertEqual(corrupted { put(UInt16(900), at: Offset.shstrndx, in: &$0) }, .badSectionNameTableIndex(900))
        XCTAssertEqual(corrupted { put(UInt16(0xB7), at: Offset.machine, in: &$0) }, .wrongMachine(0xB7))
        XCTAssertEqual(corrupted { put(UInt16(3), at: Offset.type, in: &$0) }, .wrongType(3))
        XCTAssertEqual(corrupted { put(UInt64(0x1000), at: Offset.entry, in: &$0) }, .entryOutsideSegments(0x1000))
        XCTAssertEqual(corrupted { put(UInt16(0), at: Offset.phnum, in: &$0) }, .noLoadableSegments)
        XCTAssertEqual(planError(good, limit: 0x1000), .imageTooLarge(size: try imageSize(good), limit: 0x1000))
    }

    private func imageSize(_ bytes: [UInt8]) throws -> UInt64 {
        try bytes.withUnsafeBytes { try LoadPlan(file: try ELFFile(bytes: $0), maximumImageSize: .max).imageSize }
    }

    func testCorruptSegmentsGiveTypedErrors() throws {
        let good = try kernelBytes()
        let loads = loadSegmentIndices(good)
        XCTAssertGreaterThanOrEqual(loads.count, 2)
        let first = loads[0], second = loads[1]
        let ph0 = programHeaderOffset(good, first), ph1 = programHeaderOffset(good, second)
        func corrupted(_ change: (inout [UInt8]) -> Void) -> ELFError? {
            var bytes = good
            change(&bytes)
            return planError(bytes)
        }
        XCTAssertEqual(corrupted { put(UInt64(good.count - 4), at: ph0 + 8, in: &$0) }, .segmentOutOfFile(index: first))
        XCTAssertEqual(corrupted { put(UInt64.max, at: ph0 + 32, in: &$0) }, .segmentOutOfFile(index: first))
        XCTAssertEqual(corrupted {
            put(UInt64(1), at: ph0 + 32, in: &$0)
            put(UInt64(0), at: ph0 + 40, in: &$0)
        }, .segmentFileSizeExceedsMemorySize(index: first))
        XCTAssertEqual(corrupted {
            put(UInt64.max - 4, at: ph0 + 24, in: &$0)
        }, .segmentAddressOverflow(index: first))
        XCTAssertEqual(corrupted {
            put(get(UInt64.self, at: ph0 + 24, in: $0), at: ph1 + 24, in: &$0)
        }, .segmentsOverlap(first: first, second: second))
    }

    func testEveryTruncationIsRejectedWithoutCrashing() throws {
        let good = try kernelBytes()
        let loads = loadSegmentIndices(good)
        let segmentsEnd = loads.map {
            Int(get(UInt64.self, at: programHeaderOffset(good, $0) + 8, in: good)
                + get(UInt64.self, at: programHeaderOffset(good, $0) + 32, in: good))
        }.max() ?? 0
        let headersEnd = programHeaderOffset(good, Int(get(UInt16.self, at: Offset.phnum, in: good)))
        for length in 0..<good.count {
            let error = planError(Array(good[0..<length]))
            if length < 64 {
                XCTAssertEqual(error, .truncatedHeader(size: length))
            } else if length < max(segmentsEnd, headersEnd) {
                XCTAssertNotNil(error, "a file cut at \(length) bytes must be rejected")
            }
        }
    }

    func testRandomCorruptionNeverCrashes() throws {
        let good = try kernelBytes()
        var generator = SplitMix64(seed: 0x5741_4C4F_53)
        var rejected = 0
        for _ in 0..<3000 {
            var bytes = good
            for _ in 0..<Int(generator.next() % 4 + 1) {
                // Aim at the headers, where a flipped byte changes what the parser reads.
                let position = Int(generator.next() % UInt64(min(bytes.count, 512)))
                bytes[position] = UInt8(truncatingIfNeeded: generator.next())
            }
            if planError(bytes) != nil { rejected += 1 }
            bytes.withUnsafeBytes { raw in
                guard let file = try? ELFFile(bytes: raw), let symbols = try? SymbolTable(file: file) else { return }
                _ = symbols.lookup(generator.next())
                for index in 0..<file.sectionHeaderCount { _ = try? file.name(ofSection: index) }
            }
        }
        XCTAssertGreaterThan(rejected, 0)
    }
}

/// A small deterministic generator so the corruption test is repeatable.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
