import FileSystem
import XCTest
@testable import WASIPreview1

final class ReaddirTests: XCTestCase {
    struct Entry: Equatable {
        var next: UInt64
        var inode: UInt64
        var type: UInt8
        var name: String
    }

    func entries(_ process: TestProcess, at buffer: UInt32, used: UInt32) -> [Entry] {
        var list: [Entry] = []
        var at = buffer
        while at + 24 <= buffer + used {
            let length = Int(process.u32(at + 16))
            let name = String(decoding: process.bytes(at + 24, length), as: UTF8.self)
            list.append(Entry(next: process.u64(at), inode: process.u64(at + 8), type: process.u8(at + 20), name: name))
            at += 24 + UInt32(length)
        }
        return list
    }

    func testListingWithCookies() throws {
        let process = TestProcess()
        process.file("one", "")
        _ = try Paths.createDirectory(Array("two".utf8), in: process.sandbox)
        _ = try Paths.createSymlink(Array("three".utf8), target: Array("one".utf8), in: process.sandbox)
        XCTAssertEqual(process.errno("fd_readdir", 3, 1000, 1000, 0, 0), .success)
        let all = entries(process, at: 1000, used: process.u32(0))
        XCTAssertEqual(all.map(\.name), [".", "..", "one", "two", "three"])
        XCTAssertEqual(all.map(\.next), [1, 2, 3, 4, 5])
        XCTAssertEqual(all.map(\.type), [3, 3, 4, 3, 7])
        XCTAssertEqual(all[0].inode, process.sandbox.serial)
        XCTAssertEqual(all[1].inode, process.sandbox.serial, "\"..\" of a preopen does not reveal its parent")
        XCTAssertEqual(process.errno("fd_readdir", 3, 3000, 1000, 3, 0), .success)
        XCTAssertEqual(entries(process, at: 3000, used: process.u32(0)).map(\.name), ["two", "three"])
        XCTAssertEqual(process.errno("fd_readdir", 3, 3000, 1000, 5, 0), .success)
        XCTAssertEqual(process.u32(0), 0)
        XCTAssertEqual(process.errno("fd_readdir", 3, 3000, 1000, .max, 0), .success)
        XCTAssertEqual(process.u32(0), 0)
    }

    func testAFullBufferEndsWithATruncatedEntry() {
        let process = TestProcess()
        process.file("long-name", "")
        let buffer: UInt32 = 2000
        try! process.memory.write([UInt8](repeating: 0xee, count: 200), at: buffer)
        // ".": 25 bytes, "..": 26 bytes, then 30 of "long-name"'s 33.
        XCTAssertEqual(process.errno("fd_readdir", 3, UInt64(buffer), 81, 0, 0), .success)
        XCTAssertEqual(process.u32(0), 81)
        XCTAssertEqual(process.bytes(buffer + 51 + 24, 6), Array("long-n".utf8))
        XCTAssertEqual(process.u8(buffer + 81), 0xee, "nothing written past the buffer")
        XCTAssertEqual(process.errno("fd_readdir", 3, UInt64(buffer), 10, 0, 0), .success)
        XCTAssertEqual(process.u32(0), 10)
        XCTAssertEqual(process.errno("fd_readdir", 3, UInt64(buffer), 0, 0, 0), .success)
        XCTAssertEqual(process.u32(0), 0)
    }

    func testOnlyDirectoriesCanBeListed() throws {
        let process = TestProcess()
        process.file("f", "")
        let file = try process.open("f")
        XCTAssertEqual(process.errno("fd_readdir", UInt64(file), 100, 100, 0, 0), .badDescriptor)
        XCTAssertEqual(process.errno("fd_readdir", 1, 100, 100, 0, 0), .badDescriptor)
        let dir = try process.open(".", oflags: 2, rights: [])
        XCTAssertEqual(process.errno("fd_readdir", UInt64(dir), 100, 100, 0, 0), .success, "rights are advisory")
        XCTAssertEqual(process.errno("fd_readdir", 3, 65530, 100, 0, 0), .fault)
    }
}
