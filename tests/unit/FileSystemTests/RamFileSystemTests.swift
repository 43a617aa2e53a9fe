import FileSystem
import XCTest

private func b(_ s: String) -> [UInt8] { Array(s.utf8) }

final class RamFileSystemTests: XCTestCase {
    var time: UInt64 = 1000
    let budget = ByteBudget(limit: 1 << 20)
    lazy var fs = RamFileSystem(source: .heap(budget), clock: { [unowned self] in self.time })

    private func write(_ node: Node, _ text: String, at offset: UInt64 = 0) throws {
        _ = try Array(text.utf8).withUnsafeBytes { try node.write(at: offset, from: $0) }
    }

    private func contents(_ node: Node) -> String {
        var buffer = [UInt8](repeating: 0, count: Int(node.size))
        let n = buffer.withUnsafeMutableBytes { try! node.read(at: 0, into: $0) }
        return String(decoding: buffer[..<n], as: UTF8.self)
    }

    func testCreateWriteReadAndResolve() throws {
        let dir = try Paths.createDirectory(b("etc"), in: fs.root)
        let file = try Paths.createFile(b("motd"), in: dir)
        try write(file, "hello")
        try write(file, "!!", at: 7)
        XCTAssertEqual(Array(file.data), b("hello") + [0, 0] + b("!!"))
        XCTAssertTrue(try Paths.resolve(b("etc/motd"), in: fs.root) === file)
        XCTAssertTrue(try Paths.resolve(b("./etc/../etc//motd"), in: fs.root) === file)
        XCTAssertTrue(try Paths.resolve(b("etc/"), in: fs.root) === dir)
        XCTAssertThrowsError(try Paths.resolve(b("etc/motd/"), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .notDirectory) }
        XCTAssertThrowsError(try Paths.resolve(b("etc/none"), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .notFound) }
        XCTAssertEqual(contents(file), "hello\0\0!!")
    }

    func testSandboxCannotBeLeft() throws {
        let home = try Paths.createDirectory(b("home"), in: fs.root)
        _ = try Paths.createFile(b("secret"), in: fs.root)
        _ = try Paths.createFile(b("mine"), in: home)
        for path in ["../secret", "/secret", "a/../../secret", "..", "./.."] {
            XCTAssertThrowsError(try Paths.resolve(b(path), in: home), path) {
                XCTAssertEqual($0 as? FileSystemError, path.hasPrefix("a/") ? .notFound : .notCapable, path)
            }
        }
        _ = try Paths.createSymlink(b("up"), target: b("../secret"), in: home)
        _ = try Paths.createSymlink(b("abs"), target: b("/secret"), in: home)
        _ = try Paths.createSymlink(b("self"), target: b("./mine"), in: home)
        XCTAssertThrowsError(try Paths.resolve(b("up"), in: home)) { XCTAssertEqual($0 as? FileSystemError, .notCapable) }
        XCTAssertThrowsError(try Paths.resolve(b("abs"), in: home)) { XCTAssertEqual($0 as? FileSystemError, .notCapable) }
        XCTAssertEqual(try Paths.resolve(b("self"), in: home).kind, .file)
        XCTAssertEqual(try Paths.resolve(b("self"), in: home, followLast: false).kind, .symlink)
        // From the root, the same link stays inside and works.
        XCTAssertEqual(try Paths.resolve(b("home/up"), in: fs.root).kind, .file)
    }

    func testSymlinkLoopsAndDirectoryLinks() throws {
        _ = try Paths.createSymlink(b("a"), target: b("b"), in: fs.root)
        _ = try Paths.createSymlink(b("b"), target: b("a"), in: fs.root)
        XCTAssertThrowsError(try Paths.resolve(b("a"), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .loop) }
        let d = try Paths.createDirectory(b("d"), in: fs.root)
        _ = try Paths.createFile(b("f"), in: d)
        _ = try Paths.createSymlink(b("dl"), target: b("d"), in: fs.root)
        XCTAssertEqual(try Paths.resolve(b("dl/f"), in: fs.root).kind, .file)
        XCTAssertThrowsError(try Paths.link(d, as: b("hard"), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .notPermitted) }
    }

    func testUnlinkRenameAndLinkCounts() throws {
        let d = try Paths.createDirectory(b("d"), in: fs.root)
        let f = try Paths.createFile(b("f"), in: d)
        try write(f, "data")
        try Paths.link(f, as: b("g"), in: fs.root)
        XCTAssertEqual(f.linkCount, 2)
        XCTAssertThrowsError(try Paths.removeDirectory(b("d"), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .notEmpty) }
        XCTAssertThrowsError(try Paths.unlink(b("d"), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .isDirectory) }
        try Paths.rename(b("f"), in: d, to: b("h"), in: fs.root)
        XCTAssertTrue(try Paths.resolve(b("h"), in: fs.root) === f)
        XCTAssertThrowsError(try Paths.resolve(b("d/f"), in: fs.root))
        XCTAssertThrowsError(try Paths.rename(b("d"), in: fs.root, to: b("x"), in: d)) {
            XCTAssertEqual($0 as? FileSystemError, .renameIntoSelf)
        }
        try Paths.unlink(b("g"), in: fs.root)
        XCTAssertEqual(f.linkCount, 1)
        try Paths.unlink(b("h"), in: fs.root)
        XCTAssertEqual(f.linkCount, 0)
        let e = try Paths.createDirectory(b("e"), in: d)
        try Paths.rename(b("e"), in: d, to: b("e2"), in: fs.root)
        XCTAssertEqual(e.linkCount, 2)
        XCTAssertEqual(d.linkCount, 2)
        XCTAssertEqual(e.listing()[1].serial, fs.root.serial)
        try Paths.removeDirectory(b("e2"), in: fs.root)
        try Paths.removeDirectory(b("d"), in: fs.root)
        XCTAssertEqual(fs.root.linkCount, 2)
        // Renaming over an existing file replaces it.
        let x = try Paths.createFile(b("x"), in: fs.root)
        let y = try Paths.createFile(b("y"), in: fs.root)
        try write(y, "yy")
        try Paths.rename(b("x"), in: fs.root, to: b("y"), in: fs.root)
        XCTAssertTrue(try Paths.resolve(b("y"), in: fs.root) === x)
    }

    func testBadNamesAndLimits() throws {
        let bad: [(String, FileSystemError)] = [("", .notFound), ("a/b", .notFound), (".", .exists), ("..", .notCapable),
                                                ("a\0b", .invalid), (String(repeating: "a", count: 256), .nameTooLong)]
        for (name, error) in bad {
            XCTAssertThrowsError(try Paths.createFile(b(name), in: fs.root), name) { XCTAssertEqual($0 as? FileSystemError, error) }
        }
        // PATH_MAX counts the terminating NUL: 4095 bytes resolve, 4096 do not; the same bound holds for targets.
        let long = String(repeating: "./", count: 2046) + "big"
        XCTAssertThrowsError(try Paths.resolve(b(long), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .notFound) }
        XCTAssertThrowsError(try Paths.resolve(b("/" + long), in: fs.root)) { XCTAssertEqual($0 as? FileSystemError, .nameTooLong) }
        _ = try Paths.createSymlink(b("l"), target: [UInt8](repeating: 120, count: 4095), in: fs.root)
        XCTAssertThrowsError(try Paths.createSymlink(b("m"), target: [UInt8](repeating: 120, count: 4096), in: fs.root)) {
            XCTAssertEqual($0 as? FileSystemError, .nameTooLong)
        }
        // Past the budget a write is short, then ENOSPC; truncating gives the pages back.
        let f = try Paths.createFile(b("big"), in: fs.root)
        let big = [UInt8](repeating: 7, count: 2 << 20)
        let written = try big.withUnsafeBytes { try f.write(at: 0, from: $0) }
        XCTAssertGreaterThan(written, 0)
        XCTAssertLessThan(written, 1 << 20)
        XCTAssertThrowsError(try big.withUnsafeBytes { try f.write(at: UInt64(written), from: $0) }) {
            XCTAssertEqual($0 as? FileSystemError, .noSpace)
        }
        try f.truncate(to: 10)
        XCTAssertLessThan(budget.used, 16 << 10)
        XCTAssertEqual(f.data, [UInt8](repeating: 7, count: 10))
    }

    func testListingHasDotEntriesAndTimesMove() throws {
        let d = try Paths.createDirectory(b("d"), in: fs.root)
        time = 5000
        let f = try Paths.createFile(b("f"), in: d)
        XCTAssertEqual(d.listing().map { String(decoding: $0.name, as: UTF8.self) }, [".", "..", "f"])
        XCTAssertEqual(d.listing()[1].serial, fs.root.serial)
        XCTAssertEqual(d.modificationTime, 5000)
        time = 7000
        try write(f, "x")
        XCTAssertEqual(f.modificationTime, 7000)
    }

    /// A program that lists a directory by cookies and removes each name it gets (rm -r, Zig's deleteTree)
    /// sees every entry once: removing one does not move the cookies of the others, and empty slots are
    /// dropped (and their charge with them) once the directory has emptied.
    func testRemovingWhileListingKeepsTheOtherCookies() throws {
        let d = try Paths.createDirectory(b("d"), in: fs.root)
        let charged = budget.used
        for i in 0..<2000 { _ = try Paths.createFile(b("file-\(i)"), in: d) }
        var seen: [String] = []
        var cookie: UInt64 = 0
        while true {
            let batch = try d.entries(from: cookie).prefix(7)
            guard let last = batch.last else { break }
            for entry in batch where entry.name != b(".") && entry.name != b("..") {
                seen.append(String(decoding: entry.name, as: UTF8.self))
                if seen.count % 2 == 0 { try Paths.unlink(entry.name, in: d) }
            }
            cookie = last.next
        }
        XCTAssertEqual(seen, (0..<2000).map { "file-\($0)" })
        XCTAssertEqual(d.size, 1000)
        XCTAssertTrue(try Paths.resolve(b("d/file-1998"), in: fs.root).kind == .file)
        XCTAssertThrowsError(try Paths.resolve(b("d/file-1999"), in: fs.root))
        for i in stride(from: 0, to: 2000, by: 2) { try Paths.unlink(b("file-\(i)"), in: d) }
        XCTAssertEqual(d.listing().count, 2)
        XCTAssertEqual(budget.used, charged)
    }
}

/// The rules for paths that end in a slash, "." or "..", and for removed directories (the whole matrix is
/// compared with wasmtime by tests/wasi/trailing_slash.c and path_limits.c).
final class PathRuleTests: XCTestCase {
    var fs = RamFileSystem(capacity: 1 << 20, clock: { 0 })

    override func setUpWithError() throws {
        _ = try Paths.createDirectory(b("dir"), in: fs.root)
        _ = try Paths.createFile(b("file"), in: fs.root)
        _ = try Paths.createSymlink(b("dirlink"), target: b("dir"), in: fs.root)
        _ = try Paths.createSymlink(b("filelink"), target: b("file"), in: fs.root)
        _ = try Paths.createSymlink(b("fileslash"), target: b("file/"), in: fs.root)
    }

    private func fails(_ error: FileSystemError, _ operation: () throws -> Void, _ line: UInt = #line) {
        XCTAssertThrowsError(try operation(), line: line) { XCTAssertEqual($0 as? FileSystemError, error, line: line) }
    }

    func testATrailingSlashNamesADirectory() throws {
        XCTAssertTrue(try Paths.resolve(b("dirlink/"), in: fs.root, followLast: false).isDirectory)
        fails(.notDirectory) { _ = try Paths.resolve(b("file/"), in: fs.root) }
        fails(.notDirectory) { _ = try Paths.resolve(b("filelink//"), in: fs.root, followLast: false) }
        fails(.notDirectory) { _ = try Paths.resolve(b("fileslash"), in: fs.root) }
        XCTAssertEqual(try Paths.resolve(b("fileslash"), in: fs.root, followLast: false).kind, .symlink)
        fails(.notDirectory) { _ = try Paths.open(b("file/"), in: fs.root, followLast: true) }
        fails(.isDirectory) { _ = try Paths.open(b("new/"), in: fs.root, followLast: true, create: true) }
        fails(.isDirectory) { _ = try Paths.open(b("fileslash"), in: fs.root, followLast: true, create: true) }
        fails(.exists) { _ = try Paths.createDirectory(b("file/"), in: fs.root) }
        fails(.exists) { _ = try Paths.createSymlink(b("dir/"), target: b("x"), in: fs.root) }
        fails(.notDirectory) { _ = try Paths.createSymlink(b("file/"), target: b("x"), in: fs.root) }
        fails(.notFound) { _ = try Paths.createSymlink(b("new/"), target: b("x"), in: fs.root) }
        fails(.isDirectory) { try Paths.unlink(b("dirlink/"), in: fs.root) }
        fails(.notDirectory) { try Paths.unlink(b("file/"), in: fs.root) }
        fails(.notDirectory) { try Paths.removeDirectory(b("dirlink/"), in: fs.root) }
        fails(.notDirectory) { try Paths.rename(b("file"), in: fs.root, to: b("new/"), in: fs.root) }
        _ = try Paths.createDirectory(b("made//"), in: fs.root)
        try Paths.rename(b("made/"), in: fs.root, to: b("moved/"), in: fs.root)
        try Paths.removeDirectory(b("moved/"), in: fs.root)
        fails(.notFound) { _ = try Paths.resolve(b("moved"), in: fs.root) }
    }

    func testDotsAreNeitherCreatedNorRemovedNorRenamed() throws {
        fails(.exists) { _ = try Paths.createDirectory(b("dir/."), in: fs.root) }
        fails(.notDirectory) { _ = try Paths.createDirectory(b("file/."), in: fs.root) }
        fails(.invalid) { try Paths.removeDirectory(b("dir/."), in: fs.root) }
        fails(.invalid) { try Paths.removeDirectory(b("dir/.."), in: fs.root) }
        fails(.isDirectory) { try Paths.unlink(b("dir/.."), in: fs.root) }
        fails(.busy) { try Paths.rename(b("dir/.."), in: fs.root, to: b("x"), in: fs.root) }
        fails(.busy) { try Paths.rename(b("file"), in: fs.root, to: b("dir/."), in: fs.root) }
        fails(.notFound) { try Paths.rename(b("missing/."), in: fs.root, to: b("."), in: fs.root) }
    }

    func testARemovedDirectoryTakesNoEntries() throws {
        let dir = try Paths.resolve(b("dir"), in: fs.root)
        try Paths.removeDirectory(b("dir"), in: fs.root)
        fails(.notFound) { _ = try Paths.createFile(b("f"), in: dir) }
        fails(.notFound) { _ = try Paths.createDirectory(b("d"), in: dir) }
        fails(.notFound) { _ = try Paths.createSymlink(b("s"), target: b("x"), in: dir) }
        fails(.notFound) { try Paths.link(try Paths.resolve(b("file"), in: fs.root), as: b("h"), in: dir) }
        fails(.notFound) { try Paths.rename(b("file"), in: fs.root, to: b("f"), in: dir) }
        XCTAssertTrue(try Paths.resolve(b("."), in: dir) === dir)
        XCTAssertEqual(dir.linkCount, 0)
    }
}
