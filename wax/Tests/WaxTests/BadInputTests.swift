import Wax
import XCTest

final class BadInputTests: XCTestCase {
    let header: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]

    func testGarbageAndTruncationAreMalformed() throws {
        XCTAssertEqual(moduleError([1, 2, 3, 4, 5, 6, 7, 8, 9])?.kind, .malformed)
        XCTAssertEqual(moduleError([])?.kind, .malformed)
        let valid = try wasm(#"(module (func (export "f") (result i32) (i32.const 42)))"#)
        for length in Array(1..<8) + Array((valid.count - 4)..<valid.count) {
            let error = moduleError(Array(valid.prefix(length)))
            XCTAssertNotNil(error, "prefix of \(length) bytes accepted")
        }
    }

    func testHugeDeclaredCountsAreRefusedQuickly() {
        // A type section claiming 2^32-1 entries with no bytes behind it.
        XCTAssertEqual(moduleError(header + [0x01, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f])?.kind, .malformed)
        // A function with 2^32-1 locals.
        let body: [UInt8] = [0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x0b]
        let module = header + [0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                               0x0a, UInt8(body.count + 2), 0x01, UInt8(body.count)] + body
        XCTAssertEqual(moduleError(module)?.kind, .malformed)
    }

    func testMemoryAndTableLimitsAreEnforcedAtInstantiation() throws {
        let store = Store(limits: StoreLimits(maxMemoryPages: 16, maxTableElements: 1000))
        let bigMemory = try Module(bytes: wasm("(module (memory 65536))"))
        XCTAssertThrowsError(try store.instantiate(bigMemory)) { error in
            guard case InstantiationError.limitExceeded = error else { return XCTFail("\(error)") }
        }
        let bigTable = try Module(bytes: wasm("(module (table 0xffffffff funcref))"))
        XCTAssertThrowsError(try store.instantiate(bigTable)) { error in
            guard case InstantiationError.limitExceeded = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(moduleError(try wasm("(module (memory 65537))"))?.kind, .invalid)
    }

    func testValidationErrorsSayWhere() throws {
        let error = moduleError(try wasm("""
            (module (func (result i32) (i32.const 1)) (func (result i32) (f32.const 1)))
            """))
        XCTAssertEqual(error?.kind, .invalid)
        XCTAssertEqual(error?.section, "code")
        XCTAssertEqual(error?.function, 1)
        XCTAssertNotNil(error?.offset)
        XCTAssertTrue(error?.reason.contains("type mismatch") ?? false, error?.description ?? "")
    }

    /// 3.0 encodes a 32-bit memory's limits as u64: one past u32 is well formed, and invalid.
    func testMemoryLimitsPastU32AreInvalidNotMalformed() {
        // 2^32 in five bytes, then in ten (the longest u64), defined and imported.
        let fiveBytes: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x10]
        let tenBytes: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x90, 0x80, 0x80, 0x80, 0x80, 0x00]
        for limit in [fiveBytes, tenBytes] {
            let memory: [UInt8] = [0x01, 0x00] + limit
            let defined = header + [0x05, UInt8(memory.count)] + memory
            XCTAssertEqual(moduleError(defined)?.kind, .invalid, "\(moduleError(defined)?.description ?? "accepted")")
            let entry: [UInt8] = [0x01, 0x01, 0x4d, 0x01, 0x6d, 0x02, 0x01, 0x00] + limit
            let imported = header + [0x02, UInt8(entry.count)] + entry
            XCTAssertEqual(moduleError(imported)?.kind, .invalid, "\(moduleError(imported)?.description ?? "accepted")")
        }
        // Eleven bytes are too many for any u64.
        let tooLong = header + [0x05, 0x0d, 0x01, 0x00] + [0x80, 0x80, 0x80, 0x80, 0x90, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]
        XCTAssertEqual(moduleError(tooLong)?.kind, .malformed)
    }

    /// Memop flags of 2^7 or more are malformed whatever the alignment they would give.
    func testMemopFlagsPastSevenBitsAreMalformed() {
        let body: [UInt8] = [0x00, 0x41, 0x00, 0x28, 0x80, 0x01, 0x00, 0x1a, 0x0b]
        let module = header + [0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01,
                               0x0a, UInt8(body.count + 2), 0x01, UInt8(body.count)] + body
        XCTAssertEqual(moduleError(module)?.kind, .malformed)
        XCTAssertEqual(moduleError(module)?.reason, "malformed memop flags")
    }

    func testFeaturesBeyondWebAssembly2AreNamed() throws {
        let error = moduleError(try wasm("(module (memory 1 1 shared))"))
        XCTAssertEqual(error?.kind, .unsupported(feature: "threads"))
    }
}
