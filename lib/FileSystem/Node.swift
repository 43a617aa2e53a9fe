/// A file, directory or symbolic link: what POSIX calls an inode, on one of the filesystems walos knows (the
/// RAM filesystem: RamNode; a host directory shared over 9P: NinePNode). Embedded Swift has classes but no
/// existentials, so each kind of filesystem is a subclass that overrides the operations below; path
/// resolution and its sandbox (Paths) sit above them and are the same for every kind.
///
/// Each operation acts on this one node, or on one plain name in this directory (never "", ".", "..", nor a
/// name with "/" or NUL: Paths sees to that). `lookup` never follows a symbolic link. Nothing is cached: a
/// share's node asks the host every time, so what the host sees is what the guest sees.
open class Node {
    public enum Kind: Equatable {
        case file
        case directory
        case symlink
    }

    /// What stat tells about a node.
    public struct Attributes: Equatable {
        public var linkCount: UInt64
        /// Bytes of a file or link target; for a directory, its number of entries.
        public var size: UInt64
        public var accessTime: UInt64
        public var modificationTime: UInt64
        public var changeTime: UInt64

        public init(linkCount: UInt64, size: UInt64, accessTime: UInt64, modificationTime: UInt64,
                    changeTime: UInt64)
        {
            self.linkCount = linkCount
            self.size = size
            self.accessTime = accessTime
            self.modificationTime = modificationTime
            self.changeTime = changeTime
        }
    }

    /// One entry of a directory listing; `next` is the cookie that lists the entries after it.
    public struct DirectoryEntry {
        public var name: [UInt8]
        public var kind: Kind
        public var serial: UInt64
        public var next: UInt64

        public init(name: [UInt8], kind: Kind, serial: UInt64, next: UInt64) {
            self.name = name
            self.kind = kind
            self.serial = serial
            self.next = next
        }
    }

    public let kind: Kind
    /// The inode number, unique within `device`.
    public let serial: UInt64
    /// Which filesystem the node is on: links and renames stay within one.
    public let device: UInt64

    public init(kind: Kind, serial: UInt64, device: UInt64) {
        self.kind = kind
        self.serial = serial
        self.device = device
    }

    public var isDirectory: Bool { kind == .directory }

    /// Whether `other` is this same node (a share hands out a new object each time a name is looked up).
    public func isSame(as other: Node) -> Bool {
        serial == other.serial && device == other.device
    }

    // MARK: Any node

    open func attributes() throws(FileSystemError) -> Attributes { throw .notSupported }
    /// A file's content version: a number that names its bytes as they are now, which no other contents of any
    /// file have had or will have since boot, so that what was kept about those bytes (a decoded program) can be
    /// found without reading them again. Nil where the filesystem cannot tell (a share's files change on the
    /// host behind it), and for anything but a file.
    open var contentVersion: UInt64? { nil }
    /// Sets the access and modification times (nil: unchanged); the change time becomes now.
    open func setTimes(access: UInt64?, modification: UInt64?) throws(FileSystemError) { throw .notSupported }

    /// A descriptor now holds this file or directory: a share's node opens it on the host at once, so that it
    /// stays reachable when its name goes (unlink, rmdir, a rename over it), as an open file does on Linux.
    open func open(reading: Bool, writing: Bool) throws(FileSystemError) {}

    // MARK: Files

    /// Copies up to `buffer.count` bytes from `offset`; 0 at the end.
    open func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(FileSystemError) -> Int {
        throw .isDirectory
    }

    /// Writes at `offset`; returns how many bytes were written (fewer than asked only when space ran out).
    open func write(at offset: UInt64, from buffer: UnsafeRawBufferPointer) throws(FileSystemError) -> Int {
        throw .isDirectory
    }

    open func truncate(to size: UInt64) throws(FileSystemError) { throw .isDirectory }
    /// Makes what was written durable on the host (nothing to do in RAM).
    open func sync() throws(FileSystemError) {}

    // MARK: Symbolic links

    open func readLink() throws(FileSystemError) -> [UInt8] { throw .invalid }

    // MARK: Directories

    /// The node called `name` here, nil when there is none. A symbolic link is returned as itself.
    open func lookup(_ name: [UInt8]) throws(FileSystemError) -> Node? { throw .notDirectory }

    /// Entries from cookie `cookie` on: "." and ".." first (cookies 0 and 1), then the names. Some or all of
    /// what is left; empty at the end.
    open func entries(from cookie: UInt64) throws(FileSystemError) -> [DirectoryEntry] { throw .notDirectory }

    /// A new empty file `name` (nothing may have that name).
    open func makeFile(_ name: [UInt8]) throws(FileSystemError) -> Node { throw .notDirectory }
    open func makeDirectory(_ name: [UInt8]) throws(FileSystemError) -> Node { throw .notDirectory }
    open func makeSymlink(_ name: [UInt8], target: [UInt8]) throws(FileSystemError) { throw .notDirectory }
    /// A new name `name` here for `node`, which is on this filesystem and not a directory.
    open func makeLink(_ name: [UInt8], to node: Node) throws(FileSystemError) { throw .notDirectory }
    /// Removes the entry `name`: a non-directory, or with `directory` an empty directory.
    open func remove(_ name: [UInt8], directory: Bool) throws(FileSystemError) { throw .notDirectory }
    /// Moves the entry `name` to `newName` in `target` (a directory on this filesystem), replacing what is
    /// there; the caller checked that the kinds agree.
    open func move(_ name: [UInt8], to target: Node, as newName: [UInt8]) throws(FileSystemError) {
        throw .notDirectory
    }
}

extension Node {
    /// A whole file's bytes (a program, a manifest).
    public func contents() throws(FileSystemError) -> [UInt8] {
        let size = try attributes().size
        guard size <= UInt64(Int.max) else { throw .fileTooLarge }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        var done = 0
        var failure: FileSystemError? = nil
        bytes.withUnsafeMutableBytes { buffer in
            while done < buffer.count {
                do throws(FileSystemError) {
                    let count = try read(at: UInt64(done), into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
                    if count == 0 { return }
                    done += count
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
        return Array(bytes[0..<done])
    }
}
