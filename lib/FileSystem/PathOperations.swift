// Operations on paths, with POSIX's rules for paths that end in a slash (they name a directory), in "." or
// ".." (the directory itself, which no operation can create, remove or rename), or in a symbolic link. Where
// POSIX leaves the error open, the choice is Linux's and wasmtime's (tests/wasi/trailing_slash.c compares them).
// The work on one name is the node's (Node's operations); the rules are checked here, for every filesystem.

extension Paths {
    /// Opens what `path` names, following a final symbolic link when `followLast` is set (a link that is not
    /// followed is ELOOP, as with O_NOFOLLOW); with `create`, makes a file where nothing is, also at the target
    /// of a dangling link, as Linux does. With `exclusive`, an existing entry (a link included) is EEXIST.
    public static func open(_ path: [UInt8], in directory: Node, followLast: Bool, create: Bool = false,
                            exclusive: Bool = false) throws(FileSystemError) -> Node
    {
        var depth = 0
        var end = try locate(path, in: directory, depth: &depth)
        var mustBeDirectory = end.trailingSlash
        while true {
            // A trailing slash asks for a directory, which open never creates: EISDIR, as on Linux.
            if create && end.trailingSlash { throw .isDirectory }
            guard let node = try end.node() else {
                guard create else { throw .notFound }
                return try end.directory.makeFile(end.name)
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
    @discardableResult
    public static func createFile(_ path: [UInt8], in directory: Node) throws(FileSystemError) -> Node {
        try open(path, in: directory, followLast: false, create: true, exclusive: true)
    }

    /// A new directory at `path`, which may end in slashes; anything already there is EEXIST.
    @discardableResult
    public static func createDirectory(_ path: [UInt8], in directory: Node) throws(FileSystemError) -> Node {
        var depth = 0
        let end = try locate(path, in: directory, depth: &depth)
        guard try end.node() == nil else { throw .exists }
        return try end.directory.makeDirectory(end.name)
    }

    /// A new symbolic link at `path` to `target`, kept as it is (it is resolved when followed).
    public static func createSymlink(_ path: [UInt8], target: [UInt8], in directory: Node) throws(FileSystemError) {
        guard !target.contains(0) else { throw .invalid }
        guard target.count < maxPathLength else { throw .nameTooLong }
        let end = try locateNew(path, in: directory)
        try end.directory.makeSymlink(end.name, target: target)
    }

    /// A new name at `path` for `node` (a hard link); directories have only one name (EPERM, once the new name
    /// proved free, as in wasmtime).
    public static func link(_ node: Node, as path: [UInt8], in directory: Node) throws(FileSystemError) {
        let end = try locateNew(path, in: directory)
        guard !node.isDirectory else { throw .notPermitted }
        guard node.device == end.directory.device else { throw .crossDevice }
        try end.directory.makeLink(end.name, to: node)
    }

    /// Removes the non-directory at `path` (a symbolic link itself, never its target).
    public static func unlink(_ path: [UInt8], in directory: Node) throws(FileSystemError) {
        var depth = 0
        let end = try locate(path, in: directory, depth: &depth)
        if end.trailingSlash {
            // "name/" names a directory, which unlink never removes; what it names otherwise is an error of its
            // own (ENOTDIR for a file, ENOENT for nothing).
            _ = try resolve(path, in: directory)
            throw .isDirectory
        }
        guard let node = try end.node() else { throw .notFound }
        guard !node.isDirectory else { throw .isDirectory }
        try end.directory.remove(end.name, directory: false)
    }

    /// Removes the empty directory at `path`, which may end in slashes (a symbolic link to a directory is
    /// ENOTDIR: it is not followed).
    public static func removeDirectory(_ path: [UInt8], in directory: Node) throws(FileSystemError) {
        var depth = 0
        let end = try locate(path, in: directory, depth: &depth)
        guard !end.isDot else { throw .invalid }
        guard let node = try end.node() else { throw .notFound }
        guard node.isDirectory else { throw .notDirectory }
        try end.directory.remove(end.name, directory: true)
    }

    /// Moves the entry at `path` to `newPath`, replacing what is there if it is of the same kind (and empty,
    /// for a directory).
    public static func rename(_ path: [UInt8], in directory: Node, to newPath: [UInt8], in newDirectory: Node)
        throws(FileSystemError)
    {
        var depth = 0
        let source = try locate(path, in: directory, depth: &depth)
        depth = 0
        let target = try locate(newPath, in: newDirectory, depth: &depth)
        // "." and ".." are in use by the very path that names them: EBUSY, as on Linux and in wasmtime.
        guard !source.isDot, !target.isDot else { throw .busy }
        guard let node = try source.node() else { throw .notFound }
        // Only a directory can be named with a trailing slash.
        if (source.trailingSlash || target.trailingSlash) && !node.isDirectory { throw .notDirectory }
        guard source.directory.device == target.directory.device else { throw .crossDevice }
        // The target's directories from its sandbox down are all its ancestors that a path from there reaches.
        if node.isDirectory {
            for ancestor in target.ancestors + [target.directory] where ancestor.isSame(as: node) {
                throw .renameIntoSelf
            }
        }
        if let existing = try target.node() {
            if existing.isSame(as: node) { return }
            if node.isDirectory {
                guard existing.isDirectory else { throw .notDirectory }
            } else {
                guard !existing.isDirectory else { throw .isDirectory }
            }
        }
        try source.directory.move(source.name, to: target.directory, as: target.name)
    }

    /// Where a new non-directory goes. Only a directory can be named with a trailing slash, so "name/" is
    /// refused: EEXIST when it names a directory, and otherwise whatever resolving it fails with (ENOTDIR for a
    /// file, ENOENT for nothing), as wasmtime does.
    private static func locateNew(_ path: [UInt8], in directory: Node) throws(FileSystemError) -> PathEnd {
        var depth = 0
        let end = try locate(path, in: directory, depth: &depth)
        if end.trailingSlash {
            _ = try resolve(path, in: directory)
            throw .exists
        }
        guard try end.node() == nil else { throw .exists }
        return end
    }
}
