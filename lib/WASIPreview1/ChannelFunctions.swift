/// walos's message channels, in the import module "walos" beside the process calls (docs/abi.md, "Channels"):
/// `channel` makes a connected pair of endpoints, `channel_send` queues one message (bytes and descriptors it
/// moves) for the peer, `channel_recv` takes the oldest one, and `channel_call` sends then waits for the next
/// message, the request/reply round trip in one call. Waits block as a pipe's do (NONBLOCK: EAGAIN), and
/// nothing is sent or taken when any argument is bad.
enum WalosChannelFunctions {
    /// Never changed, and its closures capture nothing, so processors share it safely.
    nonisolated(unsafe) static let all: [WASIFunction] = [
        WASIFunction("channel", [.i32]) { c, m, s in
            outcome { () throws(Errno) in try c.channel(m, into: Arguments(slots: s).u32(0)) }
        },
        WASIFunction("channel_send", [.i32, .i32, .i32, .i32, .i32]) { c, m, s in
            let a = Arguments(slots: s)
            return outcome { () throws(Errno) in
                try c.withChannelEnd(a.u32(0)) { end, nonblocking throws(Errno) in
                    let message = try c.outgoing(m, bytes: a.u32(1), count: a.u32(2), handles: a.u32(3),
                                                 handleCount: a.u32(4))
                    try c.send(message, on: end, nonblocking: nonblocking)
                }
            }
        },
        WASIFunction("channel_recv", [.i32, .i32, .i32, .i32, .i32, .i32]) { c, m, s in
            let a = Arguments(slots: s)
            return outcome { () throws(Errno) in
                try c.withChannelEnd(a.u32(0)) { end, nonblocking throws(Errno) in
                    let buffers = try ReceiveBuffers(m, bytes: a.u32(1), capacity: a.u32(2), handles: a.u32(3),
                                                     handleCapacity: a.u32(4), result: a.u32(5))
                    try c.receive(on: end, into: buffers, m, nonblocking: nonblocking)
                }
            }
        },
        WASIFunction("channel_send_pages", [.i32, .i32, .i32, .i32, .i32]) { c, m, s in
            let a = Arguments(slots: s)
            return outcome { () throws(Errno) in
                try c.withChannelEnd(a.u32(0)) { end, nonblocking throws(Errno) in
                    let message = try c.outgoing(m, bytes: a.u32(1), count: a.u32(2), handles: a.u32(3),
                                                 handleCount: a.u32(4), pages: true)
                    try c.send(message, on: end, nonblocking: nonblocking)
                }
            }
        },
        WASIFunction("channel_recv_pages", [.i32, .i32, .i32, .i32, .i32, .i32]) { c, m, s in
            let a = Arguments(slots: s)
            return outcome { () throws(Errno) in
                try c.withChannelEnd(a.u32(0)) { end, nonblocking throws(Errno) in
                    let buffers = try ReceiveBuffers(m, bytes: a.u32(1), capacity: a.u32(2), handles: a.u32(3),
                                                     handleCapacity: a.u32(4), result: a.u32(5), pages: true)
                    try c.receive(on: end, into: buffers, m, nonblocking: nonblocking)
                }
            }
        },
        WASIFunction("channel_stats", [.i32]) { _, m, s in
            outcome { () throws(Errno) in
                let result = Arguments(slots: s).u32(0)
                _ = try m.slice(at: result, count: 16)
                try m.store(ChannelCounters.bytesCopied, at: result)
                try m.store(ChannelCounters.bytesMoved, at: result + 8)
            }
        },
        WASIFunction("channel_call", [.i32, .i32, .i32, .i32, .i32, .i32, .i32, .i32, .i32, .i32]) { c, m, s in
            let a = Arguments(slots: s)
            return outcome { () throws(Errno) in
                try c.withChannelEnd(a.u32(0)) { end, nonblocking throws(Errno) in
                    let request = try c.outgoing(m, bytes: a.u32(1), count: a.u32(2), handles: a.u32(3),
                                                 handleCount: a.u32(4))
                    let reply = try ReceiveBuffers(m, bytes: a.u32(5), capacity: a.u32(6), handles: a.u32(7),
                                                   handleCapacity: a.u32(8), result: a.u32(9))
                    let server = try c.send(request, on: end, nonblocking: nonblocking, leavingWake: true)
                    // The reply is waited for whatever NONBLOCK says: the request has gone, and a caller that
                    // must not wait sends and receives apart.
                    try c.receive(on: end, into: reply, m, nonblocking: false, waking: server)
                }
            }
        },
    ]
}

/// A message as the sender passes it: its bytes, in the sender's linear memory, and the descriptors to move.
struct OutgoingMessage {
    let bytes: UnsafeMutableRawBufferPointer
    let handles: HandleNumbers
    /// Whether `bytes` (whole pages) moves as pages rather than being copied.
    var pages = false
}

/// The descriptor numbers a message moves, read where they lie in the sender's linear memory (checked to lie
/// there: `outgoing`): at most `Channel.maxHandles`. Nothing else runs in the sender while its call lasts, and
/// linear memory grows in place, so they stay as read; a message without any (nearly every one) then costs no
/// copy (setting up one of 8 numbers cost ~25 guest instructions a call).
struct HandleNumbers: RandomAccessCollection {
    private let numbers: UnsafeRawPointer?
    let endIndex: Int
    var startIndex: Int { 0 }

    init(_ numbers: UnsafeRawPointer?, count: Int) {
        self.numbers = numbers
        endIndex = count
    }

    // SAFETY: `numbers` holds `endIndex` u32s (the initializer's caller checked), and the index is below it.
    subscript(index: Int) -> UInt32 {
        UInt32(littleEndian: numbers.unsafelyUnwrapped.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
    }
}

/// Where a received message goes, every part checked to lie in the receiver's linear memory: its bytes, its
/// descriptors' new numbers, and the result (the message's byte and descriptor counts, two u32s).
struct ReceiveBuffers {
    let bytes: UInt32
    let capacity: UInt32
    let handles: UInt32
    let handleCapacity: UInt32
    /// Whether `bytes` and `capacity` are whole pages where a message of pages is mapped (channel_recv_pages).
    let pages: Bool
    /// The bytes' buffer and the result (two u32s), as checked: linear memory grows in place, so they stay there.
    let destination: UnsafeMutableRawBufferPointer
    let result: UnsafeMutableRawPointer

    init(_ memory: GuestMemory, bytes: UInt32, capacity: UInt32, handles: UInt32, handleCapacity: UInt32,
         result: UInt32, pages: Bool = false) throws(Errno) {
        if pages {
            guard Int(bytes) % PageMover.pageSize == 0, Int(capacity) % PageMover.pageSize == 0 else { throw .invalid }
        }
        self.pages = pages
        destination = try memory.slice(at: bytes, count: capacity)
        let handleBytes = UInt64(handleCapacity) * 4
        guard handleBytes <= UInt64(UInt32.max) else { throw .fault }
        _ = try memory.slice(at: handles, count: UInt32(handleBytes))
        self.result = try memory.slice(at: result, count: WalosLayout.channelResultSize).baseAddress!
        self.bytes = bytes
        self.capacity = capacity
        self.handles = handles
        self.handleCapacity = handleCapacity
    }
}

extension WASIContext {
    /// channel: a new channel; its two endpoints' descriptors at `result`.
    func channel(_ memory: GuestMemory, into result: UInt32) throws(Errno) {
        _ = try memory.slice(at: result, count: 8)
        let channel = try Channel.make(chargedTo: kernelMemory)
        let (first, second) = try insertPair(Descriptor(kind: .channel(ChannelEnd(channel, side: 0)), access: []),
                                             Descriptor(kind: .channel(ChannelEnd(channel, side: 1)), access: []))
        try memory.store(first, at: result)
        try memory.store(second, at: result + 4)
    }

    /// Runs `body` with the channel endpoint at `fd` (EBADF for anything else), unretained (DescriptorTable's
    /// channelEnd says why it stays), and whether its waits are EAGAIN.
    func withChannelEnd<T>(_ fd: UInt32, _ body: (ChannelEnd, _ nonblocking: Bool) throws(Errno) -> T) throws(Errno) -> T {
        guard let found = try descriptors.channelEnd(fd) else { throw .badDescriptor }
        // SAFETY: the table holds the endpoint through the call (DescriptorTable.channelEnd says why).
        return try found.end._withUnsafeGuaranteedRef { end in
            Result { () throws(Errno) in try body(end, found.nonblocking) }
        }.get()
    }

    /// The message at `bytes` with the descriptor numbers at `handles`: EMSGSIZE past the size limit, E2BIG past
    /// the descriptor limit, EFAULT for either outside linear memory. With `pages` (channel_send_pages), whole
    /// pages to move: EINVAL unless `bytes` and `count` are multiples of the page size, and the limit is
    /// `Channel.maxPageBytes`.
    func outgoing(_ memory: GuestMemory, bytes: UInt32, count: UInt32, handles: UInt32, handleCount: UInt32,
                  pages: Bool = false) throws(Errno) -> OutgoingMessage {
        if pages {
            guard Int(bytes) % PageMover.pageSize == 0, Int(count) % PageMover.pageSize == 0 else { throw .invalid }
        }
        guard Int(count) <= (pages ? Channel.maxPageBytes : Channel.maxMessageBytes) else { throw .messageSize }
        guard handleCount <= UInt32(Channel.maxHandles) else { throw .tooBig }
        let payload = try memory.slice(at: bytes, count: count)
        let numbers = try memory.slice(at: handles, count: handleCount * 4)
        return OutgoingMessage(bytes: payload, handles: HandleNumbers(numbers.baseAddress, count: Int(handleCount)),
                               pages: pages && count > 0)
    }

    /// Queues `message` for `end`'s peer, waiting for room; its descriptors leave the table only once it is
    /// queued. EPIPE once the peer is gone. A message of bytes alone goes straight into a receive waiting on an
    /// empty peer, when it fits there whole (DirectReceive). With `leavingWake`, from a caller that receives
    /// next, the peer's lone watcher (that receive's, or a poll's) is returned rather than woken, for
    /// `receive(waking:)` to wake.
    @discardableResult
    @inline(__always)
    func send(_ message: OutgoingMessage, on end: ChannelEnd, nonblocking: Bool, leavingWake: Bool = false)
        throws(Errno) -> Unmanaged<Watcher>? {
        let peer = end.peer
        while true {
            // Checked again after each wait: what waits in the moved endpoints' queues may have changed.
            if !message.handles.isEmpty { try checkMovable(message.handles, over: end) }
            guard peer.isOpen else { throw .brokenPipe }
            if !message.pages, message.handles.isEmpty, peer.isEmpty, peer.directReceiveFits(message.bytes.count) {
                // Nothing queued should arrive first, and a receiver is waiting with room for it all: the
                // message takes no room in the queue.
                ChannelCounters.bytesCopied += UInt64(message.bytes.count)
                let bytes = UnsafeRawBufferPointer(message.bytes)
                if leavingWake { return peer.deliverDirectlyLeavingWake(bytes) }
                _ = peer.deliverDirectly(bytes)
                return nil
            }
            if message.pages ? peer.hasRoom(bytes: 0, pageBytes: message.bytes.count)
                             : peer.hasRoom(bytes: message.bytes.count) { break }
            if nonblocking { throw .again }
            try block(on: peer)
        }
        var moved: [Descriptor] = []
        for fd in message.handles { moved.append(try descriptors.get(fd)) }
        let queued: Channel.Message
        if message.pages {
            // The pages leave the sender's memory only once everything else has been checked and charged: a
            // refused message charge puts them back.
            let start = message.bytes.baseAddress!, count = message.bytes.count / PageMover.pageSize
            guard let pages = host.pages.take(start, count, pageMemory ?? kernelMemory) else { throw .noMemory }
            do throws(Errno) {
                queued = try Channel.Message.make(UnsafeRawBufferPointer(start: nil, count: 0), pages: pages,
                                                  handles: moved, chargedTo: kernelMemory)
            } catch {
                host.pages.place(pages, start)
                throw error
            }
            if host.pages.copies {
                ChannelCounters.bytesCopied += UInt64(message.bytes.count)
            } else {
                ChannelCounters.bytesMoved += UInt64(message.bytes.count)
            }
        } else {
            let payload = UnsafeRawBufferPointer(message.bytes)
            if moved.isEmpty, let reused = peer.reusedMessage(carrying: payload) {
                queued = reused
            } else {
                queued = try Channel.Message.make(payload, handles: moved, chargedTo: kernelMemory)
            }
            ChannelCounters.bytesCopied += UInt64(message.bytes.count)
        }
        for fd in message.handles { try descriptors.remove(fd) }
        if leavingWake { return peer.appendLeavingWake(queued) }
        peer.append(queued)
        return nil
    }

    /// Whether the descriptors `handles` may travel over `end`: each open (EBADF), named once (EINVAL), not an
    /// endpoint of the same channel (EINVAL), not an endpoint with descriptors waiting in its queue (EBUSY:
    /// Channel.carriesHandles says why).
    private func checkMovable(_ handles: HandleNumbers, over end: ChannelEnd) throws(Errno) {
        for (index, fd) in handles.enumerated() {
            let descriptor = try descriptors.get(fd)
            guard !handles[..<index].contains(fd) else { throw .invalid }
            guard case .channel(let carried) = descriptor.kind else { continue }
            guard carried.channel !== end.channel else { throw .invalid }
            guard !carried.own.carriesHandles else { throw .busy }
        }
    }

    /// Takes the oldest message waiting for `end` into `buffers`, waiting for one; EPIPE once none is waiting
    /// and the peer is gone. A message larger than the buffers stays queued: EMSGSIZE, with its sizes in the
    /// result. Its descriptors get numbers in the table (EMFILE or ENOMEM when they do not fit, the message kept).
    /// `waking` (a send's lone watcher: `send(leavingWake:)`) is woken as the receive starts to wait, or as it
    /// returns without waiting.
    @inline(__always)
    func receive(on end: ChannelEnd, into buffers: ReceiveBuffers, _ memory: GuestMemory, nonblocking: Bool,
                 waking: Unmanaged<Watcher>? = nil) throws(Errno) {
        var waking = waking
        defer { waking?._withUnsafeGuaranteedRef { $0.wake() } }
        let own = end.own
        while own.isEmpty {
            guard end.peer.isOpen else { throw .brokenPipe }
            if nonblocking { throw .again }
            if buffers.pages {
                try block(on: own, waking: waking.take())
                continue
            }
            if try directReceive.wait(on: own, into: buffers.destination, result: buffers.result,
                                      waking: waking.take(), for: self) != nil { return }
        }
        let message = own.takeFirst()!
        do throws(Errno) {
            try deliver(message, into: buffers, memory)
        } catch {
            own.putBack(message)
            throw error
        }
        own.received(message)
    }

    /// Writes `message` into `buffers` and gives its descriptors numbers; on failure, no number stays taken.
    private func deliver(_ message: Channel.Message, into buffers: ReceiveBuffers, _ memory: GuestMemory)
        throws(Errno) {
        WalosLayout.storeChannelResult(bytes: message.size, handles: message.handles.count, at: buffers.result)
        guard message.size <= Int(buffers.capacity), message.handles.count <= Int(buffers.handleCapacity) else {
            throw .messageSize
        }
        if message.handles.isEmpty {
            try deliverBytes(message, into: buffers, memory)
            return
        }
        var numbers: [UInt32] = []
        do throws(Errno) {
            for handle in message.handles { numbers.append(try descriptors.insert(handle)) }
            try deliverBytes(message, into: buffers, memory)
            for (index, fd) in numbers.enumerated() { try memory.store(fd, at: buffers.handles + 4 * UInt32(index)) }
        } catch {
            for fd in numbers { _ = try? descriptors.remove(fd) }
            throw error
        }
    }

    private func deliverBytes(_ message: Channel.Message, into buffers: ReceiveBuffers, _ memory: GuestMemory)
        throws(Errno) {
        if let pages = message.pages {
            // Whole pages into a page-aligned buffer are mapped there (when the mover moves them); anywhere else
            // they are copied.
            let start = try memory.slice(at: buffers.bytes, count: UInt32(message.size)).baseAddress!
            if buffers.pages {
                host.pages.place(pages, start)
                if host.pages.copies { ChannelCounters.bytesCopied += UInt64(message.size) }
            } else {
                pages.copy(into: start)
                ChannelCounters.bytesCopied += UInt64(message.size)
            }
        } else {
            try memory.write(message.bytes, at: buffers.bytes)
            ChannelCounters.bytesCopied += UInt64(message.bytes.count)
        }
    }
}
