/// 9P2000.L, the dialect of the Plan 9 file protocol that Linux and QEMU's virtio-9p server speak: each message is
/// size[4] type[1] tag[2] and a body, little-endian; strings are length[2] and bytes. Errors come back as Rlerror
/// with a Linux errno. References: the Linux kernel's include/net/9p/9p.h and diod's protocol description.
public enum NineP {
    /// The dialect asked for in Tversion.
    public static let version: [UInt8] = Array("9P2000.L".utf8)
    /// The tag of Tversion, the one message sent before a session exists.
    public static let noTag: UInt16 = 0xFFFF
    /// "No fid": the afid of an attach without authentication.
    public static let noFid: UInt32 = 0xFFFF_FFFF
    /// The numeric user of an attach that names none (the server then uses `uname`).
    public static let noUser: UInt32 = 0xFFFF_FFFF
    /// Names one Twalk may carry (MAXWELEM); longer walks take several messages.
    public static let maximumWalkNames = 16
    /// size[4] type[1] tag[2].
    public static let headerSize = 7
    /// The bytes Tread/Twrite need around their data (Linux's P9_IOHDRSZ): what msize leaves for data is msize
    /// minus this.
    public static let ioHeaderSize = 24

    public enum MessageType: UInt8 {
        case rlerror = 7
        case tstatfs = 8, rstatfs
        case tlopen = 12, rlopen
        case tlcreate = 14, rlcreate
        case tsymlink = 16, rsymlink
        case treadlink = 22, rreadlink
        case tgetattr = 24, rgetattr
        case tsetattr = 26, rsetattr
        case treaddir = 40, rreaddir
        case tfsync = 50, rfsync
        case tlink = 70, rlink
        case tmkdir = 72, rmkdir
        case trenameat = 74, rrenameat
        case tunlinkat = 76, runlinkat
        case tversion = 100, rversion
        case tattach = 104, rattach
        case tflush = 108, rflush
        case twalk = 110, rwalk
        case tread = 116, rread
        case twrite = 118, rwrite
        case tclunk = 120, rclunk
        case tremove = 122, rremove
    }

    /// Open and create flags: Linux's O_* values on x86 (9P2000.L carries them unchanged).
    public struct OpenFlags: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let readOnly: OpenFlags = []
        public static let writeOnly = OpenFlags(rawValue: 0o1)
        public static let readWrite = OpenFlags(rawValue: 0o2)
        public static let create = OpenFlags(rawValue: 0o100)
        public static let exclusive = OpenFlags(rawValue: 0o200)
        public static let truncate = OpenFlags(rawValue: 0o1000)
        public static let append = OpenFlags(rawValue: 0o2000)
        public static let directory = OpenFlags(rawValue: 0o200000)
        public static let noFollow = OpenFlags(rawValue: 0o400000)
    }

    /// Tunlinkat's flag for removing a directory (Linux's AT_REMOVEDIR).
    public static let removeDirectory: UInt32 = 0x200

    /// Tgetattr's request mask: the basic fields (mode through blocks, times, size), and everything.
    public static let getattrBasic: UInt64 = 0x7FF
    public static let getattrAll: UInt64 = 0x3FFF

    /// File type bits of a mode (Linux's S_IF*).
    public static let modeTypeMask: UInt32 = 0o170000
    public static let modeDirectory: UInt32 = 0o040000
    public static let modeRegular: UInt32 = 0o100000
    public static let modeSymlink: UInt32 = 0o120000
}

/// The server's identity for a file: its type (the mode's top bits), a version, and a path number unique
/// within the share (the inode).
public struct Qid: Equatable, Sendable {
    public var type: UInt8
    public var version: UInt32
    public var path: UInt64

    public init(type: UInt8, version: UInt32, path: UInt64) {
        self.type = type
        self.version = version
        self.path = path
    }

    public static let directoryType: UInt8 = 0x80
    public static let symlinkType: UInt8 = 0x02

    public var isDirectory: Bool { type & Self.directoryType != 0 }
    public var isSymlink: Bool { type & Self.symlinkType != 0 }
}

/// What went wrong in a 9P exchange.
public enum NinePError: Error, Equatable {
    /// The server refused with this Linux errno (Rlerror).
    case remote(errno: UInt32)
    /// The reply does not parse: wrong size, tag or type, a field past its end.
    case malformedReply
    /// The server speaks another dialect, or offered a message size too small to work with.
    case unsupportedServer
    /// A request does not fit in the negotiated message size.
    case messageTooLarge
    /// Every fid the client allows is in use.
    case tooManyFids
    /// A name holds "/" or NUL, which would change what it names.
    case invalidName
    /// The transport failed (a device error, or no reply within its time limit); the session is over.
    case transport
}

/// Linux errno values that 9P2000.L servers return, named for the mapping to walos's own errors.
public enum LinuxErrno {
    public static let notPermitted: UInt32 = 1  // EPERM
    public static let noEntry: UInt32 = 2  // ENOENT
    public static let io: UInt32 = 5  // EIO
    public static let badDescriptor: UInt32 = 9  // EBADF
    public static let accessDenied: UInt32 = 13  // EACCES
    public static let busy: UInt32 = 16  // EBUSY
    public static let exists: UInt32 = 17  // EEXIST
    public static let crossDevice: UInt32 = 18  // EXDEV
    public static let notDirectory: UInt32 = 20  // ENOTDIR
    public static let isDirectory: UInt32 = 21  // EISDIR
    public static let invalid: UInt32 = 22  // EINVAL
    public static let fileTooBig: UInt32 = 27  // EFBIG
    public static let noSpace: UInt32 = 28  // ENOSPC
    public static let readOnlyFileSystem: UInt32 = 30  // EROFS
    public static let tooManyLinks: UInt32 = 31  // EMLINK
    public static let nameTooLong: UInt32 = 36  // ENAMETOOLONG
    public static let notEmpty: UInt32 = 39  // ENOTEMPTY
    public static let loop: UInt32 = 40  // ELOOP
    public static let notSupported: UInt32 = 95  // EOPNOTSUPP
    public static let quotaExceeded: UInt32 = 122  // EDQUOT
}
