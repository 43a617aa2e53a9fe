/// A message channel (walos's `channel` call): a connected pair of endpoints, each with a queue of the messages
/// sent to it by the other. A message is bytes plus descriptors it moves from the sender's table to the
/// receiver's (docs/abi.md). Side 0 and side 1 are the two endpoints; `ChannelEnd` is one descriptor's hold on
/// one side, and a side with no holder left is closed: its peer's sends are EPIPE, and its peer's receives are
/// EPIPE once the peer's queue is empty. Waits on it are its sides' (`Side`).
public final class Channel {
    /// Most bytes in one message copied (larger ones move as pages: channel_send_pages).
    public static let maxMessageBytes = 65536
    /// Most bytes in one message of pages, and in the pages waiting in one endpoint's queue.
    public static let maxPageBytes = 1 << 30
    public static let queuePageBytes = maxPageBytes
    /// Most descriptors one message moves.
    public static let maxHandles = 8
    /// Most messages and bytes waiting in one endpoint's queue: a sender past either waits (or gets EAGAIN).
    public static let queueMessages = 64
    public static let queueBytes = 2 * maxMessageBytes
    /// What the channel itself charges to the process that made it, until both sides are closed: its record and
    /// the message kept for reuse on each side (`Side.spare`). Queued messages are charged to their senders
    /// (`Message`), so an idle channel costs little and a flood costs whoever floods.
    public static let objectBytes = 512 + 2 * (messageOverhead + spareBytes)
    /// What a queued message charges beside its bytes: its record, and a descriptor's charge per handle.
    static let messageOverhead = 128
    /// The most bytes a kept message holds: a small message without descriptors or pages reuses the record and
    /// bytes of the last one received on its side rather than allocating and charging its own (a request and
    /// its reply allocated four blocks and made two charges, ~1.5k guest instructions of a round trip).
    static let spareBytes = 256

    /// A queued message; its charge goes back to the sender's account when it is received or dropped. A kept
    /// message (`adopt`) is charged to no one: the channel's own charge covers it.
    final class Message {
        /// Its bytes, in a block of its own of `capacity` bytes (none for an empty message).
        private var storage: UnsafeMutableRawPointer?
        private var capacity: Int
        /// How many of its bytes it carries.
        fileprivate private(set) var count: Int
        /// A message of pages (channel_send_pages) carries them instead of bytes; they hold a charge of their own.
        let pages: MovedPages?
        /// The pages' bytes (0 without pages), kept apart so that queueing a message reads no optional reference.
        fileprivate let pageBytes: Int
        let handles: [Descriptor]
        private var account: MemoryAccount?
        private var charge: Int
        /// The next message in its queue (MessageQueue).
        fileprivate var next: Message?

        /// A message with a copy of `payload`, charged to `account` (ENOMEM past its limit); the charge comes
        /// first, as for a pipe.
        static func make(_ payload: UnsafeRawBufferPointer, pages: MovedPages? = nil, handles: [Descriptor],
                         chargedTo account: MemoryAccount) throws(Errno) -> Message {
            let charge = messageOverhead + payload.count + handles.count * DescriptorTable.bytesPerDescriptor
            try account.charge(charge)
            return Message(payload, pages: pages, handles: handles, account: account, charge: charge)
        }

        private init(_ payload: UnsafeRawBufferPointer, pages: MovedPages?, handles: [Descriptor],
                     account: MemoryAccount, charge: Int) {
            capacity = payload.count
            count = payload.count
            // SAFETY: the block is this message's alone, `capacity` bytes, freed in deinit.
            storage = payload.isEmpty ? nil : UnsafeMutableRawPointer.allocate(byteCount: payload.count, alignment: 8)
            if let storage { storage.copyMemory(from: payload.baseAddress!, byteCount: payload.count) }
            self.pages = pages
            pageBytes = pages?.byteCount ?? 0
            self.handles = handles
            self.account = account
            self.charge = charge
        }

        deinit {
            storage?.deallocate()
            account?.release(charge)
        }

        /// Its bytes (none for a message of pages).
        var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

        /// Its size in bytes: its bytes, or its pages'.
        var size: Int { pages == nil ? count : pageBytes }

        /// Whether a received message may be kept for reuse: bytes only, few enough.
        fileprivate var isReusable: Bool { pages == nil && handles.isEmpty && count <= spareBytes }

        /// Makes a received message the channel's own: its sender's charge goes back, and its block grows to
        /// hold any message it will carry, so reuse never allocates.
        fileprivate func adopt() {
            // A message adopted before is the channel's already, its block large enough.
            guard let sender = account else { return }
            sender.release(charge)
            account = nil
            charge = 0
            guard capacity < spareBytes else { return }
            let larger = UnsafeMutableRawPointer.allocate(byteCount: spareBytes, alignment: 8)
            storage?.deallocate()
            storage = larger
            capacity = spareBytes
        }

        /// Carries a copy of `payload` now (at most `spareBytes`).
        fileprivate func refill(_ payload: UnsafeRawBufferPointer) {
            // SAFETY: an adopted message's block holds spareBytes, and reusedMessage passes no more.
            count = payload.count
            if let start = payload.baseAddress { storage!.copyMemory(from: start, byteCount: count) }
        }
    }

    /// One side of the channel: the messages waiting for it, oldest first, their bytes, and its holders. Each side
    /// is a Waitable of its own, so that a change wakes only who waits on it: a side's receivers (a message
    /// came) and the peer's senders (room was made). With one Waitable for the whole channel, a round trip woke
    /// the other side on every message taken as well as on every message sent, four wake-ups where two are
    /// needed, and both sides' waits shared it, so neither was ever its first watcher. The state is in a class
    /// of its own rather than in two-element arrays, whose every change checked that they were unique.
    public final class Side: Waitable {
        fileprivate var queue = MessageQueue()
        fileprivate var queuedBytes = 0
        fileprivate var queuedPageBytes = 0
        /// A received message kept for reuse by the next small message sent to this side (see `spareBytes`).
        fileprivate var spare: Message?
        /// Open descriptors of this side (ChannelEnd keeps them), a descriptor in a queued message included.
        public fileprivate(set) var holders = 0

        public var isOpen: Bool { holders > 0 }

        deinit { drop() }

        /// The oldest message waiting for this side.
        var first: Message? { queue.first }

        var isEmpty: Bool { queue.isEmpty }

        /// Takes the oldest message waiting to be received: `received` once it is, else `putBack`. Receiving
        /// takes it out of the queue rather than looking at it there, so the message moves without a reference
        /// counted.
        func takeFirst() -> Message? {
            guard let message = queue.removeFirst() else { return nil }
            queuedBytes -= message.count
            queuedPageBytes -= message.pageBytes
            return message
        }

        /// A message `takeFirst` took and that could not be received goes back where it was, first.
        func putBack(_ message: consuming Message) {
            queuedBytes += message.count
            queuedPageBytes += message.pageBytes
            queue.prepend(message)
        }

        /// A message `takeFirst` took has been received: its room is free, and it is kept for the side's next
        /// small message if it can be.
        func received(_ message: consuming Message) {
            changed()
            if spare == nil && message.isReusable {
                message.adopt()
                spare = message
            }
        }

        /// The message kept on this side, now carrying `payload`, if there is one and `payload` fits it; nil
        /// otherwise.
        func reusedMessage(carrying payload: UnsafeRawBufferPointer) -> Message? {
            guard payload.count <= Channel.spareBytes, let message = spare.take() else { return nil }
            message.refill(payload)
            return message
        }

        /// Whether a message of `count` bytes fits in the queue now.
        func hasRoom(bytes count: Int, pageBytes: Int = 0) -> Bool {
            queue.count < Channel.queueMessages && queuedBytes + count <= Channel.queueBytes
                && queuedPageBytes + pageBytes <= Channel.queuePageBytes
        }

        /// Bytes the queue can still take (poll's count for the peer's writable endpoint).
        var room: Int { queue.count < Channel.queueMessages ? Channel.queueBytes - queuedBytes : 0 }

        func append(_ message: consuming Message) {
            enqueue(message)
            changed()
        }

        /// The same from a sender about to wait for the reply (channel_call): a lone watcher, such as a server's
        /// poll, is returned rather than woken, for the sender to wake as it waits (`changedLeavingLoneWatcher`).
        func appendLeavingWake(_ message: consuming Message) -> Unmanaged<Watcher>? {
            enqueue(message)
            return changedLeavingLoneWatcher()
        }

        private func enqueue(_ message: consuming Message) {
            queuedBytes += message.count
            queuedPageBytes += message.pageBytes
            queue.append(message)
        }

        /// Whether a message waiting for this side moves descriptors. Such an endpoint may not itself travel in
        /// a message: every loop of endpoints queued in each other's queues would need one, and a loop no
        /// process holds could never be received nor closed.
        var carriesHandles: Bool { queue.contains { !$0.handles.isEmpty } }

        /// Drops what waits: it can never be received (and with it go the descriptors it moves, which may close
        /// further channels).
        fileprivate func drop() {
            var dropped = queue
            queue = MessageQueue()
            queuedBytes = 0
            queuedPageBytes = 0
            while dropped.removeFirst() != nil {}
        }
    }

    /// Side 0 and side 1.
    private let sides: (Side, Side)
    private let account: MemoryAccount

    public static func make(chargedTo account: MemoryAccount) throws(Errno) -> Channel {
        try account.charge(objectBytes)
        return Channel(charged: account)
    }

    private init(charged account: MemoryAccount) {
        self.account = account
        sides = (Side(), Side())
    }

    deinit { account.release(Channel.objectBytes) }

    public func side(_ index: Int) -> Side { index == 0 ? sides.0 : sides.1 }

    /// A message of bytes from the embedder itself (an interrupt's: walos's `interrupt`) for `side`, charged to
    /// `account`; false, with nothing queued, when no one holds `side`, its queue is full or the charge fails.
    public func post(_ bytes: [UInt8], to side: Side, chargedTo account: MemoryAccount) -> Bool {
        guard side.isOpen, side.hasRoom(bytes: bytes.count),
              let message = bytes.withUnsafeBytes({ try? Message.make($0, handles: [], chargedTo: account) })
        else { return false }
        side.append(message)
        return true
    }

    /// A side's last holder has gone: what waits for it goes, and both sides change (its peer's receivers and
    /// senders now get EPIPE; its own senders' room is back).
    fileprivate func close(_ side: Side) {
        side.drop()
        sides.0.changed()
        sides.1.changed()
    }
}

/// A side's queue of messages, linked through the messages: queueing takes no array (appending to one and
/// removing its first element cost ~150 guest instructions a message). The queue holds the first message, each
/// message the next; messages move in and out of it without a reference counted (`consuming`, `take`).
private struct MessageQueue {
    private var head: Channel.Message?
    private var tail: Unmanaged<Channel.Message>?
    private(set) var count = 0

    var isEmpty: Bool { head == nil }

    var first: Channel.Message? { head }

    mutating func append(_ message: consuming Channel.Message) {
        let link = Unmanaged.passUnretained(message)
        // SAFETY: the last message is alive by its predecessor's reference, or the queue's.
        if let tail { tail.takeUnretainedValue().next = message } else { head = message }
        tail = link
        count += 1
    }

    mutating func prepend(_ message: consuming Channel.Message) {
        message.next = head.take()
        if tail == nil { tail = Unmanaged.passUnretained(message) }
        head = message
        count += 1
    }

    mutating func removeFirst() -> Channel.Message? {
        guard let message = head.take() else { return nil }
        head = message.next.take()
        if head == nil { tail = nil }
        count -= 1
        return message
    }

    func contains(where matches: (Channel.Message) -> Bool) -> Bool {
        var cursor = head
        while let message = cursor {
            if matches(message) { return true }
            cursor = message.next
        }
        return false
    }
}

/// One descriptor's hold on one side of a channel: spawn's map gives a child a hold of its own, a message moves
/// the hold itself. The side stays open while some hold is left.
public final class ChannelEnd {
    public let channel: Channel
    public let side: Int
    /// The side it holds, whose messages it receives, and the other, where its messages go: held here as well as
    /// by the channel, so that the calls reach them without counting references.
    public let own: Channel.Side
    public let peer: Channel.Side

    public init(_ channel: Channel, side: Int) {
        self.channel = channel
        self.side = side
        own = channel.side(side)
        peer = channel.side(1 - side)
        own.holders += 1
    }

    deinit {
        own.holders -= 1
        if own.holders == 0 { channel.close(own) }
    }
}
