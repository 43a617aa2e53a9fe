/// The small enumerations and flag sets of wasi_snapshot_preview1, with their wire values.

public enum FileType: UInt8, Sendable {
    case unknown = 0
    case blockDevice = 1
    case characterDevice = 2
    case directory = 3
    case regularFile = 4
    case socketDatagram = 5
    case socketStream = 6
    case symbolicLink = 7
}

public struct FdFlags: OptionSet, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let append = FdFlags(rawValue: 1 << 0)
    public static let dsync = FdFlags(rawValue: 1 << 1)
    public static let nonblock = FdFlags(rawValue: 1 << 2)
    public static let rsync = FdFlags(rawValue: 1 << 3)
    public static let sync = FdFlags(rawValue: 1 << 4)
    public static let all = FdFlags(rawValue: 0x1f)
}

public struct OpenFlags: OptionSet, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let create = OpenFlags(rawValue: 1 << 0)
    public static let directory = OpenFlags(rawValue: 1 << 1)
    public static let exclusive = OpenFlags(rawValue: 1 << 2)
    public static let truncate = OpenFlags(rawValue: 1 << 3)
    public static let all = OpenFlags(rawValue: 0xf)
}

public struct LookupFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let symlinkFollow = LookupFlags(rawValue: 1 << 0)
}

public struct TimeFlags: OptionSet, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let accessTime = TimeFlags(rawValue: 1 << 0)
    public static let accessTimeNow = TimeFlags(rawValue: 1 << 1)
    public static let modificationTime = TimeFlags(rawValue: 1 << 2)
    public static let modificationTimeNow = TimeFlags(rawValue: 1 << 3)
    public static let all = TimeFlags(rawValue: 0xf)
}

public enum ClockID: UInt32, Sendable {
    case realtime = 0
    case monotonic = 1
    case processCPUTime = 2
    case threadCPUTime = 3
}

public enum Whence: UInt8, Sendable {
    case set = 0
    case current = 1
    case end = 2
}

public enum Advice: UInt8, Sendable {
    case normal = 0
    case sequential = 1
    case random = 2
    case willNeed = 3
    case dontNeed = 4
    case noReuse = 5
}

public enum EventType: UInt8, Sendable {
    case clock = 0
    case fdRead = 1
    case fdWrite = 2
}

/// Byte offsets of the preview1 structures in guest memory.
enum Layout {
    static let iovecSize: UInt32 = 8
    static let fdstatSize: UInt32 = 24
    static let filestatSize: UInt32 = 64
    static let direntSize: UInt32 = 24
    static let prestatSize: UInt32 = 8
    static let subscriptionSize: UInt32 = 48
    static let eventSize: UInt32 = 32
}
