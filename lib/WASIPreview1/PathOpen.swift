import FileSystem

extension WASIContext {
    /// path_open: opens (or creates) a file or directory below the directory `fd`. The new descriptor gets the
    /// requested rights, which the directory's inheriting rights must cover, limited to what its type can use.
    func pathOpen(_ memory: GuestMemory, _ fd: UInt32, lookup: UInt32, path: UInt32, length: UInt32,
                  openFlags rawOpenFlags: UInt32, base: Rights, inheriting: Rights, fdFlags rawFdFlags: UInt32,
                  into result: UInt32) throws(Errno)
    {
        let path = try memory.path(at: path, count: length)
        _ = try memory.slice(at: result, count: 4)  // a bad result pointer must not leave a descriptor open
        guard rawOpenFlags <= UInt32(OpenFlags.all.rawValue), rawFdFlags <= UInt32(FdFlags.all.rawValue) else {
            throw .invalid
        }
        let openFlags = OpenFlags(rawValue: UInt16(rawOpenFlags))
        let fdFlags = FdFlags(rawValue: UInt16(rawFdFlags))
        let follow = try follows(lookup)
        // Synchronous writes mean nothing to a RAM filesystem; wasmtime refuses them too.
        guard fdFlags.isDisjoint(with: [.dsync, .rsync, .sync]) else { throw .notSupported }
        let parent = try descriptors.get(fd)
        guard case .directory(let directory, _) = parent.kind else {
            if case .file = parent.kind { throw .notDirectory }
            throw .badDescriptor
        }
        // Truncating needs no right of its own: wasmtime's preopens lack path_filestat_set_size, yet truncate.
        try parent.require(openFlags.contains(.create) ? [.pathOpen, .pathCreateFile] : .pathOpen)
        guard parent.rightsInheriting.isSuperset(of: base.union(inheriting)) else { throw .notCapable }
        guard !openFlags.isSuperset(of: [.create, .directory]) else { throw .invalid }

        let node = try openTarget(path, in: directory, openFlags, follow: follow)
        let kind: Descriptor.Kind
        let rights: Rights
        switch node.kind {
        case .directory:
            guard !base.contains(.fdWrite), openFlags.isDisjoint(with: [.create, .truncate]) else { throw .isDirectory }
            kind = .directory(node, preopenPath: nil)
            rights = Rights.directory
        case .file:
            guard !openFlags.contains(.directory) else { throw .notDirectory }
            if openFlags.contains(.truncate) {
                try fs { () throws(FileSystemError) in try fileSystem.truncate(node, to: 0) }
            }
            kind = .file(node)
            rights = Rights.file
        case .symlink:
            throw .loop
        }
        let opened = Descriptor(kind: kind, rightsBase: base.intersection(rights), rightsInheriting: inheriting,
                                flags: fdFlags.intersection([.append, .nonblock]))
        try memory.store(try descriptors.insert(opened), at: result)
    }

    /// The node path_open opens: an existing one (a final symbolic link only when following), or a new file.
    /// Creating through a dangling symbolic link creates its target, as on Linux; `depth` counts the links.
    private func openTarget(_ path: [UInt8], in directory: Node, _ flags: OpenFlags, follow: Bool, depth: Int = 0)
        throws(Errno) -> Node
    {
        let existing: Node
        do {
            existing = try fileSystem.resolve(path, in: directory, followLast: false)
        } catch {
            guard error == .notFound, flags.contains(.create) else { throw Errno(error) }
            let (trimmed, slash) = trimmingTrailingSlashes(path)
            let (parent, name) = try parent(of: trimmed, in: directory)
            // Only a directory can be named with a trailing slash, and open creates files: EISDIR, as on Linux.
            guard !slash else { throw .isDirectory }
            return try fs { () throws(FileSystemError) in try fileSystem.createFile(name, in: parent) }
        }
        if flags.isSuperset(of: [.create, .exclusive]) { throw .exists }
        guard existing.kind == .symlink else { return existing }
        guard follow else { throw .loop }
        guard flags.contains(.create) else { return try resolve(path, in: directory, follow: true) }
        guard depth < RamFileSystem.maxSymlinkDepth else { throw .loop }
        let target = existing.data
        guard target.first != 47 else { throw .notPermitted }
        // The target is relative to the link's directory: put it in place of the link's name.
        let (trimmed, _) = trimmingTrailingSlashes(path)
        let prefix = trimmed.lastIndex(of: 47).map { Array(trimmed[...$0]) } ?? []
        return try openTarget(prefix + target, in: directory, flags, follow: true, depth: depth + 1)
    }
}
