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
