// Operations on paths, with POSIX's rules for paths that end in a slash (they name a directory), in "." or
// ".." (the directory itself, which no operation can create, remove or rename), or in a symbolic link. Where
// POSIX leaves the error open, the choice is Linux's and wasmtime's (tests/wasi/trailing_slash.c compares them).

extension RamFileSystem {
    /// Opens what `path` names, following a final symbolic link when `followLast` is set (a link that is not
    /// followed is ELOOP, as with O_NOFOLLOW); with `create`, makes a file where nothing is, also at the target
    /// of a dangling link, as Linux does. With `exclusive`, an existing entry (a link included) is EEXIST.
    public func open(_ path: [UInt8], in directory: Node, followLast: Bool, create: Bool = false,
                     exclusive: Bool = false) throws(FileSystemError) -> Node
    {
        var depth = 0
        var end = try locate(path, in: directory, depth: &depth)
        var mustBeDirectory = end.trailingSlash
        while true {
            // A trailing slash asks for a directory, which open never creates: EISDIR, as on Linux.
            if create && end.trailingSlash { throw .isDirectory }
            guard let node = end.node else {
                guard create else { throw .notFound }
                try checkCanAdd(to: end)
                let file = newNode(.file)
                attach(file, as: end.name, in: end.directory)
                return file
            }
            if create && exclusive { throw .exists }
            guard node.kind == .symlink else {
                guard node.isDirectory || !mustBeDirectory else { throw .notDirectory }
                return node
            }
            guard followLast || mustBeDirectory else { throw .loop }
            end = try locateTarget(of: node, from: end, depth: &depth)
            mustBeDirectory = mustBeDirectory || end.trailingSlash
        }
    }

    /// A new empty file at `path`; anything already there, a dangling link included, is EEXIST.
    public func createFile(_ path: [UInt8], in directory: Node) throws(FileSystemError) -> Node {
        try open(path, in: directory, followLast: false, create: true, exclusive: true)
    }

    /// A new directory at `path`, which may end in slashes; anything already there is EEXIST.
    public func createDirectory(_ path: [UInt8], in directory: Node) throws(FileSystemError) -> Node {
        var depth = 0
        let end = try locate(path, in: directory, depth: &depth)
        guard end.node == nil else { throw .exists }
        try checkCanAdd(to: end)
        let node = newNode(.directory)
        attach(node, as: end.name, in: end.directory)
        return node
    }

    /// A new symbolic link at `path` to `target`, kept as it is (it is resolved when followed).
    public func createSymlink(_ path: [UInt8], target: [UInt8], in directory: Node) throws(FileSystemError) -> Node {
        guard !target.contains(0) else { throw .invalid }
        guard target.count < Self.maxPathLength else { throw .nameTooLong }
        let end = try locateNew(path, in: directory)
        let node = newNode(.symlink)
        node.data = target
        attach(node, as: end.name, in: end.directory)
        return node
    }

    /// A new name at `path` for `node` (a hard link); directories have only one name (EPERM, once the new name
    /// proved free, as in wasmtime).
    public func link(_ node: Node, as path: [UInt8], in directory: Node) throws(FileSystemError) {
        let end = try locateNew(path, in: directory)
        guard !node.isDirectory else { throw .notPermitted }
        attach(node, as: end.name, in: end.directory)
        node.changeTime = clock()
    }

    /// Removes the non-directory at `path` (a symbolic link itself, never its target).
    public func unlink(_ path: [UInt8], in directory: Node) throws(FileSystemError) {
        var depth = 0
        let end = try locate(path, in: directory, depth: &depth)
        if end.trailingSlash {
            // "name/" names a directory, which unlink never removes; what it names otherwise is an error of its
            // own (ENOTDIR for a file, ENOENT for nothing).
            _ = try resolve(path, in: directory)
            throw .isDirectory
        }
        guard let node = end.node else { throw .notFound }
        guard !node.isDirectory else { throw .isDirectory }
        detach(at: end.directory.index(of: end.name)!, in: end.directory)
    }

    /// Removes the empty directory at `path`, which may end in slashes (a symbolic link to a directory is
    /// ENOTDIR: it is not followed).
    public func removeDirectory(_ path: [UInt8], in directory: Node) throws(FileSystemError) {
        var depth = 0
        let end = try locate(path, in: directory, depth: &depth)
        guard !end.isDot else { throw .invalid }
        guard let node = end.node else { throw .notFound }
        guard node.isDirectory else { throw .notDirectory }
        guard node.entries.isEmpty else { throw .notEmpty }
        detach(at: end.directory.index(of: end.name)!, in: end.directory)
    }

    /// Moves the entry at `path` to `newPath`, replacing what is there if it is of the same kind (and empty,
    /// for a directory).
    public func rename(_ path: [UInt8], in directory: Node, to newPath: [UInt8], in newDirectory: Node)
        throws(FileSystemError)
    {
        var depth = 0
        let source = try locate(path, in: directory, depth: &depth)
        depth = 0
        let target = try locate(newPath, in: newDirectory, depth: &depth)
        // "." and ".." are in use by the very path that names them: EBUSY, as on Linux and in wasmtime.
        guard !source.isDot, !target.isDot else { throw .busy }
        guard let node = source.node else { throw .notFound }
        // Only a directory can be named with a trailing slash.
        if (source.trailingSlash || target.trailingSlash) && !node.isDirectory { throw .notDirectory }
        try checkCanAdd(to: target)
        if node.isDirectory {
            var cursor: Node? = target.directory
            while let c = cursor {
                if c === node { throw .renameIntoSelf }
                cursor = c.parent
            }
        }
        if let existing = target.node {
            if existing === node { return }
            if node.isDirectory {
                guard existing.isDirectory else { throw .notDirectory }
                guard existing.entries.isEmpty else { throw .notEmpty }
            } else {
                guard !existing.isDirectory else { throw .isDirectory }
            }
            detach(at: target.directory.index(of: target.name)!, in: target.directory)
        }
        source.directory.entries.remove(at: source.directory.index(of: source.name)!)
        if node.isDirectory { source.directory.linkCount -= 1 }
        node.linkCount -= node.isDirectory ? 2 : 1  // attach counts the name (and a directory's ".") again
        attach(node, as: target.name, in: target.directory)
        let now = clock()
        source.directory.modificationTime = now
        source.directory.changeTime = now
        node.changeTime = now
    }

    /// Where a new non-directory goes. Only a directory can be named with a trailing slash, so "name/" is
    /// refused: EEXIST when it names a directory, and otherwise whatever resolving it fails with (ENOTDIR for a
    /// file, ENOENT for nothing), as wasmtime does.
    private func locateNew(_ path: [UInt8], in directory: Node) throws(FileSystemError) -> PathEnd {
        var depth = 0
        let end = try locate(path, in: directory, depth: &depth)
        if end.trailingSlash {
            _ = try resolve(path, in: directory)
            throw .exists
        }
        guard end.node == nil else { throw .exists }
        try checkCanAdd(to: end)
        return end
    }

    /// A directory that was removed takes no new entries (ENOENT, as on Linux): nothing could ever reach them.
    private func checkCanAdd(to end: PathEnd) throws(FileSystemError) {
        guard end.directory.linkCount > 0 else { throw .notFound }
    }
}
