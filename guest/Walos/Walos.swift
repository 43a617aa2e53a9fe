import CWalos

/// walos's process calls for Swift guests (docs/abi.md), over guest/include/walos.h: errors are the WASI errno
/// the call returned. Compiled into the program that uses it (mk/programs.mk), so a program that does not
/// stays a plain preview1 program.
public enum Walos {
    public struct Failure: Error {
        public let errno: UInt32
    }

    /// How a child ended.
    public struct Ending {
        public let pid: UInt32
        /// WALOS_EXITED, WALOS_TRAPPED, WALOS_KILLED or WALOS_FAILED.
        public let kind: UInt32
        public let code: UInt32
        public let message: String
    }

    /// One process of the listing.
    public struct ProcessInfo {
        public let pid: UInt32
        public let parent: UInt32
        /// WALOS_RUNNING, WALOS_RUNNABLE, WALOS_BLOCKED or WALOS_ENDED.
        public let state: UInt32
        public let cpuNanoseconds: UInt64
        public let memoryBytes: UInt64
        public let kernelBytes: UInt64
        public let name: String
    }

    /// Memory totals in bytes (docs/abi.md, memory_info).
    public struct MemoryTotals {
        public let total: UInt64
        public let free: UInt64
        public let reserved: UInt64
        public let heap: UInt64
        public let heapUsed: UInt64
    }

    static func check(_ errno: UInt32) throws(Failure) {
        if errno != 0 { throw Failure(errno: errno) }
    }

    /// A pipe's read and write descriptors.
    public static func pipe() throws(Failure) -> (read: UInt32, write: UInt32) {
        var fds: (UInt32, UInt32) = (0, 0)
        try withUnsafeMutableBytes(of: &fds) { bytes throws(Failure) in
            try check(walos_pipe(bytes.baseAddress!.assumingMemoryBound(to: UInt32.self)))
        }
        return fds
    }

    /// Starts `path` (below the directory descriptor `directory`; by default from the root of the filesystem) with `arguments` (argv[0] included) and `environment`
    /// (`NAME=VALUE` strings; nil: the caller's); `descriptors` maps the child's numbers to the caller's. The
    /// child also gets the caller's standard streams that the map does not give it otherwise (unless
    /// `standardStreams` is false: then it gets only the map's). `devices` are device rights for the child,
    /// within the caller's own.
    public static func spawn(_ path: String, directory: UInt32 = WALOS_ROOT_DIRECTORY, arguments: [String],
                             environment: [String]? = nil,
                             descriptors: [(child: UInt32, parent: UInt32)] = [],
                             standardStreams: Bool = true, devices: [walos_device_grant] = []) throws(Failure)
        -> UInt32 {
        let strings = [path] + arguments + (environment ?? [])
        var storage: [[CChar]] = strings.map { Array($0.utf8).map { CChar(bitPattern: $0) } + [0] }
        var map: [UInt32] = descriptors.flatMap { [$0.child, $0.parent] }
        var pid: UInt32 = 0
        var errno: UInt32 = 0
        storage.withUnsafeMutableBufferPointer { all in
            var pointers: [UnsafePointer<CChar>?] = []
            for index in all.indices { pointers.append(all[index].withUnsafeBufferPointer { $0.baseAddress }) }
            pointers.withUnsafeBufferPointer { strings in
                map.withUnsafeMutableBufferPointer { map in
                    let request = walos_spawn_request(
                        path: strings[0], path_len: UInt32(path.utf8.count), dirfd: directory,
                        argv: strings.baseAddress! + 1, argc: UInt32(arguments.count),
                        envp: strings.baseAddress! + 1 + arguments.count, envc: UInt32(environment?.count ?? 0),
                        fd_map: UnsafePointer(map.baseAddress), fd_map_count: UInt32(descriptors.count),
                        flags: (environment == nil ? WALOS_SPAWN_INHERIT_ENVIRONMENT : 0)
                            | (standardStreams ? 0 : WALOS_SPAWN_NO_STANDARD_STREAMS)
                            | (devices.isEmpty ? 0 : WALOS_SPAWN_DEVICES))
                    errno = devices.withUnsafeBufferPointer { grants in
                        var full = walos_spawn_devices_request(request: request, grants: grants.baseAddress,
                                                               grant_count: UInt32(grants.count))
                        // The request is the first field: the kernel reads on past it when the flag says so.
                        return withUnsafeMutablePointer(to: &full) { whole in
                            walos_spawn(UnsafeRawPointer(whole).assumingMemoryBound(to: walos_spawn_request.self), &pid)
                        }
                    }
                }
            }
        }
        try check(errno)
        return pid
    }

    /// The end of child `pid` (any child when nil), waiting for it.
    public static func wait(_ pid: UInt32? = nil) throws(Failure) -> Ending {
        try wait(pid, noHang: false)!
    }

    /// The end of child `pid` (any child when nil); with `noHang`, nil when none has ended yet.
    public static func wait(_ pid: UInt32?, noHang: Bool) throws(Failure) -> Ending? {
        var status = walos_status()
        var message = [CChar](repeating: 0, count: 256)
        let errno = message.withUnsafeMutableBufferPointer {
            walos_wait(pid ?? WALOS_ANY_CHILD, noHang ? WALOS_WAIT_NO_HANG : 0, &status, $0.baseAddress,
                       UInt32($0.count))
        }
        try check(errno)
        if status.pid == 0 { return nil }
        let length = min(Int(status.message_len), message.count)
        let text = String(decoding: message.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Ending(pid: status.pid, kind: status.ending, code: status.code, message: text)
    }

    public static func kill(_ pid: UInt32) throws(Failure) {
        try check(walos_kill(pid))
    }

    /// The machine's and the kernel heap's memory totals, in bytes.
    public static func memoryInfo() throws(Failure) -> MemoryTotals {
        var info = walos_memory_totals()
        try check(walos_memory_info(&info))
        return MemoryTotals(total: info.total, free: info.free, reserved: info.reserved, heap: info.heap,
                            heapUsed: info.heap_used)
    }

    /// Every process.
    public static func list() throws(Failure) -> [ProcessInfo] {
        var count: UInt32 = 0
        try check(walos_list(nil, 0, &count))
        var records = [walos_process](repeating: walos_process(), count: Int(count) + 8)
        let capacity = UInt32(records.count)
        let errno = records.withUnsafeMutableBufferPointer { walos_list($0.baseAddress, capacity, &count) }
        try check(errno)
        return records.prefix(Int(min(count, capacity))).map { record in
            var name = record.name
            let bytes = withUnsafeBytes(of: &name) { Array($0.prefix(min(Int(record.name_len), 40))) }
            return ProcessInfo(pid: record.pid, parent: record.parent, state: record.state,
                               cpuNanoseconds: record.cpu_ns, memoryBytes: record.memory_bytes,
                               kernelBytes: record.kernel_bytes, name: String(decoding: bytes, as: UTF8.self))
        }
    }
}

// The display (docs/abi.md, "Display"): the display service owns the screen; a program connects to it through
// init and sends it rectangles of pixels drawn in its own memory (guest/include/walos.h speaks the protocol).
extension Walos {
    /// The screen: its size in pixels, and the pid its owner gave (0: none).
    public struct DisplayInfo {
        public let width: Int
        public let height: Int
        public let owner: UInt32
    }

    /// The errnos (preview1's numbers) that tell a program why it cannot have the screen.
    public static var noDevice: UInt32 { 43 }
    public static var busy: UInt32 { 10 }

    /// An endpoint to the display service, asked of init on `initEndpoint` (WALOS_INIT_FD).
    public struct Display {
        public let endpoint: UInt32

        public init(initEndpoint: UInt32) throws(Failure) {
            var fd: UInt32 = 0
            try check(walos_display_connect(initEndpoint, &fd))
            endpoint = fd
        }

        /// ENODEV without a screen.
        public func info() throws(Failure) -> DisplayInfo {
            var info = walos_display()
            try check(walos_display_info(endpoint, &info))
            return DisplayInfo(width: Int(info.width), height: Int(info.height), owner: info.owner)
        }

        /// Makes the caller the screen's owner: EBUSY while another client owns it. The text console comes back
        /// when the caller releases the screen or ends.
        public func acquire() throws(Failure) {
            try check(walos_display_acquire(endpoint))
        }

        /// Sends `height` rows of `width` XRGB8888 pixels (0x00RRGGBB), row r at `pixels[r * stride / 4]`, to the
        /// screen at (x, y).
        public func present(_ pixels: UnsafeBufferPointer<UInt32>, stride: Int, x: Int, y: Int, width: Int,
                            height: Int) throws(Failure) {
            try check(walos_display_present(endpoint, pixels.baseAddress, UInt32(stride), UInt32(x), UInt32(y),
                                            UInt32(width), UInt32(height)))
        }

        public func release() throws(Failure) {
            try check(walos_display_release(endpoint))
        }
    }
}
