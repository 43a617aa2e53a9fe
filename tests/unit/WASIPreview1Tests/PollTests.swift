import FileSystem
import XCTest
@testable import WASIPreview1

final class PollTests: XCTestCase {
    /// Writes subscriptions at 2000 and polls with events at 3000; returns the errno.
    func poll(_ process: TestProcess, _ subscriptions: [[UInt8]]) -> Errno {
        var bytes: [UInt8] = []
        for subscription in subscriptions { bytes += subscription }
        try! process.memory.write(bytes, at: 2000)
        return process.errno("poll_oneoff", 2000, 3000, UInt64(subscriptions.count), 0)
    }

    func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

    func clock(_ userdata: UInt64, id: UInt32 = 1, timeout: UInt64, absolute: Bool = false) -> [UInt8] {
        le(userdata) + [0] + [UInt8](repeating: 0, count: 7) + le(id) + [0, 0, 0, 0] + le(timeout) + le(UInt64(0))
            + le(UInt16(absolute ? 1 : 0)) + [UInt8](repeating: 0, count: 6)
    }

    func fd(_ userdata: UInt64, type: UInt8, fd: UInt32) -> [UInt8] {
        le(userdata) + [type] + [UInt8](repeating: 0, count: 7) + le(fd) + [UInt8](repeating: 0, count: 28)
    }

    func event(_ process: TestProcess, _ index: UInt32) -> (userdata: UInt64, error: UInt16, type: UInt8, nbytes: UInt64, flags: UInt16) {
        let at = 3000 + 32 * index
        return (process.u64(at), process.u16(at + 8), process.u8(at + 10), process.u64(at + 16), process.u16(at + 24))
    }

    func testRelativeClockSleepsItsTimeout() {
        let process = TestProcess()
        XCTAssertEqual(poll(process, [clock(7, timeout: 5_000_000)]), .success)
        XCTAssertEqual(process.u32(0), 1)
        XCTAssertEqual(process.monotonicTime, 1_000 + 5_000_000)
        XCTAssertEqual(event(process, 0).userdata, 7)
        XCTAssertEqual(event(process, 0).type, EventType.clock.rawValue)
    }

    func testOnlyTheEarliestOfSeveralClocksFires() {
        let process = TestProcess()
        XCTAssertEqual(poll(process, [clock(1, timeout: 9_000), clock(2, timeout: 3_000), clock(3, timeout: 3_000)]), .success)
        XCTAssertEqual(process.u32(0), 2)
        XCTAssertEqual([event(process, 0).userdata, event(process, 1).userdata], [2, 3])
        XCTAssertEqual(process.sleeps, [3_000])
    }

    func testAbsoluteClocks() {
        let process = TestProcess()
        XCTAssertEqual(poll(process, [clock(1, timeout: 50_000, absolute: true)]), .success)
        XCTAssertEqual(process.monotonicTime, 50_000)
        XCTAssertEqual(poll(process, [clock(1, timeout: 10, absolute: true)]), .success, "a deadline in the past")
        XCTAssertEqual(process.sleeps, [49_000])
        XCTAssertEqual(poll(process, [clock(1, id: 0, timeout: process.realtimeTime + 700, absolute: true)]), .success)
        XCTAssertEqual(process.sleeps.last, 700)
        XCTAssertEqual(poll(process, [clock(1, id: 2, timeout: 1, absolute: true)]), .invalid)
        XCTAssertEqual(poll(process, [clock(1, id: 7, timeout: 1)]), .invalid)
    }

    func testFilesAreAlwaysReadyAndReportTheirEnd() throws {
        let process = TestProcess()
        process.file("f", "ab")
        let file = try process.open("f")
        XCTAssertEqual(poll(process, [clock(1, timeout: 1_000_000), fd(2, type: 1, fd: file), fd(3, type: 2, fd: file)]), .success)
        XCTAssertEqual(process.u32(0), 2)
        XCTAssertEqual(event(process, 0).userdata, 2)
        XCTAssertEqual(event(process, 0).nbytes, 1)
        XCTAssertEqual(event(process, 0).flags, 0)
        XCTAssertEqual(event(process, 1).type, EventType.fdWrite.rawValue)
        XCTAssertTrue(process.sleeps.isEmpty)
        _ = process.read(file, 10)
        XCTAssertEqual(poll(process, [fd(4, type: 1, fd: file)]), .success)
        XCTAssertEqual(event(process, 0).flags, 1, "at the end of the file: hangup")
    }

    /// Gives the process a host whose stdin readiness, sleep and stopping are the test's.
    func replaceWaiting(_ process: TestProcess, stdinReady: @escaping () -> Bool, sleep: @escaping (UInt64) -> Void,
                        isStopping: @escaping () -> Bool = { false }) {
        let original = process.context.host
        let host = WASIHost(
            realtime: original.realtime, monotonic: original.monotonic, processCPUTime: original.processCPUTime,
            threadCPUTime: original.threadCPUTime, random: original.random, readStdin: original.readStdin,
            stdinReady: stdinReady, writeStdout: original.writeStdout, writeStderr: original.writeStderr,
            sleep: sleep, isStopping: isStopping)
        process.context = WASIContext(arguments: [], environment: [], fileSystem: process.fileSystem, host: host)
    }

    func testStdinIsReadyWhenInputArrives() {
        let process = TestProcess()
        var waits = 0
        replaceWaiting(process, stdinReady: { waits >= 3 }, sleep: { _ in waits += 1 })
        XCTAssertEqual(poll(process, [fd(9, type: 1, fd: 0)]), .success)
        XCTAssertEqual(waits, 3)
        XCTAssertEqual(event(process, 0).userdata, 9)
        XCTAssertEqual(event(process, 0).type, EventType.fdRead.rawValue)
    }

    func testStoppingEndsTheWait() {
        let process = TestProcess()
        var waits = 0
        replaceWaiting(process, stdinReady: { false }, sleep: { _ in waits += 1 }, isStopping: { waits >= 2 })
        XCTAssertEqual(poll(process, [fd(9, type: 1, fd: 0), clock(1, timeout: UInt64.max)]), .interrupted)
        XCTAssertEqual(waits, 2)
        let list = process.iovec(process.put([UInt8](repeating: 0, count: 4)), 4)
        XCTAssertEqual(process.errno("fd_read", 0, list, 1, 8), .interrupted,
                       "a read of stdin cut short: EINTR, not the end of input")
    }

    func testErrors() {
        let process = TestProcess()
        XCTAssertEqual(process.errno("poll_oneoff", 2000, 3000, 0, 0), .invalid)
        XCTAssertEqual(poll(process, [clock(1, timeout: 0), fd(2, type: 1, fd: 99)]), .badDescriptor)
        XCTAssertEqual(poll(process, [fd(2, type: 1, fd: 3)]), .badDescriptor)
        XCTAssertEqual(poll(process, [fd(2, type: 1, fd: 1)]), .badDescriptor)
        XCTAssertEqual(poll(process, [fd(2, type: 2, fd: 0)]), .badDescriptor)
        XCTAssertEqual(poll(process, [fd(2, type: 3, fd: 0)]), .invalid)
        XCTAssertEqual(process.errno("poll_oneoff", 65500, 3000, 1, 0), .fault)
        XCTAssertEqual(process.errno("poll_oneoff", 2000, 65530, 1, 0), .fault)
        XCTAssertEqual(process.errno("poll_oneoff", 2000, 3000, 0x1000_0000, 0), .fault)
    }

    /// The kernel's copy of a subscription list is charged to the process: a list of 100,000 (4.8 MB in the
    /// guest's memory) does not fit the default account and is ENOMEM, one of 10,000 does, and either way the
    /// charge is given back when the call returns.
    func testLongListsAreChargedToTheProcess() throws {
        let process = TestProcess(memorySize: 16 << 20)
        let ready = clock(1, timeout: 0)
        let held = process.context.kernelMemory.bytes  // its descriptors'
        for (count, expected) in [(100_000, Errno.noMemory), (10_000, .success)] {
            try process.memory.write([UInt8]((0..<count).lazy.flatMap { _ in ready }), at: 1 << 20)
            XCTAssertEqual(process.errno("poll_oneoff", 1 << 20, 8 << 20, UInt64(count), 0), expected)
            XCTAssertEqual(process.context.kernelMemory.bytes, held)
        }
        XCTAssertEqual(process.u32(0), 10_000)
    }
}
