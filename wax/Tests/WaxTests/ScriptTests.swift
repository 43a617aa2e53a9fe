import Foundation
import Wax
import WaxScript
import WaxWast
import XCTest

final class ScriptTests: XCTestCase {
    let source = """
        (module $m
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
          (func (export "trap") (unreachable))
          (func (export "null") (result funcref) (ref.null func)))
        (assert_return (invoke "add" (i32.const 2) (i32.const 3)) (i32.const 5))
        (assert_return (invoke "add" (i32.const 2) (i32.const 3)) (i32.const 6))
        (assert_return (invoke $m "nan") (f32.const nan:arithmetic))
        (assert_trap (invoke "trap") "unreachable")
        (assert_return (invoke "null") (ref.null))
        (assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
        (assert_malformed (module quote "(func") "unexpected end")
        (module (memory i64 1))
        """

    func testConvertedScriptRoundTripsAndRuns() throws {
        let script = WastConverter.convert(source)
        let decoded = try ScriptFormat.decode(ScriptFormat.encode(script))
        XCTAssertEqual(decoded.commands.count, script.commands.count)
        let result = ScriptExecutor.run(decoded)
        // module, add, nan, trap, null, invalid pass; the wrong expectation fails; quote and memory64 are skipped.
        XCTAssertEqual(result.passed, 6)
        XCTAssertEqual(result.failed, 1)
        XCTAssertEqual(result.skipped, 2)
        XCTAssertTrue(result.failures[0].hasPrefix("line 7:"), result.failures[0])
    }

    /// WasmKit cannot encode a module that names a missing local; wast2json (wabt) encodes it, and Wax refuses it.
    func testAssertInvalidWithAMissingIndexRuns() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/wast2json"), "wabt is not installed")
        let script = WastConverter.convert("""
            (assert_invalid (module (func (local i32 i64) (local.get 3) drop)) "unknown local")
            (assert_invalid (module (func (call 7))) "unknown function")
            """)
        let result = ScriptExecutor.run(script)
        XCTAssertEqual(result.passed, 2, "\(result.failures) \(result.skipReasons)")
        XCTAssertEqual(result.skipped, 0)
    }

    func testTruncatedScriptIsRefused() throws {
        let bytes = ScriptFormat.encode(WastConverter.convert(source))
        XCTAssertThrowsError(try ScriptFormat.decode(Array(bytes.prefix(bytes.count - 3))))
        XCTAssertThrowsError(try ScriptFormat.decode([0x57, 0x41, 0x58]))
    }
}
