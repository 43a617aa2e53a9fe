@testable import Wax
import WAT
import XCTest

/// The native tier against the interpreter: each function runs in two stores, one per engine, with the same
/// arguments; results and traps must match, and the functions named must really have been compiled.
final class NativeTierTests: XCTestCase {
    /// Results (or the trap) of `name` under each engine, and the native module's compiled-function count.
    func runBoth(_ text: String, _ name: String, _ arguments: [Value]) throws
        -> (interpreted: Result<[Value], Trap>, native: Result<[Value], Trap>, compiled: Int) {
        let module = try Module(bytes: wasm(text))
        func run(_ engine: Engine) throws -> Result<[Value], Trap> {
            let store = Store()
            store.engine = engine
            let instance = try store.instantiate(module)
            do throws(Trap) {
                return .success(try instance.invoke(name, arguments))
            } catch {
                return .failure(error)
            }
        }
        let interpreted = try run(.interpreter)
        let native = try run(.native)
        return (interpreted, native, module.native?.compiledCount ?? 0)
    }

    /// Asserts that every case gives the same outcome under both engines, and that `compiled` functions compiled.
    func assertSame(_ text: String, _ cases: [(String, [Value])], compiled: Int,
                    file: StaticString = #filePath, line: UInt = #line) throws {
        for (name, arguments) in cases {
            let outcome = try runBoth(text, name, arguments)
            XCTAssertEqual("\(outcome.native)", "\(outcome.interpreted)", "\(name)\(arguments)", file: file, line: line)
            XCTAssertEqual(outcome.compiled, compiled, "compiled functions", file: file, line: line)
        }
    }

    /// `text`'s module compiled with memory guards: its loads and stores carry no bounds check of their own.
    func guardedModule(_ text: String) throws -> Module {
        let module = try Module(bytes: wasm(text))
        NativeFaults.memoryGuards = true
        defer { NativeFaults.memoryGuards = false }
        module.compileNative()
        return module
    }

    /// A native store on the reserving allocator that guarded code needs, with `module` instantiated in it.
    func guardedInstance(_ module: Module) throws -> (Store, Instance) {
        let store = Store(memoryAllocator: GuardedMemoryTests.reserving)
        store.engine = .native
        return (store, try store.instantiate(module))
    }

    /// Asserts that `name` gives under `instance`, guarded native code, what the interpreter gives for `text`.
    func assertGuardedMatches(_ instance: Instance, _ text: String, _ name: String, _ arguments: [Value],
                              file: StaticString = #filePath, line: UInt = #line) throws {
        let native: Result<[Value], Trap>
        do throws(Trap) { native = .success(try instance.invoke(name, arguments)) } catch { native = .failure(error) }
        XCTAssertEqual("\(native)", "\(try runBoth(text, name, arguments).interpreted)", "guarded \(name)\(arguments)",
                       file: file, line: line)
    }

    /// Each case's outcome, as text, under `engine` with every interruption check taken (CheckCounter).
    func interrupted(_ module: Module, _ cases: [(String, [Value])], _ engine: Engine) throws -> [String] {
        let store = Store()
        store.engine = engine
        _ = CheckCounter(store)
        let instance = try store.instantiate(module)
        return try cases.map { (name, arguments) in
            store.requestInterruption()
            return "\(name): \(try instance.invoke(name, arguments))"
        }
    }

    func testAddAndI64() throws {
        let text = """
        (module
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "mix") (param i64 i64) (result i64)
            (i64.sub (i64.mul (local.get 0) (i64.const 0x1234_5678_9abc)) (i64.rotl (local.get 1) (i64.const 7)))))
        """
        try assertSame(text, [("add", [.i32(2), .i32(40)]), ("add", [.i32(0xffff_ffff), .i32(2)]),
                              ("mix", [.i64(3), .i64(UInt64.max - 4)]), ("mix", [.i64(1 << 63), .i64(UInt64(Int64.max))])],
                       compiled: 2)
        XCTAssertEqual("\(try runBoth(text, "add", [.i32(2), .i32(40)]).native)", "\(Result<[Value], Trap>.success([.i32(42)]))")
    }

    /// Past the 64 constants a function keeps in slots, the rest are `const64` instructions: the largest values
    /// first, so negative ones (high bit set) among them.
    func testConstantsBeyondTheSlots() throws {
        let constants = (1...70).map { "(i64.const \($0 * 1_000_003))" }
            + ["(i64.const -5)", "(i64.const 0x8000_0000_0000_0001)"]
        let sum = constants.reduce("(local.get 0)") { "(i64.add \($0) \($1))" }
        let text = "(module (func (export \"many\") (param i64) (result i64) \(sum)))"
        try assertSame(text, [("many", [.i64(7)]), ("many", [.i64(UInt64.max)])], compiled: 1)
    }

    func testTraps() throws {
        let text = """
        (module
          (func (export "unreachable") (unreachable))
          (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
          (func (export "rem") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
          (func $loop (export "forever") (result i32) (call $loop)))
        """
        try assertSame(text, [("unreachable", []), ("div", [.i32(7), .i32(0)]), ("div", [.i32(1 << 31), .i32(0xffff_ffff)]),
                              ("div", [.i32(0xffff_fff9), .i32(2)]), ("rem", [.i64(1 << 63), .i64(UInt64.max)]),
                              ("rem", [.i64(UInt64.max - 6), .i64(2)]), ("forever", [])], compiled: 4)
        let outcome = try runBoth(text, "div", [.i32(7), .i32(0)])
        XCTAssertEqual("\(outcome.native)", "\(Result<[Value], Trap>.failure(.integerDivideByZero))")
    }

    /// Loops, branches, locals, memory with its bounds, globals and calls between compiled functions.
    func testLoopsMemoryAndCalls() throws {
        let text = """
        (module
          (memory 1)
          (global $g (mut i64) (i64.const 5))
          (func $fib (export "fib") (param i32) (result i32)
            (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
              (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                             (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
          (func (export "sieve") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $count i32)
            (local.set $i (i32.const 2))
            (block $done (loop $outer
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (if (i32.eqz (i32.load8_u (local.get $i)))
                (then
                  (local.set $count (i32.add (local.get $count) (i32.const 1)))
                  (local.set $j (i32.mul (local.get $i) (local.get $i)))
                  (block $inner_done (loop $inner
                    (br_if $inner_done (i32.ge_u (local.get $j) (local.get $n)))
                    (i32.store8 (local.get $j) (i32.const 1))
                    (local.set $j (i32.add (local.get $j) (local.get $i)))
                    (br $inner)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $outer)))
            (local.get $count))
          (func (export "load") (param i32) (result i64) (i64.load offset=8 (local.get 0)))
          (func (export "store") (param i32 i64) (result i64)
            (i64.store16 (local.get 0) (local.get 1)) (i64.load32_s (local.get 0)))
          (func (export "switch") (param i32) (result i32)
            (block $c (block $b (block $a (br_table $a $b $c (local.get 0))) (return (i32.const 10)))
              (return (i32.const 20))) (i32.const 30))
          (func (export "global") (param i64) (result i64)
            (global.set $g (i64.add (global.get $g) (local.get 0))) (global.get $g))
          (func (export "grow") (param i32) (result i32) (drop (memory.grow (local.get 0))) (memory.size))
          (func (export "select") (param i32) (result i64) (select (i64.const -1) (i64.const 9) (local.get 0))))
        """
        try assertSame(text, [("fib", [.i32(20)]), ("sieve", [.i32(10000)]), ("load", [.i32(65528)]),
                              ("load", [.i32(65520)]), ("load", [.i32(0xffff_fff8)]),
                              ("store", [.i32(100), .i64(UInt64.max - 1)]), ("store", [.i32(65535), .i64(1)]),
                              ("switch", [.i32(0)]), ("switch", [.i32(1)]), ("switch", [.i32(7)]),
                              ("global", [.i64(37)]), ("grow", [.i32(2)]), ("grow", [.i32(70000)]),
                              ("select", [.i32(0)]), ("select", [.i32(3)])], compiled: 8)
        XCTAssertEqual("\(try runBoth(text, "sieve", [.i32(10000)]).native)", "\(Result<[Value], Trap>.success([.i32(1229)]))")
    }

    /// After a call, memory 0's bounds are loaded again only when the callee may have grown the memory. A native
    /// callee keeps the registers current itself; one run by the interpreter (a try_table keeps $middle there)
    /// returns with the caller's: here it grows the memory through a call, and the caller then stores past the
    /// old size and reads memory.size. The analysis itself: a grower is a function with memory.grow, an import or
    /// indirect call, or a call (or tail call) of a grower.
    func testMemoryBoundsAfterCalls() throws {
        let module = try Module(bytes: wat2wasm("""
            (module (tag $e)
              (memory 1)
              (func $grow (drop (memory.grow (i32.const 1))))
              (func $middle (try_table (catch $e 0) (call $grow)))
              (func $leaf (result i32) (i32.const 5))
              (func $pure (result i32) (call $leaf))
              (func (export "top") (result i32)
                (drop (call $pure))
                (call $middle)
                (i32.store (i32.const 65536) (i32.add (call $pure) (i32.const 2)))
                (i32.add (i32.load (i32.const 65536)) (memory.size))))
            """, features: .all))
        for engine in [Engine.interpreter, .native] {
            let store = Store()
            store.engine = engine
            XCTAssertEqual(try store.instantiate(module).invoke("top", []), [.i32(9)], "\(engine)")
        }
        XCTAssertEqual(module.native?.compiledCount, 4)
        XCTAssertEqual(NativeCode.memoryGrowers(module), [true, true, false, false, true])
        let growers = """
        (module
          (import "env" "host" (func $host))
          (type $t (func))
          (table 1 funcref)
          (memory 1)
          (func $import (call $host))
          (func $indirect (call_indirect (type $t) (i32.const 0)))
          (func $tail (return_call $import))
          (func $plain (return_call $leaf))
          (func $leaf (drop (memory.size))))
        """
        XCTAssertEqual(NativeCode.memoryGrowers(try Module(bytes: wasm(growers))), [true, true, true, false, false])
    }

    /// An add-and-branch on the sum itself (br_if of a local.tee'd i32.add, and of its i32.eqz) tests the add's
    /// own flags; and calls deep enough to grow the value stack take the prologue's growth path and come back.
    func testAddAndBranchOnTheSumAndStackGrowth() throws {
        let locals = String(repeating: " i64", count: 200)
        let text = """
        (module
          (func (export "countdown") (param i32) (result i32) (local i32)
            (loop $again
              (local.set 1 (i32.add (local.get 1) (i32.const 3)))
              (br_if $again (local.tee 0 (i32.add (local.get 0) (i32.const -1)))))
            (local.get 1))
          (func (export "until") (param i32) (result i32) (local i32)
            (block $done (loop $again
              (local.set 1 (i32.add (local.get 1) (i32.const 5)))
              (br_if $done (i32.eqz (local.tee 0 (i32.add (local.get 0) (i32.const -1)))))
              (br $again)))
            (local.get 1))
          (func $down (export "down") (param i32) (result i32) (local\(locals))
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 2))))))
        """
        let module = try Module(bytes: wasm(text))
        let ops = (0..<module.codeEnd).map { module.code.base[$0].op.withoutAccumulator }
        XCTAssert(ops.contains(.i32AddBrIf) && ops.contains(.i32AddBrIfNot), "the add-and-branch forms")
        try assertSame(text, [("countdown", [.i32(7)]), ("countdown", [.i32(1)]), ("until", [.i32(6)]),
                              ("until", [.i32(1)]), ("down", [.i32(3000)])], compiled: 3)
        XCTAssertEqual("\(try runBoth(text, "countdown", [.i32(7)]).native)",
                       "\(Result<[Value], Trap>.success([.i32(21)]))")
        XCTAssertEqual("\(try runBoth(text, "until", [.i32(6)]).native)",
                       "\(Result<[Value], Trap>.success([.i32(30)]))")
        XCTAssertEqual("\(try runBoth(text, "down", [.i32(3000)]).native)",
                       "\(Result<[Value], Trap>.success([.i32(6000)]))")
    }

    /// A local updated by a constant is computed in its slot (`add dword [slot], imm`): i32 operations wrapping in
    /// the slot's low half, i64 ones with a sign-extended immediate (and a constant that does not fit, through a
    /// register); by another local or the value just computed, `op [slot], register` (the local on either side
    /// when the operation commutes, not a subtraction's); loops counting to a constant bound or a local's compare
    /// the slot in place.
    func testLocalsUpdatedInTheirSlots() throws {
        let text = """
        (module
          (func (export "i32") (param i32) (result i32) (local i32 i32 i32 i32)
            (local.set 1 (local.get 0)) (local.set 2 (local.get 0)) (local.set 3 (local.get 0))
            (local.set 4 (local.get 0))
            (local.set 0 (i32.add (local.get 0) (i32.const 0x7fff_fff0)))
            (local.set 1 (i32.sub (local.get 1) (i32.const -3)))
            (local.set 2 (i32.xor (local.get 2) (i32.const 0x5555)))
            (local.set 3 (i32.or (local.get 3) (i32.const 0x0f00)))
            (local.set 4 (i32.and (local.get 4) (i32.const 0xffff_fff7)))
            (i32.xor (i32.xor (i32.xor (i32.xor (local.get 0) (i32.shl (local.get 1) (i32.const 1)))
                                       (i32.rotl (local.get 2) (i32.const 2)))
                              (i32.rotl (local.get 3) (i32.const 3)))
                     (i32.rotl (local.get 4) (i32.const 4))))
          (func (export "i64") (param i64) (result i64) (local i64 i64 i64)
            (local.set 1 (local.get 0)) (local.set 2 (local.get 0)) (local.set 3 (local.get 0))
            (local.set 0 (i64.add (local.get 0) (i64.const -5)))
            (local.set 1 (i64.sub (local.get 1) (i64.const 0x7fff_ffff)))
            (local.set 2 (i64.xor (local.get 2) (i64.const 0x1_0000_0001)))
            (local.set 3 (i64.and (local.get 3) (i64.const -2)))
            (i64.xor (i64.xor (local.get 0) (i64.rotl (local.get 1) (i64.const 1)))
                     (i64.xor (i64.rotl (local.get 2) (i64.const 2)) (i64.rotl (local.get 3) (i64.const 3)))))
          (func (export "mixed") (param i32 i32 i64) (result i64) (local i32 i64)
            (local.set 3 (local.get 0))
            (local.set 0 (i32.add (local.get 0) (local.get 1)))
            (local.set 1 (i32.sub (local.get 1) (i32.mul (local.get 0) (i32.const 3))))
            (local.set 0 (i32.xor (i32.shl (local.get 1) (i32.const 2)) (local.get 0)))
            (local.set 1 (i32.sub (local.get 3) (local.get 1)))
            (local.set 3 (i32.add (local.get 3) (local.get 3)))
            (local.set 4 (i64.extend_i32_u (local.get 3)))
            (local.set 4 (i64.or (local.get 4) (local.get 2)))
            (local.set 2 (i64.and (i64.extend_i32_u (local.get 1)) (local.get 2)))
            (i64.add (i64.add (local.get 4) (local.get 2))
                     (i64.add (i64.shl (i64.extend_i32_u (local.get 0)) (i64.const 32))
                              (i64.extend_i32_u (local.get 3)))))
          (func (export "upto") (param i32) (result i32) (local i32 i32)
            (loop $again
              (local.set 2 (i32.add (local.get 2) (local.get 1)))
              (br_if $again (i32.ne (local.tee 1 (i32.add (local.get 1) (i32.const 1))) (local.get 0))))
            (local.get 2))
          (func (export "below") (param i32) (result i32) (local i32)
            (loop $again
              (local.set 1 (i32.add (local.get 1) (i32.const 1)))
              (br_if $again (i32.lt_s (local.tee 0 (i32.add (local.get 0) (i32.const 7))) (i32.const 100))))
            (i32.add (i32.mul (local.get 1) (i32.const 1000)) (local.get 0))))
        """
        let module = try Module(bytes: wasm(text))
        let ops = (0..<module.codeEnd).map { module.code.base[$0].op }
        XCTAssert(ops.contains(.i32AddBrIfNe) && ops.contains(.i32AddBrIfLtS), "the add-and-compare forms")
        try assertSame(text, [("i32", [.i32(0)]), ("i32", [.i32(0x8000_0000)]), ("i32", [.i32(0xffff_ffff)]),
                              ("i64", [.i64(0)]), ("i64", [.i64(UInt64.max)]), ("i64", [.i64(1 << 40)]),
                              ("mixed", [.i32(7), .i32(0xffff_fffe), .i64(0xffff_0000_ffff)]),
                              ("mixed", [.i32(0x8000_0001), .i32(3), .i64(UInt64.max)]),
                              ("upto", [.i32(10)]), ("upto", [.i32(1)]), ("below", [.i32(0)]),
                              ("below", [.i32(0xffff_fff0)]), ("below", [.i32(200)])], compiled: 5)
        XCTAssertEqual("\(try runBoth(text, "upto", [.i32(10)]).native)",
                       "\(Result<[Value], Trap>.success([.i32(45)]))")
        XCTAssertEqual("\(try runBoth(text, "below", [.i32(0)]).native)",
                       "\(Result<[Value], Trap>.success([.i32(15_105)]))")
    }

    /// A qword load whose value f64 arithmetic reads after the next load (`a[i] * b[j]`) leaves it in xmm0 and
    /// out of its slot; not when a branch lands on the load between (a loop whose parameter is the held value,
    /// clobbered in xmm0 before the back edge; a value below it, so that its slot is past the frame image's).
    /// Faults of either load stay the loads' traps.
    func testLoadHeldForTheArithmeticAfterNext() throws {
        let text = """
        (module
          (memory 1)
          (func (export "dot") (param i32 i32) (result f64)
            (f64.store (i32.const 0) (f64.const 1.5)) (f64.store (i32.const 8) (f64.const -2.25))
            (f64.store (i32.const 16) (f64.const 4)) (f64.store (i32.const 24) (f64.const 0.125))
            (f64.add (f64.mul (f64.load (local.get 0)) (f64.load offset=16 (local.get 1)))
                     (f64.div (f64.load offset=8 (local.get 0)) (f64.load (i32.add (local.get 1) (i32.const 24))))))
          (func (export "params") (param i32 i32) (result f64) (local f64)
            (f64.store (i32.const 0) (f64.const 1.5)) (f64.store (i32.const 8) (f64.const 3))
            (f64.convert_i32_s (local.get 1))
            (f64.load (local.get 0))
            (loop $again (param f64) (result f64)
              (f64.mul (f64.load offset=8 (local.get 0)))
              (local.set 2 (f64.add (local.get 2) (f64.const 0.5)))
              (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
              (br_if $again (local.get 1)))
            (f64.add)
            (f64.add (local.get 2))))
        """
        try assertSame(text, [("dot", [.i32(0), .i32(0)]), ("dot", [.i32(16), .i32(0)]),
                              ("dot", [.i32(65528), .i32(0)]), ("dot", [.i32(0), .i32(65512)]),
                              ("params", [.i32(0), .i32(1)]), ("params", [.i32(0), .i32(4)]),
                              ("params", [.i32(65528), .i32(2)])], compiled: 2)
        XCTAssertEqual("\(try runBoth(text, "dot", [.i32(0), .i32(0)]).native)",
                       "\(Result<[Value], Trap>.success([.f64((1.5 * 4 - 2.25 / 0.125).bitPattern)]))")
        XCTAssertEqual("\(try runBoth(text, "params", [.i32(0), .i32(4)]).native)",
                       "\(Result<[Value], Trap>.success([.f64((4 + 1.5 * 81 + 2).bitPattern)]))")
    }

    /// f64 results and qword loads that later f64 arithmetic reads (partial products, `a*b + (c*d + ...)`) stay
    /// in SSE registers and out of their slots across loads, integer arithmetic and other f64 arithmetic: read as
    /// the first operand of sub and div (computed in place there) or the second, through sqrt, with NaN operands
    /// in order (the hardware returns the first's), a load's trap between producer and reader; past the 14
    /// registers, the rest go through their slots. Checked and guarded (in bounds).
    func testF64TemporariesStayInRegisters() throws {
        let products = (0..<18).map { "(f64.mul (f64.load offset=\($0 * 8) (local.get $p)) (local.get $s))" }
        let many = products.reversed().reduce("(local.get $s)") { "(f64.add \($1) \($0))" }
        let text = """
        (module
          (memory 1)
          (func $fill
            (f64.store (i32.const 0) (f64.const 1.5)) (f64.store (i32.const 8) (f64.const -2.25))
            (f64.store (i32.const 16) (f64.const 4)) (f64.store (i32.const 24) (f64.const 0.125))
            (f64.store (i32.const 32) (f64.const 3)) (f64.store (i32.const 40) (f64.const 7))
            (f64.store (i32.const 48) (f64.const -0.5)) (f64.store (i32.const 56) (f64.const 9))
            (i64.store (i32.const 64) (i64.const 0x7ff0_0000_0000_0001))
            (i64.store (i32.const 72) (i64.const 0xfff8_0000_0000_0002)))
          (func (export "dot") (param $p i32) (param $s f64) (result f64)
            (call $fill)
            (f64.add
              (f64.mul (f64.load (local.get $p)) (f64.load offset=32 (local.get $p)))
              (f64.add
                (f64.mul (f64.load offset=8 (local.get $p)) (f64.load offset=40 (local.get $p)))
                (f64.sub
                  (f64.div (f64.load offset=16 (i32.add (local.get $p) (i32.const 0)))
                           (f64.load offset=48 (i32.shl (local.get $p) (i32.const 0))))
                  (f64.sub (f64.sqrt (f64.load offset=24 (local.get $p)))
                           (f64.mul (f64.load offset=56 (local.get $p)) (local.get $s)))))))
          (func (export "many") (param $p i32) (param $s f64) (result f64)
            (call $fill)
            \(many))
          (func (export "loaded") (param $p i32) (param $s f64) (result f64)
            (call $fill)
            (f64.div
              (f64.load offset=8 (local.get $p))
              (f64.sub (f64.load offset=16 (local.get $p))
                       (f64.mul (f64.mul (local.get $s) (f64.load (local.get $p)))
                                (f64.convert_i32_s (i32.add (local.get $p) (i32.const 3))))))))
        """
        let nan = Double(bitPattern: 0x7ff8_0000_0000_0003).bitPattern
        var cases: [(String, [Value])] = []
        for p: UInt32 in [0, 8, 64, 72, 65480, 65536] {
            for s in [(2.5).bitPattern, nan] {
                cases += [("dot", [.i32(p), .f64(s)]), ("many", [.i32(p), .f64(s)]), ("loaded", [.i32(p), .f64(s)])]
            }
        }
        try assertSame(text, cases, compiled: 4)
        let (a, b, c, d) = (1.5 * 3, -2.25 * 7, 4 / -0.5, (0.125).squareRoot() - 9 * 2.5)
        XCTAssertEqual("\(try runBoth(text, "dot", [.i32(0), .f64((2.5).bitPattern)]).native)",
                       "\(Result<[Value], Trap>.success([.f64((a + (b + (c - d))).bitPattern)]))")
        let guarded = try guardedModule(text)
        // In bounds only: on the host, nothing handles a guarded access's fault.
        for (name, arguments) in cases where arguments[0] != .i32(65480) && arguments[0] != .i32(65536) {
            let (store, instance) = try guardedInstance(guarded)
            try assertGuardedMatches(instance, text, name, arguments)
            XCTAssertEqual(store.nativeFunctionCounts.compiled, 4)
        }
    }

    /// Integer temporaries read further on stay in pool registers until their reader (`NativeDeferredInteger`):
    /// rotations and logic as in a SHA-256 round (results computed in place in the register of the temporary they
    /// read), loads straight into registers, a deferred address and value of a store, i64 values with their upper
    /// bits, an i32 from a wrap used as an address, a load's trap between producer and reader, non-commutative
    /// operations on the accumulator, and past the six registers (the rest through their slots, binds storing a
    /// deferred value to free one); a compare of a deferred value with the accumulator; a local at the end of a
    /// frame image of zeros is no temporary. Checked and guarded (in bounds).
    func testIntegerTemporariesStayInRegisters() throws {
        let loads = (0..<18).map { "(i32.xor (i32.load offset=\($0 * 4) (local.get $p)) (local.get $s))" }
        let many = loads.reversed().reduce("(local.get $s)") { "(i32.add \($1) (i32.rotl \($0) (i32.const 3)))" }
        let text = """
        (module
          (memory 1)
          (func $fill
            (i64.store (i32.const 0) (i64.const 0x0123_4567_89ab_cdef)) (i64.store (i32.const 8) (i64.const -77))
            (i64.store (i32.const 16) (i64.const 0x7fff_0000_ffff_0001)) (i64.store (i32.const 24) (i64.const 99))
            (i64.store (i32.const 32) (i64.const 0x8000_0000_0000_0000)) (i64.store (i32.const 40) (i64.const 5))
            (i64.store (i32.const 48) (i64.const -1)) (i64.store (i32.const 56) (i64.const 0x1357_9bdf_2468_ace0))
            (i64.store (i32.const 64) (i64.const 0x0f0f_f0f0_3c3c_c3c3)))
          (func (export "round") (param $e i32) (param $f i32) (param $g i32) (param $h i32) (result i32)
            (i32.add (local.get $h)
              (i32.add
                (i32.xor (i32.xor (i32.rotr (local.get $e) (i32.const 6)) (i32.rotr (local.get $e) (i32.const 11)))
                         (i32.rotr (local.get $e) (i32.const 25)))
                (i32.xor (i32.and (local.get $e) (local.get $f))
                         (i32.and (i32.xor (local.get $e) (i32.const -1)) (local.get $g))))))
          (func (export "locals") (param $x i32) (result i32) (local i32 i32)
            (local.set 2 (i32.mul (local.get $x) (local.get $x)))
            (i32.add (i32.add (local.get 2) (i32.load (local.get 1))) (local.get 2)))
          (func (export "compare") (param $x i32) (param $y i32) (result i32)
            (i32.lt_u (i32.add (local.get $x) (i32.const 1)) (i32.add (local.get $y) (i32.const 1))))
          (func (export "moved") (param $e i32) (param $f i32) (param $g i32) (param $h i32) (result i32)
            (i32.sub
              (i32.xor (i32.add (local.get $h) (i32.rotl (local.get $e) (i32.const 5)))
                       (i32.and (local.get $f) (local.get $g)))
              (i32.add (i32.lt_u (local.get $e) (local.get $f)) (i32.mul (local.get $g) (local.get $h)))))
          (func (export "many") (param $p i32) (param $s i32) (result i32)
            (call $fill)
            \(many))
          (func (export "wide") (param $p i32) (param $x i64) (result i64)
            (call $fill)
            (i64.add (i64.load offset=8 (local.get $p))
              (i64.sub (i64.shl (local.get $x) (i64.const 33))
                (i64.mul (i64.load8_s offset=3 (local.get $p)) (i64.or (i64.load (local.get $p)) (local.get $x))))))
          (func (export "store") (param $p i32) (param $x i64) (result i32)
            (call $fill)
            (i32.store offset=4 (i32.and (i32.wrap_i64 (local.get $x)) (i32.const 0xfff8))
              (i32.sub (i32.load (local.get $p)) (i32.load offset=8 (local.get $p))))
            (i32.store8 (i32.add (i32.and (i32.load offset=16 (local.get $p)) (i32.const 0xff)) (i32.const 1))
              (i32.xor (i32.load offset=24 (local.get $p)) (local.get $p)))
            (i32.add (i32.load offset=4 (i32.and (i32.wrap_i64 (local.get $x)) (i32.const 0xfff8)))
                     (i32.load8_u offset=1 (i32.wrap_i64 (local.get $x)))))
          (func (export "trap") (param $p i32) (param $x i32) (result i32)
            (call $fill)
            (i32.sub (i32.mul (local.get $x) (local.get $x))
              (i32.sub (i32.load offset=60 (local.get $p)) (i32.shl (local.get $x) (i32.const 2)))))
          (func (export "order") (param $p i32) (param $x i64) (result i64)
            (call $fill)
            (i64.sub (i64.load offset=16 (local.get $p))
              (i64.sub (i64.rotl (local.get $x) (i64.const 13)) (i64.load offset=32 (local.get $p))))))
        """
        var cases: [(String, [Value])] = []
        for (e, f) in [(0x6a09_e667, -0x4498_517b), (0, -1), (-1, 0), (-2, 0x5be0_cd19)] as [(Int32, Int32)] {
            cases.append(("locals", [.i32(UInt32(bitPattern: e))]))
            cases.append(("compare", [.i32(UInt32(bitPattern: e)), .i32(UInt32(bitPattern: f))]))
            for name in ["round", "moved"] {
                cases.append((name, [.i32(UInt32(bitPattern: e)), .i32(UInt32(bitPattern: f)), .i32(0x3c6e_f372),
                                     .i32(0xa54f_f53a)]))
            }
        }
        for p: UInt32 in [0, 8, 1, 65480, 65532, 65536] {
            for x: UInt64 in [0xffff_ffff_0000_0013, 0x8000_0000_0000_0001, 3] {
                cases += [("many", [.i32(p), .i32(UInt32(truncatingIfNeeded: x))]), ("wide", [.i32(p), .i64(x)]),
                          ("store", [.i32(p), .i64(x)]), ("trap", [.i32(p), .i32(UInt32(truncatingIfNeeded: x))]),
                          ("order", [.i32(p), .i64(x)])]
            }
        }
        try assertSame(text, cases, compiled: 10)
        XCTAssertEqual("\(try runBoth(text, "round", [.i32(1), .i32(0), .i32(0), .i32(0)]).native)",
                       "\(Result<[Value], Trap>.success([.i32(0x0420_0080)]))")
        let guarded = try guardedModule(text)
        // In bounds only: on the host, nothing handles a guarded access's fault.
        for (name, arguments) in cases where arguments.count == 2 {
            guard case .i32(let p) = arguments[0], p < 65000 else { continue }
            let (store, instance) = try guardedInstance(guarded)
            try assertGuardedMatches(instance, text, name, arguments)
            XCTAssertEqual(store.nativeFunctionCounts.compiled, 10)
        }
    }

    /// A call of a function known to land in native code (itself, or one compiled before it) stores no site; a
    /// call of one left to the interpreter (before or after it) must, for the callout to find the callee. A trap
    /// in the callee is still the callee's.
    func testCallsOfNativeFunctionsStoreNoSite() throws {
        let text = """
        (module
          (tag $e)
          (func $early (param i32) (result i32)
            (block (try_table (catch $e 0) (nop))) (i32.add (local.get 0) (i32.const 100)))
          (func $leaf (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
          (func $fact (export "fact") (param i32) (result i32)
            (if (result i32) (i32.le_s (local.get 0) (i32.const 1)) (then (i32.const 1))
              (else (i32.mul (local.get 0) (call $fact (i32.sub (local.get 0) (i32.const 1)))))))
          (func (export "mix") (param i32) (result i32)
            (i32.add (call $early (local.get 0))
                     (i32.add (call $leaf (local.get 0)) (i32.add (call $late (local.get 0)) (call $early (i32.const 1))))))
          (func $late (param i32) (result i32)
            (block (try_table (catch $e 0) (nop))) (i32.sub (local.get 0) (i32.const 7)))
          (func (export "trap") (param i32) (result i32) (call $div (local.get 0)))
          (func $div (param i32) (result i32) (i32.div_u (i32.const 10) (local.get 0))))
        """
        try assertSame(text, [("fact", [.i32(10)]), ("fact", [.i32(1)]), ("mix", [.i32(5)]), ("trap", [.i32(3)]),
                              ("trap", [.i32(0)])], compiled: 5)
        XCTAssertEqual("\(try runBoth(text, "mix", [.i32(5)]).native)",
                       "\(Result<[Value], Trap>.success([.i32(105 + 15 - 2 + 101)]))")
        let store = Store()
        store.engine = .native
        let instance = try store.instantiate(try Module(bytes: wasm(text)))
        XCTAssertEqual(trap { try instance.invoke("trap", [.i32(0)]) }, .integerDivideByZero)
        XCTAssertEqual(store.lastTrapSite?.function, 6)
    }

    /// Branches on lt, le, gt and ge of f64 and f32 (fused compare-and-branch, negated or not, and a compare
    /// whose only reader is the br_if after it, as `if (i32.eqz (compare))` translates) go straight on ucomis's
    /// flags: a NaN on either side makes each comparison false. Counted per pair of operands.
    func testFloatCompareBranches() throws {
        var functions = ""
        for (type, suffix) in [("f64", "64"), ("f32", "32")] {
            for comparison in ["lt", "le", "gt", "ge"] {
                functions += """
                  (func (export "\(comparison)\(suffix)") (param $x \(type)) (param $y \(type)) (result i32)
                    (local $n i32)
                    (block $out
                      (loop $again
                        (br_if $out (i32.ge_u (local.get $n) (i32.const 3)))
                        (if (\(type).\(comparison) (\(type).add (local.get $x) (local.get $x)) (local.get $y))
                          (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
                        (if (i32.eqz (\(type).\(comparison) (local.get $y) (\(type).sub (local.get $x) (local.get $y))))
                          (then (local.set $n (i32.add (local.get $n) (i32.const 5)))))
                        (local.set $n (i32.add (local.get $n) (i32.const 1)))
                        (br_if $again (\(type).\(comparison) (local.get $x) (\(type).mul (local.get $y) (local.get $y))))))
                    (local.get $n))

                """
            }
        }
        let text = "(module\n\(functions))"
        let values: [Double] = [-1, 0, 0.5, 1, 2, .nan, .infinity]
        var cases: [(String, [Value])] = []
        for comparison in ["lt", "le", "gt", "ge"] {
            for x in values {
                for y in values {
                    cases.append(("\(comparison)64", [.f64(x.bitPattern), .f64(y.bitPattern)]))
                    cases.append(("\(comparison)32", [.f32(Float(x).bitPattern), .f32(Float(y).bitPattern)]))
                }
            }
        }
        try assertSame(text, cases, compiled: 8)
    }

    /// An operand the instruction before just computed is read from the register it was left in: as the second
    /// operand of non-commutative operations (where loading the first would overwrite it), as a shift count or
    /// divisor, a compare's either side, a stored value or address, a float's, through a local.tee, and after an
    /// i64 the i32 consumer must see zero-extended.
    func testResultsReusedFromRegisters() throws {
        let text = """
        (module
          (memory 1)
          (global $g (mut i64) (i64.const 0))
          (func (export "sub") (param i32 i32 i32) (result i32)
            (i32.sub (local.get 0) (i32.mul (local.get 1) (local.get 2))))
          (func (export "shl") (param i64 i64) (result i64)
            (i64.shl (local.get 0) (i64.add (local.get 1) (i64.const 1))))
          (func (export "shift") (param i32 i32) (result i32)
            (i32.shr_s (i32.add (local.get 0) (local.get 1)) (i32.const 33)))
          (func (export "div") (param i32 i32) (result i32)
            (i32.rem_s (local.get 0) (i32.sub (local.get 1) (i32.const 1))))
          (func (export "ltu") (param i32 i32 i32) (result i32)
            (i32.lt_u (local.get 0) (i32.add (local.get 1) (local.get 2))))
          (func (export "branch") (param i64 i64) (result i32)
            (block (br_if 0 (i64.gt_s (local.get 0) (i64.sub (local.get 1) (i64.const 3)))) (return (i32.const 1)))
            (i32.const 2))
          (func (export "eqz") (param i64) (result i32) (i64.eqz (i64.and (local.get 0) (i64.const 0xff00))))
          (func (export "store") (param i32 i32) (result i32)
            (i32.store8 offset=3 (local.get 0) (i32.add (local.get 1) (i32.const 1)))
            (i32.store16 (i32.add (local.get 0) (i32.const 8)) (local.get 1))
            (i32.add (i32.load8_u offset=3 (local.get 0)) (i32.load16_s offset=8 (local.get 0))))
          (func (export "index") (param i32 i32) (result i32)
            (i32.store (i32.add (local.get 0) (i32.mul (local.get 1) (i32.const 4))) (i32.const 0x11223344))
            (i32.load (i32.add (i32.mul (local.get 1) (i32.const 4)) (local.get 0))))
          (func (export "wrap") (param i64) (result i64)
            (i64.extend_i32_u (i32.wrap_i64 (i64.mul (local.get 0) (i64.const 3)))))
          (func (export "address") (param i64) (result i32)
            (i32.store (i32.const 16) (i32.const 7))
            (i32.load (i32.wrap_i64 (i64.add (local.get 0) (i64.const 0x1_0000_0000)))))
          (func (export "tee") (param i64) (result i64) (local i64)
            (i64.add (local.tee 1 (i64.mul (local.get 0) (local.get 0))) (local.get 1)))
          (func (export "fsub") (param f64 f64 f64) (result f64)
            (f64.sub (local.get 0) (f64.mul (local.get 1) (local.get 2))))
          (func (export "fdiv") (param f32 f32) (result f32)
            (f32.div (local.get 0) (f32.sqrt (f32.add (local.get 1) (local.get 1)))))
          (func (export "bits") (param f32) (result i32)
            (i32.add (i32.reinterpret_f32 (f32.neg (local.get 0))) (i32.const 1)))
          (func (export "demote") (param f64) (result i64)
            (i64.extend_i32_u (i32.reinterpret_f32 (f32.demote_f64 (local.get 0)))))
          (func (export "global") (param i64) (result i64)
            (global.set $g (i64.xor (local.get 0) (i64.const -1))) (global.get $g)))
        """
        try assertSame(text, [("sub", [.i32(100), .i32(7), .i32(9)]), ("shl", [.i64(3), .i64(62)]),
                              ("shift", [.i32(0x8000_0000), .i32(2)]), ("div", [.i32(0x8000_0000), .i32(0)]),
                              ("div", [.i32(17), .i32(6)]), ("ltu", [.i32(5), .i32(2), .i32(3)]),
                              ("ltu", [.i32(5), .i32(0xffff_ffff), .i32(7)]), ("branch", [.i64(1), .i64(4)]),
                              ("branch", [.i64(2), .i64(4)]), ("eqz", [.i64(0xff_00ff)]), ("eqz", [.i64(0x1_0100)]),
                              ("store", [.i32(40), .i32(0xffff_ff80)]), ("index", [.i32(4), .i32(3)]),
                              ("wrap", [.i64(0x8000_0000_0000_0001)]), ("address", [.i64(16)]),
                              ("tee", [.i64(6)]), ("fsub", [.f64((1.5).bitPattern), .f64((2.0).bitPattern), .f64((0.25).bitPattern)]),
                              ("fdiv", [.f32(Float(3).bitPattern), .f32(Float(2).bitPattern)]), ("bits", [.f32(Float(2).bitPattern)]), ("demote", [.f64((-0.5).bitPattern)]),
                              ("global", [.i64(5)])], compiled: 17)
        XCTAssertEqual("\(try runBoth(text, "sub", [.i32(100), .i32(7), .i32(9)]).native)",
                       "\(Result<[Value], Trap>.success([.i32(37)]))")
        XCTAssertEqual("\(try runBoth(text, "store", [.i32(40), .i32(0xffff_ff80)]).native)",
                       "\(Result<[Value], Trap>.success([.i32(1)]))")
    }

    /// Float arithmetic, rounding, comparisons with NaN, sign operations and conversions.
    func testFloats() throws {
        let text = """
        (module
          (func (export "poly") (param f64 f64) (result f64)
            (f64.sqrt (f64.add (f64.mul (local.get 0) (local.get 0)) (f64.div (local.get 1) (f64.const 3)))))
          (func (export "round") (param f32) (result f32)
            (f32.add (f32.add (f32.nearest (local.get 0)) (f32.floor (local.get 0)))
                     (f32.add (f32.ceil (local.get 0)) (f32.trunc (local.get 0)))))
          (func (export "compare") (param f64 f64) (result i32)
            (i32.or (i32.or (i32.shl (f64.lt (local.get 0) (local.get 1)) (i32.const 0))
                            (i32.shl (f64.le (local.get 0) (local.get 1)) (i32.const 1)))
                    (i32.or (i32.shl (f64.eq (local.get 0) (local.get 1)) (i32.const 2))
                            (i32.shl (f64.ne (local.get 0) (local.get 1)) (i32.const 3)))))
          (func (export "branch") (param f32 f32) (result i32)
            (if (result i32) (f32.ge (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 2))))
          (func (export "signs") (param f32 f64) (result f64)
            (f64.copysign (f64.promote_f32 (f32.neg (f32.abs (local.get 0)))) (local.get 1)))
          (func (export "minmax") (param f64 f64) (result f64)
            (f64.add (f64.min (local.get 0) (local.get 1)) (f64.mul (f64.max (local.get 0) (local.get 1)) (f64.const 4))))
          (func (export "zeros") (param f32 f32) (result i64)
            (i64.or (i64.extend_i32_u (i32.reinterpret_f32 (f32.min (local.get 0) (local.get 1))))
                    (i64.shl (i64.extend_i32_u (i32.reinterpret_f32 (f32.max (local.get 0) (local.get 1)))) (i64.const 32))))
          (func (export "convert") (param i32 i64) (result f32)
            (f32.add (f32.convert_i32_u (local.get 0))
                     (f32.add (f32.demote_f64 (f64.convert_i64_s (local.get 1))) (f32.convert_i32_s (local.get 0))))))
        """
        let nan64 = Value.f64(Double.nan.bitPattern), nan32 = Value.f32(Float.nan.bitPattern)
        try assertSame(text, [("poly", [.f64(1.5.bitPattern), .f64((-2.25).bitPattern)]),
                              ("round", [.f32(Float(2.5).bitPattern)]), ("round", [.f32(Float(-3.7).bitPattern)]),
                              ("compare", [.f64(1.0.bitPattern), .f64(2.0.bitPattern)]),
                              ("compare", [.f64(2.0.bitPattern), .f64(2.0.bitPattern)]),
                              ("compare", [nan64, .f64(2.0.bitPattern)]),
                              ("branch", [.f32(Float(1).bitPattern), .f32(Float(1).bitPattern)]),
                              ("branch", [nan32, .f32(Float(1).bitPattern)]),
                              ("signs", [.f32(Float(2.5).bitPattern), .f64((-0.0).bitPattern)]),
                              ("minmax", [.f64(1.5.bitPattern), .f64((-2.0).bitPattern)]),
                              ("minmax", [.f64(3.0.bitPattern), .f64(3.0.bitPattern)]), ("minmax", [nan64, .f64(1.0.bitPattern)]),
                              ("zeros", [.f32(Float(0).bitPattern), .f32(Float(-0.0).bitPattern)]),
                              ("zeros", [.f32(Float(-0.0).bitPattern), .f32(Float(0).bitPattern)]),
                              ("convert", [.i32(0xffff_fff0), .i64(UInt64.max - 2)])], compiled: 8)
    }

    /// Signed truncations at and beyond their limits, NaN and infinities, trapping and saturating.
    func testTruncations() throws {
        let text = """
        (module
          (func (export "i32f64") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
          (func (export "i32f32") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
          (func (export "i64f64") (param f64) (result i64) (i64.trunc_f64_s (local.get 0)))
          (func (export "i64f32") (param f32) (result i64) (i64.trunc_f32_s (local.get 0)))
          (func (export "sat32") (param f64) (result i32) (i32.trunc_sat_f64_s (local.get 0)))
          (func (export "sat64") (param f32) (result i64) (i64.trunc_sat_f32_s (local.get 0))))
        """
        let doubles: [Double] = [0, -1.9, 2.9, 2147483647.9, 2147483648, -2147483648.9, -2147483649, 9.3e18,
                                 -9223372036854775808, -9.3e18, .nan, .infinity, -.infinity]
        var cases: [(String, [Value])] = []
        for d in doubles {
            cases += [("i32f64", [.f64(d.bitPattern)]), ("i64f64", [.f64(d.bitPattern)]), ("sat32", [.f64(d.bitPattern)]),
                      ("i32f32", [.f32(Float(d).bitPattern)]), ("i64f32", [.f32(Float(d).bitPattern)]),
                      ("sat64", [.f32(Float(d).bitPattern)])]
        }
        try assertSame(text, cases, compiled: 6)
    }

    /// A native loop stops at a back-edge when the interruption flag is up, and a native trap names the function
    /// that trapped, as the interpreter does.
    func testUnsignedTruncationsAndConversions() throws {
        var functions = ""
        for float in ["f32", "f64"] {
            functions += "(func (export \"\(float)_u64\") (param i64) (result \(float)) (\(float).convert_i64_u (local.get 0)))\n"
            for result in ["i32", "i64"] {
                functions += """
                  (func (export "\(result)_\(float)") (param \(float)) (result \(result)) (\(result).trunc_\(float)_u (local.get 0)))
                  (func (export "sat_\(result)_\(float)") (param \(float)) (result \(result))
                    (\(result).trunc_sat_\(float)_u (local.get 0)))

                """
            }
        }
        let text = "(module\n\(functions))"
        let doubles: [Double] = [0, -0.9, -1, 2.9, 4294967295.9, 4294967296, 9.2e18, 9223372036854775808,
                                 18446744073709549568, 18446744073709551616, 1e30, .nan, -.nan, .infinity, -.infinity]
        var cases: [(String, [Value])] = []
        for d in doubles {
            for result in ["i32", "i64"] {
                cases += [("\(result)_f64", [.f64(d.bitPattern)]), ("sat_\(result)_f64", [.f64(d.bitPattern)]),
                          ("\(result)_f32", [.f32(Float(d).bitPattern)]), ("sat_\(result)_f32", [.f32(Float(d).bitPattern)])]
            }
        }
        // Beside 2^63 and 2^64, and the ties that round to even only when the lowest bit is kept.
        let integers: [UInt64] = [0, 1, 1 << 62, (1 << 63) - 1, 1 << 63, (1 << 63) + 1, 0x8000_0000_0000_0400,
                                  0x8000_0000_0000_0401, 0x8000_0080_0000_0000, 0x8000_0080_0000_0001,
                                  0xFFFF_FFFF_FFFF_FBFF, .max]
        for n in integers { cases += [("f64_u64", [.i64(n)]), ("f32_u64", [.i64(n)])] }
        try assertSame(text, cases, compiled: 10)
    }

    func testInterruptionAndTrapSite() throws {
        let module = try Module(bytes: wasm("""
        (module
          (func (export "spin") (loop $again (br $again)))
          (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
          (func (export "outer") (param i32) (result i32) (call $inner (local.get 0))))
        """))
        for engine in [Engine.interpreter, .native] {
            let store = Store()
            store.engine = engine
            let instance = try store.instantiate(module)
            store.requestInterruption()
            XCTAssertEqual(trap { try instance.invoke("spin", []) }, .interrupted, "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("outer", [.i32(0)]) }, .integerDivideByZero, "\(engine)")
            XCTAssertEqual(store.lastTrapSite?.function, 1, "\(engine)")
        }
        XCTAssertEqual(module.native?.compiledCount, 3)
    }

    /// A loop whose code from its head runs straight into a call leaves the back edge's interruption check to the
    /// call's: one check per pass. One that may branch around the call first keeps it. Counted by a handler that
    /// raises the flag again at every check.
    func testBackEdgesLeaveTheCheckToACall() throws {
        let module = try Module(bytes: wasm("""
        (module
          (func $leaf (param i32) (result i32) (local.get 0))
          (func (export "calls") (param i32) (result i32) (local i32)
            (loop $again
              (local.set 1 (i32.add (local.get 1) (call $leaf (i32.const 1))))
              (br_if $again (i32.lt_u (local.get 1) (local.get 0))))
            (local.get 1))
          (func (export "skips") (param i32) (result i32) (local i32)
            (loop $again
              (if (i32.and (local.get 1) (i32.const 1)) (then (drop (call $leaf (local.get 1)))))
              (local.set 1 (i32.add (local.get 1) (i32.const 1)))
              (br_if $again (i32.lt_u (local.get 1) (local.get 0))))
            (local.get 1)))
        """))
        let cases: [(String, Int)] = [("calls", 50), ("skips", 50 + 25)]
        for engine in [Engine.interpreter, .native] {
            for (name, checks) in cases {
                let store = Store()
                store.engine = engine
                var calls = 0
                store.interruptionHandler = { () throws(Trap) in
                    calls += 1
                    if calls > 1000 { throw .interrupted }  // a lost check ends a loop that would not
                    store.requestInterruption()
                }
                let instance = try store.instantiate(module)
                store.requestInterruption()
                XCTAssertEqual(try instance.invoke(name, [.i32(50)]), [.i32(50)], "\(engine) \(name)")
                if engine == .native { XCTAssertEqual(calls, checks, name) }
            }
        }
        XCTAssertEqual(module.native?.compiledCount, 3)
    }

    /// Frames that fit in the value stack's reserve are checked against `frameEnd` itself, larger ones by their
    /// end; growth commits the reserve too, or only the frame near the stack's end: calls there still run, and
    /// the stack runs out at the same depth as in the interpreter, for a small frame and a large one.
    func testValueStackRoomNearItsEnd() throws {
        let large = String(repeating: " i64", count: 100)
        let text = """
        (module
          (func $small (export "small") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (i32.add (call $small (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
          (func $large (export "large") (param i32) (result i32) (local\(large))
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (i32.add (call $large (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))
        """
        let module = try Module(bytes: wasm(text))
        func run(_ engine: Engine, _ name: String, depths: [Int]) throws -> [String] {
            let store = Store(limits: StoreLimits(valueStackSlots: 4096))
            store.engine = engine
            let instance = try store.instantiate(module)
            return depths.map { depth in
                do throws(Trap) { return "\(try instance.invoke(name, [.i32(UInt32(depth))]))" } catch {
                    return "\(error)"
                }
            }
        }
        for name in ["small", "large"] {
            // The first depth the interpreter runs out at.
            var (low, high) = (0, 4096)
            while low < high {
                let middle = (low + high) / 2
                if try run(.interpreter, name, depths: [middle])[0].hasPrefix("[") { low = middle + 1 } else { high = middle }
            }
            let depths = Array(max(low - 70, 0)...low + 1)
            var outcomes: [Engine: [String]] = [:]
            for engine in [Engine.interpreter, .native] { outcomes[engine] = try run(engine, name, depths: depths) }
            XCTAssertEqual(outcomes[.native], outcomes[.interpreter], name)
            XCTAssert(outcomes[.native]?.first?.hasPrefix("[") == true, "\(name) runs at first")
            XCTAssertEqual(outcomes[.native]?.last, "\(Trap.callStackExhausted)", "\(name) runs out")
        }
        XCTAssertEqual(module.native?.compiledCount, 2)
    }

    /// A loop whose back edge compares a result cached in a register, interrupted at every check by a handler
    /// that raises the flag again: the check comes before the compare, so its slow path (a Swift call, which
    /// clobbers rax and the SSE registers) must put the cached value back.
    func testInterruptionKeepsTheCachedOperand() throws {
        let module = try Module(bytes: wasm("""
        (module
          (func (export "count") (param i32) (result i32) (local i32)
            (loop $again
              (br_if $again (i32.lt_u (local.tee 1 (i32.add (local.get 1) (i32.const 1))) (local.get 0))))
            (local.get 1))
          (func (export "masked") (param i64) (result i64)
            (loop $again
              (br_if $again (i64.ne (i64.and (local.tee 0 (i64.sub (local.get 0) (i64.const 1))) (i64.const 0xff))
                                   (i64.const 0))))
            (local.get 0))
          (func (export "sum") (param f64) (result f64) (local f64)
            (loop $again
              (br_if $again (f64.lt (local.tee 1 (f64.add (local.get 1) (f64.const 1.5))) (local.get 0))))
            (local.get 1)))
        """))
        let cases: [(String, [Value], Value)] = [("count", [.i32(50)], .i32(50)), ("masked", [.i64(0x1234)], .i64(0x1200)),
                                                 ("sum", [.f64((30.0).bitPattern)], .f64((30.0).bitPattern))]
        for engine in [Engine.interpreter, .native] {
            let store = Store()
            store.engine = engine
            var calls = 0
            var scratch = 1.0
            store.interruptionHandler = { () throws(Trap) in
                calls += 1
                if calls > 1000 { throw .interrupted }  // a broken check ends a loop that would not
                scratch = (scratch * 1.25).squareRoot() + Double(calls)
                store.requestInterruption()
            }
            let instance = try store.instantiate(module)
            for (name, arguments, expected) in cases {
                store.requestInterruption()
                XCTAssertEqual(try instance.invoke(name, arguments), [expected], "\(engine) \(name)")
            }
            XCTAssertGreaterThan(scratch, 0)
            // Native code checks at every run of a backward br_if, taken or not (the interpreter looks less often).
            if engine == .native { XCTAssertEqual(calls, 50 + 0x34 + 20) }
        }
        XCTAssertEqual(module.native?.compiledCount, 3)
    }

    /// A counted loop (a local from a constant by a constant step to a constant bound, nothing else writing it)
    /// checks for interruption at no iteration: `counted` and `countedNe` never call the handler. Loops that
    /// are not counted still check at every iteration: a start from a parameter, the counter written in the
    /// loop, an inner loop, a call, a branch into the loop from outside it or between its start and the loop, and a
    /// step that passes the bound.
    func testCountedLoopsSkipTheInterruptionCheck() throws {
        let module = try Module(bytes: wasm("""
        (module
          (memory 1)
          (func $id (param i32) (result i32) (local.get 0))
          (func (export "counted") (result i32) (local i32 i32)
            (local.set 0 (i32.const -320))
            (loop $again
              (local.set 1 (i32.add (local.get 1) (i32.load (i32.add (local.get 0) (i32.const 320)))))
              (i32.store (i32.add (local.get 0) (i32.const 352)) (local.get 0))
              (br_if $again (local.tee 0 (i32.add (local.get 0) (i32.const 32)))))
            (i32.add (local.get 1) (i32.load (i32.const 640))))
          (func (export "countedNe") (result i32) (local i32 i32)
            (local.set 0 (i32.const 3))
            (local.set 1 (i32.const 5))
            (loop $again
              (local.set 1 (i32.add (local.get 1) (local.get 0)))
              (br_if $again (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 2))) (i32.const 23))))
            (local.get 1))
          (func (export "fromParameter") (param i32) (result i32) (local i32)
            (loop $again
              (local.set 1 (i32.add (local.get 1) (local.get 0)))
              (br_if $again (local.tee 0 (i32.add (local.get 0) (i32.const 1)))))
            (local.get 1))
          (func (export "written") (result i32) (local i32 i32)
            (local.set 0 (i32.const -10))
            (loop $again
              (local.set 0 (i32.sub (local.get 0) (i32.and (local.get 1) (i32.const 1))))
              (local.set 1 (i32.add (local.get 1) (i32.const 1)))
              (br_if $again (local.tee 0 (i32.add (local.get 0) (i32.const 1)))))
            (local.get 1))
          (func (export "nested") (result i32) (local i32 i32 i32)
            (local.set 0 (i32.const -4))
            (loop $outer
              (local.set 2 (i32.const 3))
              (loop $inner
                (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                (br_if $inner (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
              (br_if $outer (local.tee 0 (i32.add (local.get 0) (i32.const 1)))))
            (local.get 1))
          (func (export "calls") (result i32) (local i32 i32)
            (local.set 0 (i32.const -5))
            (loop $again
              (local.set 1 (i32.add (local.get 1) (call $id (local.get 0))))
              (br_if $again (local.tee 0 (i32.add (local.get 0) (i32.const 1)))))
            (local.get 1))
          (func (export "reentered") (param i32) (result i32) (local i32 i32)
            (block $skip
              (local.set 1 (i32.const -6))
              (br_if $skip (local.get 0))
              (local.set 1 (i32.const -3)))
            (loop $again
              (local.set 2 (i32.add (local.get 2) (i32.const 1)))
              (br_if $again (local.tee 1 (i32.add (local.get 1) (i32.const 1)))))
            (local.get 2))
          (func (export "landing") (param i32) (result i32) (local i32 i32 i32)
            (block $skip
              (local.set 1 (i32.const -6))
              (br_if $skip (local.get 0))
              (local.set 1 (i32.const -3)))
            (local.set 3 (i32.const 7))
            (loop $again
              (local.set 2 (i32.add (local.get 2) (local.get 3)))
              (br_if $again (local.tee 1 (i32.add (local.get 1) (i32.const 1)))))
            (local.get 2))
          (func (export "passing") (result i32) (local i32)
            (local.set 0 (i32.const -7))
            (loop $again
              (br_if $again (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 6))) (i32.const 1))))
            (local.get 0)))
        """))
        // Each case and the checks native code makes: `nested` checks its inner loop (not counted: it counts down
        // by a subtraction), whose check its outer loop runs straight into and leaves its own to (as `calls` leaves
        // its to its call's); `passing` never reaches its bound (-7 + 6k is 1 only after about 2^31 steps) and
        // stops at the handler's 1001st check.
        let cases: [(String, [Value], Int)] = [
            ("counted", [], 0), ("countedNe", [], 0), ("fromParameter", [.i32(UInt32(bitPattern: -10))], 10),
            ("written", [], 19), ("nested", [], 12), ("calls", [], 5), ("reentered", [.i32(1)], 6),
            ("reentered", [.i32(0)], 3), ("landing", [.i32(1)], 6), ("landing", [.i32(0)], 3), ("passing", [], 1001)]
        var outcomes: [Engine: [String]] = [:]
        for engine in [Engine.interpreter, .native] {
            let store = Store()
            store.engine = engine
            let counter = CheckCounter(store)
            let instance = try store.instantiate(module)
            for (name, arguments, nativeChecks) in cases {
                counter.checks = 0
                store.requestInterruption()
                do throws(Trap) {
                    outcomes[engine, default: []].append("\(name) \(try instance.invoke(name, arguments))")
                } catch {
                    outcomes[engine, default: []].append("\(name) \(error)")
                }
                if engine == .native { XCTAssertEqual(counter.checks, nativeChecks, "\(name)") }
            }
        }
        XCTAssertEqual(outcomes[.native], outcomes[.interpreter])
        XCTAssertEqual(outcomes[.native]?.last, "passing interrupted")
        XCTAssertEqual(module.native?.compiledCount, 10)
    }

    /// A local's integer result that the code after reads again is computed in a pool register bound to it, and
    /// stored: read again as an address base, an operand and a stored value from the register (i32 and i64
    /// arithmetic, a shift and a load), from its slot after a label, and anew once the local changes in its slot.
    /// `crowded` binds more locals than the pool has registers.
    func testLocalResultsStayBound() throws {
        let text = """
        (module
          (memory 1)
          (func (export "tee") (param i32 i32) (result i32) (local i32 i32)
            (i32.store (i32.const 64) (i32.const 0x1111))
            (i32.store (i32.const 72) (i32.const 0x2222))
            (i32.store (i32.const 80) (i32.const 0x4444))
            (local.set 3 (i32.load offset=8 (local.tee 2 (i32.add (local.get 0) (local.get 1)))))
            (local.set 3 (i32.add (local.get 3) (i32.load offset=16 (local.get 2))))
            (i32.store offset=24 (local.get 2) (local.get 2))
            (local.set 2 (i32.add (local.get 2) (i32.const 8)))
            (local.set 3 (i32.add (local.get 3) (i32.load (local.get 2))))
            (local.set 3 (i32.add (local.get 3) (i32.load offset=16 (local.get 2))))
            (if (local.get 1) (then (local.set 3 (i32.add (local.get 3) (local.get 2)))))
            (i32.add (local.get 3) (local.get 2)))
          (func (export "wide") (param i64 i64) (result i64) (local i64 i64)
            (local.set 2 (i64.mul (local.get 0) (local.get 1)))
            (local.set 3 (i64.shl (local.get 2) (i64.const 3)))
            (local.set 3 (i64.xor (local.get 3) (i64.rotl (local.get 2) (local.get 3))))
            (local.set 2 (i64.add (local.get 2) (local.get 3)))
            (i64.sub (local.get 2) (local.get 3)))
          (func (export "loaded") (param i32) (result i32) (local i32 i32)
            (i32.store (i32.const 16) (i32.const 40))
            (i32.store (i32.const 40) (local.get 0))
            (local.set 1 (i32.load (i32.const 16)))
            (local.set 2 (i32.load (local.get 1)))
            (i32.store offset=8 (local.get 1) (local.get 2))
            (i32.add (i32.load offset=8 (local.get 1)) (i32.mul (local.get 2) (local.get 1))))
          (func (export "crowded") (param i32) (result i32) (local i32 i32 i32 i32 i32 i32 i32)
            (local.set 1 (i32.add (local.get 0) (i32.const 1)))
            (local.set 2 (i32.mul (local.get 1) (local.get 0)))
            (local.set 3 (i32.sub (local.get 2) (local.get 1)))
            (local.set 4 (i32.xor (local.get 3) (local.get 2)))
            (local.set 5 (i32.shl (local.get 4) (i32.const 2)))
            (local.set 6 (i32.or (local.get 5) (local.get 3)))
            (local.set 7 (i32.add (local.get 6) (local.get 1)))
            (i32.add (i32.add (i32.add (local.get 1) (local.get 2)) (i32.add (local.get 3) (local.get 4)))
                     (i32.add (i32.add (local.get 5) (local.get 6)) (local.get 7)))))
        """
        try assertSame(text, [("tee", [.i32(40), .i32(24)]), ("tee", [.i32(64), .i32(0)]), ("tee", [.i32(0xFFFF_FFF0), .i32(16)]),
                              ("wide", [.i64(0x1234_5678), .i64(0x9abc_def0_1234)]), ("wide", [.i64(UInt64.max), .i64(3)]),
                              ("loaded", [.i32(7)]), ("loaded", [.i32(0xFFFF_FFFF)]),
                              ("crowded", [.i32(5)]), ("crowded", [.i32(0x8000_0001)])], compiled: 4)
    }

    /// A result only the next instruction reads stays out of its slot: along chains of arithmetic, into stores,
    /// branches and returns, and an f64 load that an f64 multiply reads (loaded straight into an SSE register);
    /// stored after all when the reader's template reads the slot, and when local.tee leaves the value on the
    /// stack (at 64 operands and more, where the translation keeps it in its stack slot rather than reading the
    /// local again).
    func testResultsLeftOutOfTheirSlots() throws {
        let text = """
        (module
          (memory 1)
          (func (export "chain") (param i32 i32) (result i32)
            (i32.xor (i32.add (i32.mul (local.get 0) (local.get 1)) (i32.const 7))
                     (i32.shl (i32.sub (local.get 1) (local.get 0)) (i32.const 3))))
          (func (export "bytes") (param i32) (result i32)
            (i32.store8 (local.get 0) (i32.xor (i32.load8_u (local.get 0)) (i32.load8_u offset=1 (local.get 0))))
            (i32.load16_u (local.get 0)))
          (func (export "dot") (param i32) (result f64)
            (f64.store (i32.const 0) (f64.const 1.5))
            (f64.store (i32.const 8) (f64.const -2.25))
            (f64.add (f64.mul (f64.load (local.get 0)) (f64.load offset=8 (local.get 0)))
                     (f64.mul (f64.load (local.get 0)) (f64.const 4))))
          (func (export "deep") (param i32) (result i32) (local i32)
            \(String(repeating: "i32.const 1 ", count: 64))
            local.get 0
            local.get 0
            i32.mul
            local.tee 1
            local.get 1
            i32.add
            \(String(repeating: "i32.add ", count: 64))))
        """
        try assertSame(text, [("chain", [.i32(6), .i32(11)]), ("chain", [.i32(0x7fff_ffff), .i32(3)]),
                              ("bytes", [.i32(16)]), ("bytes", [.i32(65535)]), ("dot", [.i32(0)]),
                              ("dot", [.i32(65530)]), ("deep", [.i32(9)])], compiled: 4)
        XCTAssertEqual("\(try runBoth(text, "deep", [.i32(9)]).native)", "\(Result<[Value], Trap>.success([.i32(226)]))")
        XCTAssertEqual("\(try runBoth(text, "dot", [.i32(0)]).native)",
                       "\(Result<[Value], Trap>.success([.f64((1.5 * -2.25 + 6).bitPattern)]))")
    }

    /// call_indirect from native code: a match, a type mismatch, a null entry and an index past the table.
    func testCallIndirect() throws {
        let text = """
        (module
          (type $binary (func (param i32 i32) (result i32)))
          (table 4 funcref)
          (elem (i32.const 0) $add $sub $negate)
          (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
          (func $sub (type $binary) (i32.sub (local.get 0) (local.get 1)))
          (func $negate (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))
          (func (export "apply") (param i32 i32 i32) (result i32)
            (i32.mul (call_indirect (type $binary) (local.get 1) (local.get 2) (local.get 0)) (i32.const 10))))
        """
        try assertSame(text, [("apply", [.i32(0), .i32(5), .i32(3)]), ("apply", [.i32(1), .i32(5), .i32(3)]),
                              ("apply", [.i32(2), .i32(5), .i32(3)]), ("apply", [.i32(3), .i32(5), .i32(3)]),
                              ("apply", [.i32(9), .i32(5), .i32(3)])], compiled: 4)
    }

    /// A call_indirect site calls through its cache while the element and the table stay the same, and checks
    /// again when either changes: table.set and table.fill give the new target, or its type's trap.
    func testCallIndirectCaches() throws {
        let module = try Module(bytes: wasm("""
            (module
              (type $unary (func (param i32) (result i32)))
              (table $t 3 funcref)
              (elem (i32.const 0) $double $square $seven)
              (func $double (type $unary) (i32.add (local.get 0) (local.get 0)))
              (func $square (type $unary) (i32.mul (local.get 0) (local.get 0)))
              (func $seven (result i32) (i32.const 7))
              (func (export "sum") (param $e i32) (param $n i32) (result i32) (local $i i32) (local $s i32)
                (loop $next
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (local.set $s (i32.add (local.get $s) (call_indirect (type $unary) (local.get $i) (local.get $e))))
                  (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
                (local.get $s))
              (func (export "set") (param $e i32) (param $f i32)
                (table.set $t (local.get $e) (table.get $t (local.get $f))))
              (func (export "fill") (param $e i32) (param $f i32)
                (table.fill $t (local.get $e) (table.get $t (local.get $f)) (i32.const 1))))
            """))
        let store = Store()
        store.engine = .native
        let instance = try store.instantiate(module)
        func sum(_ element: UInt32, _ count: UInt32) -> String {
            do throws(Trap) {
                return "\(try instance.invoke("sum", [.i32(element), .i32(count)]))"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(sum(0, 100), "\([Value.i32(10100)])")
        let callouts = store.nativeCallouts
        XCTAssertEqual(sum(0, 100), "\([Value.i32(10100)])")
        XCTAssertEqual(store.nativeCallouts, callouts, "every call through the cache")
        _ = try instance.invoke("set", [.i32(0), .i32(1)])
        XCTAssertEqual(sum(0, 3), "\([Value.i32(14)])", "table.set: the new target")
        XCTAssertEqual(sum(2, 1), "\(Trap.indirectCallTypeMismatch)", "another element")
        XCTAssertEqual(sum(0, 3), "\([Value.i32(14)])")
        _ = try instance.invoke("fill", [.i32(0), .i32(2)])
        XCTAssertEqual(sum(0, 3), "\(Trap.indirectCallTypeMismatch)", "table.fill: the new target's type")
        _ = try instance.invoke("set", [.i32(0), .i32(1)])
        XCTAssertEqual(sum(0, 2), "\([Value.i32(5)])")
        XCTAssertEqual(module.native?.compiledCount, 6)
    }

    /// An instance's native context is charged to its store, a cache for each call_indirect site included; an
    /// account that refuses it leaves the instance interpreted, with the same results.
    func testNativeContextIsCharged() throws {
        let sites = 2000
        let calls = String(repeating: "(drop (call_indirect (type $unary) (i32.const 1) (local.get 0)))\n", count: sites)
        let module = try Module(bytes: wasm("""
            (module
              (type $unary (func (param i32) (result i32)))
              (table 1 funcref)
              (elem (i32.const 0) $same)
              (func $same (type $unary) (local.get 0))
              (func (export "f") (param i32) (result i32) \(calls) (i32.const 5)))
            """))
        func charged(_ engine: Engine) throws -> Int {
            let store = Store()
            store.engine = engine
            let instance = try store.instantiate(module)
            XCTAssertEqual(try instance.invoke("f", [.i32(0)]), [.i32(5)])
            XCTAssertEqual(instance.native != nil, engine == .native)
            return store.chargedBytes
        }
        let interpreted = try charged(.interpreter)
        XCTAssertGreaterThanOrEqual(try charged(.native) - interpreted, 8 * NativeIndirectCalls.words * sites)
        let budget = ResourceBudget(limit: interpreted + 4096)
        let store = Store(account: .limited(budget))
        store.engine = .native
        let instance = try store.instantiate(module)
        XCTAssertEqual(try instance.invoke("f", [.i32(0)]), [.i32(5)])
        XCTAssertNil(instance.native)
        XCTAssertLessThanOrEqual(budget.peak, budget.limit)
    }

    /// A compiled function calls an interpreted one (a try_table keeps it so) and a host function.
    func testMixedCalls() throws {
        let text = """
        (module
          (import "host" "twice" (func $twice (param i32) (result i32)))
          (func $half (param i32) (result i32)
            (block $none (try_table (catch_all $none) (drop (local.get 0))))
            (i32.trunc_f32_s (f32.div (f32.convert_i64_u (i64.extend_i32_u (local.get 0))) (f32.const 2))))
          (func (export "both") (param i32) (result i32) (call $twice (call $half (local.get 0)))))
        """
        let module = try Module(bytes: wat2wasm(text, features: .all))
        for engine in [Engine.interpreter, .native] {
            let store = Store()
            store.engine = engine
            var imports = Imports()
            imports.define(module: "host", name: "twice", .function(store.hostFunction(
                type: FunctionType(parameters: [.i32], results: [.i32])) { call throws(Trap) in
                    call.setResult(0, .i32(call.i32(0) &* 2)) }))
            let instance = try store.instantiate(module, imports: imports)
            XCTAssertEqual("\(try instance.invoke("both", [.i32(21)]))", "\([Value.i32(20)])", "\(engine)")
        }
        XCTAssertEqual(module.native?.compiledCount, 1)
        XCTAssertEqual(module.native?.interpretedCount, 1)
    }

    /// An exception thrown below a native frame (the thrower stays interpreted: throw is not compiled) and
    /// caught above it, in an interpreted function with a try_table, 1,000 times: the native frame is left the way
    /// a host function's call is, and the handler gets the payload.
    func testExceptionCrossesANativeFrame() throws {
        let module = try Module(bytes: wat2wasm("""
            (module (tag $e (param i32))
              (func $thrower (param i32) (throw $e (i32.add (local.get 0) (i32.const 1))))
              (func $middle (param i32) (result i32)
                (call $thrower (i32.mul (local.get 0) (i32.const 2))) (i32.const -1))
              (func $catcher (param i32) (result i32)
                (block $handler (result i32)
                  (try_table (result i32) (catch $e $handler) (call $middle (local.get 0)))))
              (func (export "main") (param $n i32) (result i32) (local $sum i32)
                (loop $next
                  (local.set $sum (i32.add (local.get $sum) (call $catcher (local.get $n))))
                  (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
                (local.get $sum)))
            """, features: .all))
        let store = Store()
        store.engine = .native
        let instance = try store.instantiate(module)
        // The sum of 2n + 1 for n in 1...1000.
        XCTAssertEqual(try instance.invoke("main", [.i32(1000)]), [.i32(1_002_000)])
        // $middle and main compile; $thrower (throw) and $catcher (a try_table) stay interpreted.
        XCTAssertEqual(module.native?.compiledCount, 2)
    }

    /// The native code's pages count in the module's footprint (what an embedder charges), compiling happens once,
    /// and code that would take the footprint past the embedder's limit is dropped: the module is interpreted.
    func testNativeCodeCountsInFootprint() throws {
        let text = """
        (module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
        """
        let module = try Module(bytes: wasm(text))
        let decoded = module.footprint
        module.compileNative()
        XCTAssertTrue(module.hasNativeCode)
        let withCode = module.footprint
        XCTAssertGreaterThanOrEqual(withCode - decoded, 4096)
        XCTAssertEqual((withCode - decoded) % 4096, 0)
        module.compileNative()
        XCTAssertEqual(module.footprint, withCode, "compiled once")

        let small = try Module(bytes: wasm(text))
        small.compileNative(maxFootprint: decoded + 4095)
        XCTAssertFalse(small.hasNativeCode)
        XCTAssertEqual(small.footprint, decoded)
        let store = Store()
        store.engine = .native
        XCTAssertEqual(try store.instantiate(small).invoke("add", [.i32(2), .i32(3)]), [.i32(5)])
        XCTAssertEqual(store.nativeFunctionCounts.compiled, 0, "interpreted")
    }

    /// A 64-bit constant with its top bit set (the kernel's first native C programs stopped on it: the constant's
    /// halves were joined by a conversion that traps on negative values).
    func testNegativeConst64() throws {
        let text = """
        (module (func (export "k") (result i64) (local i64)
          (local.set 0 (i64.const -81985529216486896)) (local.get 0)))
        """
        try assertSame(text, [("k", [])], compiled: 1)
    }

    /// Slots bound to pool registers (`NativeBinding`): an address base read again is the access's own index
    /// register, a compare's or br_if's operand is read again from its register; and each is forgotten where it
    /// may be stale: after the slot is written (copied to, computed in place, computed, doubled in place), at a
    /// label another path reaches with other registers, after a call (the callee binds the same registers), after
    /// an interruption check's callout (`run` raises the flag at every check), and when more slots are bound than
    /// the pool holds. Run guarded (the kernel's mode, where addresses bind) and checked, against the interpreter.
    func testSlotsBoundToRegisters() throws {
        let text = """
        (module
          (memory 1)
          (data (i32.const 0) "\\01\\00\\00\\00\\02\\00\\00\\00\\03\\00\\00\\00\\04\\00\\00\\00\\05\\00\\00\\00\\06\\00\\00\\00\\07\\00\\00\\00\\08\\00\\00\\00")
          (func $pair (param i32) (result i32)
            (i32.add (i32.load (local.get 0)) (i32.load offset=4 (local.get 0))))
          (func (export "rebase") (param $p i32) (result i32) (local $s i32)
            (local.set $s (i32.add (i32.load (local.get $p)) (i32.load offset=4 (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (local.set $s (i32.add (local.get $s) (i32.mul (i32.load (local.get $p)) (i32.const 10))))
            (local.set $p (i32.sub (i32.const 20) (local.get $p)))
            (local.set $s (i32.add (local.get $s) (i32.mul (i32.load (local.get $p)) (i32.const 100))))
            (local.set $p (i32.add (local.get $p) (local.get $p)))
            (local.set $s (i32.add (local.get $s) (i32.mul (i32.load (local.get $p)) (i32.const 1000))))
            (local.set $p (local.get $s))
            (local.set $p (i32.and (local.get $p) (i32.const 12)))
            (i32.add (local.get $s) (i32.mul (i32.load (local.get $p)) (i32.const 10000))))
          (func (export "indexed") (param $p i32) (param $i i32) (result i32)
            (i32.add (i32.add (i32.load (i32.add (local.get $p) (local.get $i)))
                              (i32.load (i32.add (local.get $p) (i32.const 4))))
                     (i32.add (i32.load (i32.add (local.get $i) (local.get $p)))
                              (i32.load offset=8 (local.get $p)))))
          (func (export "join") (param $p i32) (param $q i32) (param $r i32) (param $c i32) (result i32)
            (local $s i32)
            (local.set $s (i32.load (local.get $p)))
            (local.set $s (i32.add (local.get $s) (i32.load (local.get $r))))
            (block $skip
              (br_if $skip (i32.lt_s (local.get $c) (local.get $q)))
              (local.set $r (local.get $c))
              (local.set $s (i32.add (local.get $s) (i32.load (local.get $q)))))
            (i32.add (local.get $s)
                     (i32.add (i32.mul (i32.load (local.get $q)) (i32.const 100))
                              (i32.mul (i32.lt_s (local.get $c) (local.get $q)) (i32.const 1000)))))
          (func (export "across") (param $p i32) (param $q i32) (result i32) (local $s i32)
            (local.set $s (i32.load (local.get $p)))
            (local.set $s (i32.add (local.get $s) (i32.mul (call $pair (local.get $q)) (i32.const 10))))
            (i32.add (local.get $s) (i32.mul (i32.load offset=4 (local.get $p)) (i32.const 1000))))
          (func (export "run") (param $p i32) (param $n i32) (result i32) (local $s i32)
            (loop $again
              (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
              (br_if $again (i32.gt_s (local.tee $n (i32.sub (local.get $n) (i32.const 1))) (local.get $p))))
            (i32.add (local.get $s) (i32.add (i32.mul (i32.load offset=4 (local.get $p)) (i32.const 1000))
                                             (i32.mul (local.get $n) (i32.const 100000)))))
          (func (export "many") (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
            (i32.add
              (i32.add (i32.add (i32.add (i32.load (local.get 0)) (i32.load (local.get 1)))
                                (i32.add (i32.load (local.get 2)) (i32.load (local.get 3))))
                       (i32.add (i32.add (i32.load (local.get 4)) (i32.load (local.get 5)))
                                (i32.add (i32.load (local.get 6)) (i32.load (local.get 7)))))
              (i32.mul (i32.add (i32.add (i32.add (i32.load offset=4 (local.get 0)) (i32.load offset=4 (local.get 1)))
                                         (i32.add (i32.load offset=4 (local.get 2)) (i32.load offset=4 (local.get 3))))
                                (i32.add (i32.add (i32.load offset=4 (local.get 4)) (i32.load offset=4 (local.get 5)))
                                         (i32.add (i32.load offset=4 (local.get 6)) (i32.load offset=4 (local.get 7)))))
                       (i32.const 1000)))))
        """
        let cases: [(String, [Value])] = [
            ("rebase", [.i32(0)]), ("rebase", [.i32(4)]), ("indexed", [.i32(4), .i32(8)]),
            ("join", [.i32(0), .i32(8), .i32(4), .i32(1)]), ("join", [.i32(0), .i32(8), .i32(4), .i32(12)]),
            ("across", [.i32(0), .i32(16)]), ("run", [.i32(4), .i32(7)]),
            ("many", [.i32(0), .i32(4), .i32(8), .i32(12), .i32(16), .i32(20), .i32(24), .i32(0)])]
        let module = try Module(bytes: wasm(text))
        let guarded = try guardedModule(text)
        XCTAssertEqual(guarded.native?.guardedMemory, true)
        func run(_ module: Module, _ engine: Engine, _ allocator: MemoryAllocator?) throws -> [String] {
            let store = allocator.map { Store(memoryAllocator: $0) } ?? Store()
            store.engine = engine
            _ = CheckCounter(store)
            let instance = try store.instantiate(module)
            let results = try cases.map { (name, arguments) in
                store.requestInterruption()
                return "\(name): \(try instance.invoke(name, arguments))"
            }
            if engine == .native { XCTAssertEqual(store.nativeFunctionCounts.compiled, 7) }
            return results
        }
        let expected = try run(module, .interpreter, nil)
        XCTAssertEqual(try run(module, .native, nil), expected, "checked")
        XCTAssertEqual(try run(guarded, .native, GuardedMemoryTests.reserving), expected, "guarded")
    }

    /// A constant every template reads as an immediate is left out of the prologue; one a template reads from its
    /// slot (imul's operand) or a callout may read (memory.grow's) is stored at every call. $junk first fills the
    /// stack where the callees' frames go, so that a constant left out wrongly reads its value.
    func testConstantsLeftOutOfThePrologue() throws {
        let text = """
        (module
          (memory 1)
          (func $junk (param i32) (result i32) (local i32 i32 i32 i32 i32 i32)
            (local.set 1 (i32.mul (local.get 0) (i32.const 3)))
            (local.set 2 (i32.add (local.get 1) (local.get 0)))
            (local.set 3 (i32.add (local.get 2) (local.get 1)))
            (local.set 4 (i32.add (local.get 3) (local.get 2)))
            (local.set 5 (i32.add (local.get 4) (local.get 3)))
            (local.set 6 (i32.add (local.get 5) (local.get 4)))
            (i32.add (local.get 6) (local.get 5)))
          (func $immediates (param i32) (result i32)
            (i32.xor (i32.add (i32.and (local.get 0) (i32.const 0xff0)) (i32.const 1000)) (i32.const 0x5a5a)))
          (func $product (param i32) (result i32)
            (i32.add (i32.mul (local.get 0) (i32.const 7)) (i32.const 1000)))
          (func $fill (param i32) (result i32)
            (memory.fill (local.get 0) (i32.const 0x2a) (i32.const 8))
            (i32.add (i32.load8_u offset=7 (local.get 0)) (i32.mul (memory.grow (i32.const 3)) (i32.const 100))))
          (func (export "main") (param i32) (result i32)
            (drop (call $junk (local.get 0)))
            (local.set 0 (i32.add (call $immediates (local.get 0)) (local.get 0)))
            (drop (call $junk (local.get 0)))
            (local.set 0 (i32.add (call $product (local.get 0)) (local.get 0)))
            (drop (call $junk (local.get 0)))
            (i32.add (call $fill (i32.const 64)) (local.get 0))))
        """
        try assertSame(text, [("main", [.i32(5)]), ("main", [.i32(0x1234)])], compiled: 5)
    }

    /// An f64 just computed is stored to memory from its SSE register (its slot neither read nor, when only the
    /// store reads it, written): into a store that consumes it, one after local.tee (the local keeps it), and one
    /// out of bounds (the trap), checked and guarded.
    func testF64StoredFromItsRegister() throws {
        let text = """
        (module
          (memory 1)
          (func (export "axpy") (param $p i32) (param $a f64) (result f64)
            (f64.store (local.get $p) (f64.const 1.25))
            (f64.store offset=8 (local.get $p) (f64.add (f64.load (local.get $p)) (local.get $a)))
            (f64.store offset=16 (local.get $p) (local.tee $a (f64.mul (local.get $a) (f64.const -3))))
            (f64.add (f64.add (f64.load offset=8 (local.get $p)) (f64.load offset=16 (local.get $p)))
                     (f64.mul (local.get $a) (f64.const 1000))))
          (func (export "far") (param $p i32) (param $a f64)
            (f64.store offset=65530 (local.get $p) (f64.add (local.get $a) (local.get $a)))))
        """
        let cases: [(String, [Value])] = [("axpy", [.i32(24), .f64((2.5).bitPattern)]),
                                          ("far", [.i32(0), .f64((1.5).bitPattern)])]
        try assertSame(text, cases, compiled: 2)
        let guarded = try guardedModule(text)
        let (store, instance) = try guardedInstance(guarded)
        let sum = 1.25 + 2.5 + 2.5 * -3 + 2.5 * -3 * 1000
        XCTAssertEqual(try instance.invoke("axpy", [.i32(24), .f64((2.5).bitPattern)]), [.f64(sum.bitPattern)])
        XCTAssertEqual(store.nativeFunctionCounts.compiled, 2)
    }

    /// A local copied to a local is bound to the register it was stored from, as the source is (a rename): the
    /// round rotates eight locals through seven copies as sha256's does, each copied again from its register.
    /// The source written after the copy (the destination keeps the old value), the destination written after
    /// it (the source keeps its own), an i64 wrapped and then copied whole, more locals than pool registers, and
    /// interruption checks whose slow path reloads the bindings, under both engines.
    func testCopiesRenameTheirBinding() throws {
        let text = """
        (module
          (func (export "rounds") (param $n i32) (param $x i64) (result i64)
            (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $e i32) (local $f i32) (local $g i32)
            (local $h i32) (local $y i64) (local $z i64)
            (local.set $a (i32.wrap_i64 (local.get $x)))
            (local.set $e (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 32))))
            (loop $round
              (local.set $y (i64.extend_i32_u (i32.add (local.get $h)
                (i32.xor (i32.and (local.get $e) (local.get $f)) (i32.rotl (local.get $g) (i32.const 7))))))
              (local.set $h (local.get $g))
              (local.set $g (local.get $f))
              (local.set $f (local.get $e))
              (local.set $e (i32.add (local.get $d) (i32.wrap_i64 (local.get $y))))
              (local.set $d (local.get $c))
              (local.set $c (local.get $b))
              (local.set $b (local.get $a))
              (local.set $a (i32.xor (i32.wrap_i64 (local.get $y)) (i32.rotl (local.get $b) (i32.const 13))))
              (local.set $z (local.get $x))
              (local.set $x (i64.add (local.get $x) (i64.mul (local.get $z) (i64.const 0x9e3779b97f4a7c15))))
              (local.set $g (i32.add (local.get $g) (i32.wrap_i64 (local.get $z))))
              (br_if $round (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (i64.add (i64.add (local.get $x) (local.get $z))
              (i64.extend_i32_u (i32.xor (i32.xor (i32.add (local.get $a) (local.get $b)) (i32.add (local.get $c) (local.get $d)))
                (i32.xor (i32.add (local.get $e) (local.get $f)) (i32.add (local.get $g) (i32.mul (local.get $h) (i32.const 3))))))))
          (func (export "chain") (param $a i64) (param $s i32) (result i64) (local $b i64) (local $c i64) (local $d i64)
            (local $w i32)
            (local.set $w (i32.add (i32.wrap_i64 (local.get $a)) (local.get $s)))
            (local.set $b (local.get $a))
            (local.set $c (local.get $b))
            (local.set $a (i64.extend_i32_u (local.get $w)))
            (local.set $d (local.get $c))
            (local.set $b (i64.add (local.get $b) (i64.const 1)))
            (local.set $c (local.get $b))
            (i64.add (i64.mul (local.get $a) (i64.const 1000003))
              (i64.add (i64.mul (local.get $b) (i64.const 1009)) (i64.sub (local.get $c) (i64.rotl (local.get $d) (i64.const 17)))))))
        """
        let cases: [(String, [Value])] = [
            ("rounds", [.i32(1), .i64(0x0123_4567_89ab_cdef)]), ("rounds", [.i32(64), .i64(0xffff_ffff_8000_0001)]),
            ("chain", [.i64(0xdead_beef_1234_5678), .i32(3)]), ("chain", [.i64(0xffff_ffff_ffff_ffff), .i32(1)])]
        try assertSame(text, cases, compiled: 2)
        let d: UInt64 = 0x1_0000_0002, b: UInt64 = d + 1
        let chain: UInt64 = 3 * 1000003 + b * 1009 + (b &- (d << 17 | d >> 47))
        XCTAssertEqual("\(try runBoth(text, "chain", [.i64(d), .i32(1)]).native)",
                       "\(Result<[Value], Trap>.success([.i64(chain)]))")
        let module = try Module(bytes: wasm(text))
        XCTAssertEqual(try interrupted(module, cases, .native), try interrupted(module, cases, .interpreter),
                       "interrupted")
    }
}

extension NativeTierTests {
    /// f64 locals kept in SSE registers for the whole function (`NativeF64Locals`): twelve locals in a loop,
    /// more than the ten registers (the inner ones first), with arithmetic into a home from others and from
    /// itself (in place, and with the second operand the result's own home), copies between homes, a load into
    /// and a store from a home, compares and branches on homes, a memory.fill callout with every home live, and
    /// interruption checks whose slow path stores and reloads them; a parameter returned from slot 0 and one
    /// from another slot (stored there first); NaN operands keep their order. Under both engines, checked and
    /// guarded (in bounds). Homes live across a loop's call (of a callee with a home of its own) are stored
    /// before it and loaded after. Past 16 declared locals a zeroSlots callout clears them at entry, after the homes
    /// were loaded from the frame's slots: run after the others in one store (their frames left values there),
    /// they must be zero all the same.
    func testF64LocalsStayInRegisters() throws {
        let chain = (1..<17).map { "(local.set $l\($0) (f64.add (local.get $l\($0)) (local.get $l\($0 - 1))))" }
        let sum = (1..<17).reduce("(local.get $l0)") { "(f64.add \($0) (local.get $l\($1)))" }
        let text = """
        (module
          (memory 1)
          (func (export "orbit") (param $x f64) (param $n i32) (result f64)
            (local $y f64) (local $vx f64) (local $vy f64) (local $t f64) (local $s f64) (local $m f64)
            (local $a f64) (local $b f64) (local $c f64) (local $d f64) (local $e f64)
            (local.set $y (f64.const 0.5))
            (local.set $c (f64.const 1.0625))
            (f64.store (i32.const 8) (f64.const 0.25))
            (loop $step
              (local.set $t (f64.mul (local.get $x) (local.get $x)))
              (local.set $s (f64.add (local.get $t) (f64.mul (local.get $y) (local.get $y))))
              (local.set $m (f64.div (f64.const 0.01) (f64.mul (local.get $s) (f64.sqrt (local.get $s)))))
              (local.set $vx (f64.sub (local.get $vx) (f64.mul (local.get $x) (local.get $m))))
              (local.set $vy (f64.sub (local.get $vy) (f64.mul (local.get $y) (local.get $m))))
              (local.set $x (f64.add (local.get $x) (local.get $vx)))
              (local.set $y (f64.sub (local.get $vy) (local.get $y)))
              (local.set $a (local.get $x))
              (local.set $b (f64.load (i32.const 8)))
              (f64.store (i32.const 16) (local.get $y))
              (local.set $c (f64.mul (local.get $c) (local.get $c)))
              (local.set $d (f64.add (local.get $d) (local.get $b)))
              (local.set $e (f64.sub (f64.load (i32.const 16)) (local.get $e)))
              (memory.fill (i32.const 8) (i32.const 0) (i32.const 4))
              (if (f64.lt (local.get $a) (local.get $y))
                (then (local.set $d (f64.add (local.get $d) (f64.const 1)))))
              (br_if $step (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (f64.add (f64.add (f64.add (local.get $x) (local.get $y)) (f64.add (local.get $vx) (local.get $vy)))
              (f64.add (f64.add (local.get $a) (local.get $b)) (f64.add (local.get $c)
                (f64.add (local.get $d) (f64.mul (local.get $e) (f64.add (local.get $t) (local.get $m))))))))
          (func (export "first") (param $p f64) (param $n i32) (result f64)
            (loop $again
              (local.set $p (f64.add (local.get $p) (f64.mul (local.get $p) (f64.const 0.5))))
              (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $p))
          (func (export "second") (param $n i32) (param $q f64) (result f64)
            (loop $again
              (local.set $q (f64.sub (f64.const 1) (local.get $q)))
              (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $q))
          (func (export "many") (param $n i32) (result f64)
            \((0..<17).map { "(local $l\($0) f64)" }.joined(separator: " "))
            (loop $again
              (local.set $l0 (f64.add (local.get $l0) (f64.const 1)))
              \(chain.joined(separator: "\n      "))
              (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            \(sum))
          (func $half (param $y f64) (result f64) (local $h f64)
            (local.set $h (f64.mul (local.get $y) (f64.const 0.5)))
            (local.set $y (f64.add (local.get $h) (local.get $y)))
            (f64.mul (local.get $y) (f64.sub (local.get $h) (f64.const 0.5))))
          (func (export "called") (param $x f64) (param $n i32) (result f64) (local $v f64) (local $w f64)
            (loop $again
              (local.set $v (f64.add (local.get $v) (local.get $x)))
              (local.set $w (f64.sub (local.get $w) (f64.mul (local.get $v) (local.get $v))))
              (local.set $v (f64.add (local.get $v) (local.get $w)))
              (local.set $w (f64.mul (local.get $w) (f64.const 0.25)))
              (local.set $x (call $half (f64.add (local.get $x) (local.get $v))))
              (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (f64.add (local.get $v) (local.get $w))))
        """
        let nan = Double(bitPattern: 0x7ff8_0000_0000_0005).bitPattern
        var cases: [(String, [Value])] = []
        for x in [(1.0).bitPattern, (-0.75).bitPattern, nan] {
            for n: UInt32 in [1, 3, 40] {
                cases += [("orbit", [.f64(x), .i32(n)]), ("first", [.f64(x), .i32(n)]), ("second", [.i32(n), .f64(x)]),
                          ("called", [.f64(x), .i32(n)])]
            }
        }
        cases += [("many", [.i32(1)]), ("many", [.i32(5)])]
        try assertSame(text, cases, compiled: 6)
        XCTAssertEqual("\(try runBoth(text, "first", [.f64((2.0).bitPattern), .i32(2)]).native)",
                       "\(Result<[Value], Trap>.success([.f64((4.5).bitPattern)]))")
        let module = try Module(bytes: wasm(text))
        XCTAssertEqual(try interrupted(module, cases, .native), try interrupted(module, cases, .interpreter),
                       "interrupted")
        let guarded = try guardedModule(text)
        let (store, instance) = try guardedInstance(guarded)
        for (name, arguments) in cases {
            try assertGuardedMatches(instance, text, name, arguments)
        }
        XCTAssertEqual(store.nativeFunctionCounts.compiled, 6)
    }
}

extension NativeTierTests {
    /// A qword load that only the f64 arithmetic after it reads, as its second operand, is that arithmetic's
    /// memory operand (`foldsIntoReader`): products and differences of loaded values in a loop, the first operand
    /// a home, a temporary or another load, and the out-of-bounds access trapping at the load's site.
    func testLoadsReadAsMemoryOperands() throws {
        let text = """
        (module
          (memory 1)
          (func $fill (param $n i32) (local $i i32)
            (loop $again
              (f64.store (i32.shl (local.get $i) (i32.const 3))
                (f64.sub (f64.convert_i32_u (local.get $i)) (f64.const 2.5)))
              (br_if $again (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
          (func (export "dot") (param $p i32) (param $q i32) (param $n i32) (result f64) (local $s f64)
            (call $fill (i32.const 64))
            (loop $again
              (local.set $s (f64.add (local.get $s)
                (f64.mul (f64.load (local.get $p)) (f64.load offset=8 (local.get $q)))))
              (local.set $s (f64.sub (local.get $s) (f64.load offset=16 (local.get $p))))
              (local.set $s (f64.div (f64.add (local.get $s) (f64.const 1)) (f64.load offset=24 (local.get $q))))
              (local.set $p (i32.add (local.get $p) (i32.const 8)))
              (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $s)))
        """
        let cases: [(String, [Value])] = [("dot", [.i32(0), .i32(8), .i32(20)]), ("dot", [.i32(16), .i32(0), .i32(3)]),
                                          ("dot", [.i32(65400), .i32(0), .i32(20)]),
                                          ("dot", [.i32(0), .i32(65512), .i32(2)])]
        try assertSame(text, cases, compiled: 2)
        let store = Store()
        store.engine = .native
        let instance = try store.instantiate(try Module(bytes: wasm(text)))
        XCTAssertEqual(trap { try instance.invoke("dot", [.i32(0), .i32(65512), .i32(2)]) }, .memoryOutOfBounds)
        XCTAssertEqual(store.lastTrapSite?.function, 1)
    }
}

/// Takes every interruption check of `store`'s runs, as a timer that always fired would: its handler counts
/// them, raises the flag again for the next, and interrupts the run at the 1001st. The store keeps it.
final class CheckCounter {
    var checks = 0

    init(_ store: Store) {
        store.interruptionHandler = { [unowned store] () throws(Trap) in
            self.checks += 1
            if self.checks > 1000 { throw .interrupted }
            store.requestInterruption()
        }
    }
}
