import FileSystem

// Operations on paths, always resolved inside a directory descriptor and never outside it (the sandbox is the
// RamFileSystem's resolution; an escape is EPERM, as wasmtime reports it).

/// `path` without trailing slashes (a path of only slashes keeps one), and whether it had any. POSIX lets
/// "dir/" name a directory to create or rename.
func trimmingTrailingSlashes(_ path: [UInt8]) -> ([UInt8], Bool) {
    var end = path.count
    while end > 1 && path[end - 1] == 47 { end -= 1 }
    return (Array(path[0..<end]), end < path.count)
}

extension WASIContext {
    /// The directory behind `fd`, which must hold `rights`.
    func directory(_ fd: UInt32, _ rights: Rights) throws(Errno) -> Node {
        let descriptor = try descriptors.get(fd)
        guard case .directory(let node, _) = descriptor.kind else { throw .badDescriptor }
        try descriptor.require(rights)
        return node
    }

    func resolve(_ path: [UInt8], in directory: Node, follow: Bool) throws(Errno) -> Node {
        try fs { () throws(FileSystemError) in try fileSystem.resolve(path, in: directory, followLast: follow) }
    }

    func parent(of path: [UInt8], in directory: Node) throws(Errno) -> (Node, [UInt8]) {
        try fs { () throws(FileSystemError) in try fileSystem.parent(of: path, in: directory) }
    }

    func pathCreateDirectory(_ memory: GuestMemory, _ fd: UInt32, path: UInt32, length: UInt32) throws(Errno) {
        let directory = try directory(fd, .pathCreateDirectory)
        let (path, _) = trimmingTrailingSlashes(try memory.path(at: path, count: length))
        let (parent, name) = try parent(of: path, in: directory)
        _ = try fs { () throws(FileSystemError) in try fileSystem.createDirectory(name, in: parent) }
    }

    func pathFilestatGet(_ memory: GuestMemory, _ fd: UInt32, flags: UInt32, path: UInt32, length: UInt32,
                         into result: UInt32) throws(Errno)
    {
        let directory = try directory(fd, .pathFilestatGet)
        let path = try memory.path(at: path, count: length)
        let node = try resolve(path, in: directory, follow: try follows(flags))
        try writeFilestat(memory, node, at: result)
    }

    func pathFilestatSetTimes(_ memory: GuestMemory, _ fd: UInt32, flags: UInt32, path: UInt32, length: UInt32,
                              access: UInt64, modification: UInt64, timeFlags: UInt32) throws(Errno)
    {
        let times = try newTimes(access: access, modification: modification, flags: timeFlags)
        let directory = try directory(fd, .pathFilestatSetTimes)
        let path = try memory.path(at: path, count: length)
        setTimes(try resolve(path, in: directory, follow: try follows(flags)), times)
    }

    func follows(_ lookupFlags: UInt32) throws(Errno) -> Bool {
        guard lookupFlags <= LookupFlags.symlinkFollow.rawValue else { throw .invalid }
        return LookupFlags(rawValue: lookupFlags).contains(.symlinkFollow)
    }

    func pathLink(_ memory: GuestMemory, _ sourceFD: UInt32, flags: UInt32, path sourcePath: UInt32,
                  length sourceLength: UInt32, to targetFD: UInt32, path targetPath: UInt32,
                  length targetLength: UInt32) throws(Errno)
    {
        let source = try directory(sourceFD, .pathLinkSource)
        let target = try directory(targetFD, .pathLinkTarget)
        let oldPath = try memory.path(at: sourcePath, count: sourceLength)
        let newPath = try memory.path(at: targetPath, count: targetLength)
        // wasmtime refuses to follow a symbolic link here (EINVAL): the link itself is what gets a new name.
        guard try !follows(flags) else { throw .invalid }
        let node = try resolve(oldPath, in: source, follow: false)
        let (parent, name) = try parent(of: newPath, in: target)
        try fs { () throws(FileSystemError) in try fileSystem.link(node, as: name, in: parent) }
    }

    func pathReadlink(_ memory: GuestMemory, _ fd: UInt32, path: UInt32, length: UInt32, buffer: UInt32,
                      capacity: UInt32, into result: UInt32) throws(Errno)
    {
        let directory = try directory(fd, .pathReadlink)
        let path = try memory.path(at: path, count: length)
        let node = try resolve(path, in: directory, follow: false)
        guard node.kind == .symlink else { throw .invalid }
        // An absolute target would tell where the sandbox sits; wasmtime refuses to read it (EPERM).
        guard node.data.first != 47 else { throw .notPermitted }
        let target = Array(node.data.prefix(Int(capacity)))
        try memory.write(target, at: buffer)
        try memory.store(UInt32(target.count), at: result)
    }

    func pathRemoveDirectory(_ memory: GuestMemory, _ fd: UInt32, path: UInt32, length: UInt32) throws(Errno) {
        let directory = try directory(fd, .pathRemoveDirectory)
        // "dir/" stays as it is: it names "dir/.", which cannot be removed (EINVAL), as in wasmtime.
        let (parent, name) = try parent(of: try memory.path(at: path, count: length), in: directory)
        try fs { () throws(FileSystemError) in try fileSystem.removeDirectory(name, in: parent) }
    }

    func pathRename(_ memory: GuestMemory, _ sourceFD: UInt32, path sourcePath: UInt32, length sourceLength: UInt32,
                    to targetFD: UInt32, path targetPath: UInt32, length targetLength: UInt32) throws(Errno)
    {
        let source = try directory(sourceFD, .pathRenameSource)
        let target = try directory(targetFD, .pathRenameTarget)
        let (oldPath, oldSlash) = trimmingTrailingSlashes(try memory.path(at: sourcePath, count: sourceLength))
        let (newPath, newSlash) = trimmingTrailingSlashes(try memory.path(at: targetPath, count: targetLength))
        let (oldParent, oldName) = try parent(of: oldPath, in: source)
        let (newParent, newName) = try parent(of: newPath, in: target)
        if oldSlash || newSlash {
            guard try resolve(oldPath, in: source, follow: false).isDirectory else { throw .notDirectory }
        }
        try fs { () throws(FileSystemError) in try fileSystem.rename(oldName, in: oldParent, to: newName, in: newParent) }
    }

    /// Symbolic links with absolute targets are refused (EPERM), as wasmtime does: they could only point
    /// outside the sandbox.
    func pathSymlink(_ memory: GuestMemory, target: UInt32, length: UInt32, in fd: UInt32, path: UInt32,
                     length pathLength: UInt32) throws(Errno)
    {
        let directory = try directory(fd, .pathSymlink)
        let target = try memory.path(at: target, count: length)
        let path = try memory.path(at: path, count: pathLength)
        guard target.first != 47 else { throw .notPermitted }
        guard !target.isEmpty else { throw .noEntry }
        let (parent, name) = try parent(of: path, in: directory)
        _ = try fs { () throws(FileSystemError) in try fileSystem.createSymlink(name, target: target, in: parent) }
    }

    func pathUnlinkFile(_ memory: GuestMemory, _ fd: UInt32, path: UInt32, length: UInt32) throws(Errno) {
        let directory = try directory(fd, .pathUnlinkFile)
        let (path, slash) = trimmingTrailingSlashes(try memory.path(at: path, count: length))
        if slash {
            // "name/" only names a directory, which unlink never removes.
            throw try resolve(path, in: directory, follow: true).isDirectory ? .isDirectory : .notDirectory
        }
        let (parent, name) = try parent(of: path, in: directory)
        try fs { () throws(FileSystemError) in try fileSystem.unlink(name, in: parent) }
    }
}
