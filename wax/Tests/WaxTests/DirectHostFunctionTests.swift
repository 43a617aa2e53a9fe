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

/// What `interruptAt100` counts and sets: its calls, and the store's interruption flag, raised at the 100th.
private struct Interrupting {
    var calls: UInt64
    let flag: UnsafeMutablePointer<Bool>
}

private let interruptAt100: DirectHostFunction.Entry = { data, _, _, _ in
    let state = data.assumingMemoryBound(to: Interrupting.self)
    state.pointee.calls += 1
    if state.pointee.calls == 100 { state.pointee.flag.pointee = true }
    return 0
}

/// The calls of direct host functions that the interpreter makes without the store (`DirectImport`): from a
/// module with no memory, and in a loop that only they would let stop.
final class DirectImportTests: XCTestCase {
    func testCallerWithoutMemory() throws {
        let calls = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        defer { calls.deallocate() }
        let module = try Module(bytes: wat2wasm("""
            (module
              (import "host" "add" (func $add (param i32) (result i32)))
              (func (export "add2") (param i32) (result i32) (call $add (call $add (local.get 0)))))
            """, features: .all))
        for engine in [Engine.interpreter, .native] {
            calls.pointee = 0
            let store = Store()
            store.engine = engine
            var imports = Imports()
            let direct = DirectHostFunction(entry: addByte, data: UnsafeMutableRawPointer(calls)) { .host("status \($0)") }
            imports.define(module: "host", name: "add", .function(store.hostFunction(
                type: FunctionType(parameters: [.i32], results: [.i32]), direct: direct)))
            let instance = try store.instantiate(module, imports: imports)
            // No memory: each call adds 1000.
            XCTAssertEqual("\(try instance.invoke("add2", [.i32(3)]))", "\([Value.i32(2003)])", "\(engine)")
            XCTAssertEqual(calls.pointee, 2, "\(engine)")
        }
    }

    func testInterruptionRaisedInsideTheCallStopsTheGuest() throws {
        let flag = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
        let state = UnsafeMutablePointer<Interrupting>.allocate(capacity: 1)
        defer {
            flag.deallocate()
            state.deallocate()
        }
        let module = try Module(bytes: wat2wasm("""
            (module (import "host" "tick" (func $tick)) (func (export "spin") (loop $l (call $tick) (br $l))))
            """, features: .all))
        for engine in [Engine.interpreter, .native] {
            flag.pointee = false
            state.initialize(to: Interrupting(calls: 0, flag: flag))
            let store = Store(interruptFlag: flag)
            store.engine = engine
            var imports = Imports()
            let direct = DirectHostFunction(entry: interruptAt100, data: UnsafeMutableRawPointer(state)) {
                .host("status \($0)")
            }
            imports.define(module: "host", name: "tick", .function(store.hostFunction(
                type: FunctionType(parameters: [], results: []), direct: direct)))
            let instance = try store.instantiate(module, imports: imports)
            XCTAssertEqual(trap { try instance.invoke("spin", []) }, .interrupted, "\(engine)")
            XCTAssertGreaterThanOrEqual(state.pointee.calls, 100, "\(engine)")
            XCTAssertLessThan(state.pointee.calls, 100 + 2 * 1024, "\(engine)")
        }
    }
}

/// The entry behind the test clock: errno 28 for whatever the clock leaves to it, each call counted.
private let clockEntry: DirectHostFunction.Entry = { data, slots, _, _ in
    data.assumingMemoryBound(to: UInt64.self).pointee += 1
    slots[0] = 28
    return 0
}

/// The interpreter's counter in the clock tests: fixed, so its reading is exact.
private let fixedTimestamp: @convention(c) () -> UInt64 = { 10_000 }

/// `TimestampClock`: both engines read it themselves for the ids and addresses it serves, and leave the rest to
/// the entry.
final class TimestampClockTests: XCTestCase {
    private let calls = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    /// Two clocks; start 4,000; scale 1.5 ns a count; offsets 1,000 and 2^40.
    private let words = UnsafeMutablePointer<UInt64>.allocate(capacity: 5)

    override func setUp() {
        words.initialize(from: [2, 4_000, 3 << 31, 1_000, 1 << 40], count: 5)
    }

    override func tearDown() {
        calls.deallocate()
        words.deallocate()
    }

    private let text = """
        (module
          (import "host" "clock" (func $clock (param i32 i64 i32) (result i32)))
          (memory 1)
          (export "clock" (func $clock))
          (func (export "read") (param i32 i32) (result i32) (call $clock (local.get 0) (i64.const 0) (local.get 1)))
          (func (export "load") (param i32) (result i64) (i64.load (local.get 0))))
        """

    /// The store of the instance under test, kept alive here (an instance does not own its store).
    private var store: Store?

    private func instance(_ engine: Engine, clocked: Bool = true) throws -> Instance {
        let store = Store()
        self.store = store
        store.engine = engine
        var imports = Imports()
        let clock = clocked ? TimestampClock(words: words, timestamp: fixedTimestamp) : nil
        let direct = DirectHostFunction(entry: clockEntry, data: UnsafeMutableRawPointer(calls), clock: clock) {
            .host("status \($0)")
        }
        imports.define(module: "host", name: "clock", .function(store.hostFunction(
            type: FunctionType(parameters: [.i32, .i64, .i32], results: [.i32]), direct: direct)))
        return try store.instantiate(Module(bytes: wat2wasm(text, features: .all)), imports: imports)
    }

    /// clock_time_get-like: the errno, and the time at `address` after the call.
    private func read(_ instance: Instance, _ id: UInt32, at address: UInt32) throws -> (errno: UInt32, time: UInt64) {
        let result = try instance.invoke("read", [.i32(id), .i32(address)])
        guard case .i32(let errno) = result.first, case .i64(let time) = try instance.invoke("load", [.i32(address)]).first
        else {
            XCTFail("results \(result)")
            return (0, 0)
        }
        return (errno, time)
    }

    /// The errno alone, for a result address the test cannot load from.
    private func errno(_ instance: Instance, _ id: UInt32, at address: UInt32) throws -> String {
        "\(try instance.invoke("read", [.i32(id), .i32(address)]))"
    }

    func testInterpreterReadsThroughTimestamp() throws {
        calls.pointee = 0
        let instance = try instance(.interpreter)
        // (10,000 - 4,000) * 1.5 = 9,000 past each offset.
        XCTAssertEqual(try read(instance, 0, at: 16).time, 10_000)
        XCTAssertEqual(try read(instance, 1, at: 65528).time, 1 << 40 + 9_000)
        XCTAssertEqual(try read(instance, 0, at: 3).time, 10_000)
        XCTAssertEqual(calls.pointee, 0)
        // An id past the count and a result reaching past the memory go to the entry, and nothing is stored.
        XCTAssertEqual(try read(instance, 2, at: 32).errno, 28)
        XCTAssertEqual(try errno(instance, 0, at: 65529), "\([Value.i32(28)])")
        XCTAssertEqual(try read(instance, 0xFFFF_FFFF, at: 32).time, 0)
        XCTAssertEqual(calls.pointee, 3)
        // The embedder's own call has no memory: the entry answers it.
        XCTAssertEqual("\(try instance.invoke("clock", [.i32(0), .i64(0), .i32(16)]))", "\([Value.i32(28)])")
        XCTAssertEqual(calls.pointee, 4)
    }

    func testNativeCodeReadsTheCounter() throws {
        calls.pointee = 0
        let instance = try instance(.native)
        let first = try read(instance, 0, at: 16), second = try read(instance, 0, at: 3)
        let other = try read(instance, 1, at: 65528)
        XCTAssertEqual([first.errno, second.errno, other.errno], [0, 0, 0])
        // The host's counter runs from well past the start: each read at least as late as the one before.
        XCTAssertGreaterThan(first.time, 1_000_000)
        XCTAssertGreaterThanOrEqual(second.time, first.time)
        XCTAssertGreaterThanOrEqual(other.time - 1 << 40 + 1_000, second.time)
        XCTAssertEqual(calls.pointee, 0)
        XCTAssertEqual(try read(instance, 2, at: 32).errno, 28)
        XCTAssertEqual(try errno(instance, 0, at: 65529), "\([Value.i32(28)])")
        XCTAssertEqual(try read(instance, 0xFFFF_FFFF, at: 40).time, 0)
        XCTAssertEqual(calls.pointee, 3)
        XCTAssertEqual(instance.module.native?.compiledCount, 2)
    }

    func testWithoutAClockEveryCallGoesToTheEntry() throws {
        for engine in [Engine.interpreter, .native] {
            calls.pointee = 0
            let instance = try instance(engine, clocked: false)
            XCTAssertEqual(try read(instance, 0, at: 16).errno, 28, "\(engine)")
            XCTAssertEqual(calls.pointee, 1, "\(engine)")
        }
    }
}
