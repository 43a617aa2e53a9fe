import FileSystem
import XCTest
@testable import WASIPreview1

final class DescriptorTableTests: XCTestCase {
    func stream() -> Descriptor { Descriptor(kind: .stdin, access: .read) }

    /// A directory opened below a preopen keeps the name it was opened as, and a child it is handed to gets it as
    /// a preopen of that name (a service's `dirs`); one opened through ".." gets none.
    func testDirectoriesHandedToAChildAreItsPreopens() throws {
        XCTAssertEqual(Descriptor.guestPath(Array("/".utf8), Array("tmp/x".utf8)), Array("/tmp/x".utf8))
        XCTAssertEqual(Descriptor.guestPath(Array("/a".utf8), Array("./b//c/".utf8)), Array("/a/b/c".utf8))
        XCTAssertEqual(Descriptor.guestPath(Array(".".utf8), Array("x".utf8)), Array("x".utf8))
        XCTAssertEqual(Descriptor.guestPath(Array(".".utf8), Array(".".utf8)), Array(".".utf8))
        XCTAssertEqual(Descriptor.guestPath(Array("/".utf8), Array(".".utf8)), Array("/".utf8))
        XCTAssertNil(Descriptor.guestPath(Array("/a".utf8), Array("b/../c".utf8)))
        let process = TestProcess()
        XCTAssertEqual(process.errno("path_create_directory", 3, process.put("d").0, 1), .success)
        let directory = try process.open("./d//", oflags: 2, rights: [.fdRead])
        let inherited = try process.context.descriptors.get(directory).inherited
        guard case .directory(_, let name) = inherited.kind else { return XCTFail("not a directory") }
        XCTAssertEqual(name, Array("/sandbox/d".utf8))
        XCTAssertEqual(process.errno("fd_prestat_get", UInt64(directory), 100), .badDescriptor,
                       "the opener does not see it as a preopen")
        let around = try process.open("d/../d", oflags: 2, rights: [.fdRead])
        guard case .directory(_, nil) = try process.context.descriptors.get(around).inherited.kind else {
            return XCTFail("a directory opened through .. became a named preopen")
        }
        // Below an opened directory, no name: chains of opens must not build ever longer names.
        XCTAssertEqual(process.errno("path_create_directory", UInt64(directory), process.put("e").0, 1), .success)
        let (e, length) = process.put("e")
        XCTAssertEqual(process.errno("path_open", UInt64(directory), 1, e, length, 2, Rights.fdRead.rawValue,
                                     Rights.fdRead.rawValue, 0, 0), .success)
        XCTAssertNil(try process.context.descriptors.get(process.u32(0)).guestPath)
        let long = String(repeating: "x", count: Descriptor.guestPathLimit)
        XCTAssertEqual(process.errno("path_create_directory", 3, process.put(long).0, UInt64(long.utf8.count)), .success)
        let longDirectory = try process.open(long, oflags: 2, rights: [.fdRead])
        XCTAssertNil(try process.context.descriptors.get(longDirectory).guestPath)
    }

    func testNumbersComeBackHighestFirstThenPastTheEnd() throws {
        var table = DescriptorTable()
        for expected in 0..<5 { XCTAssertEqual(try table.insert(stream()), UInt32(expected)) }
        try table.remove(1)
        try table.remove(3)
        XCTAssertEqual(try table.insert(stream()), 3)
        XCTAssertEqual(try table.insert(stream()), 1)
        XCTAssertEqual(try table.insert(stream()), 5)
    }

    func testMissingDescriptorsAreBadDescriptor() {
        var table = DescriptorTable()
        XCTAssertThrowsError(try table.get(0)) { XCTAssertEqual($0 as? Errno, .badDescriptor) }
        XCTAssertThrowsError(try table.remove(7)) { XCTAssertEqual($0 as? Errno, .badDescriptor) }
        XCTAssertThrowsError(try table.get(.max)) { XCTAssertEqual($0 as? Errno, .badDescriptor) }
    }

    func testRenumberNeedsBothOpenAndFreesTheSource() throws {
        var table = DescriptorTable()
        for _ in 0..<3 { _ = try table.insert(stream()) }
        XCTAssertThrowsError(try table.renumber(0, to: 9)) { XCTAssertEqual($0 as? Errno, .badDescriptor) }
        XCTAssertThrowsError(try table.renumber(9, to: 0)) { XCTAssertEqual($0 as? Errno, .badDescriptor) }
        try table.renumber(0, to: 2)
        XCTAssertFalse(table.contains(0))
        XCTAssertTrue(table.contains(2))
        XCTAssertEqual(try table.insert(stream()), 0)
        try table.renumber(1, to: 1)
        XCTAssertTrue(table.contains(1))
    }

    func testTableIsBounded() throws {
        var table = DescriptorTable(capacity: 2)
        _ = try table.insert(stream())
        _ = try table.insert(stream())
        XCTAssertThrowsError(try table.insert(stream())) { XCTAssertEqual($0 as? Errno, .tooManyFiles) }
        try table.remove(0)
        XCTAssertEqual(try table.insert(stream()), 0)
    }

    /// Every open descriptor is charged to the process's account, and given back however it closes: fd_close,
    /// fd_renumber onto it, or the process's end. A table the account cannot pay for is ENOMEM, taking nothing.
    func testOpenDescriptorsAreChargedUntilClosed() throws {
        let per = DescriptorTable.bytesPerDescriptor
        let account = MemoryAccount(limit: 3 * per)
        var table = DescriptorTable(capacity: 10, account: account)
        for _ in 0..<3 { _ = try table.insert(stream()) }
        XCTAssertEqual(account.bytes, 3 * per)
        XCTAssertThrowsError(try table.insert(stream())) { XCTAssertEqual($0 as? Errno, .noMemory) }
        XCTAssertThrowsError(try table.place(stream(), at: 7)) { XCTAssertEqual($0 as? Errno, .noMemory) }
        XCTAssertEqual(table.openCount, 3)
        XCTAssertEqual(account.bytes, 3 * per)
        try table.remove(1)
        XCTAssertEqual(account.bytes, 2 * per)
        try table.renumber(0, to: 2)
        XCTAssertEqual(account.bytes, per)
        try table.place(stream(), at: 7)
        XCTAssertEqual(account.bytes, 2 * per)
        table.removeAll()
        XCTAssertEqual(account.bytes, 0)
    }
}
