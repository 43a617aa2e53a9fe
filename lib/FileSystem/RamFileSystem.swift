/// The RAM filesystem mounted at `/`: every file lives in the kernel heap. Its operations take paths, byte
/// strings resolved relative to a directory node that they can never leave (PathResolution.swift), and follow
/// POSIX where paths end in slashes, dots or symbolic links (PathOperations.swift). A plain name is a path of
/// one component.
public final class RamFileSystem {
    public let root: Node
    /// Nanoseconds since the epoch, for timestamps.
    let clock: () -> UInt64
    private var nextSerial: UInt64 = 1
    /// Bytes of file data allowed in all; writes past it fail with `noSpace`.
    public let capacity: Int
    public private(set) var bytesUsed = 0

    public static let maxNameLength = 255
    /// POSIX's PATH_MAX, which counts a terminating NUL: paths and symbolic link targets hold at most 4095
    /// bytes, as on Linux and in wasmtime.
    public static let maxPathLength = 4096
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

    // MARK: Entries

    func newNode(_ kind: Node.Kind) -> Node {
        let node = Node(kind: kind, serial: nextSerial, time: clock())
        nextSerial += 1
        return node
    }

    /// Gives `node` the name `name` in `directory`.
    func attach(_ node: Node, as name: [UInt8], in directory: Node) {
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

    /// Removes the entry at `index` of `directory`.
    func detach(at index: Int, in directory: Node) {
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
