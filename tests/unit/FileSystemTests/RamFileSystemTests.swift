import FileSystem
import XCTest

private func b(_ s: String) -> [UInt8] { Array(s.utf8) }

final class RamFileSystemTests: XCTestCase {
    var time: UInt64 = 1000
    lazy var fs = RamFileSystem(capacity: 1 << 20, clock: { [unowned self] in self.time })

    private func write(_ node: Node, _ text: String, at offset: UInt64 = 0) throws {
        _ = try Array(text.utf8).withUnsafeBytes { try fs.write(node, at: offset, from: $0) }
    }

    private func contents(_ node: Node) -> String {
        var buffer = [UInt8](repeating: 0, count: Int(node.size))
        let n = buffer.withUnsafeMutableBytes { fs.read(node, at: 0, into: $0) }
        return String(decoding: buffer[..<n], as: UTF8.self)
    }

    func testCreateWriteReadAndResolve() throws {
        let dir = try fs.createDirectory(b("etc"), in: fs.root)
        let file = try fs.createFile(b("motd"), in: dir)
        try write(file, "hello")
        try write(file, "!!", at: 7)
        XCTAssertEqual(Array(file.data), b("hello") + [0, 0] + b("!!"))
        XCTAssertTrue(try fs.resolve(b("etc/motd"), in: fs.root) === file)
        XCTAssertTrue(try fs.resolve(b("./etc/../etc//motd"), in: fs.root) === file)
        XCTAssertTrue(try fs.resolve(b("etc/"), in: fs.root) === dir)
        XCTAssertThrowsError(try fs.resolve(b("etc/motd/"), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .notDirectory) }
        XCTAssertThrowsError(try fs.resolve(b("etc/none"), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .notFound) }
        XCTAssertEqual(fs.bytesUsed, 9)
    }

    func testSandboxCannotBeLeft() throws {
        let home = try fs.createDirectory(b("home"), in: fs.root)
        _ = try fs.createFile(b("secret"), in: fs.root)
        _ = try fs.createFile(b("mine"), in: home)
        for path in ["../secret", "/secret", "a/../../secret", "..", "./.."] {
            XCTAssertThrowsError(try fs.resolve(b(path), in: home), path) {
                XCTAssertEqual($0 as? FileSystemError, path.hasPrefix("a/") ? .notFound : .notCapable, path)
            }
        }
        _ = try fs.createSymlink(b("up"), target: b("../secret"), in: home)
        _ = try fs.createSymlink(b("abs"), target: b("/secret"), in: home)
        _ = try fs.createSymlink(b("self"), target: b("./mine"), in: home)
        XCTAssertThrowsError(try fs.resolve(b("up"), in: home)) { XCTAssertEqual($0 as? FileSystemError, .notCapable) }
        XCTAssertThrowsError(try fs.resolve(b("abs"), in: home)) { XCTAssertEqual($0 as? FileSystemError, .notCapable) }
        XCTAssertEqual(try fs.resolve(b("self"), in: home).kind, .file)
        XCTAssertEqual(try fs.resolve(b("self"), in: home, followLast: false).kind, .symlink)
        // From the root, the same link stays inside and works.
        XCTAssertEqual(try fs.resolve(b("home/up"), in: fs.root).kind, .file)
    }

    func testSymlinkLoopsAndDirectoryLinks() throws {
        _ = try fs.createSymlink(b("a"), target: b("b"), in: fs.root)
        _ = try fs.createSymlink(b("b"), target: b("a"), in: fs.root)
        XCTAssertThrowsError(try fs.resolve(b("a"), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .loop) }
        let d = try fs.createDirectory(b("d"), in: fs.root)
        _ = try fs.createFile(b("f"), in: d)
        _ = try fs.createSymlink(b("dl"), target: b("d"), in: fs.root)
        XCTAssertEqual(try fs.resolve(b("dl/f"), in: fs.root).kind, .file)
        XCTAssertThrowsError(try fs.link(d, as: b("hard"), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .notPermitted) }
    }

    func testUnlinkRenameAndLinkCounts() throws {
        let d = try fs.createDirectory(b("d"), in: fs.root)
        let f = try fs.createFile(b("f"), in: d)
        try write(f, "data")
        try fs.link(f, as: b("g"), in: fs.root)
        XCTAssertEqual(f.linkCount, 2)
        XCTAssertThrowsError(try fs.removeDirectory(b("d"), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .notEmpty) }
        XCTAssertThrowsError(try fs.unlink(b("d"), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .isDirectory) }
        try fs.rename(b("f"), in: d, to: b("h"), in: fs.root)
        XCTAssertTrue(try fs.resolve(b("h"), in: fs.root) === f)
        XCTAssertThrowsError(try fs.resolve(b("d/f"), in: fs.root))
        XCTAssertThrowsError(try fs.rename(b("d"), in: fs.root, to: b("x"), in: d)) {
            XCTAssertEqual($0 as? FileSystemError, .renameIntoSelf)
        }
        try fs.unlink(b("g"), in: fs.root)
        XCTAssertEqual(f.linkCount, 1)
        XCTAssertEqual(fs.bytesUsed, 4)
        try fs.unlink(b("h"), in: fs.root)
        XCTAssertEqual(fs.bytesUsed, 0)
        let e = try fs.createDirectory(b("e"), in: d)
        try fs.rename(b("e"), in: d, to: b("e2"), in: fs.root)
        XCTAssertEqual(e.linkCount, 2)
        XCTAssertEqual(d.linkCount, 2)
        XCTAssertTrue(e.listing()[1].node === fs.root)
        try fs.removeDirectory(b("e2"), in: fs.root)
        try fs.removeDirectory(b("d"), in: fs.root)
        XCTAssertEqual(fs.root.linkCount, 2)
        // Renaming over an existing file replaces it.
        let x = try fs.createFile(b("x"), in: fs.root)
        let y = try fs.createFile(b("y"), in: fs.root)
        try write(y, "yy")
        try fs.rename(b("x"), in: fs.root, to: b("y"), in: fs.root)
        XCTAssertTrue(try fs.resolve(b("y"), in: fs.root) === x)
        XCTAssertEqual(fs.bytesUsed, 0)
    }

    func testBadNamesAndLimits() throws {
        let bad: [(String, FileSystemError)] = [("", .notFound), ("a/b", .notFound), (".", .exists), ("..", .notCapable),
                                                ("a\0b", .invalid), (String(repeating: "a", count: 256), .nameTooLong)]
        for (name, error) in bad {
            XCTAssertThrowsError(try fs.createFile(b(name), in: fs.root), name) { XCTAssertEqual($0 as? FileSystemError, error) }
        }
        // PATH_MAX counts the terminating NUL: 4095 bytes resolve, 4096 do not; the same bound holds for targets.
        let long = String(repeating: "./", count: 2046) + "big"
        XCTAssertThrowsError(try fs.resolve(b(long), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .notFound) }
        XCTAssertThrowsError(try fs.resolve(b("/" + long), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .nameTooLong) }
        _ = try fs.createSymlink(b("l"), target: [UInt8](repeating: 120, count: 4095), in: fs.root)
        XCTAssertThrowsError(try fs.createSymlink(b("m"), target: [UInt8](repeating: 120, count: 4096), in: fs.root)) {
            XCTAssertEqual($0 as? FileSystemError, .nameTooLong)
        }
        let f = try fs.createFile(b("big"), in: fs.root)
        XCTAssertThrowsError(try fs.truncate(f, to: 2 << 20)) { XCTAssertEqual($0 as? FileSystemError, .noSpace) }
        try fs.truncate(f, to: 1 << 20)
        XCTAssertEqual(f.size, 1 << 20)
        try fs.truncate(f, to: 10)
        XCTAssertEqual(fs.bytesUsed, 10)
    }

    func testListingHasDotEntriesAndTimesMove() throws {
        let d = try fs.createDirectory(b("d"), in: fs.root)
        time = 5000
        let f = try fs.createFile(b("f"), in: d)
        XCTAssertEqual(d.listing().map { String(decoding: $0.name, as: UTF8.self) }, [".", "..", "f"])
        XCTAssertTrue(d.listing()[1].node === fs.root)
        XCTAssertEqual(d.modificationTime, 5000)
        time = 7000
        try write(f, "x")
        XCTAssertEqual(f.modificationTime, 7000)
    }
}

/// The rules for paths that end in a slash, "." or "..", and for removed directories (the whole matrix is
/// compared with wasmtime by tests/wasi/trailing_slash.c and path_limits.c).
final class PathRuleTests: XCTestCase {
    var fs = RamFileSystem(capacity: 1 << 20, clock: { 0 })

    override func setUpWithError() throws {
        _ = try fs.createDirectory(b("dir"), in: fs.root)
        _ = try fs.createFile(b("file"), in: fs.root)
        _ = try fs.createSymlink(b("dirlink"), target: b("dir"), in: fs.root)
        _ = try fs.createSymlink(b("filelink"), target: b("file"), in: fs.root)
        _ = try fs.createSymlink(b("fileslash"), target: b("file/"), in: fs.root)
    }

    private func fails(_ error: FileSystemError, _ operation: () throws -> Void, _ line: UInt = #line) {
        XCTAssertThrowsError(try operation(), line: line) { XCTAssertEqual($0 as? FileSystemError, error, line: line) }
    }

    func testATrailingSlashNamesADirectory() throws {
        XCTAssertTrue(try fs.resolve(b("dirlink/"), in: fs.root, followLast: false).isDirectory)
        fails(.notDirectory) { _ = try fs.resolve(b("file/"), in: fs.root) }
        fails(.notDirectory) { _ = try fs.resolve(b("filelink//"), in: fs.root, followLast: false) }
        fails(.notDirectory) { _ = try fs.resolve(b("fileslash"), in: fs.root) }
        XCTAssertEqual(try fs.resolve(b("fileslash"), in: fs.root, followLast: false).kind, .symlink)
        fails(.notDirectory) { _ = try fs.open(b("file/"), in: fs.root, followLast: true) }
        fails(.isDirectory) { _ = try fs.open(b("new/"), in: fs.root, followLast: true, create: true) }
        fails(.isDirectory) { _ = try fs.open(b("fileslash"), in: fs.root, followLast: true, create: true) }
        fails(.exists) { _ = try fs.createDirectory(b("file/"), in: fs.root) }
        fails(.exists) { _ = try fs.createSymlink(b("dir/"), target: b("x"), in: fs.root) }
        fails(.notDirectory) { _ = try fs.createSymlink(b("file/"), target: b("x"), in: fs.root) }
        fails(.notFound) { _ = try fs.createSymlink(b("new/"), target: b("x"), in: fs.root) }
        fails(.isDirectory) { try fs.unlink(b("dirlink/"), in: fs.root) }
        fails(.notDirectory) { try fs.unlink(b("file/"), in: fs.root) }
        fails(.notDirectory) { try fs.removeDirectory(b("dirlink/"), in: fs.root) }
        fails(.notDirectory) { try fs.rename(b("file"), in: fs.root, to: b("new/"), in: fs.root) }
        _ = try fs.createDirectory(b("made//"), in: fs.root)
        try fs.rename(b("made/"), in: fs.root, to: b("moved/"), in: fs.root)
        try fs.removeDirectory(b("moved/"), in: fs.root)
        fails(.notFound) { _ = try fs.resolve(b("moved"), in: fs.root) }
    }

    func testDotsAreNeitherCreatedNorRemovedNorRenamed() throws {
        fails(.exists) { _ = try fs.createDirectory(b("dir/."), in: fs.root) }
        fails(.notDirectory) { _ = try fs.createDirectory(b("file/."), in: fs.root) }
        fails(.invalid) { try fs.removeDirectory(b("dir/."), in: fs.root) }
        fails(.invalid) { try fs.removeDirectory(b("dir/.."), in: fs.root) }
        fails(.isDirectory) { try fs.unlink(b("dir/.."), in: fs.root) }
        fails(.busy) { try fs.rename(b("dir/.."), in: fs.root, to: b("x"), in: fs.root) }
        fails(.busy) { try fs.rename(b("file"), in: fs.root, to: b("dir/."), in: fs.root) }
        fails(.notFound) { try fs.rename(b("missing/."), in: fs.root, to: b("."), in: fs.root) }
    }

    func testARemovedDirectoryTakesNoEntries() throws {
        let dir = try fs.resolve(b("dir"), in: fs.root)
        try fs.removeDirectory(b("dir"), in: fs.root)
        fails(.notFound) { _ = try fs.createFile(b("f"), in: dir) }
        fails(.notFound) { _ = try fs.createDirectory(b("d"), in: dir) }
        fails(.notFound) { _ = try fs.createSymlink(b("s"), target: b("x"), in: dir) }
        fails(.notFound) { try fs.link(try fs.resolve(b("file"), in: fs.root), as: b("h"), in: dir) }
        fails(.notFound) { try fs.rename(b("file"), in: fs.root, to: b("f"), in: dir) }
        XCTAssertTrue(try fs.resolve(b("."), in: dir) === dir)
        XCTAssertEqual(dir.linkCount, 0)
    }
}
