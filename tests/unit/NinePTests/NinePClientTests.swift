import NineP
import XCTest

private func b(_ s: String) -> [UInt8] { Array(s.utf8) }

/// The client against scripted servers. Every message is written out byte for byte from the 9P2000.L layout
/// (size[4] type[1] tag[2], fields little-endian, strings length[2] then bytes; Linux's include/net/9p/9p.h
/// and QEMU's hw/9pfs/9p.c for the field order), so these check the encoding against the protocol itself.
final class NinePClientTests: XCTestCase {
    let transport = ScriptedTransport()
    lazy var client = NinePClient(transport: transport, fidLimit: 8)

    /// Tversion (msize 8192, "9P2000.L", NOTAG) and Tattach (fid 0, no afid, uname "walos", aname "", no
    /// numeric user), tag 1.
    private func connect() throws -> UInt32 {
        transport.expect("15 00 00 00 64 ff ff 00 20 00 00 08 00 39 50 32 30 30 30 2e 4c",
                         reply: "15 00 00 00 65 ff ff 00 20 00 00 08 00 39 50 32 30 30 30 2e 4c")
        transport.expect("1c 00 00 00 68 01 00 00 00 00 00 ff ff ff ff 05 00 77 61 6c 6f 73 00 00 ff ff ff ff",
                         reply: "14 00 00 00 69 01 00 80 00 00 00 00 02 00 00 00 00 00 00 00")
        let root = try client.connect(maximumMessageSize: 8192, userName: b("walos"), attachName: [])
        XCTAssertEqual(client.messageSize, 8192)
        return root
    }

    private func assertThrows(_ expected: NinePError, _ body: () throws -> Void, line: UInt = #line) {
        XCTAssertThrowsError(try body(), line: line) { XCTAssertEqual($0 as? NinePError, expected, line: line) }
    }

    func testConnectNegotiatesTheSmallerMessageSize() throws {
        XCTAssertEqual(try connect(), 0)
        XCTAssertEqual(client.fidsInUse, 1)
        XCTAssertEqual(client.maximumTransfer, 8192 - 24)
        XCTAssertTrue(transport.script.isEmpty)

        let other = ScriptedTransport()
        other.expect("15 00 00 00 64 ff ff 00 00 01 00 08 00 39 50 32 30 30 30 2e 4c",
                     reply: "15 00 00 00 65 ff ff 00 20 00 00 08 00 39 50 32 30 30 30 2e 4c")
        other.expect("1c 00 00 00 68 01 00 00 00 00 00 ff ff ff ff 05 00 77 61 6c 6f 73 00 00 ff ff ff ff",
                     reply: "14 00 00 00 69 01 00 80 00 00 00 00 02 00 00 00 00 00 00 00")
        let second = NinePClient(transport: other, fidLimit: 8)
        _ = try second.connect(maximumMessageSize: 1 << 20, userName: b("walos"), attachName: [])
        XCTAssertEqual(second.messageSize, 8192, "64 KiB asked (the buffers' size), the server offered 8 KiB")
    }

    func testServersThatCannotBeUsed() {
        for reply in ["15 00 00 00 65 ff ff 00 20 00 00 08 00 39 50 32 30 30 30 2e 75",  // 9P2000.u
                      "15 00 00 00 65 ff ff 00 0f 00 00 08 00 39 50 32 30 30 30 2e 4c"] {  // msize 3840
            let t = ScriptedTransport()
            t.expect("15 00 00 00 64 ff ff 00 20 00 00 08 00 39 50 32 30 30 30 2e 4c", reply: reply)
            let c = NinePClient(transport: t, fidLimit: 8)
            assertThrows(.unsupportedServer) { _ = try c.connect(maximumMessageSize: 8192, userName: [], attachName: []) }
            XCTAssertEqual(c.fidsInUse, 0)
        }
    }

    func testWalkOpenReadClunk() throws {
        let root = try connect()
        // Twalk fid 0 -> newfid 1 through "etc", "motd"; Rwalk with a directory qid and a file qid.
        transport.expect("1c 00 00 00 6e 02 00 00 00 00 00 01 00 00 00 02 00 03 00 65 74 63 04 00 6d 6f 74 64",
                         reply: "23 00 00 00 6f 02 00 02 00 80 00 00 00 00 10 00 00 00 00 00 00 00 00 07 00 00 00 11 00 00 00 00 00 00 00")
        // Tlopen fid 1 O_RDONLY; Rlopen qid, iounit 0.
        transport.expect("0f 00 00 00 0c 03 00 01 00 00 00 00 00 00 00",
                         reply: "18 00 00 00 0d 03 00 00 07 00 00 00 11 00 00 00 00 00 00 00 00 00 00 00")
        // Tread fid 1 offset 0 count 100; Rread "hello" (a short read: the end of the file).
        transport.expect("17 00 00 00 74 04 00 01 00 00 00 00 00 00 00 00 00 00 00 64 00 00 00",
                         reply: "10 00 00 00 75 04 00 05 00 00 00 68 65 6c 6c 6f")
        transport.expect("0b 00 00 00 78 05 00 01 00 00 00", reply: "07 00 00 00 79 05 00")

        let (fid, qids) = try client.walk(root, [b("etc"), b("motd")])
        XCTAssertEqual(fid, 1)
        XCTAssertEqual(qids, [Qid(type: 0x80, version: 0, path: 0x10), Qid(type: 0, version: 7, path: 0x11)])
        XCTAssertTrue(qids[0].isDirectory)
        let opened = try client.open(fid, flags: .readOnly)
        XCTAssertEqual(opened.qid.path, 0x11)
        var buffer = [UInt8](repeating: 0, count: 100)
        let count = try buffer.withUnsafeMutableBytes { try client.read(fid, at: 0, into: $0) }
        XCTAssertEqual(Array(buffer[..<count]), b("hello"))
        try client.clunk(fid)
        XCTAssertEqual(client.fidsInUse, 1)
        XCTAssertTrue(transport.script.isEmpty)
    }

    func testRlerrorIsTheServersErrnoAndLeavesNoFid() throws {
        let root = try connect()
        transport.expect("1c 00 00 00 6e 02 00 00 00 00 00 01 00 00 00 02 00 03 00 65 74 63 04 00 6d 6f 74 64",
                         reply: "0b 00 00 00 07 02 00 02 00 00 00")
        assertThrows(.remote(errno: LinuxErrno.noEntry)) { _ = try client.walk(root, [b("etc"), b("motd")]) }
        XCTAssertEqual(client.fidsInUse, 1)
    }

    func testGetAttributes() throws {
        let root = try connect()
        transport.expect("13 00 00 00 18 02 00 00 00 00 00 ff 07 00 00 00 00 00 00",
                         reply: "a0 00 00 00 19 02 00 ff 07 00 00 00 00 00 00 80 00 00 00 00 02 00 00 00 00 00 00 00 ed 41 00 00 e8 03 00 00 64 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 10 00 00 00 00 00 00 00 10 00 00 00 00 00 00 08 00 00 00 00 00 00 00 00 f1 53 65 00 00 00 00 05 00 00 00 00 00 00 00 01 f1 53 65 00 00 00 00 06 00 00 00 00 00 00 00 02 f1 53 65 00 00 00 00 07 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")
        let a = try client.getAttributes(root)
        XCTAssertEqual(a.valid, 0x7FF)
        XCTAssertEqual(a.qid, Qid(type: 0x80, version: 0, path: 2))
        XCTAssertEqual(a.mode, 0o40755)
        XCTAssertTrue(a.isDirectory)
        XCTAssertEqual([a.uid, a.gid], [1000, 100])
        XCTAssertEqual([a.linkCount, a.rdev, a.size, a.blockSize, a.blocks], [3, 0, 4096, 4096, 8])
        XCTAssertEqual(a.accessTime, NinePTime(seconds: 1_700_000_000, nanoseconds: 5))
        XCTAssertEqual(a.modificationTime.nanosecondsSinceEpoch, 1_700_000_001_000_000_006)
        XCTAssertEqual(a.changeTime, NinePTime(seconds: 1_700_000_002, nanoseconds: 7))
    }

    func testSetAttributes() throws {
        let root = try connect()
        // valid = SIZE | ATIME | MTIME | MTIME_SET (0x138): size 10, atime now, mtime 1234.000000056.
        transport.expect("43 00 00 00 1a 02 00 00 00 00 00 38 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 0a 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 d2 04 00 00 00 00 00 00 38 00 00 00 00 00 00 00",
                         reply: "07 00 00 00 1b 02 00")
        var change = NinePSetAttributes()
        change.size = 10
        change.accessTime = .now
        change.modificationTime = .to(NinePTime(nanosecondsSinceEpoch: 1_234_000_000_056))
        try client.setAttributes(root, change)
    }

    func testReadDirectory() throws {
        _ = try connect()
        // Treaddir fid 1 offset 0, count msize - 11; Rreaddir with "." (a directory) and "a.txt" (a file).
        transport.expect("17 00 00 00 28 02 00 01 00 00 00 00 00 00 00 00 00 00 00 f5 1f 00 00",
                         reply: "41 00 00 00 29 02 00 36 00 00 00 80 00 00 00 00 02 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 04 01 00 2e 00 00 00 00 00 03 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 08 05 00 61 2e 74 78 74")
        let entries = try client.readDirectory(1, at: 0, count: 1 << 20)
        XCTAssertEqual(entries, [
            NinePDirectoryEntry(qid: Qid(type: 0x80, version: 0, path: 2), offset: 1, type: 4, name: b(".")),
            NinePDirectoryEntry(qid: Qid(type: 0, version: 0, path: 3), offset: 2, type: 8, name: b("a.txt")),
        ])
    }

    func testCreateAndWrite() throws {
        let root = try connect()
        // The directory fid is cloned (Twalk with no names), then Tlcreate turns the clone into the new file:
        // O_WRONLY|O_CREAT|O_TRUNC (0o1101), mode 0644, gid 0.
        transport.expect("11 00 00 00 6e 02 00 00 00 00 00 01 00 00 00 00 00", reply: "09 00 00 00 6f 02 00 00 00")
        transport.expect("20 00 00 00 0e 03 00 01 00 00 00 07 00 6e 65 77 2e 74 78 74 41 02 00 00 a4 01 00 00 00 00 00 00",
                         reply: "18 00 00 00 0f 03 00 00 00 00 00 00 0a 00 00 00 00 00 00 00 00 00 00 00")
        transport.expect("1b 00 00 00 76 04 00 01 00 00 00 03 00 00 00 00 00 00 00 04 00 00 00 64 61 74 61",
                         reply: "0b 00 00 00 77 04 00 04 00 00 00")
        let created = try client.create(in: root, name: b("new.txt"), flags: [.writeOnly, .create, .truncate],
                                        mode: 0o644, gid: 0)
        XCTAssertEqual(created.fid, 1)
        XCTAssertEqual(created.qid.path, 10)
        let written = try b("data").withUnsafeBytes { try client.write(created.fid, at: 3, from: $0) }
        XCTAssertEqual(written, 4)
        XCTAssertEqual(client.fidsInUse, 2)
    }

    func testDirectoryChangesLinksAndStatistics() throws {
        let root = try connect()
        transport.expect("18 00 00 00 48 02 00 00 00 00 00 03 00 6f 75 74 ed 01 00 00 00 00 00 00",
                         reply: "14 00 00 00 49 02 00 80 00 00 00 00 09 00 00 00 00 00 00 00")
        XCTAssertEqual(try client.makeDirectory(in: root, name: b("out"), mode: 0o755, gid: 0).path, 9)
        transport.expect("15 00 00 00 4a 03 00 00 00 00 00 01 00 61 00 00 00 00 01 00 62", reply: "07 00 00 00 4b 03 00")
        try client.rename(in: root, name: b("a"), to: root, name: b("b"))
        transport.expect("12 00 00 00 4c 04 00 00 00 00 00 01 00 64 00 02 00 00", reply: "07 00 00 00 4d 04 00")
        try client.unlink(in: root, name: b("d"), flags: NineP.removeDirectory)
        transport.expect("18 00 00 00 10 05 00 00 00 00 00 01 00 6c 04 00 2e 2e 2f 74 00 00 00 00",
                         reply: "14 00 00 00 11 05 00 02 00 00 00 00 0c 00 00 00 00 00 00 00")
        XCTAssertTrue(try client.symlink(in: root, name: b("l"), target: b("../t"), gid: 0).isSymlink)
        transport.expect("0b 00 00 00 16 06 00 00 00 00 00", reply: "0d 00 00 00 17 06 00 04 00 2e 2e 2f 74")
        XCTAssertEqual(try client.readLink(root), b("../t"))
        // Tlink dfid[4] fid[4] name[s].
        transport.expect("12 00 00 00 46 07 00 00 00 00 00 01 00 00 00 01 00 68", reply: "07 00 00 00 47 07 00")
        try client.link(1, in: root, name: b("h"))
        // Tfsync fid[4] datasync[4], as QEMU reads it.
        transport.expect("0f 00 00 00 32 08 00 01 00 00 00 00 00 00 00", reply: "07 00 00 00 33 08 00")
        try client.fsync(1)
        transport.expect("0b 00 00 00 08 09 00 00 00 00 00",
                         reply: "43 00 00 00 09 09 00 94 19 02 01 00 10 00 00 e8 03 00 00 00 00 00 00 f4 01 00 00 00 00 00 00 90 01 00 00 00 00 00 00 64 00 00 00 00 00 00 00 32 00 00 00 00 00 00 00 ef cd ab 00 00 00 00 00 ff 00 00 00")
        let s = try client.statistics(root)
        XCTAssertEqual(s.type, 0x0102_1994)
        XCTAssertEqual(s.blockSize, 4096)
        XCTAssertEqual([s.blocks, s.freeBlocks, s.availableBlocks, s.files, s.freeFiles], [1000, 500, 400, 100, 50])
        XCTAssertEqual(s.fileSystemID, 0xABCDEF)
        XCTAssertEqual(s.maximumNameLength, 255)
        XCTAssertTrue(transport.script.isEmpty)
    }
}
