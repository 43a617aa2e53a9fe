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
        (module (memory 1 1 shared))
        """

    func testConvertedScriptRoundTripsAndRuns() throws {
        let script = WastConverter.convert(source)
        let decoded = try ScriptFormat.decode(ScriptFormat.encode(script))
        XCTAssertEqual(decoded.commands.count, script.commands.count)
        let result = ScriptExecutor.run(decoded)
        // module, add, nan, trap, null, invalid pass; the wrong expectation fails; quote and shared memory are skipped.
        XCTAssertEqual(result.passed, 6)
        XCTAssertEqual(result.failed, 1)
        XCTAssertEqual(result.skipped, 2)
        XCTAssertTrue(result.failures[0].hasPrefix("line 7:"), result.failures[0])
    }

    /// `(module definition)` validates a module without instantiating it (a 4 GiB memory under a 1-page limit is
    /// fine); each `(module instance)` of it is a new instance with state of its own; an invalid definition fails.
    /// The same after a round trip through the script format.
    func testModuleDefinitionsAndInstances() throws {
        let script = WastConverter.convert("""
            (module definition $M
              (global (mut i32) (i32.const 0))
              (func (export "bump") (result i32) (global.set 0 (i32.add (global.get 0) (i32.const 1))) (global.get 0)))
            (module definition (memory 65536))
            (module instance $A $M)
            (module instance $B $M)
            (assert_return (invoke $A "bump") (i32.const 1))
            (assert_return (invoke $A "bump") (i32.const 2))
            (assert_return (invoke $B "bump") (i32.const 1))
            (assert_return (invoke "bump") (i32.const 2))
            (module definition $bad (func (result i32) (i64.const 0)))
            """)
        let result = ScriptExecutor.run(try ScriptFormat.decode(ScriptFormat.encode(script)),
                                        limits: StoreLimits(maxMemoryPages: 1))
        XCTAssertEqual(result.passed, 8, "\(result.failures) \(result.skipReasons)")
        XCTAssertEqual(result.failures.count, 1)
        XCTAssertTrue(result.failures.first?.hasPrefix("line 11: module definition refused") ?? false, "\(result.failures)")
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

    /// A refusal passes only when it is of the class the assertion names; wording alone is only listed.
    func testRefusalOfTheWrongClassFails() {
        let result = ScriptExecutor.run(WastConverter.convert("""
            (assert_malformed (module (func (result i32) (i64.const 0))) "type mismatch")
            (assert_invalid (module binary "\\00asm" "\\01\\00\\00\\00" "\\01") "unexpected end")
            (assert_malformed (module binary "\\00asm" "\\01\\00\\00\\00" "\\01") "unexpected end")
            (assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
            (assert_invalid (module (func (result i32) (i64.const 0))) "some other words")
            """))
        XCTAssertEqual(result.failed, 2, "\(result.failures)")
        XCTAssertTrue(result.failures[0].hasPrefix("line 1: invalid module"), result.failures[0])
        XCTAssertTrue(result.failures[1].hasPrefix("line 2: malformed module"), result.failures[1])
        XCTAssertEqual(result.passed, 3)
        XCTAssertEqual(result.messageMismatches.count, 1, "\(result.messageMismatches)")
        XCTAssertTrue(result.messageMismatches[0].hasPrefix("line 5:"), result.messageMismatches[0])
    }

    /// assert_unlinkable passes for a link error only, assert_trap on a module for a trap only.
    func testUnlinkableAndModuleTrapNeedTheirOwnKindOfFailure() {
        let result = ScriptExecutor.run(WastConverter.convert("""
            (assert_unlinkable (module (import "spectest" "absent" (func))) "unknown import")
            (assert_unlinkable (module (import "spectest" "print_i32" (func)) (func (result i32) (i64.const 0))) "unknown import")
            (assert_unlinkable (module (func $s unreachable) (start $s)) "unreachable")
            (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
            (assert_trap (module (import "spectest" "absent" (func))) "unreachable")
            """))
        XCTAssertEqual(result.passed, 2, "\(result.failures)")
        XCTAssertEqual(result.failed, 3)
        XCTAssertTrue(result.failures[0].contains("invalid module"), result.failures[0])
        XCTAssertTrue(result.failures[1].contains("trapped"), result.failures[1])
        XCTAssertTrue(result.failures[2].contains("failed to link"), result.failures[2])
    }

    /// Every directive is one outcome: what the parser cannot read, a stray token and a directive the file ends in
    /// are skips with the reason, and register counts too.
    func testEveryDirectiveIsCounted() {
        let text = """
            (module $m (func (export "f")))
            (register "m" $m)
            (assert_return (invoke "f") (bogus.const 1))
            stray
            (no_such_directive)
            (invoke "f")
            (assert_return (invoke "f")
            """
        let result = ScriptExecutor.run(WastConverter.convert(text))
        XCTAssertEqual(WastConverter.directiveCount(text), 7)
        XCTAssertEqual(result.total, 7)
        XCTAssertEqual(result.passed, 3, "\(result.failures)")
        XCTAssertEqual(result.skipped, 4)
        XCTAssertEqual(result.skipReasons.filter { $0.reason.hasPrefix("text WasmKit's parser cannot read") }.map(\.count).reduce(0, +), 4,
                       "\(result.skipReasons)")
    }

    /// The text encoders leave out the data count section a data.drop needs when there is no data segment; the
    /// reference encoder writes it, which makes the module invalid rather than malformed.
    func testAssertInvalidOfAMissingDataSegmentIsInvalid() {
        let result = ScriptExecutor.run(WastConverter.convert("""
            (assert_invalid (module (func (data.drop 0))) "unknown data segment")
            (assert_invalid (module (memory 0x1_0000_0000)) "memory size")
            """))
        XCTAssertEqual(result.passed, 2, "\(result.failures)")
        XCTAssertEqual(result.messageMismatches.count, 0, "\(result.messageMismatches)")
    }

    func testTruncatedScriptIsRefused() throws {
        let bytes = ScriptFormat.encode(WastConverter.convert(source))
        XCTAssertThrowsError(try ScriptFormat.decode(Array(bytes.prefix(bytes.count - 3))))
        XCTAssertThrowsError(try ScriptFormat.decode([0x57, 0x41, 0x58]))
    }
}
