@testable import Wax
import XCTest

/// The bits kept beside the translated code (`PositionBits`), and the one set the translator fills:
/// `Module.accumulatorDies`, which must follow the instructions that the peephole fusions remove.
final class PositionBitsTests: XCTestCase {
    func testSetClearAndPastTheEnd() {
        var bits = PositionBits()
        XCTAssertFalse(bits[0])
        XCTAssertFalse(bits[1_000])
        bits[1_000] = false
        XCTAssertTrue(bits.words.isEmpty, "clearing a bit never set allocates nothing")
        for position in [0, 63, 64, 130] { bits[position] = true }
        XCTAssertEqual((0..<200).filter { bits[$0] }, [0, 63, 64, 130])
        bits[63] = false
        bits[64] = true
        XCTAssertEqual((0..<200).filter { bits[$0] }, [0, 64, 130])
        XCTAssertEqual(bits.words.count, 3)
    }

    /// Only an accumulator variant may carry the bit. The loop's branch reads the sum from the accumulator, its
    /// operand dying there, before it fuses with the add: the operand word that takes its place must not keep
    /// the bit. The compare fused into the second branch, and the add merged into the load, are removed too.
    func testBitsFollowTheFusions() throws {
        let module = try Module(bytes: wasm("""
            (module
              (memory 1)
              (func (export "count") (param i32) (result i32) (local i32)
                (loop $l
                  (local.set 1 (i32.add (local.get 1) (i32.load (i32.add (local.get 0) (local.get 1)))))
                  (br_if $l (i32.ne (i32.add (local.get 0) (i32.const 1)) (i32.const 10))))
                (if (i32.lt_s (i32.mul (local.get 0) (local.get 1)) (i32.const 3)) (then (local.set 1 (i32.const 0))))
                (i32.xor (i32.add (i32.mul (local.get 0) (local.get 1)) (i32.const 7))
                         (i32.shl (i32.sub (local.get 1) (local.get 0)) (i32.const 3)))))
            """))
        let code = (0..<module.codeEnd).map { module.code.base[$0] }
        XCTAssertTrue(code.contains { $0.op == .i32AddBrIfNe }, "the loop's add and branch fused")
        let flagged = code.indices.filter { module.accumulatorDies(at: $0) }
        XCTAssertFalse(flagged.isEmpty, "the xor's chain reads dying temporaries from the accumulator")
        for position in flagged {
            XCTAssertNotEqual(code[position].op, code[position].op.withoutAccumulator, "position \(position)")
        }
        XCTAssertFalse(module.accumulatorDies(at: module.codeEnd))
    }
}
