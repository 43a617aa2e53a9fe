import FileSystem
import XCTest
@testable import WASIPreview1

/// Rights are advisory, as in wasmtime (Rights.swift): only FD_READ and FD_WRITE count, as path_open's access
/// mode, and fd_fdstat_get reports wasmtime's values.
final class RightsTests: XCTestCase {
    func rights(_ process: TestProcess, _ fd: UInt32) -> (Rights, Rights) {
        XCTAssertEqual(process.errno("fd_fdstat_get", UInt64(fd), 500), .success)
        return (Rights(rawValue: process.u64(508)), Rights(rawValue: process.u64(516)))
    }

    func testPreopenRightsAreWasmtimes() {
        let process = TestProcess()
        let (base, inheriting) = rights(process, 3)
        XCTAssertEqual(base.rawValue, 0x7b7_fe00)
        XCTAssertEqual(inheriting.rawValue, 0xff7_ffff)
        XCTAssertEqual(process.u8(500), FileType.directory.rawValue)
    }

    /// fd_fdstat_get writes all 24 bytes: the type, a zero, the flags, four zeros, then the two rights words.
    func testFdstatWritesEveryByteOfItsResult() throws {
        let process = TestProcess()
        process.file("f", "abc")
        let fd = try process.open("f", rights: [.fdRead])
        XCTAssertEqual(process.errno("fd_fdstat_set_flags", UInt64(fd), UInt64(FdFlags.append.rawValue)), .success)
        try process.memory.write([UInt8](repeating: 0xEE, count: 24), at: 500)
        let (base, inheriting) = rights(process, fd)
        XCTAssertEqual(process.bytes(500, 8), [FileType.regularFile.rawValue, 0, 1, 0, 0, 0, 0, 0])
        XCTAssertEqual(base, Rights.all.subtracting(.fdWrite))
        XCTAssertEqual(inheriting, base)
    }

    func testAccessModeComesFromReadAndWrite() throws {
        let process = TestProcess()
        process.file("f", "abc")
        let readOnly = try process.open("f", rights: [])
        XCTAssertEqual(rights(process, readOnly).0, Rights.all.subtracting(.fdWrite))
        XCTAssertEqual(process.read(readOnly, 1), Array("a".utf8))
        XCTAssertEqual(process.errno("fd_write", UInt64(readOnly), process.iovec(100, 1), 1, 0), .badDescriptor)
        XCTAssertEqual(process.errno("fd_filestat_set_size", UInt64(readOnly), 0), .invalid)
        XCTAssertEqual(process.errno("fd_allocate", UInt64(readOnly), 0, 10), .badDescriptor)
        let writeOnly = try process.open("f", rights: [.fdWrite])
        XCTAssertEqual(rights(process, writeOnly).1, Rights.all.subtracting([.fdRead, .fdReaddir]))
        XCTAssertEqual(process.errno("fd_read", UInt64(writeOnly), process.iovec(100, 1), 1, 0), .badDescriptor)
        XCTAssertEqual(process.write(writeOnly, "x"), 1)
        let both = try process.open("f", rights: [.fdRead, .fdWrite])
        XCTAssertEqual(rights(process, both).0, .all)
    }

    func testNoCallNeedsARight() throws {
        let process = TestProcess()
        process.file("f", "abc")
        let fd = try process.open("f", rights: [.fdRead])
        let file = UInt64(fd)
        XCTAssertEqual(process.errno("fd_seek", file, 1, 0, 0), .success)
        XCTAssertEqual(process.errno("fd_tell", file, 0), .success)
        XCTAssertEqual(process.errno("fd_filestat_get", file, 0), .success)
        XCTAssertEqual(process.errno("fd_sync", file), .success)
        XCTAssertEqual(process.errno("fd_datasync", file), .success)
        XCTAssertEqual(process.errno("fd_advise", file, 0, 0, 0), .success)
        XCTAssertEqual(process.errno("fd_fdstat_set_flags", file, 1), .success)
        XCTAssertEqual(process.errno("fd_filestat_set_times", file, 0, 0, 2), .success)
        let dir = try process.open(".", oflags: 2, rights: [])
        XCTAssertEqual(rights(process, dir).0, .directory)
        let (p, n) = process.put("made")
        XCTAssertEqual(process.errno("path_create_directory", UInt64(dir), p, n), .success)
        let (q, m) = process.put("made/new")
        XCTAssertEqual(process.errno("path_open", UInt64(dir), 0, q, m, 1, Rights.all.rawValue, Rights.all.rawValue, 0, 0),
                       .success, "more than the directory's inheriting rights")
    }

    func testSetRightsIsNotSupported() throws {
        let process = TestProcess()
        process.file("f", "")
        let fd = try process.open("f")
        XCTAssertEqual(process.errno("fd_fdstat_set_rights", UInt64(fd), 0, 0), .notSupported)
        XCTAssertEqual(process.errno("fd_fdstat_set_rights", 3, 0, 0), .notSupported)
        XCTAssertEqual(process.errno("fd_fdstat_set_rights", 1, 0, 0), .badDescriptor)
        XCTAssertEqual(process.errno("fd_fdstat_set_rights", 42, 0, 0), .badDescriptor)
        XCTAssertEqual(process.errno("fd_fdstat_set_rights", UInt64(fd), 1 << 30, 0), .invalid)
        let (p, n) = process.put("f")
        XCTAssertEqual(process.errno("path_open", 3, 0, p, n, 0, 0, 1 << 30, 0, 0), .invalid)
    }
}
