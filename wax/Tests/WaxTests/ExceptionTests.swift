import WAT
import Wax
import XCTest

/// Exception handling where the spec scripts do not reach: exceptions through host functions, host tags, and the
/// memory exceptions hold.
final class ExceptionTests: XCTestCase {
    /// WasmKit's assembler with exception handling enabled.
    func instantiateWithExceptions(_ text: String, store: Store, imports: Imports = Imports()) throws -> Instance {
        try store.instantiate(Module(bytes: wat2wasm(text, features: .all)), imports: imports)
    }

    /// outer (a try_table) calls the host, which calls inner, which throws: the nested run ends with the
    /// exception, the host passes it on, and outer's handler catches it with its payload.
    func testExceptionCrossesAHostFunction() throws {
        let store = Store()
        var instance: Instance?
        var seenByHost: [Value] = []
        let back = store.hostFunction(type: FunctionType(parameters: [], results: [])) { _ throws(Trap) in
            do throws(Trap) {
                _ = try instance!.invoke("inner", [])
            } catch {
                if case .exception(let address) = error { seenByHost = store.exception(at: address)?.payload ?? [] }
                throw error
            }
        }
        var imports = Imports()
        imports.define(module: "env", name: "back", .function(back))
        instance = try instantiateWithExceptions("""
            (module (import "env" "back" (func $back))
              (tag $e (param i32))
              (func (export "inner") (throw $e (i32.const 42)))
              (func (export "outer") (result i32)
                (block $caught (result i32)
                  (try_table (catch $e $caught) (call $back))
                  (i32.const -1))
                (i32.add (i32.const 1))))
            """, store: store, imports: imports)
        XCTAssertEqual(try instance!.invoke("outer", []), [.i32(43)])
        XCTAssertEqual(seenByHost, [.i32(42)])
    }

    /// A tag the host makes: the guest throws it, the invocation ends with it, and its payload reads back.
    func testHostTagEndsTheInvocation() throws {
        let store = Store()
        let tag = store.tag(type: FunctionType(parameters: [.i64, .f32], results: []))
        var imports = Imports()
        imports.define(module: "env", name: "failure", .tag(tag))
        let instance = try instantiateWithExceptions("""
            (module (import "env" "failure" (tag $failure (param i64 f32)))
              (func $deep (param i32) (if (local.get 0)
                (then (call $deep (i32.sub (local.get 0) (i32.const 1))))
                (else (throw $failure (i64.const 7) (f32.const 0.5)))))
              (func (export "main") (call $deep (i32.const 100))))
            """, store: store, imports: imports)
        guard case .exception(let address)? = trap({ try instance.invoke("main", []) }) else {
            return XCTFail("expected an uncaught exception")
        }
        let exception = store.exception(at: address)
        XCTAssertEqual(exception?.tag, tag)
        XCTAssertEqual(exception?.payload, [.i64(7), .f32(Float(0.5).bitPattern)])
        // A tag of another type does not link.
        var wrong = Imports()
        wrong.define(module: "env", name: "failure", .tag(store.tag(type: FunctionType(parameters: [.i64], results: []))))
        XCTAssertThrowsError(try instantiateWithExceptions(
            "(module (import \"env\" \"failure\" (tag (param i64 f32))))", store: store, imports: wrong))
    }

    static let throwLoop = """
        (module (tag $e (param i64 i64 i64 i64))
          (func $throw (param i32) (throw $e (i64.extend_i32_u (local.get 0)) (i64.const 1) (i64.const 2) (i64.const 3)))
          ;; Throws n times, each caught by a plain catch; returns the sum of the first payload values.
          (func (export "caught") (param $n i32) (result i64) (local $sum i64)
            (loop $next
              (block $handler (result i64 i64 i64 i64)
                (try_table (catch $e $handler) (call $throw (local.get $n)))
                (unreachable))
              (drop) (drop) (drop)
              (local.set $sum (i64.add (local.get $sum)))
              (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $sum))
          ;; Throws n times, each caught with its reference, which the table keeps in a new element: every
          ;; exception stays reachable.
          (table $kept 1 exnref)
          (func (export "kept") (param $n i32) (local $reference exnref)
            (loop $next
              (block $handler (result exnref)
                (try_table (catch_all_ref $handler) (call $throw (local.get $n)))
                (unreachable))
              (local.set $reference)
              (drop (table.grow $kept (local.get $reference) (i32.const 1)))
              (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
          ;; The same with one element, overwritten: only the last exception stays reachable.
          (table $last 1 exnref)
          (func (export "dropped") (param $n i32) (local $reference exnref)
            (loop $next
              (block $handler (result exnref)
                (try_table (catch_all_ref $handler) (call $throw (local.get $n)))
                (unreachable))
              (local.set $reference)
              (table.set $last (i32.const 0) (local.get $reference))
              (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
        """

    /// 100,000 throws caught without a reference hold nothing once caught: the charge goes back to where it was.
    func testThrowLoopReleasesWhatItCatches() throws {
        let store = Store(limits: StoreLimits(maxExceptionBytes: 4096))
        let instance = try instantiateWithExceptions(ExceptionTests.throwLoop, store: store)
        // A first run commits the stack the loop uses: what is charged after it is the baseline.
        XCTAssertEqual(try instance.invoke("caught", [.i32(1)]), [.i64(1)])
        let before = store.chargedBytes
        // The sum of 1...100,000.
        XCTAssertEqual(try instance.invoke("caught", [.i32(100_000)]), [.i64(5_000_050_000)])
        XCTAssertEqual(store.chargedBytes, before)
    }

    /// Exceptions whose references the guest keeps stay; past the store's limit the throw traps, with no more
    /// exceptions held than the limit allows (128 bytes each, their elements 8 bytes each, and the collector's 9
    /// bytes an address).
    func testKeptExceptionsStayWithinTheLimit() throws {
        let limit = 64 * 1024
        let store = Store(limits: StoreLimits(maxExceptionBytes: limit))
        let instance = try instantiateWithExceptions(ExceptionTests.throwLoop, store: store)
        let before = store.chargedBytes
        XCTAssertEqual(trap { try instance.invoke("kept", [.i32(1_000_000)]) }, .exceptionsExhausted)
        XCTAssertLessThanOrEqual(store.chargedBytes - before, limit + (8 + 9) * limit / 128 + 8192)
        XCTAssertGreaterThan(store.chargedBytes - before, limit / 2)
    }

    /// 100,000 exceptions caught with their references, each dropped once the next comes: collections reclaim
    /// them, and the loop runs to its end within a limit that holds 512.
    func testDroppedReferencesAreCollected() throws {
        let store = Store(limits: StoreLimits(maxExceptionBytes: 64 * 1024))
        let instance = try instantiateWithExceptions(ExceptionTests.throwLoop, store: store)
        XCTAssertEqual(try instance.invoke("dropped", [.i32(100_000)]), [])
    }

    /// A loop made of a throw caught at the loop's start counts ticks like any back edge: fuel stops it.
    func testThrowCaughtAtALoopStartSpendsFuel() throws {
        let store = Store()
        let instance = try instantiateWithExceptions("""
            (module (tag $e) (func (export "spin") (loop $again (try_table (catch_all $again) (throw $e)))))
            """, store: store)
        store.fuel = 100_000
        XCTAssertEqual(trap { try instance.invoke("spin", []) }, .outOfFuel)
    }

    /// The account refuses before the store's own limit: the throw traps the same way.
    func testAccountRefusesExceptions() throws {
        let budget = ResourceBudget(limit: 1 << 20)
        let store = Store(account: .limited(budget))
        let instance = try instantiateWithExceptions(ExceptionTests.throwLoop, store: store)
        XCTAssertEqual(trap { try instance.invoke("kept", [.i32(1_000_000)]) }, .exceptionsExhausted)
        XCTAssertLessThanOrEqual(budget.used, budget.limit)
    }

    /// 20,000 throws from 21 calls deep, each caught by the caller of the recursion and summed: a handler up the
    /// call stack leaves the interpreter loop and starts it again there, at that frame's depth. A depth that
    /// crept up by a frame per throw would exhaust the 64 frames allowed long before the end.
    func testThrowsCaughtUpTheStackKeepTheCallDepth() throws {
        let store = Store(limits: StoreLimits(maxCallDepth: 64))
        let instance = try instantiateWithExceptions("""
            (module (tag $e (param i32))
              (func $deep (param i32) (result i32)
                (if (i32.eqz (local.get 0)) (then (throw $e (i32.const 3))))
                (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
              (func $catchOne (param i32) (result i32)
                (block $handler (result i32)
                  (try_table (result i32) (catch $e $handler) (call $deep (local.get 0)))))
              (func (export "loop") (param $n i32) (result i32) (local $sum i32)
                (loop $next
                  (local.set $sum (i32.add (local.get $sum) (call $catchOne (i32.const 20))))
                  (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
                (local.get $sum)))
            """, store: store)
        XCTAssertEqual(try instance.invoke("loop", [.i32(20_000)]), [.i32(60_000)])
    }

    /// A throw in another instance's function, caught in the caller's: the run goes on in the catching instance,
    /// with its own globals and memory, and returns through its frames as usual.
    func testThrowFromAnotherInstanceIsCaughtInTheCaller() throws {
        let store = Store()
        let thrower = try instantiateWithExceptions("""
            (module (tag $e (export "e") (param i32))
              (memory 1) (global $g (mut i32) (i32.const 0))
              (func (export "throw") (param i32)
                (global.set $g (i32.const 99)) (i32.store (i32.const 0) (i32.const 99))
                (throw $e (i32.mul (local.get 0) (i32.const 2)))))
            """, store: store)
        var imports = Imports()
        imports.define(module: "b", instance: thrower)
        let catcher = try instantiateWithExceptions("""
            (module (import "b" "e" (tag $e (param i32))) (import "b" "throw" (func $throw (param i32)))
              (memory 1) (global $g (mut i32) (i32.const 5))
              (func $caught (param i32) (result i32)
                (block $handler (result i32)
                  (try_table (catch $e $handler) (call $throw (local.get 0)))
                  (i32.const -1)))
              (func (export "main") (result i32)
                (i32.store (i32.const 0) (i32.const 7))
                (i32.add (call $caught (i32.const 10))
                  (i32.add (global.get $g) (i32.load (i32.const 0))))))
            """, store: store, imports: imports)
        // 20 from the payload, 5 and 7 from the catcher's own global and memory.
        XCTAssertEqual(try catcher.invoke("main", []), [.i32(32)])
    }

    /// v128 values in a payload keep both halves: thrown three frames down beside an i32 and caught by value, by
    /// reference and thrown on with throw_ref, and read by the embedder from an exception nobody caught, on both
    /// engines. The catcher's own v128s in the same slots (a call below reuses them) do not leak in.
    func testVectorsInPayloads() throws {
        let module = try Module(bytes: wat2wasm("""
            (module
              (tag $e (export "e") (param v128 i32 v128))
              (func $clobber (result v128) (local v128)
                (local.set 0 (v128.const i64x2 -1 -1)) (local.get 0))
              (func $throw (param $depth i32)
                (if (local.get $depth)
                  (then (call $throw (i32.sub (local.get $depth) (i32.const 1))))
                  (else (drop (call $clobber))
                        (throw $e (v128.const i64x2 0x1111 0x2222) (i32.const 7) (v128.const i64x2 0x3333 0x4444)))))
              (func (export "by-value") (result v128 i32 v128)
                (block $caught (result v128 i32 v128)
                  (try_table (catch $e $caught) (call $throw (i32.const 3)))
                  (unreachable)))
              (func (export "by-reference") (result v128 i32 v128)
                (block $caught (result v128 i32 v128)
                  (try_table (catch $e $caught)
                    (block $ref (result exnref)
                      (try_table (catch_all_ref $ref) (call $throw (i32.const 2)))
                      (unreachable))
                    (drop (call $clobber))
                    (throw_ref))
                  (unreachable)))
              (func (export "uncaught") (call $throw (i32.const 1))))
            """, features: .all))
        let payload: [Value] = [.v128(low: 0x1111, high: 0x2222), .i32(7), .v128(low: 0x3333, high: 0x4444)]
        for engine in [Engine.interpreter, .native] {
            let store = Store()
            store.engine = engine
            let instance = try store.instantiate(module)
            XCTAssertEqual(try instance.invoke("by-value", []), payload, "\(engine)")
            XCTAssertEqual(try instance.invoke("by-reference", []), payload, "\(engine)")
            guard case .exception(let address)? = trap({ try instance.invoke("uncaught", []) }) else {
                return XCTFail("\(engine): expected an uncaught exception")
            }
            XCTAssertEqual(store.exception(at: address)?.payload, payload, "\(engine)")
        }
    }
}
