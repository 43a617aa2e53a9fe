import NineP
import XCTest

private func b(_ s: String) -> [UInt8] { Array(s.utf8) }

private func u32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
}

private func u64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
    (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
}

private func message(_ type: UInt8, tag: [UInt8], _ body: [UInt8]) -> [UInt8] {
    let size = UInt32(7 + body.count)
    return [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24), type] + tag + body
}

private func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }

/// What the client does at the edges: transfers split to the message size, long walks split to 16 names, the
/// fid limit, and replies that do not follow the protocol.
final class NinePLimitsTests: XCTestCase {
    let transport = ScriptedTransport()
    lazy var client = NinePClient(transport: transport, fidLimit: 3)

    /// Connects with msize 4096 (4072 bytes of data per transfer).
    private func connect() throws -> UInt32 {
        transport.expectConnect4096()
        return try client.connect(maximumMessageSize: 4096, userName: [], attachName: [])
    }

    private func assertThrows(_ expected: NinePError, _ body: () throws -> Void, line: UInt = #line) {
        XCTAssertThrowsError(try body(), line: line) { XCTAssertEqual($0 as? NinePError, expected, line: line) }
    }

    /// A server for Tread over a file of `size` bytes whose byte at offset i is i % 251.
    private func serveReads(fileSize: Int) {
        transport.answer = { request in
            let offset = Int(u64(request, at: 11)), count = Int(u32(request, at: 19))
            let data = (offset..<min(fileSize, offset + count)).map { UInt8($0 % 251) }
            return message(117, tag: Array(request[5..<7]), le32(data.count) + data)
        }
    }

    func testReadsAreSplitToTheMessageSize() throws {
        _ = try connect()
        serveReads(fileSize: 10_000)
        var buffer = [UInt8](repeating: 0, count: 12_000)
        let count = try buffer.withUnsafeMutableBytes { try client.read(1, at: 0, into: $0) }
        XCTAssertEqual(count, 10_000)
        XCTAssertEqual(Array(buffer[..<count]), (0..<10_000).map { UInt8($0 % 251) })
        let asked = transport.sent.dropFirst(2).map { (u64($0, at: 11), u32($0, at: 19)) }
        XCTAssertEqual(asked.map { $0.0 }, [0, 4072, 8144])
        XCTAssertEqual(asked.map { $0.1 }, [4072, 4072, 3856])
    }

    func testAReadThatEndsExactlyAtABoundaryStopsAtTheEmptyReply() throws {
        _ = try connect()
        serveReads(fileSize: 4072)
        var buffer = [UInt8](repeating: 0, count: 8144)
        XCTAssertEqual(try buffer.withUnsafeMutableBytes { try client.read(1, at: 0, into: $0) }, 4072)
        XCTAssertEqual(transport.sent.count, 4)
    }

    func testWritesAreSplitToTheMessageSize() throws {
        _ = try connect()
        var received: [(UInt64, [UInt8])] = []
        transport.answer = { request in
            let count = Int(u32(request, at: 19))
            received.append((u64(request, at: 11), Array(request[23..<(23 + count)])))
            return message(119, tag: Array(request[5..<7]), le32(count))
        }
        let data = (0..<9000).map { UInt8($0 % 253) }
        XCTAssertEqual(try data.withUnsafeBytes { try client.write(1, at: 100, from: $0) }, 9000)
        XCTAssertEqual(received.map { $0.0 }, [100, 4172, 8244])
        XCTAssertEqual(received.flatMap { $0.1 }, data)
    }

    func testAServerThatTakesNothingEndsTheWrite() throws {
        _ = try connect()
        transport.answer = { message(119, tag: Array($0[5..<7]), le32(0)) }
        XCTAssertEqual(try b("abc").withUnsafeBytes { try client.write(1, at: 0, from: $0) }, 0)
        XCTAssertEqual(transport.sent.count, 3)
    }

    func testLongWalksTakeSeveralMessages() throws {
        let root = try connect()
        let names = (0..<20).map { b("d\($0)") }
        var walks: [(from: UInt32, to: UInt32, names: Int)] = []
        transport.answer = { request in
            let count = Int(request[15]) | Int(request[16]) << 8
            walks.append((u32(request, at: 7), u32(request, at: 11), count))
            let qid: [UInt8] = [0x80] + [UInt8](repeating: 0, count: 12)
            return message(111, tag: Array(request[5..<7]), [UInt8(count), 0] + Array((0..<count).map { _ in qid }.joined()))
        }
        let walked = try client.walk(root, names)
        XCTAssertEqual(walked.qids.count, 20)
        XCTAssertEqual(walks.map { $0.from }, [0, 1])
        XCTAssertEqual(walks.map { $0.to }, [1, 1])
        XCTAssertEqual(walks.map { $0.names }, [16, 4])
    }

    func testAWalkThatStopsShortLeavesNoFid() throws {
        let root = try connect()
        var clunked: [UInt32] = []
        transport.answer = { request in
            let tag = Array(request[5..<7])
            if request[4] == 120 {
                clunked.append(u32(request, at: 7))
                return message(121, tag: tag, [])
            }
            let count = Int(request[15])
            let answered = count == 16 ? 16 : 2  // the second message stops after two of its four names
            let qid: [UInt8] = [0x80] + [UInt8](repeating: 0, count: 12)
            return message(111, tag: tag, [UInt8(answered), 0] + Array((0..<answered).map { _ in qid }.joined()))
        }
        assertThrows(.remote(errno: LinuxErrno.noEntry)) { _ = try client.walk(root, (0..<20).map { b("d\($0)") }) }
        XCTAssertEqual(clunked, [1], "the fid the first message made is clunked")
        XCTAssertEqual(client.fidsInUse, 1)
    }

    func testTheFidLimitHolds() throws {
        let root = try connect()
        transport.answer = { request in
            message(request[4] == 120 ? 121 : 111, tag: Array(request[5..<7]), request[4] == 120 ? [] : [0, 0])
        }
        let first = try client.walk(root, []).fid
        let second = try client.walk(root, []).fid
        let sentBefore = transport.sent.count
        assertThrows(.tooManyFids) { _ = try client.walk(root, []) }
        XCTAssertEqual(transport.sent.count, sentBefore, "nothing is sent without a fid")
        try client.clunk(first)
        XCTAssertEqual(try client.walk(root, []).fid, first, "a clunked fid is used again")
        XCTAssertEqual(Set([root, first, second]).count, 3)
    }

    func testNamesThatWouldNameSomethingElseAreRefused() throws {
        let root = try connect()
        let sentBefore = transport.sent.count
        assertThrows(.invalidName) { _ = try client.walk(root, [b("a/b")]) }
        assertThrows(.invalidName) { _ = try client.makeDirectory(in: root, name: [0x61, 0], mode: 0o755, gid: 0) }
        XCTAssertEqual(transport.sent.count, sentBefore)
        XCTAssertEqual(client.fidsInUse, 1)
    }

    func testMalformedReplies() throws {
        let root = try connect()
        let cases: [(String, [UInt8])] = [
            ("wrong tag", hex("07 00 00 00 79 09 00")),
            ("wrong type", hex("07 00 00 00 77 02 00")),
            ("size larger than what arrived", hex("08 00 00 00 79 02 00")),
            ("size below the header", hex("06 00 00 00 79 02 00")),
            ("a field past the end", hex("0a 00 00 00 07 02 00 02 00 00")),
            ("bytes after the last field", hex("08 00 00 00 79 02 00 00")),
        ]
        for (reason, reply) in cases {
            let t = ScriptedTransport()
            let c = NinePClient(transport: t, fidLimit: 4)
            t.expectConnect4096()
            let fid = try c.connect(maximumMessageSize: 4096, userName: [], attachName: [])
            t.answer = { _ in reply }
            XCTAssertThrowsError(try c.clunk(fid), reason) { XCTAssertEqual($0 as? NinePError, .malformedReply, reason) }
        }
        // A read reply with more data than asked, and a transport that claims more bytes than its buffer holds.
        transport.answer = { message(117, tag: Array($0[5..<7]), le32(5) + b("hello")) }
        var small = [UInt8](repeating: 0, count: 3)
        assertThrows(.malformedReply) { _ = try small.withUnsafeMutableBytes { try client.read(1, at: 0, into: $0) } }
        transport.answer = { message(121, tag: Array($0[5..<7]), []) }
        transport.claimedLength = 1 << 20
        assertThrows(.malformedReply) { try client.clunk(root) }
    }

    func testATransportFailureEndsTheSession() throws {
        let root = try connect()
        transport.fails = true
        assertThrows(.transport) { _ = try client.getAttributes(root) }
        XCTAssertTrue(client.isBroken)
        let sentBefore = transport.sent.count
        transport.fails = false
        assertThrows(.transport) { _ = try client.getAttributes(root) }
        XCTAssertEqual(transport.sent.count, sentBefore, "nothing more reaches a broken transport")
    }
}
