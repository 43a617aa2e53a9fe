import FileSystem

/// The state of one WASI process: its arguments and environment, its descriptor table over a RamFileSystem,
/// and the host services it runs on. The functions of `WASIFunctions.all` act on it.
public final class WASIContext {
    /// Arguments and environment entries ("KEY=VALUE") as the guest receives them, without terminators.
    public let arguments: [[UInt8]]
    public let environment: [[UInt8]]
    public let fileSystem: RamFileSystem
    public let host: WASIHost
    /// `host.waiter`, or one that sleeps until the deadline where the host has none: a blocking call reaches it
    /// here without counting a reference (through `host`, an optional, it counted one a wait).
    let waiter: Waiter
    /// Where a blocked read or receive of this process waits for a sender to complete it.
    let directReceive = DirectReceive()
    public var descriptors: DescriptorTable
    /// The kernel memory the process's pipes, descriptors and list copies are charged to.
    public let kernelMemory: MemoryAccount
    /// What the pages of its messages in flight (channel_send_pages) are charged to; nil: `kernelMemory`.
    public var pageMemory: MemoryAccount? = nil
    /// A word the embedder raises before it stops the process (and may raise at other times): while it is
    /// down, a call need not ask `host.isStopping` after it is served, which costs a closure call on every WASI
    /// call. Nil: always ask.
    public var stopHint: UnsafePointer<Bool>? = nil
    /// `host.lock`, or one of its own where the host has none: every call that touches shared state takes it
    /// here without counting a reference (through `host`, an optional, it counted one a call).
    public let lock: CallLock
    /// The number the process's calls hold `lock` as: the embedder sets its thread's, on that thread, before the
    /// process runs.
    public var lockHolder: UInt = 1
    /// Whether the embedder is stopping the process, asking the host only while `stopHint` is up.
    public var isStopping: Bool { stopHint?.pointee != false && host.isStopping() }
    /// The devices it may use (walos's device calls; a spawn gives a child part of its caller's).
    public var devices = DeviceRights.none
    /// The code the guest passed to proc_exit, once it has.
    public internal(set) var exitCode: UInt32?

    /// A process with the standard streams as descriptors 0, 1 and 2.
    public convenience init(arguments: [String], environment: [String], fileSystem: RamFileSystem, host: WASIHost,
                            kernelMemory: MemoryAccount = MemoryAccount(limit: WASIContext.defaultKernelMemory),
                            maxDescriptors: Int = 4096) {
        self.init(arguments: arguments.map { Array($0.utf8) }, environment: environment.map { Array($0.utf8) },
                  descriptors: [(0, Descriptor(kind: .stdin, access: .read)),
                                (1, Descriptor(kind: .stdout, access: .write)),
                                (2, Descriptor(kind: .stderr, access: .write))],
                  fileSystem: fileSystem, host: host, kernelMemory: kernelMemory, maxDescriptors: maxDescriptors)
    }

    /// A process with the descriptors given, at their numbers (a spawned process: SpawnRequest).
    public init(arguments: [[UInt8]], environment: [[UInt8]], descriptors: [(UInt32, Descriptor)],
                fileSystem: RamFileSystem, host: WASIHost, kernelMemory: MemoryAccount, maxDescriptors: Int = 4096) {
        self.arguments = arguments
        self.environment = environment
        self.fileSystem = fileSystem
        self.host = host
        waiter = host.waiter ?? Waiter(watcher: Watcher {}, wait: { [host] deadline in
            let now = host.monotonic()
            host.sleep(deadline > now ? deadline - now : 0)
        })
        lock = host.lock ?? CallLock(contend: { _ in }, wakeContender: {})
        self.kernelMemory = kernelMemory
        self.descriptors = DescriptorTable(capacity: maxDescriptors, account: kernelMemory)
        for (fd, descriptor) in descriptors { try? self.descriptors.place(descriptor, at: fd) }
    }

    /// Kernel memory a process's calls may hold by default: its pipe buffers (64 pipes' worth), its descriptors
    /// (4096 of them take a quarter) and the kernel's copies of the lists it passes (poll_oneoff's subscriptions).
    public static let defaultKernelMemory = 64 * Pipe.capacity

    /// Makes `directory` available to the guest as `guestPath` (it finds it with fd_prestat_get); returns its
    /// descriptor number. Preopens get numbers 3, 4, ... in the order they are made.
    @discardableResult
    public func preopen(_ directory: Node, as guestPath: String) throws(Errno) -> UInt32 {
        guard directory.isDirectory else { throw .notDirectory }
        return try descriptors.insert(Descriptor(kind: .directory(directory, preopenPath: Array(guestPath.utf8)),
                                                 access: .read))
    }

    /// Closes every descriptor: the process has ended. The embedder calls it where pipes may change (under its
    /// serialization of calls), so that the other ends see the close at once.
    public func closeAll() {
        descriptors.removeAll()
    }
}
