import FileSystem

/// The state of one WASI process: its arguments and environment, its descriptor table over a RamFileSystem,
/// and the host services it runs on. The functions of `WASIFunctions.all` act on it.
public final class WASIContext {
    /// Arguments and environment entries ("KEY=VALUE") as the guest receives them, without terminators.
    public let arguments: [[UInt8]]
    public let environment: [[UInt8]]
    public let fileSystem: RamFileSystem
    public let host: WASIHost
    public var descriptors: DescriptorTable
    /// The code the guest passed to proc_exit, once it has.
    public internal(set) var exitCode: UInt32?

    public init(arguments: [String], environment: [String], fileSystem: RamFileSystem, host: WASIHost,
                maxDescriptors: Int = 4096) {
        self.arguments = arguments.map { Array($0.utf8) }
        self.environment = environment.map { Array($0.utf8) }
        self.fileSystem = fileSystem
        self.host = host
        descriptors = DescriptorTable(capacity: maxDescriptors)
        _ = try? descriptors.insert(Descriptor(kind: .stdin, access: .read))
        _ = try? descriptors.insert(Descriptor(kind: .stdout, access: .write))
        _ = try? descriptors.insert(Descriptor(kind: .stderr, access: .write))
    }

    /// Makes `directory` available to the guest as `guestPath` (it finds it with fd_prestat_get); returns its
    /// descriptor number. Preopens get numbers 3, 4, ... in the order they are made.
    @discardableResult
    public func preopen(_ directory: Node, as guestPath: String) throws(Errno) -> UInt32 {
        guard directory.isDirectory else { throw .notDirectory }
        return try descriptors.insert(Descriptor(kind: .directory(directory, preopenPath: Array(guestPath.utf8)),
                                                 access: .read))
    }
}
