// Path resolution: every path is resolved inside the directory it is given with, its sandbox, and can never
// leave it: ".." stops at the sandbox, absolute paths and absolute symbolic link targets are refused
// (`notCapable`). That is the sandbox WASI's preopened directories need. It walks one component at a time
// with its own stack of the directories above (".." pops it, never asks the filesystem), so a share's host is
// only ever asked for one plain name below a directory it was already in.

private let slash = UInt8(ascii: "/")
private let dot = UInt8(ascii: ".")

/// Where a path ends: the directory that holds (or would hold) its last component, and that component.
struct PathEnd {
    let directory: Node
    /// The last component; "." when the path names `directory` itself (it ends in "." or "..", or is only
    /// slashes and dots).
    let name: [UInt8]
    /// Slashes followed the last component. POSIX: such a path names a directory, so a final symbolic link is
    /// followed and anything but a directory is ENOTDIR.
    let trailingSlash: Bool
    /// The directories from the sandbox down to `directory`, exclusive: where ".." in a symbolic link's target
    /// goes without leaving the sandbox.
    let ancestors: [Node]

    /// Whether the path's last component is "." or ".." (which name a directory in use by the path itself).
    var isDot: Bool { name == [dot] }

    /// What the path names now, without following a final symbolic link; nil when nothing has that name.
    func node() throws(FileSystemError) -> Node? { isDot ? directory : try directory.lookup(name) }
}

/// Operations on paths, the same for every kind of node (PathOperations.swift has those that change things).
public enum Paths {
    public static let maxNameLength = 255
    /// POSIX's PATH_MAX, which counts a terminating NUL: paths and symbolic link targets hold at most 4095
    /// bytes, as on Linux and in wasmtime.
    public static let maxPathLength = 4096
    public static let maxSymlinkDepth = 40

    /// The node a path names, resolved inside `directory`. With `followLast`, a final symbolic link is followed
    /// (always when the path ends in a slash).
    public static func resolve(_ path: [UInt8], in directory: Node, followLast: Bool = true) throws(FileSystemError)
        -> Node
    {
        var depth = 0
        var end = try locate(path, in: directory, depth: &depth)
        var mustBeDirectory = end.trailingSlash
        while true {
            guard let node = try end.node() else { throw .notFound }
            guard node.kind == .symlink, followLast || mustBeDirectory else {
                guard node.isDirectory || !mustBeDirectory else { throw .notDirectory }
                return node
            }
            end = try locateTarget(of: node, from: end, depth: &depth)
            mustBeDirectory = mustBeDirectory || end.trailingSlash
        }
    }

    /// Walks every component of `path` but the last, starting in `directory` (whose ancestors inside the
    /// sandbox are `ancestors`), following symbolic links on the way.
    static func locate(_ path: [UInt8], in directory: Node, ancestors: [Node] = [], depth: inout Int)
        throws(FileSystemError) -> PathEnd
    {
        guard !path.isEmpty else { throw .notFound }
        guard path.count < maxPathLength else { throw .nameTooLong }
        guard path[0] != slash else { throw .notCapable }
        guard !path.contains(0) else { throw .invalid }
        var components = path.split(separator: slash, omittingEmptySubsequences: true).map { Array($0) }
        let last = components.popLast() ?? [dot]
        var current = directory
        var stack = ancestors
        for component in components {
            try walk(component, from: &current, stack: &stack, depth: &depth)
        }
        guard current.isDirectory else { throw .notDirectory }
        guard last.count <= maxNameLength else { throw .nameTooLong }
        if last == [dot, dot] {
            try walk(last, from: &current, stack: &stack, depth: &depth)
            return PathEnd(directory: current, name: [dot], trailingSlash: path.last == slash, ancestors: stack)
        }
        return PathEnd(directory: current, name: last, trailingSlash: path.last == slash, ancestors: stack)
    }

    /// Where the target of the symbolic link `link`, found at `end`, leads: it is resolved from the link's
    /// directory, inside the same sandbox.
    static func locateTarget(of link: Node, from end: PathEnd, depth: inout Int) throws(FileSystemError) -> PathEnd {
        depth += 1
        guard depth <= maxSymlinkDepth else { throw .loop }
        return try locate(try link.readLink(), in: end.directory, ancestors: end.ancestors, depth: &depth)
    }

    /// Moves `current` one component on, following symbolic links; `stack` holds the directories above it.
    private static func walk(_ component: [UInt8], from current: inout Node, stack: inout [Node], depth: inout Int)
        throws(FileSystemError)
    {
        guard current.isDirectory else { throw .notDirectory }
        guard component.count <= maxNameLength else { throw .nameTooLong }
        if component == [dot] { return }
        if component == [dot, dot] {
            guard let up = stack.popLast() else { throw .notCapable }
            current = up
            return
        }
        guard let next = try current.lookup(component) else { throw .notFound }
        if next.kind == .symlink {
            depth += 1
            guard depth <= maxSymlinkDepth else { throw .loop }
            let target = try next.readLink()
            guard !target.isEmpty else { throw .notFound }
            guard target[0] != slash else { throw .notCapable }
            guard !target.contains(0) else { throw .invalid }
            for part in target.split(separator: slash, omittingEmptySubsequences: true) {
                try walk(Array(part), from: &current, stack: &stack, depth: &depth)
            }
            return
        }
        stack.append(current)
        current = next
    }
}
