import FileSystem
import XCTest
@testable import WASIPreview1

final class PathFunctionTests: XCTestCase {
    func pathCall(_ process: TestProcess, _ name: String, _ path: String) -> Errno {
        let (p, n) = process.put(path)
        return process.errno(name, 3, p, n)
    }

    func testOpenFlags() throws {
        let process = TestProcess()
        process.file("f", "content")
        _ = try Paths.createDirectory(Array("d".utf8), in: process.sandbox)
        XCTAssertThrowsError(try process.open("missing")) { XCTAssertEqual($0 as? Errno, .noEntry) }
        XCTAssertThrowsError(try process.open("f", oflags: 1 | 4)) { XCTAssertEqual($0 as? Errno, .exists) }
        XCTAssertThrowsError(try process.open("f", oflags: 2)) { XCTAssertEqual($0 as? Errno, .notDirectory) }
        XCTAssertThrowsError(try process.open("f/")) { XCTAssertEqual($0 as? Errno, .notDirectory) }
        XCTAssertThrowsError(try process.open("d")) { XCTAssertEqual($0 as? Errno, .isDirectory) }
        XCTAssertThrowsError(try process.open("d", oflags: 2 | 1, rights: [])) { XCTAssertEqual($0 as? Errno, .invalid) }
        XCTAssertThrowsError(try process.open("new/", oflags: 1)) { XCTAssertEqual($0 as? Errno, .isDirectory) }
        XCTAssertThrowsError(try process.open("f", fdflags: 16)) { XCTAssertEqual($0 as? Errno, .notSupported) }
        XCTAssertThrowsError(try process.open("f", oflags: 16)) { XCTAssertEqual($0 as? Errno, .invalid) }
        XCTAssertNoThrow(try process.open("d", oflags: 2, rights: [.fdReaddir]))
        let fd = try process.open("f", oflags: 8)
        XCTAssertEqual(process.read(fd, 10), [], "O_TRUNC emptied the file")
    }

    func testOpenThroughSymlinks() throws {
        let process = TestProcess()
        process.file("f", "x")
        _ = try Paths.createSymlink(Array("l".utf8), target: Array("f".utf8), in: process.sandbox)
        _ = try Paths.createSymlink(Array("out".utf8), target: Array("../x".utf8), in: process.sandbox)
        XCTAssertEqual(process.read(try process.open("l"), 5), Array("x".utf8))
        XCTAssertThrowsError(try process.open("l", follow: false)) { XCTAssertEqual($0 as? Errno, .loop) }
        XCTAssertThrowsError(try process.open("l", oflags: 1 | 4)) { XCTAssertEqual($0 as? Errno, .exists) }
        XCTAssertThrowsError(try process.open("out")) { XCTAssertEqual($0 as? Errno, .notPermitted) }
    }

    func testCreatingThroughADanglingLinkCreatesItsTarget() throws {
        let process = TestProcess()
        let sub = try Paths.createDirectory(Array("sub".utf8), in: process.sandbox)
        _ = try Paths.createSymlink(Array("l".utf8), target: Array("../made".utf8), in: sub)
        _ = try Paths.createSymlink(Array("a".utf8), target: Array("b".utf8), in: process.sandbox)
        _ = try Paths.createSymlink(Array("b".utf8), target: Array("a".utf8), in: process.sandbox)
        _ = try Paths.createSymlink(Array("abs".utf8), target: Array("/x".utf8), in: process.sandbox)
        XCTAssertThrowsError(try process.open("sub/l")) { XCTAssertEqual($0 as? Errno, .noEntry) }
        let fd = try process.open("sub/l", oflags: 1)
        XCTAssertEqual(process.write(fd, "made"), 4)
        XCTAssertEqual(try Paths.resolve(Array("made".utf8), in: process.sandbox).contents(), Array("made".utf8))
        XCTAssertThrowsError(try process.open("a", oflags: 1)) { XCTAssertEqual($0 as? Errno, .loop) }
        XCTAssertThrowsError(try process.open("abs", oflags: 1)) { XCTAssertEqual($0 as? Errno, .notPermitted) }
    }

    func testSandboxEscapesAreNotPermitted() {
        let process = TestProcess()
        for path in ["..", "../x", "/etc", "a/../../x"] {
            let expected: Errno = path == "a/../../x" ? .noEntry : .notPermitted
            XCTAssertEqual(pathCall(process, "path_create_directory", path), expected, path)
            XCTAssertEqual(pathCall(process, "path_unlink_file", path), path == ".." ? .notPermitted : expected, path)
        }
        XCTAssertThrowsError(try process.open("../sandbox")) { XCTAssertEqual($0 as? Errno, .notPermitted) }
    }

    func testDirectoriesAndTheirErrors() throws {
        let process = TestProcess()
        process.file("f", "")
        XCTAssertEqual(pathCall(process, "path_create_directory", "d/"), .success)
        XCTAssertEqual(pathCall(process, "path_create_directory", "d"), .exists)
        XCTAssertEqual(pathCall(process, "path_create_directory", "."), .exists)
        XCTAssertEqual(pathCall(process, "path_create_directory", "f/x"), .notDirectory)
        XCTAssertEqual(pathCall(process, "path_create_directory", "d/e"), .success)
        XCTAssertEqual(pathCall(process, "path_remove_directory", "d"), .notEmpty)
        XCTAssertEqual(pathCall(process, "path_remove_directory", "f"), .notDirectory)
        XCTAssertEqual(pathCall(process, "path_remove_directory", "."), .invalid)
        XCTAssertEqual(pathCall(process, "path_remove_directory", "d/e/."), .invalid)
        XCTAssertEqual(pathCall(process, "path_unlink_file", "d"), .isDirectory)
        XCTAssertEqual(pathCall(process, "path_unlink_file", "f/"), .notDirectory)
        XCTAssertEqual(pathCall(process, "path_unlink_file", "d/"), .isDirectory)
        XCTAssertEqual(pathCall(process, "path_remove_directory", "d/e/"), .success)
        XCTAssertEqual(pathCall(process, "path_remove_directory", "d"), .success)
        XCTAssertEqual(pathCall(process, "path_unlink_file", "f"), .success)
        XCTAssertEqual(pathCall(process, "path_unlink_file", "f"), .noEntry)
        XCTAssertEqual(pathCall(process, "path_create_directory", ""), .noEntry)
    }

    func testRenameAndLink() throws {
        let process = TestProcess()
        process.file("a", "A")
        process.file("b", "B")
        _ = try Paths.createDirectory(Array("d".utf8), in: process.sandbox)
        func rename(_ from: String, _ to: String) -> Errno {
            let (p, n) = process.put(from), (q, m) = process.put(to)
            return process.errno("path_rename", 3, p, n, 3, q, m)
        }
        func link(_ from: String, _ to: String) -> Errno {
            let (p, n) = process.put(from), (q, m) = process.put(to)
            return process.errno("path_link", 3, 0, p, n, 3, q, m)
        }
        XCTAssertEqual(rename("a", "b"), .success)
        XCTAssertEqual(process.read(try process.open("b"), 5), Array("A".utf8))
        XCTAssertEqual(rename("b", "d"), .isDirectory)
        XCTAssertEqual(rename("d", "b"), .notDirectory)
        XCTAssertEqual(rename("d", "d/x"), .invalid)
        XCTAssertEqual(rename("b/", "c"), .notDirectory)
        XCTAssertEqual(rename("d/", "e/"), .success)
        XCTAssertEqual(rename("none", "x"), .noEntry)
        XCTAssertEqual(link("b", "c"), .success)
        XCTAssertEqual(link("b", "c"), .exists)
        XCTAssertEqual(link("e", "f"), .notPermitted)
        XCTAssertEqual(try Paths.resolve(Array("c".utf8), in: process.sandbox).attributes().linkCount, 2)
        XCTAssertEqual(rename("b", "../b"), .notPermitted)
        let (p, n) = process.put("b"), (q, m) = process.put("g")
        XCTAssertEqual(process.errno("path_link", 3, 1, p, n, 3, q, m), .invalid, "following is refused, as in wasmtime")
    }

    func testSymlinkAndReadlink() throws {
        let process = TestProcess()
        func symlink(_ target: String, _ path: String) -> Errno {
            let (t, n) = process.put(target), (p, m) = process.put(path)
            return process.errno("path_symlink", t, n, 3, p, m)
        }
        XCTAssertEqual(symlink("target/path", "l"), .success)
        XCTAssertEqual(symlink("x", "l"), .exists)
        XCTAssertEqual(symlink("/abs", "a"), .notPermitted)
        XCTAssertEqual(symlink("", "e"), .noEntry)
        let (p, n) = process.put("l")
        XCTAssertEqual(process.errno("path_readlink", 3, p, n, 100, 64, 0), .success)
        XCTAssertEqual(process.u32(0), 11)
        XCTAssertEqual(process.bytes(100, 11), Array("target/path".utf8))
        XCTAssertEqual(process.errno("path_readlink", 3, p, n, 200, 4, 0), .success)
        XCTAssertEqual(process.u32(0), 4)
        XCTAssertEqual(process.bytes(200, 5), Array("targ".utf8) + [0])
        process.file("f", "")
        let (f, fn) = process.put("f")
        XCTAssertEqual(process.errno("path_readlink", 3, f, fn, 100, 64, 0), .invalid)
        XCTAssertEqual(process.errno("path_filestat_get", 3, 0, p, n, 300), .success)
        XCTAssertEqual(process.u8(316), FileType.symbolicLink.rawValue)
        XCTAssertEqual(process.errno("path_filestat_get", 3, 1, p, n, 300), .noEntry)
        XCTAssertEqual(process.errno("path_filestat_get", 3, 2, p, n, 300), .invalid)
    }

    func testPathFunctionsNeedADirectory() throws {
        let process = TestProcess()
        process.file("f", "")
        let fd = try process.open("f")
        let (p, n) = process.put("x")
        XCTAssertEqual(process.errno("path_create_directory", UInt64(fd), p, n), .badDescriptor)
        XCTAssertEqual(process.errno("path_open", UInt64(fd), 0, p, n, 0, 0, 0, 0, 0), .notDirectory)
        XCTAssertEqual(process.errno("path_open", 1, 0, p, n, 0, 0, 0, 0, 0), .badDescriptor)
        XCTAssertEqual(process.errno("path_unlink_file", 99, p, n), .badDescriptor)
    }

    func testPreopenNames() {
        let process = TestProcess()
        XCTAssertEqual(process.errno("fd_prestat_get", 3, 0), .success)
        XCTAssertEqual([process.u8(0), process.u8(4)], [0, 8])
        XCTAssertEqual(process.errno("fd_prestat_dir_name", 3, 100, 7), .nameTooLong)
        XCTAssertEqual(process.errno("fd_prestat_dir_name", 3, 100, 8), .success)
        XCTAssertEqual(process.bytes(100, 8), Array("/sandbox".utf8))
        XCTAssertEqual(process.errno("fd_prestat_get", 1, 0), .badDescriptor)
        XCTAssertEqual(process.errno("fd_prestat_dir_name", 1, 100, 8), .notDirectory)
        XCTAssertEqual(process.errno("fd_prestat_dir_name", 9, 100, 8), .badDescriptor)
    }
}
