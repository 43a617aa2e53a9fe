import FileSystem

/// One decoded subscription of poll_oneoff.
struct Subscription {
    enum Condition {
        /// Fires at this monotonic time.
        case deadline(UInt64)
        case stdinReadable
        /// A regular file: always ready; at end of file when its size is at most the descriptor's position.
        case fileReadable(Node, position: UInt64)
        /// A file or an output stream: always ready.
        case writable
        /// A pipe's read end: ready with data, or once no writer is left (a hangup).
        case pipeReadable(Pipe)
        /// A pipe's write end: ready with room, or once no reader is left (a hangup).
        case pipeWritable(Pipe)
        /// A channel endpoint: ready with a message waiting, or once the peer is gone (a hangup).
        case channelReadable(ChannelEnd)
        /// A channel endpoint: ready with room in the peer's queue, or once the peer is gone (a hangup).
        case channelWritable(ChannelEnd)

        /// What changes when the condition may have come true, for the host to wait on.
        var waitable: Waitable? {
            switch self {
            case .pipeReadable(let pipe), .pipeWritable(let pipe): return pipe
            case .channelReadable(let end): return end.own
            case .channelWritable(let end): return end.peer
            case .deadline, .stdinReadable, .fileReadable, .writable: return nil
            }
        }
    }

    let userdata: UInt64
    let condition: Condition

    var eventType: EventType {
        switch condition {
        case .deadline: return .clock
        case .stdinReadable, .fileReadable, .pipeReadable, .channelReadable: return .fdRead
        case .writable, .pipeWritable, .channelWritable: return .fdWrite
        }
    }
}

extension WASIContext {
    /// poll_oneoff: waits until at least one subscription is ready and reports every ready one, in order.
    /// As in wasmtime, a descriptor that cannot be polled fails the whole call (EBADF), and an fd event's byte
    /// count is 1 (the RAM filesystem never blocks, so the count carries no information).
    func pollOneoff(_ memory: GuestMemory, subscriptions: UInt32, events: UInt32, count: UInt32,
                    into result: UInt32) throws(Errno)
    {
        guard count > 0 else { throw .invalid }
        let subscriptionBytes = UInt64(count) * UInt64(Layout.subscriptionSize)
        let eventBytes = UInt64(count) * UInt64(Layout.eventSize)
        guard subscriptionBytes <= UInt64(UInt32.max) else { throw .fault }
        _ = try memory.slice(at: subscriptions, count: UInt32(subscriptionBytes))
        _ = try memory.slice(at: events, count: UInt32(eventBytes))
        // The kernel's copies of the list and of its ready part are the process's kernel memory: millions of
        // subscriptions are ENOMEM, as in wasmtime, not a kernel heap run dry.
        let listBytes = 2 * Int(count) * MemoryLayout<Subscription>.stride
        try kernelMemory.charge(listBytes)
        defer { kernelMemory.release(listBytes) }
        var list: [Subscription] = []
        list.reserveCapacity(Int(count))
        let start = host.monotonic()
        for index in 0..<count {
            let at = subscriptions + index * Layout.subscriptionSize
            list.append(try decodeSubscription(memory, at: at, now: start))
        }
        var ready = readySubscriptions(list)
        let waitables = list.compactMap { $0.condition.waitable }
        while ready.isEmpty {
            let now = host.monotonic()
            let wait = waitTime(list, now: now)
            try block(on: waitables, until: wait == .max ? .max : now &+ min(wait, UInt64.max - now))
            ready = readySubscriptions(list)
        }
        var cursor = events
        for subscription in ready {
            try writeEvent(memory, subscription, at: cursor)
            cursor += Layout.eventSize
        }
        try memory.store(UInt32(ready.count), at: result)
    }

    private func decodeSubscription(_ memory: GuestMemory, at address: UInt32, now: UInt64) throws(Errno)
        -> Subscription
    {
        let userdata = try memory.load(UInt64.self, at: address)
        switch try memory.load(UInt8.self, at: address + 8) {
        case EventType.clock.rawValue:
            guard let clock = ClockID(rawValue: try memory.load(UInt32.self, at: address + 16)) else {
                throw .invalid
            }
            let timeout = try memory.load(UInt64.self, at: address + 24)
            let absolute = try memory.load(UInt16.self, at: address + 40) & 1 != 0
            let deadline: UInt64
            if !absolute {
                let (sum, overflow) = now.addingReportingOverflow(timeout)
                deadline = overflow ? UInt64.max : sum
            } else if clock == .monotonic {
                deadline = timeout
            } else if clock == .realtime {
                let wall = host.realtime()
                deadline = timeout <= wall ? now : now &+ min(timeout - wall, UInt64.max - now)
            } else {
                throw .invalid
            }
            return Subscription(userdata: userdata, condition: .deadline(deadline))
        case EventType.fdRead.rawValue:
            let descriptor = try descriptors.get(try memory.load(UInt32.self, at: address + 16))
            switch descriptor.kind {
            case .stdin: return Subscription(userdata: userdata, condition: .stdinReadable)
            case .file(let node):
                return Subscription(userdata: userdata, condition: .fileReadable(node, position: descriptor.position))
            case .pipe(let end) where !end.isWriter:
                return Subscription(userdata: userdata, condition: .pipeReadable(end.pipe))
            case .channel(let end): return Subscription(userdata: userdata, condition: .channelReadable(end))
            case .stdout, .stderr, .directory, .pipe: throw .badDescriptor
            }
        case EventType.fdWrite.rawValue:
            let descriptor = try descriptors.get(try memory.load(UInt32.self, at: address + 16))
            switch descriptor.kind {
            case .stdout, .stderr, .file: return Subscription(userdata: userdata, condition: .writable)
            case .pipe(let end) where end.isWriter:
                return Subscription(userdata: userdata, condition: .pipeWritable(end.pipe))
            case .channel(let end): return Subscription(userdata: userdata, condition: .channelWritable(end))
            case .stdin, .directory, .pipe: throw .badDescriptor
            }
        default:
            throw .invalid
        }
    }

    private func readySubscriptions(_ list: [Subscription]) -> [Subscription] {
        let now = host.monotonic()
        var stdinReady: Bool?
        return list.filter { subscription in
            switch subscription.condition {
            case .deadline(let deadline): return deadline <= now
            case .fileReadable, .writable: return true
            case .pipeReadable(let pipe): return pipe.count > 0 || pipe.writers == 0
            case .pipeWritable(let pipe): return pipe.room > 0 || pipe.readers == 0
            case .channelReadable(let end):
                return end.own.first != nil || !end.peer.isOpen
            case .channelWritable(let end):
                return end.peer.room > 0 || !end.peer.isOpen
            case .stdinReadable:
                if stdinReady == nil { stdinReady = host.stdinReady() }
                return stdinReady!
            }
        }
    }

    /// How long to wait before looking again: until the nearest deadline, and no more than 10 ms while waiting
    /// for input (the host's wait need not end when input arrives; it does when a pipe changes).
    private func waitTime(_ list: [Subscription], now: UInt64) -> UInt64 {
        var wait = UInt64.max
        for subscription in list {
            switch subscription.condition {
            case .deadline(let deadline): wait = min(wait, deadline > now ? deadline - now : 0)
            case .stdinReadable: wait = min(wait, 10_000_000)
            case .fileReadable, .writable: wait = 0
            case .pipeReadable, .pipeWritable, .channelReadable, .channelWritable: break
            }
        }
        return wait
    }

    private func writeEvent(_ memory: GuestMemory, _ subscription: Subscription, at address: UInt32) throws(Errno) {
        try memory.zero(at: address, count: Layout.eventSize)
        try memory.store(subscription.userdata, at: address)
        try memory.store(subscription.eventType.rawValue, at: address + 10)
        switch subscription.condition {
        case .deadline:
            break
        case .fileReadable(let node, let position):
            try memory.store(UInt64(1), at: address + 16)
            if let size = try? node.attributes().size, size <= position {
                try memory.store(UInt16(1), at: address + 24)  // fd_readwrite_hangup
            }
        case .stdinReadable, .writable:
            try memory.store(UInt64(1), at: address + 16)
        case .pipeReadable(let pipe):
            try memory.store(UInt64(pipe.count), at: address + 16)
            if pipe.writers == 0 { try memory.store(UInt16(1), at: address + 24) }
        case .pipeWritable(let pipe):
            try memory.store(UInt64(pipe.room), at: address + 16)
            if pipe.readers == 0 { try memory.store(UInt16(1), at: address + 24) }
        case .channelReadable(let end):
            // The count is the size of the message waiting, so a receiver can size its buffer.
            try memory.store(UInt64(end.own.first?.size ?? 0), at: address + 16)
            if !end.peer.isOpen { try memory.store(UInt16(1), at: address + 24) }
        case .channelWritable(let end):
            try memory.store(UInt64(end.peer.room), at: address + 16)
            if !end.peer.isOpen { try memory.store(UInt16(1), at: address + 24) }
        }
    }
}
