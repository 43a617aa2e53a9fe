@testable import Wax
import XCTest

/// Tail calls, multi-memory and extended constant expressions where the spec suite does not look: the call
/// depth limit (on both engines: native code jumps to a tail callee), fuel, host, interpreted and cross-instance
/// callees, WASI's view of memory 0, and arithmetic that wraps.
final class TailCallMemoryConstTests: XCTestCase {
    func testTailRecursionRunsInConstantDepth() throws {
      for engine in [Engine.interpreter, .native] {
        let store = Store(limits: StoreLimits(maxCallDepth: 50))
        store.engine = engine
        let instance = try instantiate("""
            (module
              (func $sum (export "sum") (param i64 i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
                  (else (return_call $sum (i64.sub (local.get 0) (i64.const 1))
                                          (i64.add (local.get 1) (local.get 0))))))
              (type $t (func (param i32) (result i32)))
              (table funcref (elem $down))
              (func $down (export "down") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 7))
                  (else (return_call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)))))
              (func $plain (export "plain") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                  (else (call $plain (i32.sub (local.get 0) (i32.const 1)))))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("sum", [.i64(1_000_000), .i64(0)]), [.i64(500_000_500_000)], "\(engine)")
        XCTAssertEqual(try instance.invoke("down", [.i32(1_000_000)]), [.i32(7)], "\(engine)")
        // The same depth through plain calls is refused: the limit is the one tail calls stay under.
        XCTAssertEqual(trap { try instance.invoke("plain", [.i32(1000)]) }, .callStackExhausted, "\(engine)")
        // return_call jumps in native code; return_call_indirect keeps `down` interpreted.
        XCTAssertEqual(store.nativeFunctionCounts.compiled, engine == .native ? 2 : 0)
      }
    }

    /// A tail-call loop through a function left to the interpreter (a try_table keeps it so) stays interpreted
    /// as a whole: native code cannot jump to it, and calling it would nest at every step. A million steps.
    func testTailCallsBetweenEnginesRunInConstantDepth() throws {
        let store = Store(limits: StoreLimits(maxCallDepth: 50))
        store.engine = .native
        let instance = try instantiate("""
            (module
              (func $native (export "run") (param i32 i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (local.get 1))
                  (else (return_call $interpreted (i32.sub (local.get 0) (i32.const 1))
                                                  (i32.add (local.get 1) (i32.const 2))))))
              (func $interpreted (param i32 i32) (result i32)
                (block $none (try_table (catch_all $none) (nop)))
                (return_call $native (local.get 0) (i32.add (local.get 1) (i32.const 1)))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("run", [.i32(1_000_000), .i32(0)]), [.i32(3_000_000)])
        XCTAssertEqual(store.nativeFunctionCounts.compiled, 0)
    }

    func testTailCallsSpendFuel() throws {
        let store = Store()
        let instance = try instantiate(#"(module (func $spin (export "spin") (return_call $spin)))"#, store: store)
        store.fuel = 100_000
        XCTAssertEqual(trap { try instance.invoke("spin", []) }, .outOfFuel)
    }

    func testTailCallOfAHostFunctionReturnsItsResults() throws {
      for engine in [Engine.interpreter, .native] {
        let store = Store()
        store.engine = engine
        let triple = store.hostFunction(type: FunctionType(parameters: [.i32], results: [.i32, .i64])) { call throws(Trap) in
            call.setResult(0, .i32(call.i32(0) * 3))
            call.setResult(1, .i64(99))
        }
        var imports = Imports()
        imports.define(module: "env", name: "triple", .function(triple))
        let instance = try instantiate("""
            (module (import "env" "triple" (func $triple (param i32) (result i32 i64)))
              (func $inner (param i32 i32 i32) (result i32 i64) (return_call $triple (local.get 2)))
              (func (export "outer") (result i32 i64 i32)
                (call $inner (i32.const 1) (i32.const 2) (i32.const 5)) (i32.const 8)))
            """, store: store, imports: imports)
        XCTAssertEqual(try instance.invoke("outer", []), [.i32(15), .i64(99), .i32(8)], "\(engine)")
      }
    }

    func testTailCallIntoAnotherInstanceReturnsToTheCaller() throws {
      for engine in [Engine.interpreter, .native] {
        let store = Store()
        store.engine = engine
        let provider = try instantiate("""
            (module (memory 1) (data (i32.const 0) "\\2a")
              (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))
            """, store: store)
        var imports = Imports()
        imports.define(module: "m", instance: provider)
        let instance = try instantiate("""
            (module (import "m" "peek" (func $peek (param i32) (result i32)))
              (memory 1) (data (i32.const 0) "\\05")
              (func $via (param i32) (result i32) (return_call $peek (local.get 0)))
              (func (export "both") (result i32)
                ;; The provider's byte, then this instance's own memory again after the return.
                (i32.add (call $via (i32.const 0)) (i32.load8_u (i32.const 0)))))
            """, store: store, imports: imports)
        XCTAssertEqual(try instance.invoke("both", []), [.i32(47)], "\(engine)")
      }
    }

    func testTailCallTypeMustMatchTheCallersResults() throws {
        let error = moduleError(try wasm("""
            (module (func $f (result i64) (i64.const 1)) (func (result i32) (return_call $f)))
            """))
        XCTAssertEqual(error?.kind, .invalid)
    }

    func testHostFunctionsSeeMemoryZeroWhileTheGuestUsesMemoryOne() throws {
        let store = Store()
        var seen: [UInt8] = []
        let write = store.hostFunction(type: FunctionType(parameters: [.i32, .i32], results: [])) { call throws(Trap) in
            seen = try call.memory!.load(UInt64(call.i32(0)), count: Int(call.i32(1)))
        }
        var imports = Imports()
        imports.define(module: "env", name: "write", .function(write))
        let instance = try instantiate("""
            (module (import "env" "write" (func $write (param i32 i32)))
              (memory $zero 1) (memory $one 1 3)
              (data (memory $one) (i32.const 8) "one")
              (func (export "main") (result i32)
                (drop (memory.grow $one (i32.const 2)))
                (i32.store8 $one (i32.const 196607) (i32.const 33))
                (memory.copy $zero $one (i32.const 0) (i32.const 8) (i32.const 3))
                (i32.store8 $zero (i32.const 3) (i32.load8_u $one (i32.const 196607)))
                (call $write (i32.const 0) (i32.const 4))
                (i32.add (i32.mul (memory.size $one) (i32.const 10)) (memory.size $zero)))
              (func (export "beyond") (i32.store8 $one (i32.const 196608) (i32.const 1))))
            """, store: store, imports: imports)
        XCTAssertEqual(try instance.invoke("main", []), [.i32(31)])
        XCTAssertEqual(seen, Array("one!".utf8))
        XCTAssertEqual(trap { try instance.invoke("beyond", []) }, .memoryOutOfBounds)
    }

    func testAStoreBoundsTheMemoriesAnInstanceDefines() throws {
        let store = Store(limits: StoreLimits(maxMemories: 2))
        let module = try Module(bytes: wasm("(module (memory 1) (memory 0) (memory 0))"))
        XCTAssertThrowsError(try store.instantiate(module))
        XCTAssertNoThrow(try store.instantiate(Module(bytes: wasm("(module (memory 1) (memory 0))"))))
    }

    func testExtendedConstantsWrapAndReadDefinedGlobals() throws {
        let store = Store()
        let instance = try instantiate("""
            (module
              (global $base i32 (i32.const 0x10000))
              (global (export "wrapped") i32 (i32.mul (global.get $base) (global.get $base)))
              (global (export "negative") i32 (i32.sub (i32.const 0) (i32.const 1)))
              (global (export "wide") i64 (i64.add (i64.mul (i64.const 0x100000000) (i64.const 3)) (i64.const -1)))
              (memory 1)
              (data (offset (i32.add (global.get $base) (i32.const -4))) "\\01\\02")
              (func (export "at") (param i32) (result i32) (i32.load8_u (local.get 0))))
            """, store: store)
        XCTAssertEqual(instance.exportedGlobal("wrapped")?.value, .i32(0))
        XCTAssertEqual(instance.exportedGlobal("negative")?.value, .i32(0xffff_ffff))
        XCTAssertEqual(instance.exportedGlobal("wide")?.value, .i64(0x2_ffff_ffff))
        XCTAssertEqual(try instance.invoke("at", [.i32(65533)]), [.i32(2)])
    }

    func testArithmeticInAConstantExpressionIsTypeChecked() throws {
        let error = moduleError(try wasm("(module (global i32 (i32.add (i32.const 1) (i64.const 2))))"))
        XCTAssertEqual(error?.kind, .invalid)
    }
}
