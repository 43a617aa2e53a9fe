import WAT
import WasmParser
@testable import Wax
import XCTest

/// Typed function references where the spec suite does not look: both engines on call_ref (the native tier
/// runs it through the callout of call_indirect), the embedder's arguments of typed reference parameters, type
/// equivalence across instances, table initializers that grow, and branches on null that carry values read
/// lazily from locals.
final class FunctionReferenceTests: XCTestCase {
    func module(_ text: String) throws -> Module {
        try Module(bytes: wat2wasm(text, features: [.referenceTypes, .functionReferences, .tailCall]))
    }

    static let recursion = """
        (module
          (type $f (func (param i32) (result i32)))
          (elem declare func $fact)
          (func $fact (export "fact") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
              (else (i32.mul (local.get 0)
                      (call_ref $f (i32.sub (local.get 0) (i32.const 1)) (ref.func $fact))))))
          (func $count (export "count") (param i32 i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (local.get 1))
              (else (return_call_ref $f (local.get 1) (ref.func $fact)))))
          (func (export "null") (result i32) (call_ref $f (i32.const 1) (ref.null $f)))
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
        """

    func testCallRefRunsTheSameOnBothEngines() throws {
        let module = try module(Self.recursion)
        for engine in [Engine.interpreter, .native] {
            let store = Store()
            store.engine = engine
            let instance = try store.instantiate(module)
            XCTAssertEqual(try instance.invoke("fact", [.i32(10)]), [.i32(3_628_800)], "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("null", []) }, .nullFunctionReference, "\(engine)")
            XCTAssertEqual(try instance.invoke("add", [.i32(2), .i32(40)]), [.i32(42)], "\(engine)")
            XCTAssertEqual(try instance.invoke("count", [.i32(0), .i32(7)]), [.i32(7)], "\(engine)")
            XCTAssertEqual(try instance.invoke("count", [.i32(1), .i32(5)]), [.i32(120)], "\(engine)")
        }
        // call_ref compiles as call_indirect does; return_call_ref, a tail call through the callout, keeps `count`
        // interpreted.
        XCTAssertEqual(module.native?.compiledCount, 3)
    }

    func testInvokeChecksTypedReferenceArguments() throws {
        let store = Store()
        let instance = try store.instantiate(try module("""
            (module
              (type $unary (func (param i32) (result i32)))
              (type $nullary (func (result i32)))
              (func $inc (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
              (func $seven (export "seven") (result i32) (i32.const 7))
              (func (export "apply") (param (ref $unary) i32) (result i32) (call_ref $unary (local.get 1) (local.get 0)))
              (func (export "nullable") (param (ref null $unary)) (result i32) (ref.is_null (local.get 0))))
            """))
        guard case .function(let inc)? = instance.export("inc"), case .function(let seven)? = instance.export("seven") else {
            return XCTFail("exports")
        }
        XCTAssertEqual(try instance.invoke("apply", [.funcRef(inc.address), .i32(41)]), [.i32(42)])
        // Null where null is not allowed, and a function of another type, never reach call_ref.
        XCTAssertNotNil(trap { try instance.invoke("apply", [.funcRef(nil), .i32(1)]) })
        XCTAssertNotNil(trap { try instance.invoke("apply", [.funcRef(seven.address), .i32(1)]) })
        XCTAssertNotNil(trap { try instance.invoke("apply", [.externRef(1), .i32(1)]) })
        XCTAssertEqual(try instance.invoke("nullable", [.funcRef(nil)]), [.i32(1)])
    }

    func testTypesMatchAcrossInstancesByStructure() throws {
        let store = Store()
        // The exporter's $t is type 1, the importer's type 0: equal structures naming their own indexes.
        let exporter = try store.instantiate(try module("""
            (module
              (type (func))
              (type $t (func (param i32) (result i32)))
              (type $apply (func (param (ref $t) i32) (result i32)))
              (func $double (export "double") (type $t) (i32.mul (local.get 0) (i32.const 2)))
              (func (export "apply") (type $apply) (call_ref $t (local.get 1) (local.get 0)))
              (global (export "g") (ref $t) (ref.func $double))
              (global (export "m") (mut (ref null $t)) (ref.null $t)))
            """))
        var imports = Imports()
        for name in ["apply", "g", "m", "double"] {
            guard let value = exporter.export(name) else { return XCTFail(name) }
            imports.define(module: "x", name: name, value)
        }
        let importer = try store.instantiate(try module("""
            (module
              (type $t (func (param i32) (result i32)))
              (type $apply (func (param (ref $t) i32) (result i32)))
              (import "x" "apply" (func $apply (type $apply)))
              (import "x" "g" (global $g (ref $t)))
              (import "x" "double" (func $double (type $t)))
              (table $table 1 1 funcref)
              (elem (table $table) (i32.const 0) func $apply)
              (func (export "run") (result i32)
                (call_indirect $table (type $apply) (global.get $g) (i32.const 21) (i32.const 0))))
            """), imports: imports)
        XCTAssertEqual(try importer.invoke("run", []), [.i32(42)])
        // A mutable global's type must be equal, not a subtype; a different structure does not match.
        XCTAssertThrowsError(try store.instantiate(try module("""
            (module (type $t (func (param i32) (result i32))) (import "x" "m" (global (mut (ref $t)))))
            """), imports: imports))
        XCTAssertThrowsError(try store.instantiate(try module("""
            (module (type $t (func (param i64) (result i32))) (import "x" "g" (global (ref $t))))
            """), imports: imports))
    }

    func testTableInitializerFillsGrownTables() throws {
        let store = Store()
        let instance = try store.instantiate(try module("""
            (module
              (type $t (func (result i32)))
              (func $five (result i32) (i32.const 5))
              (func $six (result i32) (i32.const 6))
              (table $table 2 10 (ref $t) (ref.func $five))
              (elem declare func $six)
              (func (export "call") (param i32) (result i32) (call_ref $t (table.get $table (local.get 0))))
              (func (export "grow") (result i32) (table.grow $table (ref.func $six) (i32.const 3))))
            """))
        XCTAssertEqual(try instance.invoke("call", [.i32(1)]), [.i32(5)])
        XCTAssertEqual(try instance.invoke("grow", []), [.i32(2)])
        XCTAssertEqual(try instance.invoke("call", [.i32(1)]), [.i32(5)])
        XCTAssertEqual(try instance.invoke("call", [.i32(4)]), [.i32(6)])
        XCTAssertEqual(trap { try instance.invoke("call", [.i32(5)]) }, .tableOutOfBounds)
        // Its constant expression comes before the module's own globals: only imported ones are known.
        XCTAssertThrowsError(try module("""
            (module (type $t (func)) (func $f) (global $g (ref $t) (ref.func $f))
              (table 1 (ref $t) (global.get $g)))
            """))
    }

    func testBranchesOnNullCarryLocalsAndTheReference() throws {
        let store = Store()
        let instance = try store.instantiate(try module("""
            (module
              (type $t (func (param i32) (result i32)))
              (elem declare func $neg)
              (func $neg (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))
              ;; br_on_non_null: the reference goes with a local read lazily, which the branch must not lose.
              (func (export "pick") (param $which i32) (param $x i32) (result i32)
                (local $f (ref null $t))
                (if (local.get $which) (then (local.set $f (ref.func $neg))))
                (block $some (result i32 (ref $t))
                  (local.get $x)
                  (br_on_non_null $some (local.get $f))
                  (local.set $x (i32.const 100))
                  (return (local.get $x)))
                (call_ref $t))
              ;; br_on_null in a loop: count the nulls in a table before the first function.
              (table $table 8 (ref null $t))
              (func (export "nulls") (param $at i32) (result i32)
                (local $n i32)
                (table.set $table (local.get $at) (ref.func $neg))
                (loop $next
                  (block $null
                    (drop (br_on_null $null (table.get $table (local.get $n))))
                    (return (local.get $n)))
                  (local.set $n (i32.add (local.get $n) (i32.const 1)))
                  (br $next))
                (unreachable))
              ;; ref.as_non_null keeps the value where it is.
              (func (export "call") (param $which i32) (result i32)
                (local $f (ref null $t))
                (if (local.get $which) (then (local.set $f (ref.func $neg))))
                (call_ref $t (i32.const 9) (ref.as_non_null (local.get $f)))))
            """))
        XCTAssertEqual(try instance.invoke("pick", [.i32(1), .i32(7)]), [.i32(UInt32(bitPattern: -7))])
        XCTAssertEqual(try instance.invoke("pick", [.i32(0), .i32(7)]), [.i32(100)])
        XCTAssertEqual(try instance.invoke("nulls", [.i32(5)]), [.i32(5)])
        XCTAssertEqual(try instance.invoke("call", [.i32(1)]), [.i32(UInt32(bitPattern: -9))])
        XCTAssertEqual(trap { try instance.invoke("call", [.i32(0)]) }, .nullReference)
    }

    func testNonNullableLocalsMustBeSetInTheirBlock() throws {
        // Set inside a block, the local is unset again after its end.
        let text = """
            (module (type $t (func)) (elem declare func $f) (func $f)
              (func (local $r (ref $t)) (block (local.set $r (ref.func $f))) (drop (local.get $r))))
            """
        XCTAssertThrowsError(try module(text))
        XCTAssertNoThrow(try module(text.replacingOccurrences(of: "(block (local.set $r (ref.func $f)))",
                                                               with: "(local.set $r (ref.func $f))")))
    }
}
