import FileSystem
import XCTest
@testable import WASIPreview1

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

    func testRightsCanOnlyBeDropped() throws {
        let process = TestProcess()
        process.file("f", "abc")
        let fd = try process.open("f")
        XCTAssertEqual(process.errno("fd_fdstat_set_rights", UInt64(fd), Rights.fdWrite.rawValue, 0), .success)
        XCTAssertEqual(rights(process, fd).0, .fdWrite)
        XCTAssertEqual(process.errno("fd_fdstat_set_rights", UInt64(fd), Rights([.fdWrite, .fdRead]).rawValue, 0),
                       .notCapable)
        XCTAssertEqual(process.errno("fd_fdstat_set_rights", UInt64(fd), 0, Rights.fdRead.rawValue), .notCapable)
        XCTAssertEqual(process.errno("fd_seek", UInt64(fd), 1, 0, 0), .notCapable)
        XCTAssertEqual(process.errno("fd_tell", UInt64(fd), 0), .notCapable)
        XCTAssertEqual(process.errno("fd_read", UInt64(fd), process.iovec(100, 1), 1, 0), .badDescriptor)
        XCTAssertEqual(process.write(fd, "x"), 1)
        XCTAssertEqual(process.errno("fd_fdstat_set_rights", 42, 0, 0), .badDescriptor)
    }

    func testOpenedRightsAreBoundedByInheritingRightsAndType() throws {
        let process = TestProcess()
        process.file("f", "")
        let dir = try process.open(".", oflags: 2, rights: [.pathOpen, .fdRead])
        let (base, inheriting) = rights(process, dir)
        XCTAssertEqual(base, [.pathOpen, .fdRead])
        XCTAssertEqual(inheriting, [.pathOpen, .fdRead])
        let (p, n) = process.put("f")
        XCTAssertEqual(process.errno("path_open", UInt64(dir), 0, p, n, 0, Rights.fdWrite.rawValue, 0, 0, 0), .notCapable)
        XCTAssertEqual(process.errno("path_open", UInt64(dir), 0, p, n, 0, Rights([.fdRead, .pathOpen]).rawValue, 0, 0, 0),
                       .success)
        XCTAssertEqual(rights(process, process.u32(0)).0, .fdRead, "a file gets no directory rights")
        XCTAssertEqual(process.errno("path_open", UInt64(dir), 0, p, n, 1, 0, 0, 0, 0), .notCapable,
                       "creating needs path_create_file")
    }

    func testEveryOperationChecksItsRight() throws {
        let process = TestProcess()
        process.file("f", "abc")
        let fd = try process.open("f", rights: [.fdRead, .fdWrite])
        XCTAssertEqual(process.errno("fd_filestat_get", UInt64(fd), 0), .notCapable)
        XCTAssertEqual(process.errno("fd_sync", UInt64(fd)), .notCapable)
        XCTAssertEqual(process.errno("fd_datasync", UInt64(fd)), .notCapable)
        XCTAssertEqual(process.errno("fd_advise", UInt64(fd), 0, 0, 0), .notCapable)
        XCTAssertEqual(process.errno("fd_allocate", UInt64(fd), 0, 1), .notCapable)
        XCTAssertEqual(process.errno("fd_fdstat_set_flags", UInt64(fd), 1), .notCapable)
        XCTAssertEqual(process.errno("fd_filestat_set_times", UInt64(fd), 0, 0, 2), .notCapable)
        XCTAssertEqual(process.errno("fd_filestat_set_size", UInt64(fd), 0), .notCapable)
        XCTAssertEqual(process.errno("fd_fdstat_set_rights", 3, Rights.fdReaddir.rawValue, 0), .success)
        let (p, n) = process.put("x")
        for name in ["path_create_directory", "path_remove_directory", "path_unlink_file"] {
            XCTAssertEqual(process.errno(name, 3, p, n), .notCapable, name)
        }
        XCTAssertEqual(process.errno("path_filestat_get", 3, 0, p, n, 0), .notCapable)
        XCTAssertEqual(process.errno("path_readlink", 3, p, n, 0, 0, 0), .notCapable)
        XCTAssertEqual(process.errno("path_symlink", p, n, 3, p, n), .notCapable)
        XCTAssertEqual(process.errno("path_open", 3, 0, p, n, 0, 0, 0, 0, 0), .notCapable)
        XCTAssertEqual(process.errno("fd_readdir", 3, 100, 100, 0, 0), .success)
    }
}
