import FileSystem

/// One entry of a process's descriptor table.
public struct Descriptor {
    public enum Kind {
        case stdin
        case stdout
        case stderr
        /// A directory; `preopenPath` is the guest path it was preopened as (nil when opened with path_open).
        case directory(Node, preopenPath: [UInt8]?)
        case file(Node)
        /// One end of a pipe (walos's extension).
        case pipe(PipeEnd)
        /// One endpoint of a message channel (walos's extension).
        case channel(ChannelEnd)
    }

    /// What a descriptor was opened for: the FD_READ and FD_WRITE rights path_open was asked for, the only
    /// rights that restrict anything (Rights.swift).
    public struct Access: OptionSet, Equatable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let read = Access(rawValue: 1)
        public static let write = Access(rawValue: 2)
    }

    public var kind: Kind
    public var access: Access
    /// The current offset of a file (preview1 has no dup, so no two descriptors share one).
    public var position: UInt64 = 0
    /// Only `append` and `nonblock` are kept; the sync flags are refused when opening.
    public var flags: FdFlags = []
    /// For a directory opened right below a preopen (path_open), the guest path it was opened as ("/tmp"): the
    /// name it takes as a preopen of a child that spawn hands it to. Nil when the path leaves its preopen's names
    /// (".."), or with the preopen's name is `guestPathLimit` bytes or more.
    public var guestPath: [UInt8]? = nil
    public static let guestPathLimit = 128

    public init(kind: Kind, access: Access, flags: FdFlags = []) {
        self.kind = kind
        self.access = access
        self.flags = flags
    }

    /// The file or directory behind the descriptor; nil for the standard streams.
    var node: Node? {
        switch kind {
        case .file(let node), .directory(let node, _): return node
        case .stdin, .stdout, .stderr, .pipe, .channel: return nil
        }
    }
}

/// Descriptor numbers to descriptors. Numbers are handed out as wasmtime does, so that programs see the same
/// numbers under both: the highest freed number first, otherwise one past the highest number in use. Each open
/// descriptor is charged to `account` (the process's kernel memory) until it is closed: ENOMEM when it does not
/// fit, as EMFILE past `capacity`.
public struct DescriptorTable {
    private var slots: [Descriptor?] = []
    /// Freed numbers below the end of `slots`, ascending.
    private var free: [UInt32] = []
    public let capacity: Int
    private let account: MemoryAccount?

    /// What one open descriptor charges: its slot, its place in the free list and what opening it made (a
    /// host share's node and fid, a pipe end; a pipe's buffer and a channel are charged apart).
    public static let bytesPerDescriptor = 256

    public init(capacity: Int = 4096, account: MemoryAccount? = nil) {
        self.capacity = capacity
        self.account = account
    }

    /// How many descriptors are open.
    public var openCount: Int { slots.count - free.count }

    public func get(_ fd: UInt32) throws(Errno) -> Descriptor {
        guard Int(fd) < slots.count, let descriptor = slots[Int(fd)] else { throw .badDescriptor }
        return descriptor
    }

    /// The pipe end at `fd` and whether its waits are EAGAIN; nil for any other open descriptor, EBADF for a
    /// closed one. fd_read and fd_write on a pipe take only this, rather than a copy of the whole descriptor
    /// whose every field counts a reference (make bench-wasi's pipe round trip). The end is not retained (a
    /// reference counted and let go is ~25 guest instructions a call): the table keeps it while the calling
    /// process's call runs, since only the process's own calls change its table and a read or write does not.
    func pipeEnd(_ fd: UInt32) throws(Errno) -> (end: Unmanaged<PipeEnd>, nonblocking: Bool)? {
        try peek(fd) { kind, flags in
            guard case .pipe(let end) = kind else { return nil }
            return (Unmanaged.passUnretained(end), flags.contains(.nonblock))
        }
    }

    /// The same for a channel endpoint (the channel calls), also not retained: a channel call removes from the
    /// table only the descriptors it moves, and never an endpoint of the channel it moves them over (EINVAL).
    func channelEnd(_ fd: UInt32) throws(Errno) -> (end: Unmanaged<ChannelEnd>, nonblocking: Bool)? {
        try peek(fd) { kind, flags in
            guard case .channel(let end) = kind else { return nil }
            return (Unmanaged.passUnretained(end), flags.contains(.nonblock))
        }
    }

    /// What `take` finds in the kind and flags of the open descriptor at `fd` (EBADF for a closed one), read
    /// where they lie: a copy of the descriptor would count a reference for each of its fields.
    @inline(__always)
    private func peek<T>(_ fd: UInt32, _ take: (Descriptor.Kind, FdFlags) -> T?) throws(Errno) -> T? {
        guard Int(fd) < slots.count else { throw .badDescriptor }
        // SAFETY: fd is below the count, and the buffer lives for the closure.
        let found = slots.withUnsafeBufferPointer { slots -> (Descriptor.Kind, FdFlags)? in
            guard let kind = slots[Int(fd)]?.kind, let flags = slots[Int(fd)]?.flags else { return nil }
            return (kind, flags)
        }
        guard let (kind, flags) = found else { throw .badDescriptor }
        return take(kind, flags)
    }

    public func contains(_ fd: UInt32) -> Bool {
        Int(fd) < slots.count && slots[Int(fd)] != nil
    }

    /// Replaces the descriptor at an open number (after changing its position, flags or rights).
    mutating func update(_ fd: UInt32, _ descriptor: Descriptor) {
        slots[Int(fd)] = descriptor
    }

    public mutating func insert(_ descriptor: Descriptor) throws(Errno) -> UInt32 {
        guard !free.isEmpty || slots.count < capacity else { throw .tooManyFiles }
        try account?.charge(Self.bytesPerDescriptor)
        if let fd = free.popLast() {
            slots[Int(fd)] = descriptor
            return fd
        }
        slots.append(descriptor)
        return UInt32(slots.count - 1)
    }

    @discardableResult
    public mutating func remove(_ fd: UInt32) throws(Errno) -> Descriptor {
        let descriptor = try get(fd)
        slots[Int(fd)] = nil
        addFree(fd)
        account?.release(Self.bytesPerDescriptor)
        return descriptor
    }

    /// Puts a descriptor at number `fd`, which must be free (a spawned process's table is built this way).
    public mutating func place(_ descriptor: Descriptor, at fd: UInt32) throws(Errno) {
        guard Int(fd) < capacity, !contains(fd) else { throw .badDescriptor }
        try account?.charge(Self.bytesPerDescriptor)
        if slots.capacity <= Int(fd) {
            // In one step of at least eight, where appending alone would reallocate at one, two and four.
            let capacity = max(8, Int(fd) + 1, 2 * slots.capacity)
            slots.reserveCapacity(capacity)
            free.reserveCapacity(capacity)
        }
        while slots.count <= Int(fd) {
            slots.append(nil)
            free.append(UInt32(slots.count - 1))
        }
        free.removeAll { $0 == fd }
        slots[Int(fd)] = descriptor
    }

    /// Closes every descriptor (a process's end).
    public mutating func removeAll() {
        account?.release(openCount * Self.bytesPerDescriptor)
        slots = []
        free = []
    }

    /// Moves descriptor `from` to number `to`, closing what was there. Both must be open.
    public mutating func renumber(_ from: UInt32, to: UInt32) throws(Errno) {
        guard contains(to) else { throw .badDescriptor }
        let descriptor = try get(from)
        guard from != to else { return }
        slots[Int(from)] = nil
        addFree(from)
        slots[Int(to)] = descriptor
        account?.release(Self.bytesPerDescriptor)
    }

    private mutating func addFree(_ fd: UInt32) {
        var index = free.count
        while index > 0 && free[index - 1] > fd { index -= 1 }
        free.insert(fd, at: index)
    }
}
