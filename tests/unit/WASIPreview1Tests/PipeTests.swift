import FileSystem
import XCTest
@testable import WASIPreview1

/// walos.pipe and the pipe descriptors through preview1's calls (docs/abi.md), on a host without processes.
final class PipeTests: XCTestCase {
    /// A new pipe's (read, write) descriptors.
    func pipe(_ process: TestProcess) -> (UInt32, UInt32) {
        XCTAssertEqual(process.errno("pipe", 16), .success)
        return (process.u32(16), process.u32(20))
    }

    func testBytesComeOutInOrderThenEndOfFileWithoutWriters() {
        let process = TestProcess()
        let (reader, writer) = pipe(process)
        XCTAssertEqual(process.write(writer, "hello, "), 7)
        XCTAssertEqual(process.write(writer, "pipe"), 4)
        XCTAssertEqual(process.read(reader, 5), Array("hello".utf8))
        XCTAssertEqual(process.read(reader, 64), Array(", pipe".utf8))
        XCTAssertEqual(process.errno("fd_close", UInt64(writer)), .success)
        XCTAssertEqual(process.read(reader, 64), [])
    }

    /// A write to an empty pipe whose reader waits goes into the reader's buffer, as much as fits; the rest
    /// waits in the pipe.
    func testAWriteFillsAWaitingReadDirectly() {
        let process = TestProcess()
        let (reader, writer) = pipe(process)
        let pipe = try! process.context.descriptors.pipeEnd(reader)!.end.takeUnretainedValue().pipe
        process.whileBlocked = {
            XCTAssertEqual(process.write(writer, "hello, pipe"), 11)
            XCTAssertEqual(pipe.count, 6)
        }
        XCTAssertEqual(process.read(reader, 5), Array("hello".utf8))
        XCTAssertNil(process.whileBlocked)
        XCTAssertEqual(process.read(reader, 64), Array(", pipe".utf8))
    }

    func testWriteWithoutReaderIsEPIPE() {
        let process = TestProcess()
        let (reader, writer) = pipe(process)
        XCTAssertEqual(process.errno("fd_close", UInt64(reader)), .success)
        let buffer = process.put(Array("x".utf8))
        XCTAssertEqual(process.errno("fd_write", UInt64(writer), process.iovec(buffer, 1), 1, 8), .brokenPipe)
    }

    func testNonBlockingEndsAreEAGAINWhenEmptyOrFull() {
        let process = TestProcess(memorySize: 4 * 65536)
        let (reader, writer) = pipe(process)
        for fd in [reader, writer] { XCTAssertEqual(process.errno("fd_fdstat_set_flags", UInt64(fd), 4), .success) }
        let buffer = process.put([UInt8](repeating: 7, count: 70_000))
        XCTAssertEqual(process.errno("fd_read", UInt64(reader), process.iovec(buffer, 4), 1, 8), .again)
        XCTAssertEqual(process.errno("fd_write", UInt64(writer), process.iovec(buffer, 70_000), 1, 8), .success)
        XCTAssertEqual(process.u32(8), UInt32(Pipe.capacity))
        XCTAssertEqual(process.errno("fd_write", UInt64(writer), process.iovec(buffer, 1), 1, 8), .again)
        // A ring that wraps: half out, half in again, all of it back in order.
        XCTAssertEqual(process.read(reader, 40_000).count, 40_000)
        XCTAssertEqual(process.errno("fd_write", UInt64(writer), process.iovec(buffer, 30_000), 1, 8), .success)
        XCTAssertEqual(process.read(reader, 65_536).count, 65_536 - 40_000 + 30_000)
    }

    func testPipesAreNotSeekableAndWrongEndsAreEBADF() {
        let process = TestProcess()
        let (reader, writer) = pipe(process)
        XCTAssertEqual(process.errno("fd_seek", UInt64(reader), 0, 0, 8), .invalidSeek)
        XCTAssertEqual(process.errno("fd_read", UInt64(writer), process.iovec(100, 4), 1, 8), .badDescriptor)
        XCTAssertEqual(process.errno("fd_write", UInt64(reader), process.iovec(100, 4), 1, 8), .badDescriptor)
        XCTAssertEqual(process.errno("pipe", 0xFFFF_FFFC), .fault)
    }

    func testPollSeesDataAndHangup() {
        let process = TestProcess()
        let (reader, writer) = pipe(process)
        _ = process.write(writer, "abc")
        // One fd_read subscription (48 bytes): userdata, type 1, the descriptor at offset 16.
        var subscription = [UInt8](repeating: 0, count: 48)
        subscription[8] = 1
        subscription[16] = UInt8(reader)
        let input = process.put(subscription)
        let events = process.put([UInt8](repeating: 0, count: 32))
        XCTAssertEqual(process.errno("poll_oneoff", UInt64(input), UInt64(events), 1, 8), .success)
        XCTAssertEqual(process.u32(8), 1)
        XCTAssertEqual(process.u64(events + 16), 3)
        XCTAssertEqual(process.u16(events + 24), 0)
        XCTAssertEqual(process.errno("fd_close", UInt64(writer)), .success)
        XCTAssertEqual(process.errno("poll_oneoff", UInt64(input), UInt64(events), 1, 8), .success)
        XCTAssertEqual(process.u16(events + 24), 1)
    }

    func testPipeMemoryIsChargedWithinLimits() throws {
        let system = MemoryAccount(limit: 3 * Pipe.capacity)
        let process = MemoryAccount(limit: 2 * Pipe.capacity, parent: system)
        var pipes = [try Pipe.make(chargedTo: process), try Pipe.make(chargedTo: process)]
        XCTAssertThrowsError(try Pipe.make(chargedTo: process)) { XCTAssertEqual($0 as? Errno, .noMemory) }
        XCTAssertEqual(system.bytes, 2 * Pipe.capacity)
        pipes.removeAll()
        XCTAssertEqual(process.bytes, 0)
        XCTAssertEqual(system.bytes, 0)
    }

    func testProcessCallsNeedAHostWithProcesses() {
        let process = TestProcess()
        XCTAssertEqual(process.errno("spawn", 0, 8), .noSystemCall)
        XCTAssertEqual(process.errno("wait", 0xFFFF_FFFF, 0, 0, 0, 0), .noSystemCall)
        XCTAssertEqual(process.errno("kill", 2), .noSystemCall)
        XCTAssertEqual(process.errno("list", 0, 0, 8), .noSystemCall)
        XCTAssertEqual(process.errno("self", 0, 4), .noSystemCall)
        XCTAssertEqual(process.errno("memory_info", 8), .noSystemCall)
    }
}
