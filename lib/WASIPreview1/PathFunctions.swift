import FileSystem

// Operations on paths, always resolved inside a directory descriptor and never outside it: Paths resolves
// them, for the RAM filesystem and host shares alike, with POSIX's rules for trailing slashes, dots and symbolic links; an escape is EPERM, as
// wasmtime reports it.

extension WASIContext {
    /// The directory behind `fd`; anything else is EBADF, as in wasmtime.
    func directory(_ fd: UInt32) throws(Errno) -> Node {
        guard case .directory(let node, _) = try descriptors.get(fd).kind else { throw .badDescriptor }
        return node
    }

    func resolve(_ path: [UInt8], in directory: Node, follow: Bool) throws(Errno) -> Node {
        try fs { () throws(FileSystemError) in try Paths.resolve(path, in: directory, followLast: follow) }
    }

    func follows(_ lookupFlags: UInt32) throws(Errno) -> Bool {
        guard lookupFlags <= LookupFlags.symlinkFollow.rawValue else { throw .invalid }
        return LookupFlags(rawValue: lookupFlags).contains(.symlinkFollow)
    }

    func pathCreateDirectory(_ memory: GuestMemory, _ fd: UInt32, path: UInt32, length: UInt32) throws(Errno) {
        let directory = try directory(fd)
        let path = try memory.path(at: path, count: length)
        _ = try fs { () throws(FileSystemError) in try Paths.createDirectory(path, in: directory) }
    }

    func pathFilestatGet(_ memory: GuestMemory, _ fd: UInt32, flags: UInt32, path: UInt32, length: UInt32,
                         into result: UInt32) throws(Errno)
    {
        let directory = try directory(fd)
        let path = try memory.path(at: path, count: length)
        let node = try resolve(path, in: directory, follow: try follows(flags))
        try writeFilestat(memory, node, at: result)
    }

    func pathFilestatSetTimes(_ memory: GuestMemory, _ fd: UInt32, flags: UInt32, path: UInt32, length: UInt32,
                              access: UInt64, modification: UInt64, timeFlags: UInt32) throws(Errno)
    {
        let times = try newTimes(access: access, modification: modification, flags: timeFlags)
        let directory = try directory(fd)
        let path = try memory.path(at: path, count: length)
        try setTimes(try resolve(path, in: directory, follow: try follows(flags)), times)
    }

    func pathLink(_ memory: GuestMemory, _ sourceFD: UInt32, flags: UInt32, path sourcePath: UInt32,
                  length sourceLength: UInt32, to targetFD: UInt32, path targetPath: UInt32,
                  length targetLength: UInt32) throws(Errno)
    {
        let source = try directory(sourceFD)
        let target = try directory(targetFD)
        let oldPath = try memory.path(at: sourcePath, count: sourceLength)
        let newPath = try memory.path(at: targetPath, count: targetLength)
        // wasmtime refuses to follow a symbolic link here (EINVAL): the link itself is what gets a new name.
        guard try !follows(flags) else { throw .invalid }
        let node = try resolve(oldPath, in: source, follow: false)
        try fs { () throws(FileSystemError) in try Paths.link(node, as: newPath, in: target) }
    }

    func pathReadlink(_ memory: GuestMemory, _ fd: UInt32, path: UInt32, length: UInt32, buffer: UInt32,
                      capacity: UInt32, into result: UInt32) throws(Errno)
    {
        let directory = try directory(fd)
        let path = try memory.path(at: path, count: length)
        let node = try resolve(path, in: directory, follow: false)
        guard node.kind == .symlink else { throw .invalid }
        let link = try fs { () throws(FileSystemError) in try node.readLink() }
        // An absolute target would tell where the sandbox sits; wasmtime refuses to read it (EPERM).
        guard link.first != UInt8(ascii: "/") else { throw .notPermitted }
        let target = Array(link.prefix(Int(capacity)))
        try memory.write(target, at: buffer)
        try memory.store(UInt32(target.count), at: result)
    }

    func pathRemoveDirectory(_ memory: GuestMemory, _ fd: UInt32, path: UInt32, length: UInt32) throws(Errno) {
        let directory = try directory(fd)
        let path = try memory.path(at: path, count: length)
        try fs { () throws(FileSystemError) in try Paths.removeDirectory(path, in: directory) }
    }

    func pathRename(_ memory: GuestMemory, _ sourceFD: UInt32, path sourcePath: UInt32, length sourceLength: UInt32,
                    to targetFD: UInt32, path targetPath: UInt32, length targetLength: UInt32) throws(Errno)
    {
        let source = try directory(sourceFD)
        let target = try directory(targetFD)
        let oldPath = try memory.path(at: sourcePath, count: sourceLength)
        let newPath = try memory.path(at: targetPath, count: targetLength)
        try fs { () throws(FileSystemError) in try Paths.rename(oldPath, in: source, to: newPath, in: target) }
    }

    /// Symbolic links with absolute targets are refused (EPERM), as wasmtime does: they could only point
    /// outside the sandbox.
    func pathSymlink(_ memory: GuestMemory, target: UInt32, length: UInt32, in fd: UInt32, path: UInt32,
                     length pathLength: UInt32) throws(Errno)
    {
        let directory = try directory(fd)
        let target = try memory.path(at: target, count: length)
        let path = try memory.path(at: path, count: pathLength)
        guard target.first != UInt8(ascii: "/") else { throw .notPermitted }
        guard !target.isEmpty else { throw .noEntry }
        try fs { () throws(FileSystemError) in try Paths.createSymlink(path, target: target, in: directory) }
    }

    func pathUnlinkFile(_ memory: GuestMemory, _ fd: UInt32, path: UInt32, length: UInt32) throws(Errno) {
        let directory = try directory(fd)
        let path = try memory.path(at: path, count: length)
        try fs { () throws(FileSystemError) in try Paths.unlink(path, in: directory) }
    }
}
