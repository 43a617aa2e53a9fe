import Foundation
import XCTest

/// Sources written by the generators in tools/generate are what their generators write today: nobody edited them
/// by hand, and the generator still reads its input (the pinned WasmKit's decoder, its own tables) as the file assumes.
final class GeneratedSourceTests: XCTestCase {
    let wax = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    var project: URL { wax.deletingLastPathComponent() }
    var sources: URL { wax.appendingPathComponent("Sources/Wax") }

    func run(_ generator: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", project.appendingPathComponent("tools/generate/\(generator)").path] + arguments
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "tools/generate/\(generator) failed")
    }

    func testSimdOpIsGenerated() throws {
        let visitor = wax.appendingPathComponent(".build/checkouts/WasmKit/Sources/WasmParser/InstructionVisitor.swift")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("SimdOp-\(UUID().uuidString).swift")
        defer { try? FileManager.default.removeItem(at: output) }
        try run("simd-op.py", [visitor.path, output.path])
        let generated = try String(contentsOf: output, encoding: .utf8)
        let committed = try String(contentsOf: sources.appendingPathComponent("SimdOp.swift"), encoding: .utf8)
        XCTAssertEqual(generated, committed, "wax/Sources/Wax/SimdOp.swift differs from what tools/generate/simd-op.py writes")
    }

    /// The files (and regions of files) that wax-ops.py writes, generated again in a copy of the sources.
    static let operationFiles = ["NumericOp.swift", "NumericSemantics.swift", "OpTables.swift", "Inst.swift",
                                 "Interpreter.swift"]

    func generateOperations(editing edit: (URL) throws -> Void = { _ in }) throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("wax-ops-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for file in Self.operationFiles {
            try FileManager.default.copyItem(at: sources.appendingPathComponent(file), to: copy.appendingPathComponent(file))
        }
        try edit(copy)
        try run("wax-ops.py", [copy.path])
        return copy
    }

    func testOperationTablesAreGenerated() throws {
        let copy = try generateOperations()
        defer { try? FileManager.default.removeItem(at: copy) }
        for file in Self.operationFiles {
            let generated = try String(contentsOf: copy.appendingPathComponent(file), encoding: .utf8)
            let committed = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            XCTAssertEqual(generated, committed, "wax/Sources/Wax/\(file) differs from what tools/generate/wax-ops.py writes")
        }
    }

    /// The generator writes the interpreter's cases from its tables: a case edited by hand, or left out of the loop,
    /// comes back as the tables say (a left-out case at the end of the last region).
    func testInterpreterCasesComeFromTheTables() throws {
        let edited = "            case .i32DivSAccC:\n                r = 0\n"
        let removed = "            case .f64Sqrt:\n                r = NumericSemantics.f64Sqrt(fp[Int(i.b)])\n"
        let copy = try generateOperations { copy in
            let file = copy.appendingPathComponent("Interpreter.swift")
            var text = try String(contentsOf: file, encoding: .utf8)
            let body = "            case .i32DivSAccC:\n                r = try NumericSemantics.i32DivS(fp[Int(i.b)], acc)\n"
            XCTAssertNotNil(text.range(of: body))
            XCTAssertNotNil(text.range(of: removed))
            text = text.replacingOccurrences(of: body, with: edited).replacingOccurrences(of: removed, with: "")
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(at: copy) }
        let generated = try String(contentsOf: copy.appendingPathComponent("Interpreter.swift"), encoding: .utf8)
        XCTAssertNil(generated.range(of: edited))
        XCTAssertNotNil(generated.range(of: "            case .i32DivSAccC:\n                r = try NumericSemantics.i32DivS(fp[Int(i.b)], acc)\n"))
        XCTAssertNotNil(generated.range(of: removed + "            // end generated: other instructions\n"))
    }
}
