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
    /// The file would exceed the filesystem's size limit.
    case fileTooLarge
    /// The filesystem's total byte budget is used up.
    case noSpace
    /// A link to a directory.
    case notPermitted
}
