import XCTest
@testable import WASIPreview1

final class GuestMemoryTests: XCTestCase {
    var storage: UnsafeMutableRawBufferPointer!
    var memory: GuestMemory { GuestMemory(storage) }

    override func setUp() {
        storage = .allocate(byteCount: 64, alignment: 8)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
    }

    override func tearDown() { storage.deallocate() }

    func testLoadsAndStoresAreLittleEndianAndUnaligned() throws {
        try memory.store(UInt32(0x1122_3344), at: 1)
        XCTAssertEqual(Array(storage[1..<5]), [0x44, 0x33, 0x22, 0x11])
        XCTAssertEqual(try memory.load(UInt32.self, at: 1), 0x1122_3344)
        try memory.store(UInt64.max - 1, at: 56)
        XCTAssertEqual(try memory.load(UInt64.self, at: 56), UInt64.max - 1)
        XCTAssertEqual(try memory.load(UInt16.self, at: 3), 0x1122)
    }

    func testEveryAccessPastTheEndIsFault() {
        XCTAssertThrowsError(try memory.load(UInt64.self, at: 57)) { XCTAssertEqual($0 as? Errno, .fault) }
        XCTAssertThrowsError(try memory.store(UInt32(1), at: 61)) { XCTAssertEqual($0 as? Errno, .fault) }
        XCTAssertThrowsError(try memory.load(UInt8.self, at: 64)) { XCTAssertEqual($0 as? Errno, .fault) }
        XCTAssertThrowsError(try memory.load(UInt8.self, at: .max)) { XCTAssertEqual($0 as? Errno, .fault) }
        XCTAssertThrowsError(try memory.slice(at: 60, count: 5)) { XCTAssertEqual($0 as? Errno, .fault) }
        XCTAssertThrowsError(try memory.slice(at: 1, count: .max)) { XCTAssertEqual($0 as? Errno, .fault) }
        XCTAssertThrowsError(try memory.write([1, 2, 3], at: 62)) { XCTAssertEqual($0 as? Errno, .fault) }
        XCTAssertThrowsError(try memory.zero(at: 0, count: 65)) { XCTAssertEqual($0 as? Errno, .fault) }
        XCTAssertEqual(Array(storage), [UInt8](repeating: 0, count: 64), "a failed access writes nothing")
    }

    func testAccessesEndingExactlyAtTheEndWork() throws {
        try memory.write([9, 8, 7, 6], at: 60)
        XCTAssertEqual(try memory.read(at: 60, count: 4), [9, 8, 7, 6])
        XCTAssertEqual(try memory.slice(at: 64, count: 0).count, 0)
        XCTAssertEqual(try memory.read(at: 64, count: 0), [])
        try memory.write([], at: 64)
    }

    func testEmptyMemoryFaultsOnEveryByte() {
        XCTAssertThrowsError(try GuestMemory.empty.load(UInt8.self, at: 0)) { XCTAssertEqual($0 as? Errno, .fault) }
        XCTAssertEqual(try GuestMemory.empty.read(at: 0, count: 0), [])
    }

    /// What the engine passes for a module without a memory: a size of 0 and a base that is not an address,
    /// which no access may touch (one that did would crash the test).
    func testNoBytesAtABaseThatIsNotAnAddressFaultWithoutTouchingIt() throws {
        let none = GuestMemory(base: UnsafeMutableRawPointer(bitPattern: 0xdead_0000), size: 0)
        XCTAssertThrowsError(try none.load(UInt8.self, at: 0)) { XCTAssertEqual($0 as? Errno, .fault) }
        XCTAssertThrowsError(try none.store(UInt32(1), at: 0)) { XCTAssertEqual($0 as? Errno, .fault) }
        XCTAssertThrowsError(try none.cString(at: 0, limit: 4)) { XCTAssertEqual($0 as? Errno, .fault) }
        XCTAssertNil(try none.slice(at: 0, count: 0).baseAddress)
        try none.zero(at: 0, count: 0)
        XCTAssertEqual(none.count, 0)
    }

    func testCStringsEndAtTheirNulWithinTheLimitAndTheMemory() throws {
        try memory.write(Array("walos\0".utf8), at: 10)
        XCTAssertEqual(try memory.cString(at: 10, limit: 5), Array("walos".utf8))
        XCTAssertThrowsError(try memory.cString(at: 10, limit: 4)) { XCTAssertEqual($0 as? Errno, .tooBig) }
        try memory.write([0x61, 0x62], at: 62)
        XCTAssertThrowsError(try memory.cString(at: 62, limit: 8)) { XCTAssertEqual($0 as? Errno, .fault) }
        XCTAssertThrowsError(try memory.cString(at: 64, limit: 8)) { XCTAssertEqual($0 as? Errno, .fault) }
    }

    func testGuestAddressArithmeticCannotWrap() {
        XCTAssertEqual(try address(10, plus: 5), 15)
        XCTAssertThrowsError(try address(.max, plus: 1)) { XCTAssertEqual($0 as? Errno, .fault) }
    }

    func testPathsMustBeUTF8() throws {
        try memory.write(Array("ok/ü".utf8), at: 0)
        XCTAssertEqual(try memory.path(at: 0, count: 5), Array("ok/ü".utf8))
        try memory.write([0x61, 0xff], at: 10)
        XCTAssertThrowsError(try memory.path(at: 10, count: 2)) { XCTAssertEqual($0 as? Errno, .illegalSequence) }
    }

    func testUTF8Validation() {
        XCTAssertTrue(isValidUTF8(Array("plain ascii".utf8)))
        XCTAssertTrue(isValidUTF8(Array("€𝄞ß".utf8)))
        XCTAssertFalse(isValidUTF8([0xc0, 0x80]), "overlong NUL")
        XCTAssertFalse(isValidUTF8([0xe0, 0x80, 0x80]), "overlong three-byte form")
        XCTAssertFalse(isValidUTF8([0xed, 0xa0, 0x80]), "surrogate")
        XCTAssertFalse(isValidUTF8([0xf4, 0x90, 0x80, 0x80]), "above U+10FFFF")
        XCTAssertFalse(isValidUTF8([0xe2, 0x82]), "truncated")
        XCTAssertFalse(isValidUTF8([0x80]), "continuation byte first")
        XCTAssertFalse(isValidUTF8([0xe2, 0x28, 0xa1]), "bad continuation")
    }
}
