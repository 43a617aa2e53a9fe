import Foundation
import WasmParser
@testable import Wax
import WaxScript
import WaxWast
import XCTest

/// The walker that the rewrites before parsing use (`InstructionWalker`) must find instructions exactly where
/// WasmParser reads them, or a rewrite would change an immediate instead of an opcode.
final class InstructionWalkerTests: XCTestCase {
    /// Records where each instruction WasmParser reads starts.
    struct Starts: AnyInstructionVisitor {
        typealias VisitorError = Never
        var binaryOffset = 0
        var offsets: [Int] = []

        mutating func visit(_ instruction: Instruction) { offsets.append(binaryOffset) }
    }

    /// Every module of the spec scripts with the most varied immediates: SIMD lanes and memory arguments, GC types
    /// and casts, memory indexes, 64-bit offsets, typed selects and blocks, try_table's clauses, odd encodings.
    func testWalkerStartsWhereTheParserDoes() throws {
        let suite = try specSuite()
        let files = ["simd_lane", "simd_load8_lane", "simd_load64_lane", "simd_store16_lane", "simd_const", "simd_load",
                     "simd_store", "simd_memory-multi", "simd_address", "simd_select", "relaxed_laneselect", "struct",
                     "array", "array_copy", "array_new_data", "br_on_cast", "br_on_cast_fail", "ref_cast", "ref_test",
                     "i31", "type-subtyping", "select", "try_table", "throw_ref", "call_ref", "return_call_ref",
                     "return_call_indirect", "memory-multi", "load2", "store2", "memory_copy1", "memory_init64",
                     "address64", "load64", "binary", "binary-gc", "binary-leb128", "block", "br_table", "table_copy"]
            .map { $0 + ".wast" }
        var functions = 0
        for file in files {
            let text = try String(contentsOf: suite.appendingPathComponent(file), encoding: .utf8)
            for command in WastConverter.convert(text).commands {
                guard case .module(_, let bytes) = command.command else { continue }
                functions += try compare(bytes, file: file, line: command.line)
            }
        }
        // Thousands of bodies; far fewer would mean the scripts were not read.
        XCTAssertGreaterThan(functions, 2_000)
    }

    /// The legacy instructions, which WasmParser does not read, stand where the walker says, and nowhere else.
    func testLegacyInstructionsAreFoundAndReplaced() throws {
        // (func (try (do (try (do) (delegate 0)) (nop)) (catch 0 (drop) (rethrow 0)) (catch_all)))
        let body: [UInt8] = [0x00, 0x06, 0x40, 0x06, 0x40, 0x18, 0x00, 0x01, 0x07, 0x00, 0x1A, 0x09, 0x00, 0x19, 0x0B,
                             0x0B]
        // Types [] -> [] and [i32] -> [], one function, a tag of type 1, the code.
        var module: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
                               0x01, 0x08, 0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7F, 0x00,
                               0x03, 0x02, 0x01, 0x00,
                               0x0D, 0x03, 0x01, 0x00, 0x01,
                               0x0A, UInt8(body.count + 2), 0x01, UInt8(body.count)]
        let bodyStart = module.count
        module += body
        let legacy = LegacyExceptions.rewrite(&module)
        XCTAssertEqual(legacy.positions, [1, 3, 5, 8, 11, 13].map { bodyStart + $0 })
        XCTAssertEqual(legacy.kinds, [.try, .try, .delegate, .catch, .rethrow, .catchAll])
        XCTAssertEqual(Array(module[bodyStart...]),
                       [0x00, 0x02, 0x40, 0x02, 0x40, 0x0C, 0x00, 0x01, 0x0C, 0x00, 0x1A, 0x0C, 0x00, 0x01, 0x0B, 0x0B])
        // And the module runs as the legacy instructions say: it validates.
        var original = module
        for (position, kind) in zip(legacy.positions, legacy.kinds) {
            original[position] = [LegacyExceptions.Kind.try: 0x06, .catch: 0x07, .catchAll: 0x19, .rethrow: 0x09,
                                  .delegate: 0x18][kind]!
        }
        XCTAssertNoThrow(try Module(bytes: original))
    }

    /// Legacy instructions where they cannot be (a catch outside any try, a rethrow outside any catch, a delegate
    /// ending the function) are the module's error, found once the body did not parse without them.
    func testMisplacedLegacyInstructionsAreRefused() throws {
        for (expression, reason) in [([0x07, 0x00, 0x0B], "catch without matching try"),
                                     ([0x19, 0x0B], "catch without matching try"),
                                     ([0x09, 0x00, 0x0B], "invalid rethrow label"),
                                     ([0x18, 0x00], "delegate without matching try")] as [([UInt8], String)] {
            let body: [UInt8] = [0x00] + expression
            let module: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
                                   0x01, 0x08, 0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7F, 0x00,
                                   0x03, 0x02, 0x01, 0x00,
                                   0x0D, 0x03, 0x01, 0x00, 0x01,
                                   0x0A, UInt8(body.count + 2), 0x01, UInt8(body.count)] + body
            XCTAssertEqual(moduleError(module)?.reason, reason, "\(expression)")
        }
    }

    /// Compares the walker with WasmParser on each body WasmParser reads to its end; returns how many it compared.
    private func compare(_ bytes: [UInt8], file: String, line: Int) throws -> Int {
        var canonical = WideMemoryLimits.narrow(OverlongOpcodes.canonicalize(bytes))
        _ = LocalDeclarations.compress(&canonical)
        var codes: [Code] = []
        var parser = Parser(bytes: canonical, features: ModuleDecoder.parserFeatures)
        while let payload = try? parser.parseNext() {
            if case .codeSection(let section) = payload { codes = section }
        }
        let expressions = InstructionWalker.expressions(of: canonical)
        guard expressions.count == codes.count else {
            XCTFail("\(file):\(line): the walker finds \(expressions.count) bodies, WasmParser \(codes.count)")
            return 0
        }
        var compared = 0
        for (code, expression) in zip(codes, expressions) {
            var starts = Starts()
            var reader = ExpressionParser(code: code)
            do {
                while let visit = try reader.parse() { visit(visitor: &starts) }
            } catch {
                continue  // a body the parser refuses (a malformed-module assertion)
            }
            var walker = InstructionWalker(canonical, expression: expression)
            var walked: [Int] = []
            while let step = walker.next() { walked.append(step.start) }
            XCTAssertEqual(walked, starts.offsets, "\(file):\(line): a body at \(expression)")
            compared += 1
        }
        return compared
    }

    private func specSuite() throws -> URL {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..")
        for candidate in [repository.appendingPathComponent("../shared/testdata/wasm-spec-testsuite"),
                          URL(fileURLWithPath: "/work/shared/testdata/wasm-spec-testsuite")]
        where FileManager.default.fileExists(atPath: candidate.path) {
            return candidate
        }
        throw MissingTestData()
    }

    struct MissingTestData: Error, CustomStringConvertible {
        var description: String { "the WebAssembly spec suite is not at ../shared/testdata/wasm-spec-testsuite" }
    }
}
