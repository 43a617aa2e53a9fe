/// Rgetattr: a file's attributes as the server's stat gave them. `valid` says which fields the server filled.
public struct NinePAttributes: Equatable, Sendable {
    public var valid: UInt64
    public var qid: Qid
    public var mode: UInt32
    public var uid: UInt32
    public var gid: UInt32
    public var linkCount: UInt64
    public var rdev: UInt64
    public var size: UInt64
    public var blockSize: UInt64
    public var blocks: UInt64
    public var accessTime: NinePTime
    public var modificationTime: NinePTime
    public var changeTime: NinePTime
    public var birthTime: NinePTime
    public var generation: UInt64
    public var dataVersion: UInt64

    public var isDirectory: Bool { mode & NineP.modeTypeMask == NineP.modeDirectory }
    public var isRegular: Bool { mode & NineP.modeTypeMask == NineP.modeRegular }
    public var isSymlink: Bool { mode & NineP.modeTypeMask == NineP.modeSymlink }

    init(from reader: inout MessageReader) throws(NinePError) {
        valid = try reader.u64()
        qid = try reader.qid()
        mode = try reader.u32()
        uid = try reader.u32()
        gid = try reader.u32()
        linkCount = try reader.u64()
        rdev = try reader.u64()
        size = try reader.u64()
        blockSize = try reader.u64()
        blocks = try reader.u64()
        accessTime = try NinePTime(from: &reader)
        modificationTime = try NinePTime(from: &reader)
        changeTime = try NinePTime(from: &reader)
        birthTime = try NinePTime(from: &reader)
        generation = try reader.u64()
        dataVersion = try reader.u64()
    }
}

/// A time as 9P2000.L carries it: seconds and nanoseconds since the epoch.
public struct NinePTime: Equatable, Sendable {
    public var seconds: UInt64
    public var nanoseconds: UInt64

    public init(seconds: UInt64, nanoseconds: UInt64) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// From nanoseconds since the epoch, walos's (and WASI's) unit.
    public init(nanosecondsSinceEpoch value: UInt64) {
        self.init(seconds: value / 1_000_000_000, nanoseconds: value % 1_000_000_000)
    }

    public var nanosecondsSinceEpoch: UInt64 { seconds &* 1_000_000_000 &+ nanoseconds }

    init(from reader: inout MessageReader) throws(NinePError) {
        seconds = try reader.u64()
        nanoseconds = try reader.u64()
    }
}

/// Tsetattr: which attributes to change, and their new values. A time can be set to a value or to the
/// server's current time.
public struct NinePSetAttributes: Sendable {
    public enum TimeChange: Sendable {
        case unchanged
        case now
        case to(NinePTime)
    }

    public var mode: UInt32? = nil
    public var uid: UInt32? = nil
    public var gid: UInt32? = nil
    public var size: UInt64? = nil
    public var accessTime: TimeChange = .unchanged
    public var modificationTime: TimeChange = .unchanged

    public init() {}

    /// Linux's ATTR_* bits, as Tsetattr's `valid` carries them.
    static let modeBit: UInt32 = 0x1, uidBit: UInt32 = 0x2, gidBit: UInt32 = 0x4, sizeBit: UInt32 = 0x8
    static let atimeBit: UInt32 = 0x10, mtimeBit: UInt32 = 0x20, atimeSetBit: UInt32 = 0x80
    static let mtimeSetBit: UInt32 = 0x100

    func encode(into writer: inout MessageWriter) throws(NinePError) {
        var valid: UInt32 = 0
        if mode != nil { valid |= Self.modeBit }
        if uid != nil { valid |= Self.uidBit }
        if gid != nil { valid |= Self.gidBit }
        if size != nil { valid |= Self.sizeBit }
        valid |= Self.bits(accessTime, change: Self.atimeBit, set: Self.atimeSetBit)
        valid |= Self.bits(modificationTime, change: Self.mtimeBit, set: Self.mtimeSetBit)
        try writer.u32(valid)
        try writer.u32(mode ?? 0)
        try writer.u32(uid ?? 0)
        try writer.u32(gid ?? 0)
        try writer.u64(size ?? 0)
        for change in [accessTime, modificationTime] {
            let time: NinePTime
            if case .to(let value) = change { time = value } else { time = NinePTime(seconds: 0, nanoseconds: 0) }
            try writer.u64(time.seconds)
            try writer.u64(time.nanoseconds)
        }
    }

    private static func bits(_ change: TimeChange, change changeBit: UInt32, set setBit: UInt32) -> UInt32 {
        switch change {
        case .unchanged: 0
        case .now: changeBit
        case .to: changeBit | setBit
        }
    }
}

/// One entry of Rreaddir. `offset` is the cookie to ask for the entries after it.
public struct NinePDirectoryEntry: Equatable, Sendable {
    public var qid: Qid
    public var offset: UInt64
    /// Linux's DT_* value (4 directory, 8 regular file, 10 symbolic link).
    public var type: UInt8
    public var name: [UInt8]

    public init(qid: Qid, offset: UInt64, type: UInt8, name: [UInt8]) {
        self.qid = qid
        self.offset = offset
        self.type = type
        self.name = name
    }
}

/// Rstatfs: the share's filesystem as statfs(2) describes it.
public struct NinePFileSystemStatistics: Equatable, Sendable {
    public var type: UInt32
    public var blockSize: UInt32
    public var blocks: UInt64
    public var freeBlocks: UInt64
    public var availableBlocks: UInt64
    public var files: UInt64
    public var freeFiles: UInt64
    public var fileSystemID: UInt64
    public var maximumNameLength: UInt32
}
