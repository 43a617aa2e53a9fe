import NineP

/// Host directories QEMU shares over virtio-9p, each named by its mount tag. The devices are found on first
/// use; connecting gives a 9P session on the share with its root fid. One session per device at a time: a new
/// `connect` (Tversion) ends the previous session's fids on the server.
///
/// How a preopened directory is backed by a share (`./walos run --dir`; kernel/proc/ProcessRunner connects):
/// - lib/FileSystem grows a node class hierarchy (Embedded Swift has classes, not existentials): a base class
///   with overridable operations on one directory or file, `lookup(name)` of ONE component that never follows
///   a symbolic link, `readLink`, `attributes`, `read/write(at:)`, `truncate`, `setTimes`, `listing(after:)`,
///   `create/makeDirectory/symlink/link/unlink/removeDirectory/rename`, `sync`. The RAM filesystem's nodes
///   are one subclass; a 9P node (a fid walked one name from its parent's fid, clunked in deinit) the other,
///   in a portable lib over `NinePClient`.
/// - Sandboxing stays in walos, above the node interface and identical for both: resolution walks component
///   by component from the preopen with its own stack of nodes; ".." pops that stack (refused at the preopen),
///   a symbolic link's target is read (Treadlink) and its components replace the link's, absolute targets are
///   refused, 40 links at most. The server only ever sees Twalk of one plain name (no "..", no "/", no NUL:
///   NinePClient refuses those), so it cannot be asked to leave the preopen.
/// - Errors: `NinePError.remote(errno)` maps to FileSystemError (ENOENT notFound, EEXIST exists, ENOTDIR,
///   EISDIR, ENOTEMPTY, ENAMETOOLONG, ELOOP, EPERM/EACCES notPermitted, ENOSPC noSpace, EFBIG fileTooLarge,
///   EXDEV crossDevice), anything else and transport failures to an I/O error; `tooManyFids` to ENFILE.
/// - Data is never cached: every write is a Twrite, so the host sees each change when the call returns, and a
///   file larger than memory streams through msize-sized reads into the guest's buffer.
/// - The host side: `./walos run` shares, for each host filesystem its `--dir`s are on, the deepest directory
///   holding them all (`-fsdev local,id=dirN,path=...,security_model=none -device virtio-9p-pci,fsdev=dirN,
///   mount_tag=walosN`), so that renames and links between preopens work as in wasmtime; the run manifest
///   names the tag and the path in the share for each preopen instead of copying HOST into the boot archive.
enum HostShares {
    nonisolated(unsafe) private static var devices: [Virtio9PDevice]? = nil

    /// Fids one session may hold: what a guest can keep open on a share through walos, and so what the host's
    /// QEMU keeps open for it.
    static let fidLimit = 1024

    static var all: [Virtio9PDevice] {
        if devices == nil { devices = Virtio9PDevice.discover() }
        return devices!
    }

    static func device(tag: [UInt8]) -> Virtio9PDevice? {
        all.first { $0.tag == tag }
    }

    /// A session on the share `tag`: the client and the fid of the share's root.
    static func connect(tag: [UInt8]) throws(NinePError) -> (client: NinePClient<Virtio9PDevice>, root: UInt32)? {
        guard let device = device(tag: tag) else { return nil }
        let client = NinePClient(transport: device, fidLimit: fidLimit)
        let root = try client.connect(maximumMessageSize: Virtio9PDevice.bufferSize, userName: Array("walos".utf8),
                                      attachName: [])
        return (client, root)
    }
}
