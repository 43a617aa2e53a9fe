/// A file, directory or symbolic link: what POSIX calls an inode. Names live in the directories that point
/// here, so one node can have several (hard links).
public final class Node {
    public enum Kind: Equatable {
        case file
        case directory
        case symlink
    }

    public let kind: Kind
    public let serial: UInt64
    /// Contents of a file, or the target of a symbolic link.
    public internal(set) var data: [UInt8] = []
    /// Entries of a directory, in creation order (readdir cookies are positions in this list).
    var entries: [(name: [UInt8], node: Node)] = []
    /// The directory that contains this one while it has a name (a directory has exactly one); nil for the
    /// root and for removed nodes. The reference cycle this makes is broken when the node is removed, and for
    /// the whole tree when the filesystem goes away.
    var parent: Node?
    public internal(set) var linkCount: UInt64 = 0
    public var accessTime: UInt64
    public var modificationTime: UInt64
    public var changeTime: UInt64

    init(kind: Kind, serial: UInt64, time: UInt64) {
        self.kind = kind
        self.serial = serial
        accessTime = time
        modificationTime = time
        changeTime = time
    }

    public var size: UInt64 { kind == .directory ? UInt64(entries.count) : UInt64(data.count) }
    public var isDirectory: Bool { kind == .directory }

    func entry(named name: [UInt8]) -> Node? {
        for entry in entries where entry.name == name { return entry.node }
        return nil
    }

    func index(of name: [UInt8]) -> Int? {
        for (index, entry) in entries.enumerated() where entry.name == name { return index }
        return nil
    }

    /// The directory's entries as readdir shows them: ".", "..", then the names, each with its node.
    public func listing() -> [(name: [UInt8], node: Node)] {
        var list: [(name: [UInt8], node: Node)] = [([46], self), ([46, 46], parent ?? self)]
        list.append(contentsOf: entries)
        return list
    }
}
