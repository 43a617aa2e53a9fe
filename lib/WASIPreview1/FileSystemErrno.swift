import FileSystem

extension Errno {
    /// The errno a filesystem failure becomes; escapes from the sandbox are EPERM, as wasmtime reports them.
    init(_ error: FileSystemError) {
        switch error {
        case .notFound: self = .noEntry
        case .exists: self = .exists
        case .notDirectory: self = .notDirectory
        case .isDirectory: self = .isDirectory
        case .notEmpty: self = .notEmpty
        case .invalid: self = .invalid
        case .loop: self = .loop
        case .nameTooLong: self = .nameTooLong
        case .notCapable: self = .notPermitted
        case .renameIntoSelf: self = .invalid
        case .busy: self = .busy
        case .fileTooLarge: self = .fileTooBig
        case .noSpace: self = .noSpace
        case .notPermitted: self = .notPermitted
        case .crossDevice: self = .crossDevice
        case .io: self = .io
        case .tooManyOpen: self = .tooManyFilesInSystem
        case .notSupported: self = .notSupported
        }
    }
}

/// Runs a filesystem operation, turning its error into an errno.
@inline(__always)
func fs<T>(_ operation: () throws(FileSystemError) -> T) throws(Errno) -> T {
    do {
        return try operation()
    } catch {
        throw Errno(error)
    }
}
