#if canImport(Glibc)
import Glibc
#endif
import WAT
@testable import Wax
import XCTest

/// Memories and tables with the i64 address type (memory64, WebAssembly 3.0), beyond what the spec scripts check:
/// addresses past 4 GiB, indexes whose low 32 bits alone would be in bounds, and the native engine's fallback.
final class Memory64Tests: XCTestCase {
    /// Encodes with every feature on: WasmKit's assembler refuses offsets past u32 without memory64.
    func wasm(_ text: String) throws -> [UInt8] { try wat2wasm(text, features: .all) }

    func instantiate(_ text: String, store: Store, imports: Imports = Imports()) throws -> Instance {
        try store.instantiate(Module(bytes: wasm(text)), imports: imports)
    }

    /// A memory allocator that reserves each block's capacity with mmap and grows in place: the pages nobody
    /// touches take no memory, so a memory can span more than 4 GiB of addresses on any host.
    final class ReservingAllocator {
        var capacities: [UnsafeMutableRawPointer: Int] = [:]

        var allocator: MemoryAllocator {
            MemoryAllocator(
                allocate: { [unowned self] byteCount, capacity in
                    let size = max(byteCount, capacity, 1)
                    let base = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
                    guard let base, base != MAP_FAILED else { return nil }
                    capacities[base] = size
                    return base
                },
                // Fresh anonymous pages read as zero: nothing to clear.
                grow: { [unowned self] base, _, newByteCount in newByteCount <= capacities[base] ?? 0 },
                deallocate: { [unowned self] base, _ in
                    if let size = capacities.removeValue(forKey: base) { munmap(base, size) }
                })
        }
    }

    /// A 64-bit memory grown to 4 GiB + 64 KiB: a store at an offset past u32 lands past 4 GiB (not at its low 32
    /// bits), the last bytes are reachable, one byte further traps, and growing past the store's limit gives -1.
    func testMemoryPastFourGiB() throws {
        for engine in [Engine.interpreter, .native] { try memoryPastFourGiB(engine) }
    }

    func memoryPastFourGiB(_ engine: Engine) throws {
        let reservation = ReservingAllocator()
        let store = Store(limits: StoreLimits(maxMemoryPages: 65537), memoryAllocator: reservation.allocator)
        store.engine = engine
        let instance = try instantiate("""
            (module
              (memory (export "memory") i64 1)
              (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
              (func (export "size") (result i64) (memory.size))
              (func (export "store") (param i64 i64) (i64.store offset=0x1_0000_0000 (local.get 0) (local.get 1)))
              (func (export "load") (param i64) (result i64) (i64.load (local.get 0)))
              (func (export "load8") (param i64) (result i32) (i32.load8_u offset=0xffff (local.get 0))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("grow", [.i64(65536)]), [.i64(1)])
        XCTAssertEqual(try instance.invoke("size", []), [.i64(65537)])
        _ = try instance.invoke("store", [.i64(0x10), .i64(0x1122_3344_5566_7788)])
        XCTAssertEqual(try instance.invoke("load", [.i64(0x1_0000_0010)]), [.i64(0x1122_3344_5566_7788)])
        XCTAssertEqual(try instance.invoke("load", [.i64(0x10)]), [.i64(0)])
        XCTAssertEqual(try instance.exportedMemory("memory")?.loadUInt64(0x1_0000_0010), 0x1122_3344_5566_7788)
        let end: UInt64 = 65537 << 16
        XCTAssertEqual(try instance.invoke("load8", [.i64(end - 0x1_0000)]), [.i32(0)])
        XCTAssertEqual(trap { try instance.invoke("load8", [.i64(end - 0xffff)]) }, .memoryOutOfBounds)
        XCTAssertEqual(trap { try instance.invoke("load", [.i64(end - 7)]) }, .memoryOutOfBounds)
        XCTAssertEqual(try instance.invoke("grow", [.i64(1)]), [.i64(UInt64.max)])
        XCTAssertEqual(try instance.invoke("grow", [.i64(UInt64.max)]), [.i64(UInt64.max)])
        XCTAssertEqual(try instance.invoke("size", []), [.i64(65537)])
    }

    /// The effective address is the address plus the offset without wrapping: a sum past 2^64 traps.
    func testEffectiveAddressDoesNotWrap() throws {
        for engine in [Engine.interpreter, .native] { try effectiveAddressDoesNotWrap(engine) }
    }

    func effectiveAddressDoesNotWrap(_ engine: Engine) throws {
        let store = Store()
        store.engine = engine
        let instance = try instantiate("""
            (module
              (memory i64 1)
              (func (export "near") (param i64) (result i64) (i64.load offset=0x20 (local.get 0)))
              (func (export "far") (param i64) (result i32) (i32.load offset=0xffff_ffff_ffff_fff0 (local.get 0)))
              (func (export "put") (param i64) (i32.store8 offset=0xffff_ffff_ffff_ffff (local.get 0) (i32.const 1))))
            """, store: store)
        XCTAssertEqual(try instance.invoke("near", [.i64(0)]), [.i64(0)])
        XCTAssertEqual(trap { try instance.invoke("near", [.i64(UInt64.max - 0x10)]) }, .memoryOutOfBounds)
        XCTAssertEqual(trap { try instance.invoke("far", [.i64(0x20)]) }, .memoryOutOfBounds)
        XCTAssertEqual(trap { try instance.invoke("put", [.i64(1)]) }, .memoryOutOfBounds)
    }

    /// A 32-bit memory still wraps nothing and refuses an offset past u32 at validation.
    func testOffsetPastU32NeedsA64BitMemory() throws {
        let error = moduleError(try wasm("(module (memory 1) (func (drop (i32.load offset=0x1_0000_0000 (i32.const 0)))))"))
        XCTAssertEqual(error?.kind, .invalid)
        XCTAssertEqual(error?.reason, "offset out of range")
        XCTAssertNil(moduleError(try wasm("(module (memory i64 1) (func (drop (i32.load offset=0x1_0000_0000 (i64.const 0)))))")))
    }

    static let table64 = """
        (module
          (type $t (func (result i32)))
          (table $t64 (export "table") i64 2 funcref)
          (elem (table $t64) (i64.const 0) func $seven)
          (func $seven (result i32) (i32.const 7))
          (func (export "call") (param i64) (result i32) (call_indirect $t64 (type $t) (local.get 0)))
          (func (export "tail") (param i64) (result i32) (return_call_indirect $t64 (type $t) (local.get 0)))
          (func (export "isNull") (param i64) (result i32) (ref.is_null (table.get $t64 (local.get 0))))
          (func (export "grow") (param i64) (result i64) (table.grow $t64 (ref.null func) (local.get 0)))
          (func (export "size") (result i64) (table.size $t64))
          (func (export "fill") (param i64 i64) (table.fill $t64 (local.get 0) (ref.null func) (local.get 1))))
        """

    /// Table indexes are i64: one whose low 32 bits are in bounds is not, and a grow by 2^64-1 fails with -1.
    func testTable64IndexesAreWhole() throws {
        for engine in [Engine.interpreter, .native] {
            let store = Store()
            store.engine = engine
            let instance = try instantiate(Self.table64, store: store)
            XCTAssertEqual(try instance.invoke("call", [.i64(0)]), [.i32(7)], "\(engine)")
            XCTAssertEqual(try instance.invoke("tail", [.i64(0)]), [.i32(7)], "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("call", [.i64(0x1_0000_0000)]) }, .undefinedElement, "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("tail", [.i64(0x1_0000_0000)]) }, .undefinedElement, "\(engine)")
            XCTAssertEqual(try instance.invoke("isNull", [.i64(1)]), [.i32(1)], "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("isNull", [.i64(0x1_0000_0001)]) }, .tableOutOfBounds, "\(engine)")
            XCTAssertEqual(try instance.invoke("grow", [.i64(UInt64.max)]), [.i64(UInt64.max)], "\(engine)")
            XCTAssertEqual(try instance.invoke("grow", [.i64(3)]), [.i64(2)], "\(engine)")
            XCTAssertEqual(try instance.invoke("size", []), [.i64(5)], "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("fill", [.i64(1), .i64(UInt64.max)]) }, .tableOutOfBounds, "\(engine)")
            _ = try instance.invoke("fill", [.i64(0), .i64(5)])
            XCTAssertEqual(try instance.invoke("isNull", [.i64(0)]), [.i32(1)], "\(engine)")
        }
    }

    /// Sizes, deltas and addresses of the bulk instructions and segments are whole i64s: 2^32 + k is not k.
    func testBulkOperandsAreWhole() throws {
        let text = """
            (module
              (memory i64 1)
              (memory $small 1)
              (table $t i64 1 funcref)
              (data $d "abcd")
              (elem $e func $f)
              (func $f)
              (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
              (func (export "fill") (param i64 i64) (memory.fill (local.get 0) (i32.const 7) (local.get 1)))
              (func (export "copy") (param i64 i64 i64) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
              (func (export "init") (param i64) (memory.init $d (local.get 0) (i32.const 0) (i32.const 4)))
              (func (export "toSmall") (param i32 i64 i32) (memory.copy $small 0 (local.get 0) (local.get 1) (local.get 2)))
              (func (export "load") (param i64) (result i32) (i32.load8_u (local.get 0)))
              (func (export "tableGrow") (param i64) (result i64) (table.grow $t (ref.null func) (local.get 0)))
              (func (export "tableCopy") (param i64 i64 i64) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
              (func (export "tableInit") (param i64) (table.init $t $e (local.get 0) (i32.const 0) (i32.const 1))))
            """
        for engine in [Engine.interpreter, .native] {
            let store = Store()
            store.engine = engine
            let instance = try instantiate(text, store: store)
            let far: UInt64 = 1 << 32
            XCTAssertEqual(try instance.invoke("grow", [.i64(far + 1)]), [.i64(UInt64.max)], "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("fill", [.i64(far), .i64(1)]) }, .memoryOutOfBounds, "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("fill", [.i64(0), .i64(far + 1)]) }, .memoryOutOfBounds, "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("copy", [.i64(far), .i64(0), .i64(1)]) }, .memoryOutOfBounds, "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("copy", [.i64(0), .i64(far), .i64(1)]) }, .memoryOutOfBounds, "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("copy", [.i64(0), .i64(1), .i64(far + 1)]) }, .memoryOutOfBounds, "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("init", [.i64(far)]) }, .memoryOutOfBounds, "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("toSmall", [.i32(0), .i64(far), .i32(1)]) }, .memoryOutOfBounds, "\(engine)")
            _ = try instance.invoke("fill", [.i64(0x10), .i64(2)])
            _ = try instance.invoke("toSmall", [.i32(0), .i64(0x10), .i32(2)])
            XCTAssertEqual(try instance.invoke("load", [.i64(0x11)]), [.i32(7)], "\(engine)")
            XCTAssertEqual(try instance.invoke("tableGrow", [.i64(far + 1)]), [.i64(UInt64.max)], "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("tableCopy", [.i64(far), .i64(0), .i64(1)]) }, .tableOutOfBounds, "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("tableCopy", [.i64(0), .i64(0), .i64(far + 1)]) }, .tableOutOfBounds, "\(engine)")
            XCTAssertEqual(trap { try instance.invoke("tableInit", [.i64(far)]) }, .tableOutOfBounds, "\(engine)")
        }
        // Active segments at 2^32 on a 64-bit memory or table of one page or element do not fit.
        for text in ["(module (memory i64 1) (data (i64.const 0x1_0000_0000) \"a\"))",
                     "(module (table i64 1 funcref) (elem (table 0) (i64.const 0x1_0000_0000) func $f) (func $f))"] {
            XCTAssertThrowsError(try instantiate(text, store: Store())) { error in
                guard case .trap? = error as? InstantiationError else { return XCTFail("\(text): \(error)") }
            }
        }
    }

    /// Imports match only with the same address type.
    func testImportsKeepTheirAddressType() throws {
        let store = Store()
        let exporter = try instantiate("(module (memory (export \"m\") i64 1) (table (export \"t\") i64 1 funcref))",
                                       store: store)
        var imports = Imports()
        imports.define(module: "x", instance: exporter)
        XCTAssertNoThrow(try instantiate("(module (import \"x\" \"m\" (memory i64 1)) (import \"x\" \"t\" (table i64 1 funcref)))",
                                         store: store, imports: imports))
        for text in ["(module (import \"x\" \"m\" (memory 1)))", "(module (import \"x\" \"t\" (table 1 funcref)))"] {
            XCTAssertThrowsError(try instantiate(text, store: store, imports: imports)) { error in
                guard case .incompatibleImportType? = error as? InstantiationError else {
                    return XCTFail("\(text): \(error)")
                }
            }
        }
    }

    /// The native engine compiles a module with a 64-bit memory 0 (its accesses inline, memory.grow through the
    /// callout) and gives the interpreter's outcomes; so it does with a 64-bit memory 1 (its accesses through the
    /// callout, as the interpreter runs them).
    func testNativeEngineFallsBackForMemory64() throws {
        for memories in ["(memory i64 1 2)", "(memory 1) (memory i64 1 2)"] { try nativeEngine(memories) }
    }

    func nativeEngine(_ memories: String) throws {
        let memory = memories.hasPrefix("(memory 1)") ? "1" : ""
        let module = try Module(bytes: wasm("""
            (module
              \(memories)
              (func (export "mix") (param i64) (result i64) (i64.mul (local.get 0) (i64.const 3)))
              (func (export "roundTrip") (param i64 i64) (result i64)
                (i64.store \(memory) (local.get 0) (local.get 1)) (i64.load \(memory) (local.get 0)))
              (func (export "grow") (param i64) (result i64) (memory.grow \(memory) (local.get 0)))
              (func (export "size") (result i64) (memory.size \(memory))))
            """))
        var outcomes: [String] = []
        for engine in [Engine.interpreter, .native] {
            let store = Store()
            store.engine = engine
            let instance = try store.instantiate(module)
            var text = ""
            for (name, arguments) in [("mix", [Value.i64(14)]), ("roundTrip", [.i64(8), .i64(0xfeed)]),
                                      ("roundTrip", [.i64(65535)]), ("grow", [.i64(1)]), ("size", []),
                                      ("roundTrip", [.i64(0x1_fff8), .i64(5)]), ("roundTrip", [.i64(UInt64.max - 3)]),
                                      ("grow", [.i64(1)])] {
                let args = name == "roundTrip" && arguments.count == 1 ? arguments + [.i64(1)] : arguments
                do throws(Trap) {
                    text += "\(name) \(try instance.invoke(name, args)); "
                } catch {
                    text += "\(name) \(error); "
                }
            }
            outcomes.append(text)
        }
        XCTAssertEqual(outcomes[0], outcomes[1], memories)
        XCTAssertTrue(outcomes[0].hasSuffix("grow \([Value.i64(UInt64.max)]); "), outcomes[0])
        XCTAssertTrue(outcomes[0].contains("roundTrip \(Trap.memoryOutOfBounds)"), outcomes[0])
        XCTAssertEqual(module.native?.compiledCount, 4, memories)
    }
}
