import Foundation
@testable import Wax
import XCTest

/// Hostile modules (issue 10): each is refused, trapped or run within a stated memory bound, what a store charges
/// is released when it goes, and ordinary modules behave as before.
final class ResourceTests: XCTestCase {
    /// What decoded structures may take per byte of input, at worst (the figures in wax/README.md, Memory).
    static let footprintPerByte = 16

    // MARK: Locals

    func testManyLocalsAreNeitherExpandedNorImaged() throws {
        let bytes = Encoder.manyLocals(functions: 4000, locals: 50_000)
        XCTAssertLessThan(bytes.count, 33_000)
        let module = try Module(bytes: bytes)
        XCTAssertLessThanOrEqual(module.footprint, Self.footprintPerByte * bytes.count)
        let store = Store()
        let instance = try store.instantiate(module)
        XCTAssertEqual(try instance.invoke("_start", []), [])
    }

    func testLocalsAreZeroOnEveryCall() throws {
        // 8 declared locals come zeroed from the frame image, 40 from a zeroSlots instruction, beside constants.
        for count in [8, 40] {
            let store = Store()
            let instance = try instantiate("""
                (module (func (export "swap") (param i32) (result i32)
                  (local \(String(repeating: "i64 ", count: count - 1)) i32)
                  (local.get \(count))
                  (local.set \(count) (i32.add (local.get 0) (i32.const 12345)))
                  (local.set 1 (i64.const 99))))
                """, store: store)
            XCTAssertEqual(try instance.invoke("swap", [.i32(1)]), [.i32(0)], "\(count) locals")
            XCTAssertEqual(try instance.invoke("swap", [.i32(2)]), [.i32(0)], "\(count) locals, second call")
        }
    }

    func testTooManyLocalsAreMalformed() throws {
        let tooMany = moduleError(Encoder.manyLocals(functions: 1, locals: 100_000))
        XCTAssertEqual(tooMany?.kind, .malformed)
        XCTAssertEqual(tooMany?.reason, "too many locals")
        XCTAssertNil(moduleError(Encoder.manyLocals(functions: 1, locals: 99_999)))
    }

    // MARK: Tables

    func testTablesBeyondTheTotalAreRefused() throws {
        let budget = ResourceBudget(limit: 256 << 20)
        let text = "(module " + String(repeating: "(table 1048576 funcref) ", count: 200) + ")"
        do {
            let store = Store(account: .limited(budget))
            XCTAssertThrowsError(try instantiate(text, store: store)) { error in
                XCTAssertEqual((error as? InstantiationError)?.message,
                               "resource limit: tables: 9437184 elements and 1048576 more, at most 10000000 in all")
            }
            XCTAssertLessThanOrEqual(budget.peak, budget.limit)
        }
        XCTAssertEqual(budget.used, 0, "what the store charged is released when it goes")
    }

    func testTableGrowStopsAtTheBudget() throws {
        let budget = ResourceBudget(limit: 1 << 20)
        do {
            let store = Store(account: .limited(budget))
            let instance = try instantiate("""
                (module (table $t 0 funcref)
                  (func (export "fill") (result i32)
                    (block $full (loop $grow
                      (br_if $full (i32.eq (table.grow $t (ref.null func) (i32.const 4096)) (i32.const -1)))
                      (br $grow)))
                    (table.size $t)))
                """, store: store)
            guard case .i32(let size)? = try instance.invoke("fill", []).first else { return XCTFail("no size") }
            XCTAssertGreaterThan(Int(size) * 8, (1 << 20) - 64 * 1024, "grew to about the budget")
            XCTAssertLessThanOrEqual(Int(size) * 8, 1 << 20)
            XCTAssertEqual(budget.peak, budget.used)
            XCTAssertLessThanOrEqual(budget.used, budget.limit)
        }
        XCTAssertEqual(budget.used, 0)
    }

    func testLargeTablesStoreOnlyWhatIsWritten() throws {
        let store = Store()
        let instance = try instantiate("""
            (module
              (type $v (func (result i32)))
              (table $t 1048576 funcref)
              (func $seven (result i32) (i32.const 7))
              (elem declare func $seven)
              (func (export "set") (param i32) (table.set $t (local.get 0) (ref.func $seven)))
              (func (export "null") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
              (func (export "call") (param i32) (result i32) (call_indirect $t (type $v) (local.get 0)))
              (func (export "grow") (param i32) (result i32) (table.grow $t (ref.func $seven) (local.get 0)))
              (func (export "fill") (param i32 i32) (table.fill $t (local.get 0) (ref.null func) (local.get 1)))
              (func (export "copy") (param i32 i32 i32) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
              (func (export "size") (result i32) (table.size $t)))
            """, store: store)
        XCTAssertEqual(try instance.invoke("null", [.i32(1_048_575)]), [.i32(1)])
        XCTAssertEqual(trap { try instance.invoke("call", [.i32(500_000)]) }, .uninitializedElement)
        XCTAssertEqual(trap { try instance.invoke("call", [.i32(1_048_576)]) }, .undefinedElement)
        XCTAssertEqual(try instance.invoke("set", [.i32(1_048_575)]), [])
        XCTAssertEqual(try instance.invoke("call", [.i32(1_048_575)]), [.i32(7)])
        XCTAssertEqual(try instance.invoke("null", [.i32(1_048_574)]), [.i32(1)])
        // Grown with a function: the new entries hold it, the old ones keep theirs.
        XCTAssertEqual(try instance.invoke("grow", [.i32(10)]), [.i32(1_048_576)])
        XCTAssertEqual(try instance.invoke("call", [.i32(1_048_580)]), [.i32(7)])
        XCTAssertEqual(try instance.invoke("null", [.i32(3)]), [.i32(1)])
        // Copies across the stored part and the rest, both ways, overlapping.
        XCTAssertEqual(try instance.invoke("copy", [.i32(1_048_570), .i32(1_048_572), .i32(10)]), [])
        XCTAssertEqual(try instance.invoke("call", [.i32(1_048_573)]), [.i32(7)])
        XCTAssertEqual(try instance.invoke("null", [.i32(1_048_572)]), [.i32(1)])
        XCTAssertEqual(try instance.invoke("copy", [.i32(1_048_575), .i32(1_048_573), .i32(4)]), [])
        XCTAssertEqual(try instance.invoke("call", [.i32(1_048_578)]), [.i32(7)])
        XCTAssertEqual(try instance.invoke("fill", [.i32(1_048_580), .i32(6)]), [])
        XCTAssertEqual(try instance.invoke("null", [.i32(1_048_585)]), [.i32(1)])
        XCTAssertEqual(try instance.invoke("call", [.i32(1_048_579)]), [.i32(7)])
        XCTAssertEqual(trap { try instance.invoke("fill", [.i32(1_048_580), .i32(7)]) }, .tableOutOfBounds)
        XCTAssertEqual(try instance.invoke("size", []), [.i32(1_048_586)])
    }

    // MARK: Stack and frames

    func testDeepRecursionWithBigFramesTrapsWithinTheBudget() throws {
        let budget = ResourceBudget(limit: 4 << 20)
        let store = Store(account: .limited(budget))
        let instance = try instantiate("""
            (module (func $f (export "f") (param i32) (result i32)
              (local \(String(repeating: "i64 ", count: 1000)))
              (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                (else (call $f (i32.sub (local.get 0) (i32.const 1)))))))
            """, store: store)
        XCTAssertEqual(trap { try instance.invoke("f", [.i32(100_000)]) }, .callStackExhausted)
        XCTAssertLessThanOrEqual(budget.peak, budget.limit)
        XCTAssertGreaterThan(budget.peak, budget.limit - 64 << 10, "the stack grew until the budget refused")
        // What was committed stays for the next call, which fits.
        XCTAssertEqual(try instance.invoke("f", [.i32(100)]), [.i32(0)])
    }

    func testValueStackIsCommittedAsCallsNeedIt() throws {
        let store = Store()
        let instance = try instantiate(#"(module (func (export "f") (result i32) (i32.const 1)))"#, store: store)
        let beforeCall = store.chargedBytes
        XCTAssertEqual(try instance.invoke("f", []), [.i32(1)])
        // A page of stack slots and a page of frames, not the 8 MiB the limits allow.
        XCTAssertEqual(store.chargedBytes - beforeCall, 512 * 8 + 170 * MemoryLayout<Frame>.stride)
    }

    // MARK: Segments and instances

    func testPassiveElementsAreChargedAndReleasedOnDrop() throws {
        let text = """
            (module (table 10 funcref) (func $f)
              (elem $e func \(String(repeating: "$f ", count: 10_000)))
              (func (export "init") (table.init $e (i32.const 0) (i32.const 9990) (i32.const 10)))
              (func (export "drop") (elem.drop $e)))
            """
        let module = try Module(bytes: wasm(text))
        let budget = ResourceBudget(limit: 1 << 20)
        let store = Store(account: .limited(budget))
        let instance = try store.instantiate(module)
        XCTAssertGreaterThan(store.chargedBytes, 80_000)
        XCTAssertEqual(try instance.invoke("init", []), [])
        let withSegment = store.chargedBytes
        XCTAssertEqual(try instance.invoke("drop", []), [])
        XCTAssertEqual(store.chargedBytes, withSegment - 80_000)
        XCTAssertEqual(trap { try instance.invoke("init", []) }, .tableOutOfBounds)

        let small = Store(account: .limited(ResourceBudget(limit: 64 << 10)))
        XCTAssertThrowsError(try small.instantiate(module)) { error in
            guard case .resourceLimit(let what)? = error as? InstantiationError else { return XCTFail("\(error)") }
            XCTAssertTrue(what.hasPrefix("instance of "), what)
        }
    }

    // MARK: Decoding

    func testDecodingStaysWithinMaxFootprint() throws {
        let bytes = Encoder.passiveElements(100_000)
        XCTAssertEqual(moduleError(bytes, maxFootprint: 4 << 20)?.kind, .resourceLimit)
        XCTAssertEqual(moduleError(bytes, maxFootprint: 4 << 20)?.section, "element")
        let module = try Module(bytes: bytes, maxFootprint: 64 << 20)
        XCTAssertLessThanOrEqual(module.footprint, Self.footprintPerByte * bytes.count)
    }

    func testDecodedStructuresAreLinearInTheInput() throws {
        let modules: [(String, [UInt8])] = [
            ("functions", Encoder.program(bodies: [[UInt8]](repeating: [], count: 20_000))),
            // i32.const 0, then (i32.const 1, i32.const 2, select) 20,000 times, drop.
            ("selects", Encoder.program(bodies: [[0x41, 0x00] + ([0x41, 0x01, 0x41, 0x02, 0x1b] as [UInt8])
                .repeated(20_000) + [0x1a]])),
            // block, i32.const 0, br_table of 100,000 entries, end.
            ("br_table", Encoder.program(bodies: [[0x02, 0x40, 0x41, 0x00, 0x0e] + Encoder.leb(100_000)
                                                  + [UInt8](repeating: 0, count: 100_001) + [0x0b]])),
            // Branches to a label of 100 values, which must move them (a value lies below them): one move
            // instruction each, however many values. block (type 1), i32.const 5, i32.const 0 100 times,
            // (i32.const 1, br_if 0) 2,000 times, br 0, end, drop 100 times.
            ("multi-value", Encoder.program(
                types: [[0x60, 0x00, 0x00], [0x60, 0x00, 0x64] + [UInt8](repeating: 0x7f, count: 100)],
                bodies: [[0x02, 0x01, 0x41, 0x05] + ([0x41, 0x00] as [UInt8]).repeated(100)
                         + ([0x41, 0x01, 0x0d, 0x00] as [UInt8]).repeated(2000) + [0x0c, 0x00, 0x0b]
                         + [UInt8](repeating: 0x1a, count: 100)])),
            ("nested blocks", Encoder.program(bodies: [([0x02, 0x40] as [UInt8]).repeated(5000)
                                                       + [UInt8](repeating: 0x0b, count: 5000)])),
        ]
        for (name, bytes) in modules {
            let module = try Module(bytes: bytes)
            XCTAssertLessThanOrEqual(module.footprint, Self.footprintPerByte * bytes.count,
                                     "\(name): \(module.footprint) bytes for \(bytes.count)")
        }
    }

    func testBranchesMoveSeveralValuesAtOnce() throws {
        // The three values lie above another, so every branch to the block moves them (one copySlots).
        let store = Store()
        let instance = try instantiate("""
            (module
              (func (export "br_if") (param i32) (result i32 i32 i32)
                (block (result i32 i32 i32)
                  (i32.const 9) (i32.const 1) (i32.const 2) (local.get 0)
                  (br_if 0 (local.get 0))
                  (drop) (drop) (drop) (drop) (i32.const 4) (i32.const 5) (i32.const 6)))
              (func (export "br_table") (param i32) (result i32 i32 i32)
                (block (result i32 i32 i32)
                  (block (result i32 i32 i32)
                    (i32.const 9) (local.get 0) (i32.const 2) (i32.const 3)
                    (br_table 0 1 (local.get 0)))
                  (i32.add (i32.const 10)) (br 0)))
              (func (export "br") (param i32) (result i32 i32 i32)
                (block (result i32 i32 i32)
                  (i32.const 9) (i32.const 1) (local.get 0) (i32.const 3) (br 0))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("br_if", [.i32(7)]), [.i32(1), .i32(2), .i32(7)])
        XCTAssertEqual(try instance.invoke("br_if", [.i32(0)]), [.i32(4), .i32(5), .i32(6)])
        XCTAssertEqual(try instance.invoke("br_table", [.i32(0)]), [.i32(0), .i32(2), .i32(13)])
        XCTAssertEqual(try instance.invoke("br_table", [.i32(1)]), [.i32(1), .i32(2), .i32(3)])
        XCTAssertEqual(try instance.invoke("br", [.i32(8)]), [.i32(1), .i32(8), .i32(3)])
    }

    func testThreadsAreNamed() {
        let header: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
        let type: [UInt8] = [0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f]
        func function(_ code: [UInt8], memory: [UInt8] = [0x00, 0x01]) -> [UInt8] {
            let body: [UInt8] = [0x00] + code + [0x0b]
            return header + type + [0x03, 0x02, 0x01, 0x00] + [0x05, UInt8(memory.count + 1), 0x01] + memory
                + [0x0a, UInt8(body.count + 2), 0x01, UInt8(body.count)] + body
        }
        // i32.atomic.load (0xFE 0x10) of address 0.
        XCTAssertEqual(moduleError(function([0x41, 0x00, 0xfe, 0x10, 0x02, 0x00]))?.kind,
                       .unsupported(feature: "threads"))
        // i32.atomic.rmw.add (0xFE 0x1E).
        XCTAssertEqual(moduleError(function([0x41, 0x00, 0x41, 0x01, 0xfe, 0x1e, 0x02, 0x00]))?.kind,
                       .unsupported(feature: "threads"))
        // A shared memory (limits flag 3).
        XCTAssertEqual(moduleError(function([0x41, 0x00], memory: [0x03, 0x01, 0x01]))?.kind,
                       .unsupported(feature: "threads"))
    }

    func testParserErrorsReadTheSameOnEveryBuild() throws {
        // What WasmParser's descriptions look like in hosted and in Embedded Swift.
        XCTAssertEqual(ParserErrorText.reason(
            description: #""Message(text: "Sections in the module are out of order")" at offset 0x10"#),
                       "Sections in the module are out of order")
        XCTAssertEqual(ParserErrorText.reason(
            description: #""(cannot print value in embedded Swift)" at offset 0x2a"#), "malformed encoding")
        XCTAssertEqual(ParserErrorText.reason(description: "Illegal opcode: (cannot print value in embedded Swift)"),
                       "Illegal opcode")
        XCTAssertEqual(ParserErrorText.reason(
            description: "Unexpected byte 0xfe at offset 0x1f. Expected one of (cannot print value in embedded Swift)"),
                       "Unexpected byte 0xfe")
        let outOfOrder = header + [0x03, 0x01, 0x00, 0x01, 0x01, 0x00]
        let reason = moduleError(outOfOrder)?.reason ?? ""
        XCTAssertEqual(reason, "Sections in the module are out of order")
    }

    // MARK: The command line, whole

    /// `wax run` on each hostile module: the ending it must have, and the most memory it took (peak resident
    /// size, the program's own, with its 20-30 MB of code and runtime): below `peakBound`.
    func testHostileModulesStayWithinBoundsInTheCommandLine() throws {
        let wax = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("wax").path
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: wax), "no wax executable at \(wax)")
        let cases: [(name: String, bytes: [UInt8], ending: String)] = [
            ("locals", Encoder.manyLocals(functions: 4000, locals: 50_000), ""),
            ("tables", try wasm("(module " + String(repeating: "(table 1048576 funcref) ", count: 200)
                                + #"(func (export "_start")))"#),
             "wax: instantiation failed: resource limit: tables: the budget has no room for 1048576 more elements"),
            ("table-grow", try wasm(#"(module (table $t 0 funcref) (func (export "_start") (loop $l "#
                                    + "(br_if $l (i32.ne (table.grow $t (ref.null func) (i32.const 65536)) (i32.const -1))))))"),
             ""),
            ("deep-frames", try wasm(#"(module (func $f (local "# + String(repeating: "i64 ", count: 1000)
                                     + #") (call $f)) (func (export "_start") (call $f)))"#),
             "wax: trap: call stack exhausted"),
            ("passive-elements", Encoder.passiveElements(1 << 19),
             "wax: passive-elements.wasm: resource limit, element section: decoding needs more than the 67108864 bytes allowed"),
        ]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wax-hostile-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, bytes, ending) in cases {
            let path = directory.appendingPathComponent(name + ".wasm").path
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: wax)
            process.arguments = ["run", "--peak-memory", path, "--invoke", "_start"]
            process.currentDirectoryURL = directory
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            var lines = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .replacingOccurrences(of: directory.path + "/", with: "").split(separator: "\n").map(String.init)
            process.waitUntilExit()
            let peak = lines.last.flatMap { Int($0.split(separator: " ").dropFirst(4).first ?? "") }
            lines.removeLast()
            XCTAssertEqual(lines, ending.isEmpty ? [] : [ending], name)
            XCTAssertEqual(process.terminationStatus, ending.isEmpty ? 0 : 1, name)
            XCTAssertLessThan(peak ?? .max, Self.peakBound, "\(name): peak resident memory \(peak ?? -1) kB")
        }
    }

    /// Peak resident memory, in kilobytes, of `wax run` on a hostile module.
    static let peakBound = 64 * 1024

    let header: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
}

extension Array {
    func repeated(_ times: Int) -> [Element] { [[Element]](repeating: self, count: times).flatMap { $0 } }
}

func moduleError(_ bytes: [UInt8], maxFootprint: Int) -> ModuleError? {
    do {
        _ = try Module(bytes: bytes, maxFootprint: maxFootprint)
        return nil
    } catch {
        return error
    }
}

/// Modules too large to write as text (WasmKit's text parser takes seconds on them in a debug build).
enum Encoder {
    static func leb(_ value: Int) -> [UInt8] {
        var value = value, out: [UInt8] = []
        repeat {
            let low = UInt8(value & 0x7f)
            value >>= 7
            out.append(value == 0 ? low : low | 0x80)
        } while value != 0
        return out
    }

    static func section(_ id: UInt8, _ contents: [UInt8]) -> [UInt8] { [id] + leb(contents.count) + contents }

    /// A module of functions of type 0 ([] -> [], or `types[0]`), the first exported as `_start`, with their
    /// bodies (code without the final end, declaring `locals` i64 locals) and an element section's contents.
    static func program(types: [[UInt8]] = [[0x60, 0x00, 0x00]], bodies: [[UInt8]], locals: Int = 0,
                        elements: [UInt8]? = nil) -> [UInt8] {
        var code = leb(bodies.count)
        for instructions in bodies {
            let body = (locals > 0 ? [0x01] + leb(locals) + [0x7e] : [0x00]) + instructions + [0x0b]
            code += leb(body.count) + body
        }
        let export: [UInt8] = [0x01, 0x06] + Array("_start".utf8) + [0x00, 0x00]
        return [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00] + section(1, leb(types.count) + types.flatMap { $0 })
            + section(3, leb(bodies.count) + [UInt8](repeating: 0, count: bodies.count)) + section(7, export)
            + (elements.map { section(9, $0) } ?? []) + section(10, code)
    }

    /// `functions` functions declaring `locals` i64 locals each.
    static func manyLocals(functions: Int, locals: Int) -> [UInt8] {
        program(bodies: [[UInt8]](repeating: [], count: functions), locals: locals)
    }

    /// A passive element segment of `count` references to function 0.
    static func passiveElements(_ count: Int) -> [UInt8] {
        program(bodies: [[]], elements: [0x01, 0x01, 0x00] + leb(count) + [UInt8](repeating: 0, count: count))
    }
}
