import Wax
import XCTest

/// Programs whose translation takes the compiler's shortcuts: lazy local reads, results written straight into
/// locals, the accumulator, fused compare-and-branch, indexed memory accesses and the fused loop step. Each
/// expected value is the WebAssembly meaning, which a wrong shortcut changes.
final class RegisterCodeTests: XCTestCase {
    func testLocalReadBeforeAWriteKeepsTheOldValue() throws {
        let store = Store()
        let instance = try instantiate("""
            (module (func (export "f") (param i32) (result i32)
              (local.get 0)
              (local.set 0 (i32.add (local.get 0) (i32.const 10)))
              (i32.sub (local.get 0))))
            """, store: store)
        // old - new = 5 - 15
        XCTAssertEqual(try instance.invoke("f", [.i32(5)]), [.i32(UInt32(bitPattern: -10))])
    }

    func testLocalReadBeforeABlockThatWritesIt() throws {
        let store = Store()
        let instance = try instantiate("""
            (module (func (export "f") (param i32 i32) (result i32)
              (local.get 0)
              (block (br_if 0 (local.get 1)) (local.set 0 (i32.const 100)))
              (i32.add (local.get 0))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("f", [.i32(1), .i32(0)]), [.i32(101)])
        XCTAssertEqual(try instance.invoke("f", [.i32(1), .i32(1)]), [.i32(2)])
    }

    func testTeeThenReadsOfBothLocals() throws {
        let store = Store()
        let instance = try instantiate("""
            (module (func (export "f") (param i32) (result i32) (local i32)
              (local.set 1 (i32.mul (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (local.get 0)))
              (i32.add (local.get 1) (local.get 0))))
            """, store: store)
        // x = 4: local 0 = 5, local 1 = 25, result 30
        XCTAssertEqual(try instance.invoke("f", [.i32(4)]), [.i32(30)])
    }

    func testAccumulatorIsNotReadAcrossALoopLabel() throws {
        let store = Store()
        let instance = try instantiate("""
            (module (func (export "f") (result i32) (local i32 i32)
              (local.set 0 (i32.const 7))
              (loop $l
                (local.set 0 (i32.add (local.get 0) (i32.const 1)))
                (local.set 1 (i32.add (local.get 1) (i32.const 3)))
                (br_if $l (i32.lt_u (local.get 0) (i32.const 10))))
              (i32.add (i32.mul (local.get 0) (i32.const 100)) (local.get 1))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("f", []), [.i32(1009)])
    }

    func testFusedBranchesOnEveryIntegerComparison() throws {
        let store = Store()
        let comparisons = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"]
        let functions = comparisons.map { name in
            """
            (func (export "br_\(name)") (param i32 i32) (result i32)
              (block (br_if 0 (i32.\(name) (local.get 0) (local.get 1))) (return (i32.const 0))) (i32.const 1))
            (func (export "if_\(name)") (param i64 i64) (result i32)
              (if (result i32) (i64.\(name) (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))
            """
        }
        let instance = try instantiate("(module \(functions.joined(separator: "\n")))", store: store)
        let pairs: [(Int32, Int32)] = [(-1, 1), (1, -1), (2, 2), (0, 5), (5, 0)]
        for name in comparisons {
            for (x, y) in pairs {
                let expected: Bool
                switch name {
                case "eq": expected = x == y
                case "ne": expected = x != y
                case "lt_s": expected = x < y
                case "lt_u": expected = UInt32(bitPattern: x) < UInt32(bitPattern: y)
                case "gt_s": expected = x > y
                case "gt_u": expected = UInt32(bitPattern: x) > UInt32(bitPattern: y)
                case "le_s": expected = x <= y
                case "le_u": expected = UInt32(bitPattern: x) <= UInt32(bitPattern: y)
                case "ge_s": expected = x >= y
                default: expected = UInt32(bitPattern: x) >= UInt32(bitPattern: y)
                }
                let result: [Value] = [.i32(expected ? 1 : 0)]
                XCTAssertEqual(try instance.invoke("br_\(name)", [.i32(UInt32(bitPattern: x)), .i32(UInt32(bitPattern: y))]),
                               result, "br_if i32.\(name) \(x) \(y)")
                // Sign-extended to i64: the same order, signed and unsigned.
                XCTAssertEqual(try instance.invoke("if_\(name)", [.i64(UInt64(bitPattern: Int64(x))), .i64(UInt64(bitPattern: Int64(y)))]),
                               result, "if i64.\(name) \(x) \(y)")
            }
        }
    }

    func testFloatBranchesTreatNaNAsUnordered() throws {
        let store = Store()
        let instance = try instantiate("""
            (module
              (func (export "lt") (param f64 f64) (result i32)
                (if (result i32) (f64.lt (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))
              (func (export "ge_br") (param f32 f32) (result i32)
                (block (br_if 0 (f32.ge (local.get 0) (local.get 1))) (return (i32.const 0))) (i32.const 1)))
            """, store: store)
        let nan = Double.nan.bitPattern
        XCTAssertEqual(try instance.invoke("lt", [.f64(1.0.bitPattern), .f64(2.0.bitPattern)]), [.i32(1)])
        XCTAssertEqual(try instance.invoke("lt", [.f64(2.0.bitPattern), .f64(1.0.bitPattern)]), [.i32(0)])
        XCTAssertEqual(try instance.invoke("lt", [.f64(nan), .f64(1.0.bitPattern)]), [.i32(0)])
        XCTAssertEqual(try instance.invoke("ge_br", [.f32(Float(2).bitPattern), .f32(Float(1).bitPattern)]), [.i32(1)])
        XCTAssertEqual(try instance.invoke("ge_br", [.f32(Float.nan.bitPattern), .f32(Float(1).bitPattern)]), [.i32(0)])
    }

    func testIndexedAccessesWrapTheAddressLikeI32Add() throws {
        let store = Store()
        let instance = try instantiate("""
            (module (memory 1)
              (func (export "load") (param i32 i32) (result i32) (i32.load8_u (i32.add (local.get 0) (local.get 1))))
              (func (export "store") (param i32 i32 i32) (i32.store16 (i32.add (local.get 0) (local.get 1)) (local.get 2)))
              (func (export "load_offset") (param i32 i32) (result i32)
                (i32.load8_u offset=1 (i32.add (local.get 0) (local.get 1)))))
            """, store: store)
        // 0xffff_fff0 + 0x14 wraps to 4.
        try XCTAssertEqual(instance.invoke("store", [.i32(0xffff_fff0), .i32(0x14), .i32(0xbeef)]), [])
        XCTAssertEqual(try instance.invoke("load", [.i32(0xffff_fff0), .i32(0x14)]), [.i32(0xef)])
        XCTAssertEqual(try instance.invoke("load", [.i32(5), .i32(0)]), [.i32(0xbe)])
        // With a static offset the sum wraps first, then the offset adds without wrapping.
        XCTAssertEqual(try instance.invoke("load_offset", [.i32(0xffff_fff0), .i32(0x13)]), [.i32(0xef)])
        XCTAssertEqual(trap { try instance.invoke("load", [.i32(65535), .i32(1)]) }, .memoryOutOfBounds)
        XCTAssertEqual(trap { try instance.invoke("load_offset", [.i32(0xffff_ffff), .i32(0)]) }, .memoryOutOfBounds)
    }

    func testLoopStepAndTestKeepTheCounter() throws {
        let store = Store()
        let instance = try instantiate("""
            (module (func (export "f") (param i32) (result i32) (local i32 i32)
              (loop $l
                (local.set 2 (i32.add (local.get 2) (local.get 1)))
                (br_if $l (i32.ne (local.tee 1 (i32.add (local.get 1) (i32.const 1))) (local.get 0))))
              (i32.add (i32.mul (local.get 1) (i32.const 1000)) (local.get 2)))
              (func (export "down") (param i32) (result i32) (local i32)
              (loop $l
                (local.set 1 (i32.add (local.get 1) (i32.const 2)))
                (br_if $l (local.tee 0 (i32.add (local.get 0) (i32.const -1)))))
              (local.get 1)))
            """, store: store)
        // Counts to 10, summing 0...9.
        XCTAssertEqual(try instance.invoke("f", [.i32(10)]), [.i32(10045)])
        XCTAssertEqual(try instance.invoke("down", [.i32(6)]), [.i32(12)])
    }

    func testSeveralResultsReturnedFromSwappedLocals() throws {
        let store = Store()
        let instance = try instantiate("""
            (module (func (export "swap") (param i32 i64) (result i64 i32)
              (if (i32.eqz (local.get 0)) (then (return (i64.const 7) (i32.const 8))))
              (local.get 1) (local.get 0)))
            """, store: store)
        XCTAssertEqual(try instance.invoke("swap", [.i32(3), .i64(4)]), [.i64(4), .i32(3)])
        XCTAssertEqual(try instance.invoke("swap", [.i32(0), .i64(4)]), [.i64(7), .i32(8)])
    }

    func testBranchesCarryingValues() throws {
        let store = Store()
        let instance = try instantiate("""
            (module
              (func (export "table") (param i32 i32) (result i32 i32)
                (block $a (result i32 i32)
                  (block $b (result i32 i32)
                    (local.get 1) (i32.const 5)
                    (br_table $a $b 2 (local.get 0)))
                  (i32.add (i32.const 100))
                  (return))
                (i32.mul (i32.const 2)))
              (func (export "brif") (param i32) (result i32)
                (block (result i32) (br_if 0 (local.get 0) (local.get 0)) (drop) (i32.const 42))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("table", [.i32(0), .i32(3)]), [.i32(3), .i32(10)])
        XCTAssertEqual(try instance.invoke("table", [.i32(1), .i32(3)]), [.i32(3), .i32(105)])
        XCTAssertEqual(try instance.invoke("table", [.i32(9), .i32(3)]), [.i32(3), .i32(5)])
        XCTAssertEqual(try instance.invoke("brif", [.i32(9)]), [.i32(9)])
        XCTAssertEqual(try instance.invoke("brif", [.i32(0)]), [.i32(42)])
    }

    func testDeepOperandStackBeyondTheLazyReads() throws {
        let store = Store()
        // 70 reads of local 0 on the stack, then a write to it and 70 additions: only the first reads are lazy.
        let reads = String(repeating: "(local.get 0) ", count: 70)
        let sums = String(repeating: "(i32.add) ", count: 69)
        let instance = try instantiate("""
            (module (func (export "f") (param i32) (result i32)
              \(reads)
              (local.tee 0 (i32.const 1000))
              (local.set 0 (i32.const 5))
              \(sums)
              (i32.add) (i32.add (local.get 0))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("f", [.i32(2)]), [.i32(70 * 2 + 1000 + 5)])
    }

    func testSelectAndCallsWithLazyArguments() throws {
        let store = Store()
        let instance = try instantiate("""
            (module
              (func $pick (param i32 i32 i32) (result i32) (select (local.get 0) (local.get 1) (local.get 2)))
              (func (export "f") (param i32) (result i32) (local i32)
                (local.set 1 (i32.const 9))
                (call $pick (local.get 1) (local.get 0) (i32.gt_u (local.get 0) (i32.const 3)))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("f", [.i32(2)]), [.i32(2)])
        XCTAssertEqual(try instance.invoke("f", [.i32(5)]), [.i32(9)])
    }
}
