import XCTest
@testable import WASIPreview1

/// walos's channel calls (docs/abi.md, "Channels") within one process on a host without processes: both
/// endpoints in one table, so every call here that would wait is non-blocking or has a message waiting.
final class ChannelTests: XCTestCase {
    /// A new channel's two endpoints.
    func channel(_ process: TestProcess) -> (UInt32, UInt32) {
        XCTAssertEqual(process.errno("channel", 16), .success)
        return (process.u32(16), process.u32(20))
    }

    /// Sends `text` and the descriptors `handles` on `fd`.
    func send(_ process: TestProcess, _ fd: UInt32, _ text: String, handles: [UInt32] = []) -> Errno {
        let (bytes, count) = process.put(text)
        let list = process.put(handles.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) } + [0])
        return process.errno("channel_send", UInt64(fd), bytes, count, UInt64(list), UInt64(handles.count))
    }

    /// Receives on `fd` into buffers of `capacity` bytes and `handleCapacity` descriptors: the errno, the bytes,
    /// the descriptors, and the result's two counts.
    func receive(_ process: TestProcess, _ fd: UInt32, capacity: UInt32 = 256, handleCapacity: UInt32 = 8)
        -> (Errno, [UInt8], [UInt32], UInt32, UInt32) {
        let buffer = process.put([UInt8](repeating: 0, count: Int(capacity)))
        let handles = process.put([UInt8](repeating: 0xEE, count: Int(handleCapacity) * 4 + 4))
        let errno = process.errno("channel_recv", UInt64(fd), UInt64(buffer), UInt64(capacity), UInt64(handles),
                                  UInt64(handleCapacity), 8)
        let count = process.u32(8), handleCount = process.u32(12)
        guard errno == .success else { return (errno, [], [], count, handleCount) }
        return (errno, process.bytes(buffer, Int(count)), (0..<handleCount).map { process.u32(handles + 4 * $0) },
                count, handleCount)
    }

    func nonblocking(_ process: TestProcess, _ fds: UInt32...) {
        for fd in fds { XCTAssertEqual(process.errno("fd_fdstat_set_flags", UInt64(fd), 4), .success) }
    }

    func testMessagesArriveWholeAndInOrderEachWay() {
        let process = TestProcess()
        let (a, b) = channel(process)
        XCTAssertEqual(send(process, a, "first"), .success)
        XCTAssertEqual(send(process, a, ""), .success)
        XCTAssertEqual(send(process, b, "back"), .success)
        XCTAssertEqual(receive(process, b).1, Array("first".utf8))
        let empty = receive(process, b)
        XCTAssertEqual(empty.0, .success)
        XCTAssertEqual(empty.3, 0)
        XCTAssertEqual(receive(process, a).1, Array("back".utf8))
        nonblocking(process, a, b)
        XCTAssertEqual(receive(process, a).0, .again)
        XCTAssertEqual(receive(process, b).0, .again)
    }

    /// A received small message is kept for its side's next one: that one arrives whole (nothing of a longer
    /// one before it), charges its sender nothing while it waits, and the senders' charges all come back.
    func testAKeptMessageCarriesTheNextWithoutACharge() {
        let process = TestProcess()
        let (a, b) = channel(process)
        let before = process.context.kernelMemory.bytes
        XCTAssertEqual(send(process, a, "a longer first message"), .success)
        XCTAssertEqual(process.context.kernelMemory.bytes, before + Channel.messageOverhead + 22)
        XCTAssertEqual(receive(process, b).1, Array("a longer first message".utf8))
        XCTAssertEqual(process.context.kernelMemory.bytes, before)
        XCTAssertEqual(send(process, a, "short"), .success)
        XCTAssertEqual(process.context.kernelMemory.bytes, before)
        // The side's kept message is in the queue: the next one is charged as usual.
        XCTAssertEqual(send(process, a, "third"), .success)
        XCTAssertEqual(process.context.kernelMemory.bytes, before + Channel.messageOverhead + 5)
        XCTAssertEqual(receive(process, b).1, Array("short".utf8))
        XCTAssertEqual(receive(process, b).1, Array("third".utf8))
        XCTAssertEqual(process.context.kernelMemory.bytes, before)
        // Larger than a kept message holds: a message of its own, whole.
        let large = String(repeating: "x", count: Channel.spareBytes + 1)
        XCTAssertEqual(send(process, a, large), .success)
        XCTAssertEqual(receive(process, b, capacity: 512).1, Array(large.utf8))
        XCTAssertEqual(send(process, b, "other way"), .success)
        XCTAssertEqual(receive(process, a).1, Array("other way".utf8))
        XCTAssertEqual(process.context.kernelMemory.bytes, before)
    }

    func testAMessageTooLargeForTheBuffersStaysQueuedWithItsSizes() {
        let process = TestProcess()
        let (a, b) = channel(process)
        XCTAssertEqual(process.errno("pipe", 24), .success)
        let (reader, writer) = (process.u32(24), process.u32(28))
        XCTAssertEqual(send(process, a, "twelve bytes", handles: [reader]), .success)
        let small = receive(process, b, capacity: 4)
        XCTAssertEqual(small.0, .messageSize)
        XCTAssertEqual([small.3, small.4], [12, 1])
        XCTAssertEqual(receive(process, b, handleCapacity: 0).0, .messageSize)
        let whole = receive(process, b, capacity: 12, handleCapacity: 1)
        XCTAssertEqual(whole.0, .success)
        XCTAssertEqual(whole.1, Array("twelve bytes".utf8))
        XCTAssertEqual(whole.2.count, 1)
        XCTAssertEqual(process.write(writer, "through"), 7)
        XCTAssertEqual(process.read(whole.2[0], 16), Array("through".utf8))
    }

    func testMovedDescriptorsLeaveTheSenderAndArriveUnderNewNumbers() {
        let process = TestProcess()
        let (a, b) = channel(process)
        XCTAssertEqual(process.errno("pipe", 24), .success)
        let (reader, writer) = (process.u32(24), process.u32(28))
        XCTAssertEqual(send(process, a, "pipe ends", handles: [writer, reader]), .success)
        XCTAssertEqual(process.errno("fd_close", UInt64(writer)), .badDescriptor)
        XCTAssertEqual(process.errno("fd_close", UInt64(reader)), .badDescriptor)
        let got = receive(process, b)
        XCTAssertEqual(got.0, .success)
        XCTAssertEqual(got.2.count, 2)
        XCTAssertEqual(process.write(got.2[0], "moved"), 5)
        XCTAssertEqual(process.read(got.2[1], 16), Array("moved".utf8))
    }

    func testAClosedPeerIsEPIPEOnceItsMessagesAreTaken() {
        let process = TestProcess()
        let (a, b) = channel(process)
        XCTAssertEqual(send(process, a, "last words"), .success)
        XCTAssertEqual(process.errno("fd_close", UInt64(a)), .success)
        XCTAssertEqual(send(process, b, "anyone?"), .brokenPipe)
        XCTAssertEqual(receive(process, b).1, Array("last words".utf8))
        XCTAssertEqual(receive(process, b).0, .brokenPipe)
    }

    func testWhatWaitsForAClosedEndpointIsDroppedAtOnce() {
        let process = TestProcess()
        let (a, b) = channel(process)
        XCTAssertEqual(process.errno("pipe", 24), .success)
        let (reader, writer) = (process.u32(24), process.u32(28))
        let before = process.context.kernelMemory.bytes
        XCTAssertEqual(send(process, a, "never read", handles: [writer]), .success)
        XCTAssertEqual(process.errno("fd_close", UInt64(b)), .success)
        // a is still open, but the message and the write end it moved are gone: end of file on the pipe (a
        // non-blocking read: were the write end still queued, EAGAIN).
        nonblocking(process, reader)
        XCTAssertEqual(process.errno("fd_read", UInt64(reader), process.iovec(100, 4), 1, 8), .success)
        XCTAssertEqual(process.u32(8), 0)
        XCTAssertEqual(process.context.kernelMemory.bytes, before - 2 * DescriptorTable.bytesPerDescriptor)
    }

    func testBadArgumentsSendNothing() {
        let process = TestProcess(memorySize: 4 * 65536)
        let (a, b) = channel(process)
        nonblocking(process, b)
        XCTAssertEqual(process.errno("pipe", 24), .success)
        let pipeReader = process.u32(24)
        let big = UInt64(process.put([UInt8](repeating: 1, count: Channel.maxMessageBytes + 1)))
        let handles = UInt64(process.put([UInt8](repeating: 0, count: 64)))
        func send(_ fd: UInt32, _ bytes: UInt64, _ count: Int, _ list: UInt64, _ handleCount: Int) -> Errno {
            process.errno("channel_send", UInt64(fd), bytes, UInt64(count), list, UInt64(handleCount))
        }
        XCTAssertEqual(send(a, big, Channel.maxMessageBytes + 1, handles, 0), .messageSize)
        XCTAssertEqual(send(a, big, 16, handles, Channel.maxHandles + 1), .tooBig)
        XCTAssertEqual(send(a, 4 * 65536 - 8, 16, handles, 0), .fault)
        XCTAssertEqual(send(a, big, 16, 4 * 65536 - 2, 1), .fault)
        XCTAssertEqual(send(pipeReader, big, 16, handles, 0), .badDescriptor)
        XCTAssertEqual(send(999, big, 16, handles, 0), .badDescriptor)
        XCTAssertEqual(self.send(process, a, "forged", handles: [777]), .badDescriptor)
        XCTAssertEqual(self.send(process, a, "twice", handles: [pipeReader, pipeReader]), .invalid)
        XCTAssertEqual(self.send(process, a, "itself", handles: [a]), .invalid)
        XCTAssertEqual(self.send(process, a, "its peer", handles: [b]), .invalid)
        XCTAssertEqual(receive(process, b).0, .again)
        XCTAssertEqual(process.errno("fd_close", UInt64(pipeReader)), .success)
        // A receive with a bad buffer takes nothing.
        XCTAssertEqual(self.send(process, a, "kept"), .success)
        XCTAssertEqual(process.errno("channel_recv", UInt64(b), 4 * 65536 - 2, 16, 0, 0, 8), .fault)
        XCTAssertEqual(process.errno("channel_recv", UInt64(b), 0, 16, 0, 0x4000_0000, 8), .fault)
        XCTAssertEqual(process.errno("channel_recv", UInt64(b), 0, 16, 0, 0, 4 * 65536 - 4), .fault)
        XCTAssertEqual(receive(process, b).1, Array("kept".utf8))
        // Channels are not byte streams.
        XCTAssertEqual(process.errno("fd_write", UInt64(a), process.iovec(100, 4), 1, 8), .badDescriptor)
        XCTAssertEqual(process.errno("fd_seek", UInt64(a), 0, 0, 8), .invalidSeek)
    }

    func testAFullQueueIsEAGAINAndPollSeesRoomMessagesAndHangup() {
        let process = TestProcess()
        let (a, b) = channel(process)
        nonblocking(process, a)
        for _ in 0..<Channel.queueMessages { XCTAssertEqual(send(process, a, "x"), .success) }
        XCTAssertEqual(send(process, a, "x"), .again)
        // Subscriptions: a readable at offset 0 (fd b), a writable at 48 (fd a).
        var subscriptions = [UInt8](repeating: 0, count: 96)
        subscriptions[8] = 1
        subscriptions[16] = UInt8(b)
        subscriptions[56] = 2
        subscriptions[64] = UInt8(a)
        subscriptions[48] = 7
        let input = UInt64(process.put(subscriptions))
        let events = process.put([UInt8](repeating: 0, count: 64))
        XCTAssertEqual(process.errno("poll_oneoff", input, UInt64(events), 2, 8), .success)
        XCTAssertEqual(process.u32(8), 1)
        XCTAssertEqual(process.u64(events + 16), 1)
        XCTAssertEqual(receive(process, b).1, Array("x".utf8))
        XCTAssertEqual(process.errno("poll_oneoff", input, UInt64(events), 2, 8), .success)
        XCTAssertEqual(process.u32(8), 2)
        XCTAssertEqual(process.u64(events + 32), 7)
        XCTAssertEqual(process.u64(events + 48), UInt64(Channel.queueBytes - (Channel.queueMessages - 1)))
        XCTAssertEqual(process.errno("fd_close", UInt64(b)), .success)
        XCTAssertEqual(process.errno("poll_oneoff", input + 48, UInt64(events), 1, 8), .success)
        XCTAssertEqual(process.u16(events + 24), 1)
    }

    func testCallSendsThenTakesTheNextMessage() {
        let process = TestProcess()
        let (a, b) = channel(process)
        XCTAssertEqual(send(process, b, "reply"), .success)
        let (request, count) = process.put("request")
        let reply = process.put([UInt8](repeating: 0, count: 16))
        XCTAssertEqual(process.errno("channel_call", UInt64(a), request, count, 0, 0, UInt64(reply), 16, 0, 0, 8),
                       .success)
        XCTAssertEqual(process.bytes(reply, Int(process.u32(8))), Array("reply".utf8))
        XCTAssertEqual(receive(process, b).1, Array("request".utf8))
        // A bad reply buffer sends nothing.
        nonblocking(process, b)
        XCTAssertEqual(process.errno("channel_call", UInt64(a), request, count, 0, 0, 0xFFFF_0000, 16, 0, 0, 8),
                       .fault)
        XCTAssertEqual(receive(process, b).0, .again)
    }

    func testEndpointsWithDescriptorsQueuedCannotTravelAndEverythingComesBack() {
        let process = TestProcess()
        let before = process.context.kernelMemory.bytes
        let (a, b) = channel(process)
        let (c, d) = channel(process)
        // d's queue holds a pipe end, so d may not travel; c, whose queue is empty, may.
        XCTAssertEqual(process.errno("pipe", 24), .success)
        XCTAssertEqual(send(process, c, "to d", handles: [process.u32(24)]), .success)
        XCTAssertEqual(send(process, a, "d", handles: [d]), .busy)
        XCTAssertEqual(send(process, a, "c", handles: [c]), .success)
        // Closing every descriptor drops the queued messages and what they move: all the memory comes back.
        for fd in [a, b, d, process.u32(28)] { XCTAssertEqual(process.errno("fd_close", UInt64(fd)), .success) }
        XCTAssertEqual(process.context.kernelMemory.bytes, before)
    }

    /// Pages move whole (the host's mover copies and zeroes, as the kernel's remaps): the sender reads zeros, the
    /// receiver's buffer gets the bytes, each page it had is replaced, and every charge comes back.
    func testPagesLeaveTheSenderAndArriveWhole() {
        let process = TestProcess(memorySize: 8 * 65536)
        let (a, b) = channel(process)
        let before = process.context.kernelMemory.bytes
        let copiedBefore = ChannelCounters.bytesCopied
        let from: UInt32 = 65536, to: UInt32 = 4 * 65536
        for i in 0..<3 * 4096 { try! process.memory.store(UInt8(truncatingIfNeeded: i * 7 + 1), at: from + UInt32(i)) }
        for i in 0..<4 * 4096 { try! process.memory.store(UInt8(0xAA), at: to + UInt32(i)) }
        // Three pages, the middle one zeroed again: it travels as nothing.
        try! process.memory.zero(at: from + 4096, count: 4096)
        XCTAssertEqual(process.errno("channel_send_pages", UInt64(a), UInt64(from), 3 * 4096, 0, 0), .success)
        XCTAssertEqual(process.bytes(from, 3 * 4096), [UInt8](repeating: 0, count: 3 * 4096))
        XCTAssertEqual(process.context.kernelMemory.bytes, before + Channel.messageOverhead + 2 * 4096)
        XCTAssertEqual(ChannelCounters.bytesCopied - copiedBefore, 3 * 4096)
        // Too small: EMSGSIZE, the message kept with its size; a buffer not whole pages: EINVAL.
        XCTAssertEqual(process.errno("channel_recv_pages", UInt64(b), UInt64(to), 2 * 4096, 0, 0, 8), .messageSize)
        XCTAssertEqual(process.u32(8), 3 * 4096)
        XCTAssertEqual(process.errno("channel_recv_pages", UInt64(b), UInt64(to) + 1, 4 * 4096, 0, 0, 8), .invalid)
        XCTAssertEqual(process.errno("channel_recv_pages", UInt64(b), UInt64(to), 4 * 4096 - 1, 0, 0, 8), .invalid)
        XCTAssertEqual(process.errno("channel_recv_pages", UInt64(b), UInt64(to), 4 * 4096, 0, 0, 8), .success)
        XCTAssertEqual(process.u32(8), 3 * 4096)
        for i in [0, 4095, 3 * 4096 - 1] {
            XCTAssertEqual(process.u8(to + UInt32(i)), i < 4096 || i >= 2 * 4096 ? UInt8(truncatingIfNeeded: i * 7 + 1) : 0)
        }
        XCTAssertEqual(process.bytes(to + 4096, 4096), [UInt8](repeating: 0, count: 4096))
        XCTAssertEqual(process.u8(to + 3 * 4096), 0xAA, "past the message the buffer is left alone")
        XCTAssertEqual(process.context.kernelMemory.bytes, before)
    }

    func testBadPageArgumentsTakeNothing() {
        let process = TestProcess(memorySize: 4 * 65536)
        let (a, b) = channel(process)
        XCTAssertEqual(process.errno("pipe", 24), .success)
        let page: UInt32 = 65536
        try! process.memory.store(UInt8(5), at: page)
        XCTAssertEqual(process.errno("channel_send_pages", UInt64(a), UInt64(page + 8), 4096, 0, 0), .invalid)
        XCTAssertEqual(process.errno("channel_send_pages", UInt64(a), UInt64(page), 100, 0, 0), .invalid)
        XCTAssertEqual(process.errno("channel_send_pages", UInt64(a), UInt64(3 * 65536), 65536 + 4096, 0, 0), .fault)
        XCTAssertEqual(process.errno("channel_send_pages", UInt64(a), 0, UInt64(Channel.maxPageBytes + 4096), 0, 0),
                       .messageSize)
        XCTAssertEqual(process.errno("channel_send_pages", UInt64(process.u32(24)), UInt64(page), 4096, 0, 0),
                       .badDescriptor)
        XCTAssertEqual(process.u8(page), 5)
        // A receive by copy (channel_recv) takes pages too; the peer gone is EPIPE and takes nothing.
        XCTAssertEqual(process.errno("channel_send_pages", UInt64(a), UInt64(page), 4096, 0, 0), .success)
        let got = receive(process, b, capacity: 4096)
        XCTAssertEqual(got.0, .success)
        XCTAssertEqual(got.1.first, 5)
        try! process.memory.store(UInt8(6), at: page)
        XCTAssertEqual(process.errno("fd_close", UInt64(b)), .success)
        XCTAssertEqual(process.errno("channel_send_pages", UInt64(a), UInt64(page), 4096, 0, 0), .brokenPipe)
        XCTAssertEqual(process.u8(page), 6)
    }

    /// A message of bytes for a receive that waits on an empty side goes straight into its buffers, queueing
    /// nothing; one larger than those buffers is queued, and the receive gets its sizes (EMSGSIZE).
    func testASendFillsAWaitingReceiveDirectly() {
        let process = TestProcess()
        let (a, b) = channel(process)
        let sideB = try! process.context.descriptors.channelEnd(b)!.end.takeUnretainedValue().own
        let buffer = process.put([UInt8](repeating: 0, count: 64))
        process.whileBlocked = {
            XCTAssertEqual(self.send(process, a, "ping"), .success)
            XCTAssertTrue(sideB.isEmpty)
            XCTAssertEqual(process.bytes(buffer, 4), Array("ping".utf8))
        }
        XCTAssertEqual(process.errno("channel_recv", UInt64(b), UInt64(buffer), 64, 0, 0, 8), .success)
        XCTAssertNil(process.whileBlocked)
        XCTAssertEqual([process.u32(8), process.u32(12)], [4, 0])
        process.whileBlocked = {
            XCTAssertEqual(self.send(process, a, String(repeating: "x", count: 65)), .success)
            XCTAssertFalse(sideB.isEmpty)
        }
        XCTAssertEqual(process.errno("channel_recv", UInt64(b), UInt64(buffer), 64, 0, 0, 8), .messageSize)
        XCTAssertEqual([process.u32(8), process.u32(12)], [65, 0])
    }

    /// A direct delivery of every small size (one byte, two to three, four to eight, past eight: each its own
    /// copy) writes exactly the message's bytes into the waiting receive's buffer and nothing past them.
    func testDirectDeliveriesOfEverySmallSizeCopyExactly() {
        let process = TestProcess()
        let (a, b) = channel(process)
        let text = "abcdefghijkl"
        for count in 1...text.count {
            let message = String(text.prefix(count))
            let buffer = process.put([UInt8](repeating: 0xee, count: 16))
            process.whileBlocked = { XCTAssertEqual(self.send(process, a, message), .success) }
            XCTAssertEqual(process.errno("channel_recv", UInt64(b), UInt64(buffer), 16, 0, 0, 8), .success)
            XCTAssertNil(process.whileBlocked, "the receive waited")
            XCTAssertEqual(process.bytes(buffer, 16),
                           Array(message.utf8) + [UInt8](repeating: 0xee, count: 16 - count), "\(count) bytes")
        }
    }

    /// channel_call leaves the wake of a receive it completes to its own wait, so that the embedder can run the
    /// receiver at once in the caller's place (Waiter.wakeAndWait): the request is in the receiver's buffer
    /// before then, and no one else is woken. A side another watcher also waits on is woken as usual.
    func testACallWakesTheServerItCompletesAsItWaits() {
        var handedTo: [Watcher] = []
        var server: TestProcess!
        var (a, b, serverEnd): (UInt32, UInt32, UInt32) = (0, 0, 9)
        var requestBuffer: UInt32 = 0
        var serverSaw: [UInt8] = []
        // The server, run in the client's place or woken, replies.
        let reply = { XCTAssertEqual(self.send(server, serverEnd, "pong"), .success) }
        let client = TestProcess(waiter: Waiter(watcher: Watcher {}, wait: { _ in reply() }, wakeAndWait: { other, _ in
            handedTo.append(other)
            serverSaw = server.bytes(requestBuffer, 4)
            reply()
        }))
        (a, b) = channel(client)
        server = TestProcess()
        try! server.context.descriptors.place(try! client.context.descriptors.get(b), at: serverEnd)
        XCTAssertEqual(client.errno("fd_close", UInt64(b)), .success)
        requestBuffer = server.put([UInt8](repeating: 0, count: 64))
        let (request, count) = client.put("ping")
        let replyBuffer = client.put([UInt8](repeating: 0, count: 64))
        func call() -> Errno {
            client.errno("channel_call", UInt64(a), request, count, 0, 0, UInt64(replyBuffer), 64, 0, 0, 8)
        }
        server.whileBlocked = { XCTAssertEqual(call(), .success) }
        XCTAssertEqual(server.errno("channel_recv", UInt64(serverEnd), UInt64(requestBuffer), 64, 0, 0, 8), .success)
        XCTAssertEqual(handedTo.count, 1)
        XCTAssertTrue(handedTo.first === server.context.waiter.watcher)
        XCTAssertEqual(serverSaw, Array("ping".utf8))
        XCTAssertEqual(client.bytes(replyBuffer, 4), Array("pong".utf8))
        // With a second watcher on the server's side, the send wakes both itself.
        var otherWakes = 0
        let other = Watcher { otherWakes += 1 }
        let serverSide = try! server.context.descriptors.channelEnd(serverEnd)!.end.takeUnretainedValue().own
        serverSide.watch(other)
        server.whileBlocked = { XCTAssertEqual(call(), .success) }
        XCTAssertEqual(server.errno("channel_recv", UInt64(serverEnd), UInt64(requestBuffer), 64, 0, 0, 8), .success)
        serverSide.unwatch(other)
        XCTAssertEqual(handedTo.count, 1)
        XCTAssertEqual(otherWakes, 1)
        XCTAssertEqual(client.bytes(replyBuffer, 4), Array("pong".utf8))
    }

    /// A request queued for a server that waits in a poll rather than a receive leaves the poll's watcher, the
    /// side's only one, to the call's wait as well; the server then takes the request and answers.
    func testACallWakesAPollingServerAsItWaits() {
        var handedTo: [Watcher] = []
        var server: TestProcess!
        let serverEnd: UInt32 = 9
        let poll = Watcher {}
        // The server, run in the client's place or woken, takes the request and answers.
        let serve = {
            XCTAssertEqual(self.receive(server, serverEnd).1, Array("ping".utf8))
            XCTAssertEqual(self.send(server, serverEnd, "pong"), .success)
        }
        let client = TestProcess(waiter: Waiter(watcher: Watcher {}, wait: { _ in serve() }, wakeAndWait: { other, _ in
            handedTo.append(other)
            serve()
        }))
        let (a, b) = channel(client)
        server = TestProcess()
        try! server.context.descriptors.place(try! client.context.descriptors.get(b), at: serverEnd)
        XCTAssertEqual(client.errno("fd_close", UInt64(b)), .success)
        let serverSide = try! server.context.descriptors.channelEnd(serverEnd)!.end.takeUnretainedValue().own
        serverSide.watch(poll)
        let (request, count) = client.put("ping")
        let reply = client.put([UInt8](repeating: 0, count: 64))
        XCTAssertEqual(client.errno("channel_call", UInt64(a), request, count, 0, 0, UInt64(reply), 64, 0, 0, 8),
                       .success)
        serverSide.unwatch(poll)
        XCTAssertEqual(handedTo.count, 1)
        XCTAssertTrue(handedTo.first === poll)
        XCTAssertEqual(client.bytes(reply, 4), Array("pong".utf8))
    }

    /// Each side wakes only who waits on it: a message wakes its receiver's side, taking it wakes the same side
    /// (the peer's senders wait there for room), and neither wakes the sender's side; a close wakes both.
    func testAChangeWakesOnlyTheSideItConcerns() {
        let process = TestProcess()
        let (a, b) = channel(process)
        // The sides, not the ends: a descriptor's end held here would keep its side open past fd_close.
        let sideA = try! process.context.descriptors.channelEnd(a)!.end.takeUnretainedValue().own
        let sideB = try! process.context.descriptors.channelEnd(b)!.end.takeUnretainedValue().own
        var wakesA = 0, wakesB = 0
        let watcherA = Watcher { wakesA += 1 }, watcherB = Watcher { wakesB += 1 }
        sideA.watch(watcherA)
        sideB.watch(watcherB)
        XCTAssertEqual(send(process, a, "ping"), .success)
        XCTAssertEqual([wakesA, wakesB], [0, 1])
        XCTAssertEqual(receive(process, b).1, Array("ping".utf8))
        XCTAssertEqual([wakesA, wakesB], [0, 2])
        XCTAssertEqual(process.errno("fd_close", UInt64(b)), .success)
        XCTAssertEqual([wakesA, wakesB], [1, 3])
        sideA.unwatch(watcherA)
        sideB.unwatch(watcherB)
    }
}
