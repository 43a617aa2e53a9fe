import WAT
@testable import Wax
import XCTest

/// SIMD where the spec scripts do not reach: v128 values through host functions, globals and the embedder's
/// invoke, moves of whole values (blocks, select, tail calls, calls deep below), and the native tier's fallback.
final class SimdTests: XCTestCase {
    /// A host function takes and returns a v128 (its halves swapped); a mutable v128 global keeps it; both the
    /// embedder's invoke and the global's export see the high half, on both engines.
    func testVectorThroughHostFunctionAndGlobal() throws {
        let module = try Module(bytes: wat2wasm("""
            (module
              (import "host" "swap" (func $swap (param v128) (result v128)))
              (global $g (export "g") (mut v128) (v128.const i64x2 1 2))
              (func (export "run") (param v128) (result v128)
                (global.set $g (call $swap (local.get 0)))
                (global.get $g)))
            """, features: .all))
        for engine in [Engine.interpreter, .native] {
            let store = Store()
            store.engine = engine
            var imports = Imports()
            imports.define(module: "host", name: "swap", .function(store.hostFunction(
                type: FunctionType(parameters: [.v128], results: [.v128])) { call throws(Trap) in
                    guard case .v128(let low, let high) = call.argument(0) else { throw .host("not a v128") }
                    call.setResult(0, .v128(low: high, high: low))
                }))
            let instance = try store.instantiate(module, imports: imports)
            guard case .global(let global)? = instance.export("g") else { return XCTFail("no global g") }
            XCTAssertEqual(global.value, .v128(low: 1, high: 2))
            let result = try instance.invoke("run", [.v128(low: 0x1111_2222_3333_4444, high: 0x5555_6666_7777_8888)])
            XCTAssertEqual(result, [.v128(low: 0x5555_6666_7777_8888, high: 0x1111_2222_3333_4444)], "\(engine)")
            XCTAssertEqual(global.value, .v128(low: 0x5555_6666_7777_8888, high: 0x1111_2222_3333_4444))
        }
    }

    /// Whole values move through a block's results, br_if, select, a local set in a loop and a tail call, and
    /// survive a call whose frames reuse the stack above them (its own v128 values in the same slots' shadows).
    func testVectorsMoveWhole() throws {
        let store = Store()
        let instance = try instantiate("""
            (module
              (func $id (param v128) (result v128) (local.get 0))
              (func $clobber (param i32) (result i32) (local v128)
                (local.set 1 (v128.const i64x2 -1 -1))
                (if (result i32) (local.get 0)
                  (then (call $clobber (i32.sub (local.get 0) (i32.const 1))))
                  (else (i32x4.extract_lane 0 (local.get 1)))))
              (func (export "pick") (param v128 v128 i32) (result v128)
                (block (result v128)
                  (br_if 0 (local.get 1) (i32.eqz (local.get 2)))
                  (drop)
                  (select (local.get 0) (local.get 1) (local.get 2))))
              (func (export "keep") (param v128) (result v128) (local v128) (local i32)
                (loop $l
                  (local.set 1 (i64x2.add (local.get 1) (local.get 0)))
                  (br_if $l (i32.lt_u (local.tee 2 (i32.add (local.get 2) (i32.const 1))) (i32.const 3))))
                (drop (call $clobber (i32.const 20)))
                (return_call $id (local.get 1))))
            """, store: store)
        let a = Value.v128(low: 1, high: 0xa000_0000_0000_0001)
        let b = Value.v128(low: 2, high: 0xb000_0000_0000_0002)
        XCTAssertEqual(try instance.invoke("pick", [a, b, .i32(0)]), [b])
        XCTAssertEqual(try instance.invoke("pick", [a, b, .i32(1)]), [a])
        XCTAssertEqual(try instance.invoke("keep", [.v128(low: 5, high: 7)]), [.v128(low: 15, high: 21)])
    }

    /// A br_if out of the function returns a value read lazily from a local; the path that does not branch still
    /// reads the local (a copy made on the branch's path alone would leave it a stale value from an earlier call).
    func testConditionalReturnOfALocal() throws {
        let store = Store()
        let instance = try instantiate("""
            (module
              (func (export "f") (param v128 i32) (result v128)
                (i64x2.add (br_if 0 (local.get 0) (local.get 1)) (v128.const i64x2 1 1))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("f", [.v128(low: 10, high: 20), .i32(1)]), [.v128(low: 10, high: 20)])
        XCTAssertEqual(try instance.invoke("f", [.v128(low: 30, high: 40), .i32(0)]), [.v128(low: 31, high: 41)])
    }

    /// A function with SIMD inside a scalar signature stays interpreted on the native tier; its native caller
    /// calls it like any interpreted function.
    func testNativeTierLeavesSimdToTheInterpreter() throws {
        let module = try Module(bytes: wat2wasm("""
            (module
              (func $sum (param i32) (result i32)
                (i32x4.extract_lane 3 (i32x4.add (i32x4.splat (local.get 0)) (v128.const i32x4 1 2 3 4))))
              (func (export "f") (param i32) (result i32) (i32.add (call $sum (local.get 0)) (i32.const 10))))
            """, features: .all))
        for engine in [Engine.interpreter, .native] {
            let store = Store()
            store.engine = engine
            let instance = try store.instantiate(module)
            XCTAssertEqual(try instance.invoke("f", [.i32(5)]), [.i32(19)], "\(engine)")
        }
        XCTAssertEqual(module.native?.compiledCount, 1)
        XCTAssertEqual(module.native?.interpretedCount, 1)
    }

    /// Memory accesses check their bounds and the lane instructions their lanes.
    func testBoundsAndLanes() throws {
        let store = Store()
        let instance = try instantiate("""
            (module (memory 1)
              (func (export "load") (param i32) (result v128) (v128.load offset=16 (local.get 0)))
              (func (export "lane") (param i32) (result v128) (v128.load64_lane 1 (local.get 0) (v128.const i64x2 0 0))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("load", [.i32(65536 - 32)]), [.v128(low: 0, high: 0)])
        XCTAssertEqual(trap { try instance.invoke("load", [.i32(65536 - 31)]) }, .memoryOutOfBounds)
        XCTAssertEqual(trap { try instance.invoke("lane", [.i32(65536 - 7)]) }, .memoryOutOfBounds)
        XCTAssertNotNil(moduleError(try wasm("(module (func (result i32) (i32x4.extract_lane 4 (v128.const i64x2 0 0))))")))
    }
}
