/// The RAM filesystem mounted at `/`: every file lives in the kernel heap. Paths are byte strings resolved
/// relative to a directory node, and can never leave it: `..` stops at the directory the resolution started
/// in, absolute paths and absolute symlink targets are refused. That is the sandbox WASI's preopened
/// directories need.
public final class RamFileSystem {
    public let root: Node
    /// Nanoseconds since the epoch, for timestamps.
    private let clock: () -> UInt64
    private var nextSerial: UInt64 = 1
    /// Bytes of file data allowed in all; writes past it fail with `noSpace`.
    public let capacity: Int
    public private(set) var bytesUsed = 0

    public static let maxNameLength = 255
    public static let maxSymlinkDepth = 40
    public static let maxFileSize = 1 << 31

    public init(capacity: Int = 1 << 30, clock: @escaping () -> UInt64) {
        self.clock = clock
        self.capacity = capacity
        root = Node(kind: .directory, serial: 1, time: clock())
        root.linkCount = 2
        nextSerial = 2
    }

    deinit {
        var pending = [root]
        while let node = pending.popLast() {
            for entry in node.entries where entry.node.parent === node { pending.append(entry.node) }
            node.entries = []
            node.parent = nil
        }
    }

    // MARK: Resolution

    /// The node a path names, resolved inside `directory`. With `followLast`, a final symbolic link is followed.
    public func resolve(_ path: [UInt8], in directory: Node, followLast: Bool = true) throws(FileSystemError) -> Node {
        var depth = 0
        let (parent, name) = try resolveParent(path, in: directory, depth: &depth)
        return try lookup(name, in: parent, sandbox: directory, followLast: followLast, depth: &depth)
    }

    /// The directory that will hold the last component of `path`, and that component ("." for a path of only
    /// slashes and dots, so that `resolve` returns the directory itself).
    public func parent(of path: [UInt8], in directory: Node) throws(FileSystemError) -> (Node, [UInt8]) {
        var depth = 0
        return try resolveParent(path, in: directory, depth: &depth)
    }

    private func resolveParent(_ path: [UInt8], in sandbox: Node, depth: inout Int) throws(FileSystemError)
        -> (Node, [UInt8])
    {
        guard !path.isEmpty else { throw .notFound }
        guard path[0] != 47 else { throw .notCapable }
        guard !path.contains(0) else { throw .invalid }
        var components = path.split(separator: 47, omittingEmptySubsequences: true).map { Array($0) }
        if path.last == 47 { components.append([46]) }  // "dir/" must name a directory
        guard let last = components.popLast() else { return (sandbox, [46]) }
        var current = sandbox
        var stack: [Node] = []  // the path from the sandbox down, so ".." can go back up without leaving it
        for component in components {
            try walk(component, from: &current, stack: &stack, sandbox: sandbox, depth: &depth)
        }
        if last == [46, 46] {
            try walk(last, from: &current, stack: &stack, sandbox: sandbox, depth: &depth)
            return (current, [46])
        }
        return (current, last)
    }

    /// Moves `current` one component on, following symbolic links.
    private func walk(_ component: [UInt8], from current: inout Node, stack: inout [Node], sandbox: Node,
                      depth: inout Int) throws(FileSystemError)
    {
        guard current.isDirectory else { throw .notDirectory }
        guard component.count <= Self.maxNameLength else { throw .nameTooLong }
        if component == [46] { return }
        if component == [46, 46] {
            guard let up = stack.popLast() else { throw .notCapable }
            current = up
            return
        }
        guard let next = current.entry(named: component) else { throw .notFound }
        if next.kind == .symlink {
            depth += 1
            guard depth <= Self.maxSymlinkDepth else { throw .loop }
            let target = next.data
            guard !target.isEmpty else { throw .notFound }
            guard target[0] != 47 else { throw .notCapable }
            for part in target.split(separator: 47, omittingEmptySubsequences: true) {
                try walk(Array(part), from: &current, stack: &stack, sandbox: sandbox, depth: &depth)
            }
            return
        }
        stack.append(current)
        current = next
    }

    private func lookup(_ name: [UInt8], in parent: Node, sandbox: Node, followLast: Bool, depth: inout Int)
        throws(FileSystemError) -> Node
    {
        guard parent.isDirectory else { throw .notDirectory }
        if name == [46] { return parent }
        guard name.count <= Self.maxNameLength else { throw .nameTooLong }
        guard let node = parent.entry(named: name) else { throw .notFound }
        guard followLast && node.kind == .symlink else { return node }
        depth += 1
        guard depth <= Self.maxSymlinkDepth else { throw .loop }
        let (targetParent, targetName) = try resolveSymlinkTarget(node.data, from: parent, sandbox: sandbox,
                                                                   depth: &depth)
        return try lookup(targetName, in: targetParent, sandbox: sandbox, followLast: true, depth: &depth)
    }

    private func resolveSymlinkTarget(_ target: [UInt8], from directory: Node, sandbox: Node, depth: inout Int)
        throws(FileSystemError) -> (Node, [UInt8])
    {
        guard !target.isEmpty else { throw .notFound }
        guard target[0] != 47 else { throw .notCapable }
        // The link's directory must itself be inside the sandbox: rebuild its path from the sandbox.
        var chain: [Node] = []
        var cursor = directory
        while cursor !== sandbox {
            guard let up = cursor.parent else { throw .notCapable }
            chain.append(cursor)
            cursor = up
        }
        var current = sandbox
        var stack: [Node] = []
        for node in chain.reversed() {
            stack.append(current)
            current = node
        }
        var components = target.split(separator: 47, omittingEmptySubsequences: true).map { Array($0) }
        if target.last == 47 { components.append([46]) }
        guard let last = components.popLast() else { return (current, [46]) }
        for component in components {
            try walk(component, from: &current, stack: &stack, sandbox: sandbox, depth: &depth)
        }
        if last == [46, 46] {
            guard let up = stack.popLast() else { throw .notCapable }
            return (up, [46])
        }
        return (current, last)
    }

    // MARK: Changes

    private func checkNewName(_ name: [UInt8]) throws(FileSystemError) {
        guard !name.isEmpty, name != [46], name != [46, 46], !name.contains(47), !name.contains(0) else {
            throw name == [46] || name == [46, 46] ? .exists : .invalid
        }
        guard name.count <= Self.maxNameLength else { throw .nameTooLong }
    }

    private func newNode(_ kind: Node.Kind) -> Node {
        let node = Node(kind: kind, serial: nextSerial, time: clock())
        nextSerial += 1
        return node
    }

    private func attach(_ node: Node, as name: [UInt8], in directory: Node) {
        directory.entries.append((name, node))
        node.linkCount += 1
        if node.isDirectory {
            node.parent = directory
            node.linkCount += 1  // its own "."
            directory.linkCount += 1  // its ".."
        }
        let now = clock()
        directory.modificationTime = now
        directory.changeTime = now
    }

    public func createFile(_ name: [UInt8], in directory: Node) throws(FileSystemError) -> Node {
        try checkNewName(name)
        guard directory.isDirectory else { throw .notDirectory }
        guard directory.entry(named: name) == nil else { throw .exists }
        let node = newNode(.file)
        attach(node, as: name, in: directory)
        return node
    }

    public func createDirectory(_ name: [UInt8], in directory: Node) throws(FileSystemError) -> Node {
        try checkNewName(name)
        guard directory.isDirectory else { throw .notDirectory }
        guard directory.entry(named: name) == nil else { throw .exists }
        let node = newNode(.directory)
        attach(node, as: name, in: directory)
        return node
    }

    public func createSymlink(_ name: [UInt8], target: [UInt8], in directory: Node) throws(FileSystemError) -> Node {
        try checkNewName(name)
        guard directory.isDirectory else { throw .notDirectory }
        guard directory.entry(named: name) == nil else { throw .exists }
        guard !target.contains(0) else { throw .invalid }
        let node = newNode(.symlink)
        node.data = target
        attach(node, as: name, in: directory)
        return node
    }

    public func link(_ node: Node, as name: [UInt8], in directory: Node) throws(FileSystemError) {
        try checkNewName(name)
        guard !node.isDirectory else { throw .notPermitted }
        guard directory.isDirectory else { throw .notDirectory }
        guard directory.entry(named: name) == nil else { throw .exists }
        attach(node, as: name, in: directory)
        node.changeTime = clock()
    }

    /// Removes a non-directory name.
    public func unlink(_ name: [UInt8], in directory: Node) throws(FileSystemError) {
        guard directory.isDirectory else { throw .notDirectory }
        guard name != [46], name != [46, 46] else { throw .isDirectory }
        guard let index = directory.index(of: name) else { throw .notFound }
        let node = directory.entries[index].node
        guard !node.isDirectory else { throw .isDirectory }
        detach(at: index, in: directory)
    }

    public func removeDirectory(_ name: [UInt8], in directory: Node) throws(FileSystemError) {
        guard directory.isDirectory else { throw .notDirectory }
        guard name != [46] else { throw .invalid }
        guard name != [46, 46] else { throw .notEmpty }
        guard let index = directory.index(of: name) else { throw .notFound }
        let node = directory.entries[index].node
        guard node.isDirectory else { throw .notDirectory }
        guard node.entries.isEmpty else { throw .notEmpty }
        detach(at: index, in: directory)
    }

    private func detach(at index: Int, in directory: Node) {
        let node = directory.entries.remove(at: index).node
        node.linkCount -= 1
        if node.isDirectory {
            node.linkCount -= 1
            directory.linkCount -= 1
            node.parent = nil
        }
        if node.linkCount == 0 || (node.isDirectory && node.linkCount <= 1) { release(node) }
        let now = clock()
        directory.modificationTime = now
        directory.changeTime = now
        node.changeTime = now
    }

    /// Data of a node with no names left is freed now; open file descriptions may still hold the node object
    /// (POSIX keeps unlinked open files readable) but its bytes no longer count against the capacity.
    private func release(_ node: Node) {
        if node.kind == .file { bytesUsed -= node.data.count }
    }

    public func rename(_ name: [UInt8], in source: Node, to newName: [UInt8], in target: Node)
        throws(FileSystemError)
    {
        guard source.isDirectory, target.isDirectory else { throw .notDirectory }
        guard name != [46], name != [46, 46] else { throw .invalid }
        try checkNewName(newName)
        guard let index = source.index(of: name) else { throw .notFound }
        let node = source.entries[index].node
        if node.isDirectory {
            var cursor: Node? = target
            while let c = cursor {
                if c === node { throw .renameIntoSelf }
                cursor = c.parent
            }
        }
        if let existing = target.entry(named: newName) {
            if existing === node { return }
            if node.isDirectory {
                guard existing.isDirectory else { throw .notDirectory }
                guard existing.entries.isEmpty else { throw .notEmpty }
                try removeDirectory(newName, in: target)
            } else {
                guard !existing.isDirectory else { throw .isDirectory }
                try unlink(newName, in: target)
            }
        }
        let sourceIndex = source.index(of: name)!
        source.entries.remove(at: sourceIndex)
        if node.isDirectory { source.linkCount -= 1 }
        node.linkCount -= node.isDirectory ? 2 : 1  // attach counts the name (and a directory's ".") again
        attach(node, as: newName, in: target)
        let now = clock()
        source.modificationTime = now
        source.changeTime = now
        node.changeTime = now
    }

    // MARK: File data

    public func read(_ node: Node, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard offset < UInt64(node.data.count) else { return 0 }
        let count = min(buffer.count, node.data.count - Int(offset))
        node.data.withUnsafeBytes { bytes in
            buffer.baseAddress!.copyMemory(from: bytes.baseAddress! + Int(offset), byteCount: count)
        }
        return count
    }

    public func write(_ node: Node, at offset: UInt64, from buffer: UnsafeRawBufferPointer) throws(FileSystemError)
        -> Int
    {
        guard node.kind == .file else { throw .isDirectory }
        guard buffer.count > 0 else { return 0 }
        let end = offset.addingReportingOverflow(UInt64(buffer.count))
        guard !end.overflow, end.partialValue <= UInt64(Self.maxFileSize) else { throw .fileTooLarge }
        if Int(end.partialValue) > node.data.count { try resize(node, to: Int(end.partialValue)) }
        node.data.withUnsafeMutableBytes { bytes in
            (bytes.baseAddress! + Int(offset)).copyMemory(from: buffer.baseAddress!, byteCount: buffer.count)
        }
        let now = clock()
        node.modificationTime = now
        node.changeTime = now
        return buffer.count
    }

    public func truncate(_ node: Node, to size: UInt64) throws(FileSystemError) {
        guard node.kind == .file else { throw .isDirectory }
        guard size <= UInt64(Self.maxFileSize) else { throw .fileTooLarge }
        try resize(node, to: Int(size))
        let now = clock()
        node.modificationTime = now
        node.changeTime = now
    }

    private func resize(_ node: Node, to size: Int) throws(FileSystemError) {
        let growth = size - node.data.count
        if growth > 0 {
            guard bytesUsed + growth <= capacity else { throw .noSpace }
            node.data.append(contentsOf: repeatElement(0, count: growth))
        } else if growth < 0 {
            node.data.removeLast(-growth)
        }
        if node.linkCount > 0 { bytesUsed += growth }
    }

    public var now: UInt64 { clock() }
}
