/// The capabilities a descriptor carries in preview1: `base` rights apply to the descriptor itself, `inheriting`
/// rights bound what descriptors opened through it (with path_open) may get.
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

    /// A preopened directory's base rights: the set wasmtime hands out, which userlands expect.
    public static let preopenDirectory: Rights = [
        .pathCreateDirectory, .pathCreateFile, .pathLinkSource, .pathLinkTarget, .pathOpen, .fdReaddir,
        .pathReadlink, .pathRenameSource, .pathRenameTarget, .pathSymlink, .pathRemoveDirectory, .pathUnlinkFile,
        .pathFilestatGet, .pathFilestatSetTimes, .fdFilestatGet, .fdFilestatSetTimes,
    ]

    /// What a directory descriptor can use: everything but seeking and sizing itself.
    public static let directory = Rights.all.subtracting([.fdSeek, .fdFilestatSetSize, .pathFilestatSetSize])

    /// Rights of the standard streams.
    public static let stdin: Rights = [.fdRead]
    public static let stdout: Rights = [.fdWrite]
}
