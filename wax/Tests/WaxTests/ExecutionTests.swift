import Wax
import XCTest

final class ExecutionTests: XCTestCase {
    func testRecursiveFibonacci() throws {
        let store = Store()
        let instance = try instantiate("""
            (module (func $fib (export "fib") (param i32) (result i32)
              (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
                (then (local.get 0))
                (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                               (call $fib (i32.sub (local.get 0) (i32.const 2))))))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("fib", [.i32(20)]), [.i32(6765)])
    }

    func testMultiValueBlocksAndLoops() throws {
        let store = Store()
        let instance = try instantiate("""
            (module (func (export "sum") (param i32) (result i64 i32)
              (local i64)
              (block $done
                (loop $next
                  (br_if $done (i32.eqz (local.get 0)))
                  (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
                  (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                  (br $next)))
              (local.get 1) (i32.const 7)))
            """, store: store)
        XCTAssertEqual(try instance.invoke("sum", [.i32(100)]), [.i64(5050), .i32(7)])
    }

    func testTrapsAreTyped() throws {
        let store = Store()
        let instance = try instantiate("""
            (module (memory 1)
              (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
              (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
              (func (export "boom") (unreachable)))
            """, store: store)
        XCTAssertEqual(trap { try instance.invoke("div", [.i32(1), .i32(0)]) }, .integerDivideByZero)
        XCTAssertEqual(trap { try instance.invoke("div", [.i32(0x8000_0000), .i32(0xffff_ffff)]) }, .integerOverflow)
        XCTAssertEqual(trap { try instance.invoke("load", [.i32(65533)]) }, .memoryOutOfBounds)
        XCTAssertEqual(trap { try instance.invoke("trunc", [.f32(Float.nan.bitPattern)]) }, .invalidConversionToInteger)
        XCTAssertEqual(trap { try instance.invoke("boom", []) }, .unreachable)
        XCTAssertEqual(try instance.invoke("load", [.i32(65532)]), [.i32(0)])
    }

    func testDeepRecursionTrapsAtTheCallDepthLimit() throws {
        let store = Store(limits: StoreLimits(maxCallDepth: 200))
        let instance = try instantiate("""
            (module (func $down (export "down") (param i32) (result i32)
              (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                (else (call $down (i32.sub (local.get 0) (i32.const 1)))))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("down", [.i32(150)]), [.i32(0)])
        XCTAssertEqual(trap { try instance.invoke("down", [.i32(250)]) }, .callStackExhausted)
        // The store is usable again after the trap.
        XCTAssertEqual(try instance.invoke("down", [.i32(10)]), [.i32(0)])
    }

    func testFuelStopsAnEndlessLoop() throws {
        let store = Store()
        let instance = try instantiate(#"(module (func (export "spin") (loop $l (br $l))))"#, store: store)
        store.fuel = 100_000
        XCTAssertEqual(trap { try instance.invoke("spin", []) }, .outOfFuel)
        XCTAssertEqual(store.fuel, 0)
    }

    func testInterruptionFlagStopsTheGuest() throws {
        let store = Store()
        var calls = 0
        let tick = store.hostFunction(type: FunctionType(parameters: [], results: [])) { _ throws(Trap) in
            calls += 1
            if calls == 5000 { store.requestInterruption() }
        }
        var imports = Imports()
        imports.define(module: "env", name: "tick", .function(tick))
        let instance = try instantiate("""
            (module (import "env" "tick" (func $tick)) (func (export "spin") (loop $l (call $tick) (br $l))))
            """, store: store, imports: imports)
        XCTAssertEqual(trap { try instance.invoke("spin", []) }, .interrupted)
        XCTAssertGreaterThanOrEqual(calls, 5000)
        XCTAssertLessThan(calls, 5000 + 2 * 1024)
    }

    func testHostFunctionReadsGuestMemory() throws {
        let store = Store()
        var seen: [UInt8] = []
        let write = store.hostFunction(type: FunctionType(parameters: [.i32, .i32], results: [.i32])) { call throws(Trap) in
            let bytes = try call.memory!.load(UInt64(call.i32(0)), count: Int(call.i32(1)))
            seen = bytes
            call.setResult(0, .i32(UInt32(bytes.count)))
        }
        var imports = Imports()
        imports.define(module: "env", name: "write", .function(write))
        let instance = try instantiate("""
            (module (import "env" "write" (func $write (param i32 i32) (result i32)))
              (memory (export "memory") 1) (data (i32.const 16) "hello")
              (func (export "main") (result i32) (call $write (i32.const 16) (i32.const 5)))
              (func (export "bad") (result i32) (call $write (i32.const 65535) (i32.const 5))))
            """, store: store, imports: imports)
        XCTAssertEqual(try instance.invoke("main", []), [.i32(5)])
        XCTAssertEqual(seen, Array("hello".utf8))
        XCTAssertEqual(trap { try instance.invoke("bad", []) }, .memoryOutOfBounds)
    }

    /// An import offered by position (an embedder that matched the names itself) is taken whatever its name and
    /// before any definition by name; the other imports still link by name.
    func testImportsOfferedByPositionComeBeforeNames() throws {
        let store = Store()
        func constant(_ value: UInt32) -> External {
            .function(store.hostFunction(type: FunctionType(parameters: [], results: [.i32])) { call throws(Trap) in
                call.setResult(0, .i32(value))
            })
        }
        var imports = Imports()
        imports.define(module: "env", name: "one", constant(1))
        imports.define(module: "env", name: "two", constant(2))
        imports.define(import: 1, constant(3))
        let instance = try instantiate("""
            (module (import "env" "one" (func $one (result i32))) (import "env" "two" (func $two (result i32)))
              (func (export "main") (result i32) (i32.add (call $one) (i32.mul (call $two) (i32.const 10)))))
            """, store: store, imports: imports)
        XCTAssertEqual(try instance.invoke("main", []), [.i32(31)])
    }

    func testMemoryGrowRespectsTheStoreLimit() throws {
        let store = Store(limits: StoreLimits(maxMemoryPages: 4))
        let instance = try instantiate("""
            (module (memory 1) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("grow", [.i32(3)]), [.i32(1)])
        XCTAssertEqual(try instance.invoke("grow", [.i32(1)]), [.i32(0xffff_ffff)])
    }

    func testImportsAreCheckedByType() throws {
        let store = Store()
        let provider = try instantiate(#"(module (func (export "f") (param i32)))"#, store: store)
        var imports = Imports()
        imports.define(module: "m", instance: provider)
        let module = try Module(bytes: wasm(#"(module (import "m" "f" (func (param i64))))"#))
        XCTAssertThrowsError(try store.instantiate(module, imports: imports))
        let missing = try Module(bytes: wasm(#"(module (import "m" "g" (func)))"#))
        do {
            _ = try store.instantiate(missing, imports: imports)
            XCTFail("instantiated without its import")
        } catch {
            XCTAssertEqual(error, .unknownImport(module: "m", name: "g"))
        }
    }

    func testHostFunctionCanCallBackIntoTheGuest() throws {
        let store = Store(limits: StoreLimits(maxCallDepth: 64))
        var instance: Instance?
        let back = store.hostFunction(type: FunctionType(parameters: [.i32], results: [.i32])) { call throws(Trap) in
            let n = call.i32(0)
            let result = try instance!.invoke("count", [.i32(n)])
            call.setResult(0, result[0])
        }
        var imports = Imports()
        imports.define(module: "env", name: "back", .function(back))
        instance = try instantiate("""
            (module (import "env" "back" (func $back (param i32) (result i32)))
              (func (export "count") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                  (else (i32.add (i32.const 1) (call $back (i32.sub (local.get 0) (i32.const 1))))))))
            """, store: store, imports: imports)
        XCTAssertEqual(try instance!.invoke("count", [.i32(20)]), [.i32(20)])
        // Each round trip uses a frame; the absolute limit holds across nested runs.
        XCTAssertEqual(trap { try instance!.invoke("count", [.i32(1000)]) }, .callStackExhausted)
        XCTAssertEqual(try instance!.invoke("count", [.i32(3)]), [.i32(3)])
    }
}
