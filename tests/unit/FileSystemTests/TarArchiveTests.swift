import FileSystem
import Foundation
import XCTest

/// Archives made by the system's own tar, so the parser is checked against the real format.
final class TarArchiveTests: XCTestCase {
    private func makeArchive(_ setup: (URL) throws -> Void, format: String = "ustar") throws -> [UInt8] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        let tree = dir.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try setup(tree)
        let out = dir.appendingPathComponent("a.tar")
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/tar")
        tar.arguments = ["--format=\(format)", "-cf", out.path, "-C", tree.path, "."]
        try tar.run()
        tar.waitUntilExit()
        XCTAssertEqual(tar.terminationStatus, 0)
        return Array(try Data(contentsOf: out))
    }

    func testExtractsFilesDirectoriesLinks() throws {
        let archive = try makeArchive { tree in
            let bin = tree.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            try Data("hello".utf8).write(to: bin.appendingPathComponent("hello.wasm"))
            try Data(count: 1500).write(to: tree.appendingPathComponent("zeros"))
            try FileManager.default.createSymbolicLink(atPath: tree.appendingPathComponent("link").path,
                                                       withDestinationPath: "bin/hello.wasm")
            try FileManager.default.linkItem(at: bin.appendingPathComponent("hello.wasm"),
                                             to: tree.appendingPathComponent("hard"))
            let deep = String(repeating: "d", count: 60) + "/" + String(repeating: "e", count: 60)
            try FileManager.default.createDirectory(at: tree.appendingPathComponent(deep), withIntermediateDirectories: true)
            try Data("deep".utf8).write(to: tree.appendingPathComponent(deep + "/" + String(repeating: "f", count: 60)))
        }
        let fs = RamFileSystem(clock: { 0 })
        try archive.withUnsafeBytes { _ = try TarArchive.extract($0, into: fs.root) }
        let hello = try Paths.resolve(Array("bin/hello.wasm".utf8), in: fs.root)
        XCTAssertEqual(hello.data, Array("hello".utf8))
        XCTAssertTrue(try Paths.resolve(Array("link".utf8), in: fs.root) === hello)
        XCTAssertTrue(try Paths.resolve(Array("hard".utf8), in: fs.root) === hello)
        XCTAssertEqual(hello.linkCount, 2)
        XCTAssertEqual(try Paths.resolve(Array("zeros".utf8), in: fs.root).size, 1500)
        XCTAssertGreaterThan(hello.modificationTime, 1_600_000_000 * 1_000_000_000)
        // A directory keeps the archive's time even though entries were added to it afterwards.
        let bin = try Paths.resolve(Array("bin".utf8), in: fs.root)
        XCTAssertEqual(bin.modificationTime, hello.modificationTime / 1_000_000_000 * 1_000_000_000)
        let deep = String(repeating: "d", count: 60) + "/" + String(repeating: "e", count: 60) + "/" + String(repeating: "f", count: 60)
        XCTAssertEqual(try Paths.resolve(Array(deep.utf8), in: fs.root).data, Array("deep".utf8))
    }

    func testPaxLongNames() throws {
        let long = String(repeating: "x", count: 200)
        let archive = try makeArchive({ tree in
            try Data("p".utf8).write(to: tree.appendingPathComponent(long))
        }, format: "pax")
        let fs = RamFileSystem(clock: { 0 })
        try archive.withUnsafeBytes { _ = try TarArchive.extract($0, into: fs.root) }
        XCTAssertEqual(try Paths.resolve(Array(long.utf8), in: fs.root).data, Array("p".utf8))
    }

    func testCorruptArchivesAreRefused() throws {
        var archive = try makeArchive { tree in try Data("abc".utf8).write(to: tree.appendingPathComponent("f")) }
        let fs = RamFileSystem(clock: { 0 })
        let truncated = Array(archive[0..<700])
        XCTAssertThrowsError(try truncated.withUnsafeBytes { try TarArchive.extract($0, into: fs.root) })
        archive[600] ^= 0xFF
        XCTAssertThrowsError(try archive.withUnsafeBytes { try TarArchive.extract($0, into: fs.root) }) {
            guard case .badChecksum = $0 as? TarError else { return XCTFail("\($0)") }
        }
        let garbage = [UInt8](repeating: 0x41, count: 1024)
        XCTAssertThrowsError(try garbage.withUnsafeBytes { try TarArchive.extract($0, into: fs.root) })
    }
}
