/// What can go wrong in a filesystem operation; the WASI layer maps each to its errno.
public enum FileSystemError: Error, Equatable {
    case notFound
    case exists
    case notDirectory
    case isDirectory
    case notEmpty
    /// A malformed name or argument: an empty name, a NUL byte, "." or ".." where a real name is needed.
    case invalid
    /// Too many symbolic links on the way (a loop).
    case loop
    case nameTooLong
    /// The path would leave the directory it is resolved in (`..` above it, an absolute path or symlink).
    case notCapable
    /// Renaming a directory into itself or below itself.
    case renameIntoSelf
    /// Renaming "." or "..", or onto them: the path itself uses them.
    case busy
    /// An offset or size past the largest file (2^63 - 1 bytes, as on Linux).
    case fileTooLarge
    /// The memory budget (RAM) or the host's disk (a share) is used up.
    case noSpace
    /// A link to a directory, or what the host refuses to this user.
    case notPermitted
    /// A link or rename between two filesystems.
    case crossDevice
    /// The host filesystem refused in a way walos has no better name for, or its transport failed.
    case io
    /// The host share has no room for another open node (its fids are used up).
    case tooManyOpen
    /// The filesystem does not do this (a call on the wrong kind of node).
    case notSupported
}
