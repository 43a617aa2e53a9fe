import FileSystem

extension WASIContext {
    /// spawn: decodes and checks the request at `request` (WalosLayout), then has the host start the child;
    /// its pid goes to `result`. Everything the guest passes is checked here, so a bad request is an errno and
    /// starts nothing.
    func spawn(_ memory: GuestMemory, request: UInt32, into result: UInt32) throws(Errno) {
        let processes = try services()
        _ = try memory.slice(at: result, count: 4)
        _ = try memory.slice(at: request, count: WalosLayout.spawnRequestSize)
        let rawFlags = try memory.load(UInt32.self, at: request + 36)
        guard rawFlags & ~SpawnFlags.all.rawValue == 0 else { throw .invalid }
        let flags = SpawnFlags(rawValue: rawFlags)
        let size = flags.contains(.devices) ? WalosLayout.spawnRequestWithDevicesSize : WalosLayout.spawnRequestSize
        _ = try memory.slice(at: request, count: size)
        var words: [UInt32] = []
        words.reserveCapacity(Int(size / 4))
        for index in 0..<size / 4 {
            words.append(try memory.load(UInt32.self, at: request + 4 * index))
        }
        var granted = DeviceRights.none
        if flags.contains(.devices) {
            granted = try DeviceGrantLayout.decode(memory, at: words[10], count: words[11])
            guard devices.includes(granted) else { throw .notPermitted }
        }
        let name = try memory.path(at: words[0], count: words[1])
        let program = try programFile(name, from: words[2])
        var budget = WalosLayout.maxArgumentBytes
        let arguments = try strings(memory, at: words[3], count: words[4], budget: &budget)
        var environment = try strings(memory, at: words[5], count: words[6], budget: &budget)
        if flags.contains(.inheritEnvironment) {
            guard environment.isEmpty else { throw .invalid }
            environment = self.environment
        }
        let map = try descriptorMap(memory, at: words[7], count: words[8])
        var inherited: [(UInt32, Descriptor)] = []
        inherited.reserveCapacity(3 + map.count)
        if !flags.contains(.noStandardStreams) {
            for fd in UInt32(0)...2 where descriptors.contains(fd) && !map.contains(where: { $0.child == fd }) {
                inherited.append((fd, try descriptors.get(fd).inherited))
            }
        }
        for entry in map {
            inherited.append((entry.child, try descriptors.get(entry.parent).inherited))
        }
        let pid = try processes.spawn(SpawnRequest(program: program, name: name, arguments: arguments,
                                                   environment: environment, descriptors: inherited,
                                                   devices: granted))
        try memory.store(pid, at: result)
    }

    /// The program file: `path` below the directory `fd`, or from the root with WalosLayout.rootDirectory
    /// (running a program hands it nothing of the caller's but what the descriptor map gives; docs/abi.md).
    private func programFile(_ path: [UInt8], from fd: UInt32) throws(Errno) -> Node {
        let node: Node
        if fd == WalosLayout.rootDirectory {
            let relative = Array(path.drop { $0 == UInt8(ascii: "/") })
            node = try resolve(relative.isEmpty ? [UInt8(ascii: ".")] : relative, in: fileSystem.root, follow: true)
        } else {
            node = try resolve(path, in: try directory(fd), follow: true)
        }
        // As execve: a directory (or anything but a regular file) cannot be run.
        guard node.kind == .file else { throw .access }
        return node
    }

    /// `count` NUL-terminated strings whose addresses are at `pointers`, within `budget` bytes in all.
    private func strings(_ memory: GuestMemory, at pointers: UInt32, count: UInt32, budget: inout Int) throws(Errno)
        -> [[UInt8]] {
        guard Int(count) <= budget else { throw .tooBig }
        _ = try memory.slice(at: pointers, count: count * 4)
        var strings: [[UInt8]] = []
        for index in 0..<count {
            let string = try memory.cString(at: try memory.load(UInt32.self, at: pointers + 4 * index), limit: budget)
            budget -= string.count + 1
            strings.append(string)
        }
        return strings
    }

    /// The descriptor map: pairs of (child's number, caller's number). A child number given twice is EINVAL, one
    /// past the descriptor limit EBADF (as dup2 has it), a caller's number that is not open EBADF.
    private func descriptorMap(_ memory: GuestMemory, at address: UInt32, count: UInt32) throws(Errno)
        -> [(child: UInt32, parent: UInt32)] {
        guard Int(count) <= descriptors.capacity else { throw .invalid }
        _ = try memory.slice(at: address, count: count * WalosLayout.descriptorMapSize)
        var map: [(child: UInt32, parent: UInt32)] = []
        for index in 0..<count {
            let at = address + index * WalosLayout.descriptorMapSize
            let child = try memory.load(UInt32.self, at: at), parent = try memory.load(UInt32.self, at: at + 4)
            guard Int(child) < descriptors.capacity, descriptors.contains(parent) else { throw .badDescriptor }
            guard !map.contains(where: { $0.child == child }) else { throw .invalid }
            map.append((child, parent))
        }
        return map
    }
}

extension Descriptor {
    /// The same descriptor for another process: a pipe end or a channel endpoint is held anew (it stays open
    /// while either holds it).
    var inherited: Descriptor {
        var copy = self
        switch kind {
        case .pipe(let end): copy.kind = .pipe(PipeEnd(end.pipe, writer: end.isWriter))
        case .channel(let end): copy.kind = .channel(ChannelEnd(end.channel, side: end.side))
        case .directory(let node, preopenPath: nil):
            // A directory handed to a child is one of its preopens, named as it was opened.
            if let name = guestPath { copy.kind = .directory(node, preopenPath: name) }
        case .stdin, .stdout, .stderr, .directory, .file: break
        }
        return copy
    }

    /// `path` below the directory named `base`, as one name ("/" + "tmp/x" is "/tmp/x", "." + "x" is "x"): "."
    /// and empty components dropped; nil for a path with "..", whose name the directory's own would not tell.
    static func guestPath(_ base: [UInt8], _ path: [UInt8]) -> [UInt8]? {
        let slash = UInt8(ascii: "/"), dot: [UInt8] = [UInt8(ascii: ".")]
        var components: [[UInt8]] = []
        for component in (base + [slash] + path).split(separator: slash).map(Array.init) where component != dot {
            if component == Array("..".utf8) { return nil }
            components.append(component)
        }
        let name = Array(components.joined(separator: [slash]))
        if base.first == slash { return [slash] + name }
        return name.isEmpty ? dot : name
    }
}

extension GuestMemory {
    /// The bytes of the NUL-terminated string at `address`, without the NUL: EFAULT when the memory ends
    /// first, E2BIG when it is longer than `limit`.
    func cString(at address: UInt32, limit: Int) throws(Errno) -> [UInt8] {
        guard Int(address) < count else { throw .fault }
        let available = UnsafeRawBufferPointer(start: base + Int(address), count: count - Int(address))
        guard let end = available.prefix(limit + 1).firstIndex(of: 0) else {
            throw available.count <= limit ? .fault : .tooBig
        }
        return Array(available[..<end])
    }
}
