import NineP
import XCTest

/// Bytes from a hex string ("15 00 00 00 64 ..."), for messages written out by hand from the protocol's layout.
func hex(_ text: String) -> [UInt8] {
    text.split(separator: " ").map { UInt8($0, radix: 16)! }
}

/// A transport that plays the server from a script: each exchange checks the request against the next
/// expected bytes and answers with the scripted reply. `answer` replaces the script for generated traffic.
final class ScriptedTransport: NinePTransport {
    let requestBuffer: UnsafeMutableRawBufferPointer
    private let reply: UnsafeMutableRawBufferPointer
    var replyBuffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(reply) }
    var script: [(request: [UInt8], reply: [UInt8])] = []
    var answer: (([UInt8]) -> [UInt8])? = nil
    var sent: [[UInt8]] = []
    var fails = false
    /// What exchange claims to have received, when a test wants it to lie.
    var claimedLength: Int? = nil

    init(bufferSize: Int = 65536) {
        requestBuffer = .allocate(byteCount: bufferSize, alignment: 8)
        reply = .allocate(byteCount: bufferSize, alignment: 8)
    }

    deinit {
        requestBuffer.deallocate()
        reply.deallocate()
    }

    func expect(_ request: String, reply: String) {
        script.append((hex(request), hex(reply)))
    }

    /// Tversion (msize 4096) and Tattach (fid 0, no afid, empty uname and aname, no numeric user), as
    /// `connect(maximumMessageSize: 4096, userName: [], attachName: [])` sends them, and a server that agrees.
    func expectConnect4096() {
        expect("15 00 00 00 64 ff ff 00 10 00 00 08 00 39 50 32 30 30 30 2e 4c",
               reply: "15 00 00 00 65 ff ff 00 10 00 00 08 00 39 50 32 30 30 30 2e 4c")
        expect("17 00 00 00 68 01 00 00 00 00 00 ff ff ff ff 00 00 00 00 ff ff ff ff",
               reply: "14 00 00 00 69 01 00 80 00 00 00 00 02 00 00 00 00 00 00 00")
    }

    func exchange(requestLength: Int) throws(NinePError) -> Int {
        let request = Array(requestBuffer[0..<requestLength])
        sent.append(request)
        if fails { throw .transport }
        let bytes: [UInt8]
        if let answer {
            bytes = answer(request)
        } else {
            guard !script.isEmpty else {
                XCTFail("unexpected request \(request)")
                throw .transport
            }
            let step = script.removeFirst()
            XCTAssertEqual(request, step.request, "request \(sent.count)")
            bytes = step.reply
        }
        reply.copyBytes(from: bytes)
        return claimedLength ?? bytes.count
    }
}
