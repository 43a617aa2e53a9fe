import WAT
import Wax
import XCTest

/// WebAssembly GC where the spec scripts do not reach: the collector and the heap's limit, references that only
/// a global, a table, another object or an exception's payload keeps, the native tier's fallback, and GC
/// references through a host function.
final class GCTests: XCTestCase {
    func instantiateGC(_ text: String, store: Store, imports: Imports = Imports()) throws -> Instance {
        try store.instantiate(Module(bytes: wat2wasm(text, features: .all)), imports: imports)
    }

    static let lists = """
        (module
          (type $node (struct (field $value i32) (field $next (mut (ref null $node)))))
          (global $kept (mut (ref null $node)) (ref.null $node))
          ;; n structs, each dropped once the next is made.
          (func (export "dropped") (param $n i32) (result i32) (local $last (ref null $node))
            (loop $next
              (local.set $last (struct.new $node (local.get $n) (ref.null $node)))
              (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (struct.get $node $value (local.get $last)))
          ;; n structs in a list that a global keeps.
          (func (export "kept") (param $n i32)
            (loop $next
              (global.set $kept (struct.new $node (local.get $n) (global.get $kept)))
              (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
          (func (export "huge") (result i32)
            (array.len (array.new_default $bytes (i32.const -1))))
          (type $bytes (array (mut i8))))
        """

    /// A million structs allocated and dropped run to the end in a heap that holds about 700 of them, and the
    /// heap holds no more than its limit at the end.
    func testDroppedStructsAreCollected() throws {
        let limit = 64 * 1024
        let store = Store(limits: StoreLimits(maxGCBytes: limit))
        let instance = try instantiateGC(GCTests.lists, store: store)
        XCTAssertEqual(try instance.invoke("dropped", [.i32(1_000_000)]), [.i32(1)])
        XCTAssertLessThanOrEqual(store.gcHeldBytes, limit)
        XCTAssertGreaterThan(store.gcHeldBytes, 0)
    }

    /// A guest that keeps everything traps at the limit, with no more charged than the limit allows (and the
    /// collector's 9 bytes for each address, an object taking at least 48).
    func testKeptStructsTrapAtTheLimit() throws {
        let limit = 64 * 1024
        let store = Store(limits: StoreLimits(maxGCBytes: limit))
        let instance = try instantiateGC(GCTests.lists, store: store)
        let before = store.chargedBytes
        XCTAssertEqual(trap { try instance.invoke("kept", [.i32(1_000_000)]) }, .gcHeapExhausted)
        XCTAssertLessThanOrEqual(store.gcHeldBytes, limit)
        XCTAssertLessThanOrEqual(store.chargedBytes - before, limit + 9 * limit / 48 + 8192)
        XCTAssertGreaterThan(store.gcHeldBytes, limit / 2)
    }

    /// An account smaller than the heap's limit (as a process's engine budget is in the kernel) fills with dropped
    /// structs before the limit is reached: a collection makes room, and a million of them run to the end.
    func testDroppedStructsAreCollectedWhenTheAccountIsFull() throws {
        let budget = ResourceBudget(limit: 1 << 20)
        let store = Store(account: .limited(budget))
        let instance = try instantiateGC(GCTests.lists, store: store)
        XCTAssertEqual(try instance.invoke("dropped", [.i32(1_000_000)]), [.i32(1)])
        XCTAssertLessThanOrEqual(budget.used, budget.limit)
    }

    /// The account refuses before the store's own limit: the allocation traps the same way.
    func testAccountRefusesObjects() throws {
        let budget = ResourceBudget(limit: 1 << 20)
        let store = Store(account: .limited(budget))
        let instance = try instantiateGC(GCTests.lists, store: store)
        XCTAssertEqual(trap { try instance.invoke("kept", [.i32(10_000_000)]) }, .gcHeapExhausted)
        XCTAssertLessThanOrEqual(budget.used, budget.limit)
    }

    /// array.new of 2^32 - 1 elements traps by its cost: nothing is allocated or charged.
    func testHugeArrayTrapsWithoutAllocating() throws {
        let store = Store()
        let instance = try instantiateGC(GCTests.lists, store: store)
        // A first run commits the stack it uses: what is charged after it is the baseline.
        XCTAssertEqual(trap { try instance.invoke("huge", []) }, .gcHeapExhausted)
        let before = store.chargedBytes
        XCTAssertEqual(trap { try instance.invoke("huge", []) }, .gcHeapExhausted)
        XCTAssertEqual(store.chargedBytes, before)
        XCTAssertEqual(store.gcHeldBytes, 0)
    }

    /// Objects that only a global, a table element, another object or a kept exception's payload reaches
    /// survive collections (garbage made afterwards forces several), and keep their fields.
    func testObjectsReachableFromRootsSurvive() throws {
        let store = Store(limits: StoreLimits(maxGCBytes: 16 * 1024))
        let instance = try instantiateGC("""
            (module
              (type $box (struct (field $value i32) (field $inner (ref null $box))))
              (tag $e (param (ref null $box)))
              (global $global (export "global") (mut (ref null $box)) (ref.null $box))
              (global $exception (mut exnref) (ref.null exn))
              (table $table (export "table") 1 (ref null $box))
              (func $garbage (local $n i32)
                (local.set $n (i32.const 10000))
                (loop $next
                  (drop (struct.new $box (local.get $n) (ref.null $box)))
                  (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
              (func (export "setup")
                (global.set $global (struct.new $box (i32.const 11) (ref.null $box)))
                (table.set $table (i32.const 0) (struct.new $box (i32.const 22) (ref.null $box)))
                ;; 33 only through the global's object.
                (global.set $global (struct.new $box (i32.const 1)
                  (struct.new $box (i32.const 33) (global.get $global))))
                (global.set $exception
                  (block $caught (result exnref)
                    (try_table (catch_all_ref $caught)
                      (throw $e (struct.new $box (i32.const 44) (ref.null $box))))
                    (unreachable)))
                (call $garbage))
              (func (export "sum") (result i32) (local $inner (ref null $box))
                (call $garbage)
                (local.set $inner (struct.get $box $inner (global.get $global)))
                (i32.add
                  (i32.add (struct.get $box $value (local.get $inner))
                           (struct.get $box $value (struct.get $box $inner (local.get $inner))))
                  (i32.add (struct.get $box $value (table.get $table (i32.const 0)))
                           (struct.get $box $value
                             (block $caught (result (ref null $box))
                               (try_table (catch $e $caught) (throw_ref (global.get $exception)))
                               (unreachable)))))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("setup", []), [])
        XCTAssertEqual(try instance.invoke("sum", []), [.i32(33 + 11 + 22 + 44)])
        // The embedder reads a struct-typed table element and global as anyrefs.
        guard case .table(let table)? = instance.export("table"), case .anyRef(let slot?)? = table.element(0) else {
            return XCTFail("table element")
        }
        XCTAssertTrue(Value.isStruct(slot))
        guard case .global(let global)? = instance.export("global"), case .anyRef(let inner?) = global.value else {
            return XCTFail("global")
        }
        XCTAssertTrue(Value.isStruct(inner))
        XCTAssertLessThanOrEqual(store.gcHeldBytes, 16 * 1024)
    }

    /// With the native engine, the functions with GC instructions stay interpreted and the others compile; a
    /// struct passes through a native function as a plain slot, and its callee collecting on the way (the native
    /// frame on the value stack is a root) leaves it intact.
    func testNativeTierLeavesGCFunctionsToTheInterpreter() throws {
        let store = Store(limits: StoreLimits(maxGCBytes: 16 * 1024))
        store.engine = .native
        let instance = try instantiateGC("""
            (module
              (type $box (struct (field i64)))
              (func $garbage (param $n i32)
                (loop $next
                  (drop (struct.new $box (i64.extend_i32_u (local.get $n))))
                  (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
              ;; Native: moves the reference, calls the collector's way, hands it back.
              (func $through (param $r anyref) (result anyref)
                (call $garbage (i32.const 5000))
                (local.get $r))
              (func (export "main") (result i64)
                (struct.get $box 0 (ref.cast (ref $box)
                  (call $through (struct.new $box (i64.const 0x1234_5678_9abc))))))
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("main", []), [.i64(0x1234_5678_9abc)])
        XCTAssertEqual(try instance.invoke("add", [.i32(2), .i32(3)]), [.i32(5)])
        XCTAssertEqual(store.nativeFunctionCounts.compiled, 2, "$through and add")
        XCTAssertEqual(store.nativeFunctionCounts.interpreted, 2, "$garbage and main")
    }

    /// A host function receives a struct as an anyref and returns it; the guest reads it back. An i31 and a host
    /// value made internal come back as themselves.
    func testGCReferencesThroughAHostFunction() throws {
        let store = Store()
        var seen: [Value] = []
        let anyref = ValueType.ref(nullable: true, heap: .any)
        let echo = store.hostFunction(type: FunctionType(parameters: [anyref], results: [anyref])) { call throws(Trap) in
            seen.append(call.argument(0))
            call.setResult(0, call.argument(0))
        }
        var imports = Imports()
        imports.define(module: "env", name: "echo", .function(echo))
        let instance = try instantiateGC("""
            (module
              (type $pair (struct (field i32) (field i32)))
              (import "env" "echo" (func $echo (param anyref) (result anyref)))
              (func (export "struct") (result i32) (local $p (ref $pair))
                (local.set $p (struct.new $pair (i32.const 7) (i32.const 8)))
                (i32.add (struct.get $pair 1 (ref.cast (ref $pair) (call $echo (local.get $p))))
                         (ref.eq (local.get $p) (ref.cast (ref $pair) (call $echo (local.get $p))))))
              (func (export "i31") (result i32)
                (i31.get_s (ref.cast (ref i31) (call $echo (ref.i31 (i32.const -5))))))
              (func (export "host") (param externref) (result externref)
                (extern.convert_any (call $echo (any.convert_extern (local.get 0))))))
            """, store: store, imports: imports)
        XCTAssertEqual(try instance.invoke("struct", []), [.i32(9)])
        XCTAssertEqual(try instance.invoke("i31", []), [.i32(UInt32(bitPattern: -5))])
        XCTAssertEqual(try instance.invoke("host", [.externRef(99)]), [.externRef(99)])
        XCTAssertEqual(seen.count, 4)
        if case .anyRef(let slot?) = seen[0] { XCTAssertTrue(Value.isStruct(slot)) } else { XCTFail("\(seen[0])") }
        if case .anyRef(let slot?) = seen[2] { XCTAssertTrue(Value.isI31(slot)) } else { XCTFail("\(seen[2])") }
        XCTAssertEqual(seen[3], .anyRef(Value.host(99)))
    }

    /// call_indirect accepts a callee whose type declares the expected one as a supertype, across modules
    /// too, and refuses the supertype where the subtype is expected.
    func testCallIndirectAcceptsDeclaredSubtypes() throws {
        let store = Store()
        let provider = try instantiateGC("""
            (module
              (type $base (sub (func (result i32))))
              (type $derived (sub $base (func (result i32))))
              (func (export "derived") (type $derived) (i32.const 7))
              (func (export "base") (type $base) (i32.const 8)))
            """, store: store)
        var imports = Imports()
        imports.define(module: "provider", instance: provider)
        let user = try instantiateGC("""
            (module
              (type $base (sub (func (result i32))))
              (type $derived (sub $base (func (result i32))))
              (import "provider" "derived" (func $d (type $derived)))
              (import "provider" "base" (func $b (type $base)))
              (table funcref (elem $d $b))
              (func (export "asBase") (param i32) (result i32) (call_indirect (type $base) (local.get 0)))
              (func (export "asDerived") (param i32) (result i32) (call_indirect (type $derived) (local.get 0))))
            """, store: store, imports: imports)
        XCTAssertEqual(try user.invoke("asBase", [.i32(0)]), [.i32(7)])
        XCTAssertEqual(try user.invoke("asBase", [.i32(1)]), [.i32(8)])
        XCTAssertEqual(try user.invoke("asDerived", [.i32(0)]), [.i32(7)])
        XCTAssertEqual(trap { try user.invoke("asDerived", [.i32(1)]) }, .indirectCallTypeMismatch)
    }

    /// v128 fields and elements (two slots of their object) keep both halves through every struct and array
    /// instruction, constant expressions and data segments included, on both engines (native code leaves GC
    /// functions to the interpreter). Each figure is what wasmtime 51 returns for the same module; Wax once kept
    /// the low half alone (22 where wasmtime gives 26), and then refused such types.
    func testVectorFields() throws {
        let module = try Module(bytes: wat2wasm(#"""
            (module
              (type $s (struct (field $a i32) (field $v (mut v128)) (field $b (mut i64)) (field $w v128)))
              (type $va (array (mut v128)))
              (data $d "\00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10\11\12\13\14\15\16\17\18\19\1a\1b\1c\1d\1e\1f")
              (global $g (ref $s) (struct.new $s (i32.const 7) (v128.const i64x2 0x1111 0x2222) (i64.const 9)
                                                 (v128.const i64x2 0x3333 0x4444)))
              (global $ga (ref $va) (array.new $va (v128.const i64x2 5 6) (i32.const 2)))
              (func $lanes (param v128) (result i64 i64)
                (i64x2.extract_lane 0 (local.get 0)) (i64x2.extract_lane 1 (local.get 0)))
              ;; The constant struct's fields: a, v's lanes, b, w's lanes; then the constant array's element 1.
              (func (export "constants") (result i32 i64 i64 i64 i64 i64 i64 i64)
                (struct.get $s $a (global.get $g))
                (call $lanes (struct.get $s $v (global.get $g)))
                (struct.get $s $b (global.get $g))
                (call $lanes (struct.get $s $w (global.get $g)))
                (call $lanes (array.get $va (global.get $ga) (i32.const 1))))
              ;; struct.new, then struct.set of v and b: a, v's lanes, b, w's lanes.
              (func (export "structs") (result i32 i64 i64 i64 i64 i64) (local $x (ref null $s))
                (local.set $x (struct.new $s (i32.const 1) (v128.const i64x2 2 3) (i64.const 4) (v128.const i64x2 5 6)))
                (struct.set $s $v (local.get $x) (v128.const i64x2 -1 0x7fff_0000_0000_0001))
                (struct.set $s $b (local.get $x) (i64.const 8))
                (struct.get $s $a (local.get $x))
                (call $lanes (struct.get $s $v (local.get $x)))
                (struct.get $s $b (local.get $x))
                (call $lanes (struct.get $s $w (local.get $x))))
              (func (export "default") (result i64 i64 i64)
                (call $lanes (struct.get $s $w (struct.new_default $s)))
                (struct.get $s $b (struct.new_default $s)))
              ;; array.new of 3, element 1 set: the length, element 0's and element 1's lanes.
              (func (export "arrays") (result i32 i64 i64 i64 i64) (local $x (ref null $va))
                (local.set $x (array.new $va (v128.const i64x2 10 11) (i32.const 3)))
                (array.set $va (local.get $x) (i32.const 1) (v128.const i64x2 20 21))
                (array.len (local.get $x))
                (call $lanes (array.get $va (local.get $x) (i32.const 0)))
                (call $lanes (array.get $va (local.get $x) (i32.const 1))))
              ;; array.new_fixed of 2, new_default of 4 filled at [1, 3): fixed's element 1, default's elements 0 and 2.
              (func (export "fixedAndFilled") (result i64 i64 i64 i64 i64 i64) (local $x (ref null $va))
                (call $lanes (array.get $va (array.new_fixed $va 2 (v128.const i64x2 1 2) (v128.const i64x2 3 4)) (i32.const 1)))
                (local.set $x (array.new_default $va (i32.const 4)))
                (array.fill $va (local.get $x) (i32.const 1) (v128.const i64x2 30 31) (i32.const 2))
                (call $lanes (array.get $va (local.get $x) (i32.const 0)))
                (call $lanes (array.get $va (local.get $x) (i32.const 2))))
              ;; Elements i64x2 (k, 100 + k) for k < 4, copied [0, 3) to [1, 4) in the same array: elements 1 and 3.
              (func (export "copied") (result i64 i64 i64 i64) (local $x (ref null $va))
                (local.set $x (array.new_fixed $va 4 (v128.const i64x2 0 100) (v128.const i64x2 1 101)
                                                     (v128.const i64x2 2 102) (v128.const i64x2 3 103)))
                (array.copy $va $va (local.get $x) (i32.const 1) (local.get $x) (i32.const 0) (i32.const 3))
                (call $lanes (array.get $va (local.get $x) (i32.const 1)))
                (call $lanes (array.get $va (local.get $x) (i32.const 3))))
              ;; array.new_data of 2 elements from byte 0, and array.init_data of element 1 of 3 from byte 16: the lanes of
              ;; new's element 1 and init's elements 0 and 1.
              (func (export "data") (result i64 i64 i64 i64 i64 i64) (local $x (ref null $va))
                (call $lanes (array.get $va (array.new_data $va $d (i32.const 0) (i32.const 2)) (i32.const 1)))
                (local.set $x (array.new_default $va (i32.const 3)))
                (array.init_data $va $d (local.get $x) (i32.const 1) (i32.const 16) (i32.const 1))
                (call $lanes (array.get $va (local.get $x) (i32.const 0)))
                (call $lanes (array.get $va (local.get $x) (i32.const 1))))
              (func (export "outOfBounds") (param $i i32) (result i64)
                (i64x2.extract_lane 0 (array.get $va (array.new_default $va (i32.const 3)) (local.get $i))))
              (func (export "dataOutOfBounds") (param $n i32) (result i32)
                (array.len (array.new_data $va $d (i32.const 1) (local.get $n))))
              ;; Operands from a v128 parameter and a v128 local: array element 0's lanes, then struct field v's.
              (func (export "fromLocals") (param $v v128) (result i64 i64 i64 i64) (local $w v128)
                (local.set $w (i64x2.splat (i64.const 77)))
                (call $lanes (array.get $va (array.new_fixed $va 2 (local.get $v) (local.get $w)) (i32.const 0)))
                (call $lanes (struct.get $s $v (struct.new $s (i32.const 0) (local.get $w) (i64.const 0) (local.get $v)))))
              (func (export "vector") (result v128)
                (struct.get $s $w (global.get $g))))
            """#, features: .all))
        let high: UInt64 = 0x7fff_0000_0000_0001
        for engine in [Engine.interpreter, .native] {
            let store = Store()
            store.engine = engine
            let instance = try store.instantiate(module)
            XCTAssertEqual(try instance.invoke("constants", []),
                           [.i32(7), .i64(0x1111), .i64(0x2222), .i64(9), .i64(0x3333), .i64(0x4444), .i64(5), .i64(6)], "\(engine)")
            XCTAssertEqual(try instance.invoke("structs", []),
                           [.i32(1), .i64(UInt64.max), .i64(high), .i64(8), .i64(5), .i64(6)], "\(engine)")
            XCTAssertEqual(try instance.invoke("default", []), [.i64(0), .i64(0), .i64(0)], "\(engine)")
            XCTAssertEqual(try instance.invoke("arrays", []), [.i32(3), .i64(10), .i64(11), .i64(20), .i64(21)], "\(engine)")
            XCTAssertEqual(try instance.invoke("fixedAndFilled", []),
                           [.i64(3), .i64(4), .i64(0), .i64(0), .i64(30), .i64(31)], "\(engine)")
            XCTAssertEqual(try instance.invoke("copied", []), [.i64(0), .i64(100), .i64(2), .i64(102)], "\(engine)")
            let (low, upper): (UInt64, UInt64) = (0x1716_1514_1312_1110, 0x1f1e_1d1c_1b1a_1918)
            XCTAssertEqual(try instance.invoke("data", []), [.i64(low), .i64(upper), .i64(0), .i64(0), .i64(low), .i64(upper)],
                           "\(engine)")
            XCTAssertEqual(try instance.invoke("vector", []), [.v128(low: 0x3333, high: 0x4444)], "\(engine)")
            XCTAssertEqual(try instance.invoke("fromLocals", [.v128(low: 0xab, high: 0xcd)]),
                           [.i64(0xab), .i64(0xcd), .i64(77), .i64(77)], "\(engine)")
            XCTAssertEqual(try instance.invoke("outOfBounds", [.i32(2)]), [.i64(0)], "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("outOfBounds", [.i32(3)]) }, .arrayOutOfBounds, "\(engine)")
            XCTAssertEqual(try instance.invoke("dataOutOfBounds", [.i32(1)]), [.i32(1)], "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("dataOutOfBounds", [.i32(2)]) }, .memoryOutOfBounds, "\(engine)")
        }
    }

    /// An exnref kept only in a struct's field keeps its exception through the collections that a thousand dropped
    /// exceptions force: throw_ref of it later throws the same payload, on both engines.
    func testExceptionHeldInAStructSurvivesCollections() throws {
        let module = try Module(bytes: wat2wasm("""
            (module
              (tag $e (param i32))
              (type $box (struct (field exnref)))
              (global $kept (mut (ref null $box)) (ref.null $box))
              (func $caught (param $value i32) (result exnref)
                (block $handler (result exnref)
                  (try_table (catch_all_ref $handler) (throw $e (local.get $value)))
                  (unreachable)))
              (func (export "keep") (global.set $kept (struct.new $box (call $caught (i32.const 42)))))
              ;; Its zeroed locals cover the slots where keep's frame left the exnref, which a conservative scan
              ;; would otherwise find.
              (func (export "churn") (param $n i32) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
                (loop $again
                  (drop (call $caught (i32.const 7)))
                  (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
              (func (export "rethrow") (result i32)
                (block $handler (result i32)
                  (try_table (catch $e $handler) (throw_ref (struct.get $box 0 (global.get $kept))))
                  (unreachable))))
            """, features: .all))
        for engine in [Engine.interpreter, .native] {
            let store = Store(limits: StoreLimits(maxExceptionBytes: 4096))
            store.engine = engine
            let instance = try store.instantiate(module)
            // Not the first exception: a reference is its address + 1, and a 1 on the stack would keep address 0.
            _ = try instance.invoke("churn", [.i32(30)])
            _ = try instance.invoke("keep", [])
            _ = try instance.invoke("churn", [.i32(1000)])
            XCTAssertEqual(try instance.invoke("rethrow", []), [.i32(42)], "\(engine)")
        }
    }

    /// Structs dropped with an exnref each free their exceptions: the exceptions fill their heap long before the
    /// structs fill theirs, and the one mark over both heaps finds neither reachable. When every live struct's
    /// fields counted as roots of the exceptions, the thousand throws trapped at the 40th or so.
    func testUnreachableStructsFreeTheirExceptions() throws {
        let module = try Module(bytes: wat2wasm("""
            (module
              (tag $e (param i32))
              (type $box (struct (field exnref)))
              (func $caught (param $value i32) (result exnref)
                (block $handler (result exnref)
                  (try_table (catch_all_ref $handler) (throw $e (local.get $value)))
                  (unreachable)))
              (func (export "boxes") (param $n i32)
                (loop $again
                  (drop (struct.new $box (call $caught (local.get $n))))
                  (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
            """, features: .all))
        for engine in [Engine.interpreter, .native] {
            let store = Store(limits: StoreLimits(maxExceptionBytes: 4096, maxGCBytes: 1 << 20))
            store.engine = engine
            let instance = try store.instantiate(module)
            XCTAssertEqual(try instance.invoke("boxes", [.i32(1000)]), [], "\(engine)")
            XCTAssertLessThanOrEqual(store.exceptionHeldBytes, 4096, "\(engine)")
            // The collections the throws ran swept the structs too: about 40 of the thousand are left.
            XCTAssertLessThan(store.gcHeldBytes, 100 * 88, "\(engine)")
        }
    }

    /// Exceptions dropped with a struct in their payload free their structs: the structs fill their heap long
    /// before the exceptions fill theirs. When every held exception's payload counted as roots of the GC, the
    /// thousand throws trapped with "GC heap exhausted" at the 18th or so. An exception kept in a global keeps its
    /// payload's struct through it all, and throw_ref of it later gives the struct back.
    func testUnreachableExceptionsFreeTheirStructs() throws {
        let module = try Module(bytes: wat2wasm("""
            (module
              (type $big (array (mut i64)))
              (type $node (struct (field $value i32) (field $data (ref $big))))
              (tag $e (param (ref null $node)))
              (global $kept (mut exnref) (ref.null exn))
              (func $caught (param $value i32) (result exnref)
                (block $handler (result exnref)
                  (try_table (catch_all_ref $handler)
                    (throw $e (struct.new $node (local.get $value) (array.new_default $big (i32.const 100)))))
                  (unreachable)))
              (func (export "keep") (global.set $kept (call $caught (i32.const 42))))
              (func (export "churn") (param $n i32) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
                (loop $again
                  (drop (call $caught (local.get $n)))
                  (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
              (func (export "kept") (result i32)
                (block $handler (result (ref null $node))
                  (try_table (catch $e $handler) (throw_ref (global.get $kept)))
                  (unreachable))
                (struct.get $node $value)))
            """, features: .all))
        for engine in [Engine.interpreter, .native] {
            let store = Store(limits: StoreLimits(maxExceptionBytes: 1 << 20, maxGCBytes: 16 * 1024))
            store.engine = engine
            let instance = try store.instantiate(module)
            _ = try instance.invoke("churn", [.i32(3)])
            _ = try instance.invoke("keep", [])
            XCTAssertEqual(try instance.invoke("churn", [.i32(1000)]), [], "\(engine)")
            XCTAssertEqual(try instance.invoke("kept", []), [.i32(42)], "\(engine)")
            XCTAssertLessThanOrEqual(store.gcHeldBytes, 16 * 1024, "\(engine)")
            // The collections the allocations ran swept the exceptions too: a few dozen of the thousand are left.
            XCTAssertLessThan(store.exceptionHeldBytes, 100 * 104, "\(engine)")
        }
    }
}
