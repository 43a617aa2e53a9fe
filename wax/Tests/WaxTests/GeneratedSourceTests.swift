import Foundation
import XCTest

/// Sources written by the generators in tools/generate are what their generators write today: nobody edited them
/// by hand, and the generator still reads its input (the pinned WasmKit's decoder) as the file assumes.
final class GeneratedSourceTests: XCTestCase {
    func testSimdOpIsGenerated() throws {
        let wax = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let project = wax.deletingLastPathComponent()
        let visitor = wax.appendingPathComponent(".build/checkouts/WasmKit/Sources/WasmParser/InstructionVisitor.swift")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("SimdOp-\(UUID().uuidString).swift")
        defer { try? FileManager.default.removeItem(at: output) }
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = ["python3", project.appendingPathComponent("tools/generate/simd-op.py").path, visitor.path,
                               output.path]
        try generator.run()
        generator.waitUntilExit()
        XCTAssertEqual(generator.terminationStatus, 0)
        let generated = try String(contentsOf: output, encoding: .utf8)
        let committed = try String(contentsOf: wax.appendingPathComponent("Sources/Wax/SimdOp.swift"), encoding: .utf8)
        XCTAssertEqual(generated, committed, "wax/Sources/Wax/SimdOp.swift differs from what tools/generate/simd-op.py writes")
    }
}
