import FileSystem
import XCTest
@testable import WASIPreview1

final class FileFunctionTests: XCTestCase {
    func testWriteSeekReadRoundTrip() throws {
        let process = TestProcess()
        let fd = try process.open("new", oflags: 1)
        XCTAssertEqual(fd, 4)
        XCTAssertEqual(process.write(fd, "hello world"), 11)
        XCTAssertEqual(process.errno("fd_seek", UInt64(fd), UInt64(bitPattern: -5), 1, 16), .success)
        XCTAssertEqual(process.u64(16), 6)
        XCTAssertEqual(process.read(fd, 100), Array("world".utf8))
        XCTAssertEqual(process.read(fd, 100), [])
        XCTAssertEqual(process.errno("fd_tell", UInt64(fd), 16), .success)
        XCTAssertEqual(process.u64(16), 11)
        XCTAssertEqual(process.errno("fd_seek", UInt64(fd), UInt64(bitPattern: -12), 2, 16), .invalid)
        XCTAssertEqual(process.errno("fd_seek", UInt64(fd), 3, 2, 16), .success)
        XCTAssertEqual(process.u64(16), 14)
        XCTAssertEqual(process.errno("fd_seek", UInt64(fd), 0, 3, 16), .invalid)
    }

    func testOnlyTheFirstNonEmptyBufferMoves() throws {
        let process = TestProcess()
        process.file("f", "abcdef")
        let fd = try process.open("f")
        let a = process.put([UInt8](repeating: 0, count: 8)), b = process.put([UInt8](repeating: 0, count: 8))
        var list: [UInt8] = []
        for value: UInt32 in [a, 0, b, 2, a, 3] { withUnsafeBytes(of: value.littleEndian) { list += $0 } }
        let iovs = UInt64(process.put(list))
        XCTAssertEqual(process.errno("fd_read", UInt64(fd), iovs, 3, 0), .success)
        XCTAssertEqual(process.u32(0), 2)
        XCTAssertEqual(process.bytes(b, 2), Array("ab".utf8))
    }

    /// A list of one entry (read() and write()'s, which takes a shorter way) finds the same buffer, or the same
    /// error, as that entry followed by an empty one.
    func testAListOfOneIsCheckedAsALongerList() throws {
        let process = TestProcess(memorySize: 65536)
        process.file("f", "abcdef")
        let fd = UInt64(try process.open("f"))
        func pread(_ base: UInt32, _ length: UInt32, listAt list: UInt32, entries: UInt64) -> (Errno, UInt32) {
            try! process.memory.store(0xffff_ffff as UInt32, at: 0)
            try? process.memory.store(UInt64(length) << 32 | UInt64(base), at: list)
            if entries == 2 { try! process.memory.store(0 as UInt64, at: list + 8) }
            let errno = process.errno("fd_pread", fd, UInt64(list), entries, 0, 0)
            return (errno, process.u32(0))
        }
        let cases: [(base: UInt32, length: UInt32, list: UInt32, errno: Errno, read: UInt32)] = [
            (100, 4, 200, .success, 4), (65532, 4, 200, .success, 4), (70000, 0, 200, .success, 0),
            (65534, 4, 200, .fault, 0xffff_ffff), (100, 4, 65532, .fault, 0xffff_ffff)]
        for (base, length, list, errno, read) in cases {
            let one = pread(base, length, listAt: list, entries: 1)
            XCTAssertEqual(one.0, errno, "\(base), \(length) at \(list)")
            XCTAssertEqual(one.1, read, "\(base), \(length) at \(list)")
            if list + 16 <= 65536 {
                let two = pread(base, length, listAt: list, entries: 2)
                XCTAssertEqual(two.0, one.0, "\(base), \(length)")
                XCTAssertEqual(two.1, one.1, "\(base), \(length)")
            }
        }
        XCTAssertEqual(process.bytes(65532, 4), Array("abcd".utf8))
    }

    func testAppendWritesAtTheEndWhateverThePosition() throws {
        let process = TestProcess()
        process.file("log", "12")
        let fd = try process.open("log", fdflags: 1)
        XCTAssertEqual(process.write(fd, "34"), 2)
        XCTAssertEqual(process.errno("fd_seek", UInt64(fd), 0, 0, 16), .success)
        XCTAssertEqual(process.write(fd, "5"), 1)
        XCTAssertEqual(process.errno("fd_tell", UInt64(fd), 16), .success)
        XCTAssertEqual(process.u64(16), 5)
        let buffer = process.put(Array("6".utf8))
        XCTAssertEqual(process.errno("fd_pwrite", UInt64(fd), process.iovec(buffer, 1), 1, 0, 8), .success)
        let node = try Paths.resolve(Array("log".utf8), in: process.sandbox)
        XCTAssertEqual(try node.contents(), Array("123456".utf8))
    }

    func testPositionedIOLeavesThePositionAlone() throws {
        let process = TestProcess()
        process.file("f", "0123456789")
        let fd = try process.open("f")
        let buffer = process.put([UInt8](repeating: 0, count: 4))
        XCTAssertEqual(process.errno("fd_pread", UInt64(fd), process.iovec(buffer, 4), 1, 6, 8), .success)
        XCTAssertEqual(process.bytes(buffer, 4), Array("6789".utf8))
        XCTAssertEqual(process.errno("fd_pread", UInt64(fd), process.iovec(buffer, 4), 1, 100, 8), .success)
        XCTAssertEqual(process.u32(8), 0)
        XCTAssertEqual(process.errno("fd_tell", UInt64(fd), 16), .success)
        XCTAssertEqual(process.u64(16), 0)
    }

    func testStreamsCannotSeekAndDirectoriesCannotRead() throws {
        let process = TestProcess()
        XCTAssertEqual(process.errno("fd_seek", 1, 0, 0, 0), .invalidSeek)
        XCTAssertEqual(process.errno("fd_tell", 0, 0), .invalidSeek)
        XCTAssertEqual(process.errno("fd_pwrite", 2, process.iovec(0, 0), 1, 0, 0), .invalidSeek)
        XCTAssertEqual(process.errno("fd_pread", 0, process.iovec(0, 0), 1, 0, 0), .invalidSeek)
        XCTAssertEqual(process.errno("fd_read", 3, process.iovec(100, 4), 1, 0), .badDescriptor)
        XCTAssertEqual(process.errno("fd_write", 3, process.iovec(100, 4), 1, 0), .badDescriptor)
        XCTAssertEqual(process.errno("fd_seek", 3, 0, 0, 0), .badDescriptor)
        XCTAssertEqual(process.errno("fd_read", 1, process.iovec(100, 4), 1, 0), .badDescriptor)
        XCTAssertEqual(process.errno("fd_write", 0, process.iovec(100, 4), 1, 0), .badDescriptor)
        XCTAssertEqual(process.errno("fd_close", 77), .badDescriptor)
    }

    func testStandardStreams() {
        let process = TestProcess(stdin: Array("input".utf8))
        XCTAssertEqual(process.write(1, "out"), 3)
        XCTAssertEqual(process.write(2, "err"), 3)
        XCTAssertEqual(process.stdout, Array("out".utf8))
        XCTAssertEqual(process.stderr, Array("err".utf8))
        XCTAssertEqual(process.read(0, 3), Array("inp".utf8))
        XCTAssertEqual(process.read(0, 10), Array("ut".utf8))
        XCTAssertEqual(process.read(0, 10), [])
        XCTAssertEqual(process.errno("fd_fdstat_get", 1, 0), .success)
        XCTAssertEqual(process.u8(0), FileType.unknown.rawValue)
        XCTAssertEqual(process.u64(8), Rights.fdWrite.rawValue)
        XCTAssertEqual(process.errno("fd_filestat_get", 0, 64), .success)
        XCTAssertEqual(process.u8(64 + 16), FileType.unknown.rawValue)
        XCTAssertEqual(process.u64(64 + 24), 0)
    }

    func testFilestatDescribesTheNode() throws {
        let process = TestProcess()
        process.file("f", "abc")
        let node = try Paths.resolve(Array("f".utf8), in: process.sandbox)
        try node.setTimes(access: nil, modification: 42)
        let fd = try process.open("f", rights: [.fdRead, .fdFilestatGet])
        XCTAssertEqual(process.errno("fd_filestat_get", UInt64(fd), 64), .success)
        XCTAssertEqual(process.u64(64), 1)
        XCTAssertEqual(process.u64(72), node.serial)
        XCTAssertEqual(process.u8(80), FileType.regularFile.rawValue)
        XCTAssertEqual(process.u64(88), 1)
        XCTAssertEqual(process.u64(96), 3)
        XCTAssertEqual(process.u64(112), 42)
    }

    func testResizingAndAllocating() throws {
        let process = TestProcess()
        process.file("f", "abcdef")
        let fd = try process.open("f", rights: [.fdRead, .fdWrite, .fdFilestatSetSize, .fdAllocate])
        XCTAssertEqual(process.errno("fd_filestat_set_size", UInt64(fd), 2), .success)
        XCTAssertEqual(process.errno("fd_allocate", UInt64(fd), 4, 4), .success)
        let node = try Paths.resolve(Array("f".utf8), in: process.sandbox)
        XCTAssertEqual(try node.contents(), Array("ab".utf8) + [UInt8](repeating: 0, count: 6))
        XCTAssertEqual(process.errno("fd_allocate", UInt64(fd), 0, 0), .invalid)
        XCTAssertEqual(process.errno("fd_allocate", UInt64(fd), .max, 2), .fileTooBig)
        // A terabyte is a hole that costs nothing; only past off_t's range is too large, as on Linux.
        XCTAssertEqual(process.errno("fd_filestat_set_size", UInt64(fd), 1 << 40), .success)
        XCTAssertEqual(try node.attributes().size, 1 << 40)
        XCTAssertEqual(process.errno("fd_filestat_set_size", UInt64(fd), 1 << 63), .fileTooBig)
        let readOnly = try process.open("f", rights: [.fdRead, .fdFilestatSetSize])
        XCTAssertEqual(process.errno("fd_filestat_set_size", UInt64(readOnly), 0), .invalid)
    }

    func testTimesAreSetExactlyOrToNow() throws {
        let process = TestProcess()
        process.file("f", "")
        let fd = try process.open("f", rights: [.fdFilestatSetTimes])
        XCTAssertEqual(process.errno("fd_filestat_set_times", UInt64(fd), 5, 6, 1 | 4), .success)
        let node = try Paths.resolve(Array("f".utf8), in: process.sandbox)
        var attributes = try node.attributes()
        XCTAssertEqual([attributes.accessTime, attributes.modificationTime], [5, 6])
        XCTAssertEqual(process.errno("fd_filestat_set_times", UInt64(fd), 0, 0, 8), .success)
        attributes = try node.attributes()
        XCTAssertEqual([attributes.accessTime, attributes.modificationTime], [5, process.realtimeTime])
        XCTAssertEqual(process.errno("fd_filestat_set_times", UInt64(fd), 0, 0, 1 | 2), .invalid)
        XCTAssertEqual(process.errno("fd_filestat_set_times", UInt64(fd), 0, 0, 16), .invalid)
        XCTAssertEqual(process.errno("fd_filestat_set_times", 1, 0, 0, 2), .badDescriptor)
    }

    func testUnlinkedFileStaysUsableThroughItsDescriptor() throws {
        let process = TestProcess()
        process.file("f", "data")
        let fd = try process.open("f", rights: [.fdRead, .fdFilestatGet])
        let (path, length) = process.put("f")
        XCTAssertEqual(process.errno("path_unlink_file", 3, path, length), .success)
        XCTAssertEqual(process.read(fd, 10), Array("data".utf8))
        XCTAssertEqual(process.errno("fd_filestat_get", UInt64(fd), 64), .success)
        XCTAssertEqual(process.u64(88), 0, "no links left")
    }
}
