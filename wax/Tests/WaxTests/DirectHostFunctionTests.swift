import WAT
@testable import Wax
import XCTest

/// A direct host function for the tests: with argument 0 it fails with status 7; else it returns the argument
/// plus memory byte 0 (or plus 1000 without a memory) and counts the call in the UInt64 at `data`.
private let addByte: DirectHostFunction.Entry = { data, slots, memoryBase, memorySize in
    if slots[0] == 0 { return 7 }
    data.assumingMemoryBound(to: UInt64.self).pointee += 1
    let byte = memorySize > 0 ? UInt64(memoryBase.load(as: UInt8.self)) : 1000
    slots[0] = UInt64(UInt32(truncatingIfNeeded: slots[0]) &+ UInt32(byte))
    return 0
}

/// `DirectHostFunction`: called by both engines with the arguments in place, the caller's memory, through a
/// direct call, a table and the embedder; a non-zero status becomes the caller's trap at the calling function.
final class DirectHostFunctionTests: XCTestCase {
    private let calls = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)

    override func tearDown() { calls.deallocate() }

    private func imports(_ store: Store) -> Imports {
        var imports = Imports()
        let direct = DirectHostFunction(entry: addByte, data: UnsafeMutableRawPointer(calls)) { status in
            .host("status \(status)")
        }
        imports.define(module: "host", name: "add", .function(store.hostFunction(
            type: FunctionType(parameters: [.i32], results: [.i32]), direct: direct)))
        return imports
    }

    private let text = """
        (module
          (import "host" "add" (func $add (param i32) (result i32)))
          (memory 1)
          (data (i32.const 0) "\\05")
          (table funcref (elem $add))
          (type $unary (func (param i32) (result i32)))
          (export "add" (func $add))
          (func (export "sum") (param $n i32) (result i32) (local $sum i32)
            (loop $next
              (local.set $sum (i32.add (local.get $sum) (call $add (local.get $n))))
              (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $sum))
          (func (export "indirect") (param i32) (result i32)
            (call_indirect (type $unary) (local.get 0) (i32.const 0)))
          (func $inner (export "fail") (result i32) (i32.add (call $add (i32.const 0)) (i32.const 1)))
          (func (export "outer") (result i32) (call $inner)))
        """

    func testBothEnginesCallWithArgumentsAndMemory() throws {
        let module = try Module(bytes: wat2wasm(text, features: .all))
        for engine in [Engine.interpreter, .native] {
            calls.pointee = 0
            let store = Store()
            store.engine = engine
            let instance = try store.instantiate(module, imports: imports(store))
            // 100 calls: the sum of 1...100 plus 5 (memory byte 0) each.
            XCTAssertEqual("\(try instance.invoke("sum", [.i32(100)]))", "\([Value.i32(5050 + 500)])", "\(engine)")
            XCTAssertEqual(calls.pointee, 100, "\(engine)")
            XCTAssertEqual("\(try instance.invoke("indirect", [.i32(10)]))", "\([Value.i32(15)])", "\(engine)")
            // The embedder calls the import itself, with no caller and so no memory.
            XCTAssertEqual("\(try instance.invoke("add", [.i32(10)]))", "\([Value.i32(1010)])", "\(engine)")
            XCTAssertEqual(calls.pointee, 102, "\(engine)")
        }
        XCTAssertEqual(module.native?.compiledCount, 4)  // every function: the native path ran
    }

    func testStatusIsTheCallersTrap() throws {
        let module = try Module(bytes: wat2wasm(text, features: .all))
        for engine in [Engine.interpreter, .native] {
            let store = Store()
            store.engine = engine
            let instance = try store.instantiate(module, imports: imports(store))
            for _ in 0..<3 {
                guard case .host(let message)? = trap({ try instance.invoke("outer", []) }) else {
                    return XCTFail("\(engine): no trap")
                }
                XCTAssertEqual(message, "status 7", "\(engine)")
            }
            // The store goes on after the trap.
            XCTAssertEqual("\(try instance.invoke("sum", [.i32(1)]))", "\([Value.i32(6)])", "\(engine)")
        }
    }
}
