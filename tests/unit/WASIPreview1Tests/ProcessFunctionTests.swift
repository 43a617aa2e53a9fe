import XCTest
@testable import WASIPreview1

final class ProcessFunctionTests: XCTestCase {
    func testArgumentsAreLaidOutAsPointersAndTerminatedStrings() {
        let process = TestProcess(arguments: ["prog", "", "ü"])
        XCTAssertEqual(process.errno("args_sizes_get", 0, 4), .success)
        XCTAssertEqual(process.u32(0), 3)
        XCTAssertEqual(process.u32(4), 5 + 1 + 3)
        XCTAssertEqual(process.errno("args_get", 100, 200), .success)
        XCTAssertEqual([process.u32(100), process.u32(104), process.u32(108)], [200, 205, 206])
        XCTAssertEqual(process.bytes(200, 9), Array("prog".utf8) + [0, 0] + Array("ü".utf8) + [0])
    }

    func testEnvironmentEntries() {
        let process = TestProcess(environment: ["A=1", "EMPTY="])
        XCTAssertEqual(process.errno("environ_sizes_get", 0, 4), .success)
        XCTAssertEqual([process.u32(0), process.u32(4)], [2, 11])
        XCTAssertEqual(process.errno("environ_get", 100, 200), .success)
        XCTAssertEqual(process.bytes(200, 11), Array("A=1\0EMPTY=\0".utf8))
    }

    func testStringsThatDoNotFitFault() {
        let process = TestProcess(memorySize: 256, arguments: ["a-long-argument"])
        XCTAssertEqual(process.errno("args_get", 0, 250), .fault)
        XCTAssertEqual(process.errno("args_get", 254, 100), .fault)
        XCTAssertEqual(process.errno("args_sizes_get", 0, 253), .fault)
    }

    func testClocksComeFromTheHost() {
        let process = TestProcess()
        XCTAssertEqual(process.errno("clock_time_get", 0, 0, 0), .success)
        XCTAssertEqual(process.u64(0), process.realtimeTime)
        XCTAssertEqual(process.errno("clock_time_get", 1, 0, 0), .success)
        XCTAssertEqual(process.u64(0), 1_000)
        XCTAssertEqual(process.errno("clock_time_get", 2, 0, 0), .success)
        XCTAssertEqual(process.u64(0), 11)
        XCTAssertEqual(process.errno("clock_time_get", 3, 0, 0), .success)
        XCTAssertEqual(process.u64(0), 7)
        XCTAssertEqual(process.errno("clock_res_get", 1, 8), .success)
        XCTAssertEqual(process.u64(8), 1)
        XCTAssertEqual(process.errno("clock_time_get", 4, 0, 0), .invalid)
        XCTAssertEqual(process.errno("clock_res_get", 0xffff_ffff, 0), .invalid)
        XCTAssertEqual(process.errno("clock_time_get", 0, 0, 65535), .fault)
    }

    func testRandomFillsExactlyTheBuffer() {
        let process = TestProcess()
        XCTAssertEqual(process.errno("random_get", 101, 4), .success)
        XCTAssertEqual(process.bytes(100, 6), [0, 1, 38, 75, 112, 0])
        XCTAssertEqual(process.errno("random_get", 65534, 4), .fault)
        XCTAssertEqual(process.errno("random_get", 0, 0), .success)
    }
}
