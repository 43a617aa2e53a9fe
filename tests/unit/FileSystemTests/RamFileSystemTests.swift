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
        for name in ["", "a/b"] {
            XCTAssertThrowsError(try fs.createFile(b(name), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .invalid) }
        }
        XCTAssertThrowsError(try fs.createFile(b(".."), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .exists) }
        XCTAssertThrowsError(try fs.createFile([UInt8](repeating: 97, count: 256), in: fs.root)) {
            XCTAssertEqual($0 as? FileSystemError, .nameTooLong)
        }
        XCTAssertThrowsError(try fs.resolve(b("a\0b"), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .invalid) }
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
