/// Preview1's rights: `base` rights were to say what a descriptor may do, `inheriting` rights what descriptors
/// opened through it may get. In walos they are advisory, as in wasmtime: no call fails for lack of a right.
///
/// The rule, and who else follows it:
/// - path_open reads only FD_READ and FD_WRITE of the base rights, as the access mode: a file is writable when
///   FD_WRITE is asked for, readable when FD_READ is or FD_WRITE is not. Reading what is not open for reading,
///   or writing what is not open for writing, is EBADF (and resizing it EINVAL), as POSIX has it. Inheriting
///   rights, and the parent's rights, are not looked at.
/// - fd_fdstat_get reports what wasmtime reports: a preopen the fixed set userlands expect (`preopenDirectory`,
///   inheriting that and `file`), any other directory everything but seeking, writing and sizing, a file
///   everything its access mode allows; base and inheriting alike.
/// - fd_fdstat_set_rights is ENOTSUP on files and directories, EBADF on the standard streams, as in wasmtime.
///
/// wasmtime (since 2023: "liberate wasi-common from Rights", bytecodealliance/wasmtime#6265; crates/wasi/src/p1.rs
/// today) and wazero (imports/wasi_snapshot_preview1: "rights were removed from WASI", fd_fdstat_set_rights
/// ENOSYS) ignore rights this way; the WASI subgroup dropped them from later versions (wasi-filesystem#31).
/// WAMR (libc-wasi posix.c) and WasmEdge (host/wasi) still enforce the 2019 model and its ENOTCAPABLE, but
/// hand preopens inheriting rights that cover every file and directory operation. Enforcing the model breaks
/// real programs: a directory Rust's std opens for reading (fs::read_dir) inherits no write rights, so a file
/// created through it (OpenOptionsExt::open_at, cap-std) was refused. The preview1 text itself lets path_open
/// return fewer rights than asked for.
public struct Rights: OptionSet, Equatable, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let fdDatasync = Rights(rawValue: 1 << 0)
    public static let fdRead = Rights(rawValue: 1 << 1)
    public static let fdSeek = Rights(rawValue: 1 << 2)
    public static let fdFdstatSetFlags = Rights(rawValue: 1 << 3)
    public static let fdSync = Rights(rawValue: 1 << 4)
    public static let fdTell = Rights(rawValue: 1 << 5)
    public static let fdWrite = Rights(rawValue: 1 << 6)
    public static let fdAdvise = Rights(rawValue: 1 << 7)
    public static let fdAllocate = Rights(rawValue: 1 << 8)
    public static let pathCreateDirectory = Rights(rawValue: 1 << 9)
    public static let pathCreateFile = Rights(rawValue: 1 << 10)
    public static let pathLinkSource = Rights(rawValue: 1 << 11)
    public static let pathLinkTarget = Rights(rawValue: 1 << 12)
    public static let pathOpen = Rights(rawValue: 1 << 13)
    public static let fdReaddir = Rights(rawValue: 1 << 14)
    public static let pathReadlink = Rights(rawValue: 1 << 15)
    public static let pathRenameSource = Rights(rawValue: 1 << 16)
    public static let pathRenameTarget = Rights(rawValue: 1 << 17)
    public static let pathFilestatGet = Rights(rawValue: 1 << 18)
    public static let pathFilestatSetSize = Rights(rawValue: 1 << 19)
    public static let pathFilestatSetTimes = Rights(rawValue: 1 << 20)
    public static let fdFilestatGet = Rights(rawValue: 1 << 21)
    public static let fdFilestatSetSize = Rights(rawValue: 1 << 22)
    public static let fdFilestatSetTimes = Rights(rawValue: 1 << 23)
    public static let pathSymlink = Rights(rawValue: 1 << 24)
    public static let pathRemoveDirectory = Rights(rawValue: 1 << 25)
    public static let pathUnlinkFile = Rights(rawValue: 1 << 26)
    public static let pollFdReadwrite = Rights(rawValue: 1 << 27)
    public static let sockShutdown = Rights(rawValue: 1 << 28)
    public static let sockAccept = Rights(rawValue: 1 << 29)

    public static let all = Rights(rawValue: (1 << 30) - 1)

    /// What a regular file descriptor can use.
    public static let file: Rights = [
        .fdDatasync, .fdRead, .fdSeek, .fdFdstatSetFlags, .fdSync, .fdTell, .fdWrite, .fdAdvise, .fdAllocate,
        .fdFilestatGet, .fdFilestatSetSize, .fdFilestatSetTimes, .pollFdReadwrite,
    ]

    /// A preopened directory's base rights: the set wasmtime reports, which userlands expect.
    public static let preopenDirectory: Rights = [
        .pathCreateDirectory, .pathCreateFile, .pathLinkSource, .pathLinkTarget, .pathOpen, .fdReaddir,
        .pathReadlink, .pathRenameSource, .pathRenameTarget, .pathSymlink, .pathRemoveDirectory, .pathUnlinkFile,
        .pathFilestatGet, .pathFilestatSetTimes, .fdFilestatGet, .fdFilestatSetTimes,
    ]

    /// What wasmtime reports for a directory opened with path_open: everything but seeking, writing and sizing.
    public static let directory = Rights.all.subtracting([.fdSeek, .fdWrite, .fdFilestatSetSize, .pathFilestatSetSize])
}

extension Descriptor {
    /// The base and inheriting rights fd_fdstat_get reports.
    var rights: (base: Rights, inheriting: Rights) {
        switch kind {
        case .stdin: return (.fdRead, .fdRead)
        case .stdout, .stderr: return (.fdWrite, .fdWrite)
        case .pipe(let end):
            let rights: Rights = [end.isWriter ? .fdWrite : .fdRead, .fdFdstatSetFlags, .pollFdReadwrite]
            return (rights, rights)
        case .channel:
            let rights: Rights = [.fdFdstatSetFlags, .pollFdReadwrite]
            return (rights, rights)
        case .directory(_, preopenPath: .some): return (.preopenDirectory, Rights.preopenDirectory.union(.file))
        case .directory: return (.directory, .directory)
        case .file:
            var rights = Rights.all
            if !access.contains(.read) { rights.subtract([.fdRead, .fdReaddir]) }
            if !access.contains(.write) { rights.remove(.fdWrite) }
            return (rights, rights)
        }
    }
}
