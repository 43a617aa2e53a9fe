import XCTest
@testable import WASIPreview1

/// A screen of 8 x 4 pixels that records what reaches it; ownership as the kernel keeps it, for two callers.
final class FakeScreen {
    let width: UInt32 = 8, height: UInt32 = 4
    var owner: UInt32 = 0
    var pixels: [UInt32]
    var presents = 0

    init() { pixels = [UInt32](repeating: 0xDEAD, count: 32) }

    func services(for pid: UInt32) -> DisplayServices {
        DisplayServices(
            info: { DisplayInfo(width: self.width, height: self.height, owner: self.owner) },
            acquire: { () throws(Errno) in
                guard self.owner == 0 || self.owner == pid else { throw .busy }
                self.owner = pid
            },
            release: { () throws(Errno) in
                guard self.owner == pid else { throw .notPermitted }
                self.owner = 0
            },
            present: { rectangle throws(Errno) in
                guard self.owner == pid else { throw .notPermitted }
                self.presents += 1
                for row in 0..<rectangle.height {
                    for column in 0..<rectangle.width {
                        let value = rectangle.pixels.loadUnaligned(fromByteOffset: row * rectangle.stride + column * 4,
                                                                   as: UInt32.self)
                        self.pixels[(rectangle.y + row) * Int(self.width) + rectangle.x + column] = UInt32(littleEndian: value)
                    }
                }
            })
    }
}

final class DisplayFunctionTests: XCTestCase {
    func testWithoutAScreenEveryCallIsNoDevice() {
        let process = TestProcess()
        XCTAssertEqual(process.errno("display_info", 0), .noDevice)
        XCTAssertEqual(process.errno("display_acquire"), .noDevice)
        XCTAssertEqual(process.errno("display_present", 0, 32, 0, 0, 1, 1), .noDevice)
        XCTAssertEqual(process.errno("display_release"), .noDevice)
    }

    func testInfoGivesSizeFormatAndOwner() {
        let screen = FakeScreen()
        let process = TestProcess(display: screen.services(for: 7))
        try! process.memory.write([UInt8](repeating: 0xAA, count: 20), at: 100)
        XCTAssertEqual(process.errno("display_info", 100), .success)
        XCTAssertEqual([process.u32(100), process.u32(104), process.u32(108), process.u32(112)], [8, 4, 0, 0])
        XCTAssertEqual(process.u32(116), 0xAAAA_AAAA)
        XCTAssertEqual(process.errno("display_acquire"), .success)
        XCTAssertEqual(process.errno("display_info", 100), .success)
        XCTAssertEqual(process.u32(112), 7)
        XCTAssertEqual(process.errno("display_info", 65536 - 15), .fault)
    }

    func testOneOwnerAtATime() {
        let screen = FakeScreen()
        let first = TestProcess(display: screen.services(for: 1))
        let second = TestProcess(display: screen.services(for: 2))
        XCTAssertEqual(second.errno("display_release"), .notPermitted)
        XCTAssertEqual(first.errno("display_acquire"), .success)
        XCTAssertEqual(first.errno("display_acquire"), .success)
        XCTAssertEqual(second.errno("display_acquire"), .busy)
        XCTAssertEqual(second.errno("display_present", 0, 32, 0, 0, 1, 1), .notPermitted)
        XCTAssertEqual(second.errno("display_release"), .notPermitted)
        XCTAssertEqual(first.errno("display_release"), .success)
        XCTAssertEqual(first.errno("display_present", 0, 32, 0, 0, 1, 1), .notPermitted)
        XCTAssertEqual(second.errno("display_acquire"), .success)
        XCTAssertEqual(screen.presents, 0)
    }

    /// A 3 x 2 rectangle with a stride of 5 pixels lands at (4, 1), and nothing else changes.
    func testPresentCopiesTheRectangleRowByRow() {
        let screen = FakeScreen()
        let process = TestProcess(display: screen.services(for: 1))
        var bytes: [UInt8] = []
        for value in UInt32(0)..<10 { bytes += withUnsafeBytes(of: (0x100 + value).littleEndian) { Array($0) } }
        try! process.memory.write(bytes, at: 2001)
        XCTAssertEqual(process.errno("display_acquire"), .success)
        XCTAssertEqual(process.errno("display_present", 2001, 20, 4, 1, 3, 2), .success)
        var expected = [UInt32](repeating: 0xDEAD, count: 32)
        for (index, value) in [0x100, 0x101, 0x102].enumerated() { expected[8 + 4 + index] = UInt32(value) }
        for (index, value) in [0x105, 0x106, 0x107].enumerated() { expected[16 + 4 + index] = UInt32(value) }
        XCTAssertEqual(screen.pixels, expected)
    }

    func testRectanglesOutsideTheScreenAreInvalid() {
        let screen = FakeScreen()
        let process = TestProcess(display: screen.services(for: 1))
        XCTAssertEqual(process.errno("display_acquire"), .success)
        for (x, y, width, height) in [(0, 0, 9, 1), (0, 0, 1, 5), (8, 0, 1, 1), (0, 4, 1, 1), (7, 3, 2, 1),
                                      (0xFFFF_FFFF, 0, 2, 1), (0, 0xFFFF_FFFF, 1, 2), (1, 0, 0xFFFF_FFFF, 1)] {
            XCTAssertEqual(process.errno("display_present", 0, 64, UInt64(x), UInt64(y), UInt64(width), UInt64(height)),
                           .invalid, "\((x, y, width, height))")
        }
        XCTAssertEqual(process.errno("display_present", 0, 11, 0, 0, 3, 1), .invalid, "a stride shorter than a row")
        XCTAssertEqual(process.errno("display_present", 0, 32, 0, 0, 8, 4), .success, "the whole screen")
        XCTAssertEqual(process.errno("display_present", 0, 0, 8, 4, 0, 0), .success, "an empty rectangle")
        XCTAssertEqual(screen.presents, 2)
    }

    func testRowsOutsideMemoryFault() {
        let screen = FakeScreen()
        let process = TestProcess(memorySize: 65536, display: screen.services(for: 1))
        XCTAssertEqual(process.errno("display_acquire"), .success)
        // The last row ends exactly at the end of memory: fine; one byte further is not.
        XCTAssertEqual(process.errno("display_present", 65536 - 1000 - 32, 1000, 0, 0, 8, 2), .success)
        XCTAssertEqual(process.errno("display_present", 65536 - 1000 - 31, 1000, 0, 0, 8, 2), .fault)
        XCTAssertEqual(process.errno("display_present", 0xFFFF_FFFC, 32, 0, 0, 1, 1), .fault)
        XCTAssertEqual(process.errno("display_present", 0, 0xFFFF_FFFF, 0, 0, 1, 4), .fault, "rows past 4 GiB")
        XCTAssertEqual(screen.presents, 1)
    }
}
