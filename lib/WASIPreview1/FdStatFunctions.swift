import FileSystem

// Descriptor attributes: fdstat, filestat, times, sizes, preopens.

extension Node.Kind {
    var fileType: FileType {
        switch self {
        case .file: return .regularFile
        case .directory: return .directory
        case .symlink: return .symbolicLink
        }
    }
}

extension WASIContext {
    func fileType(of descriptor: Descriptor) -> FileType {
        switch descriptor.kind {
        case .stdin: return host.isTerminal(0) ? .characterDevice : .unknown
        case .stdout: return host.isTerminal(1) ? .characterDevice : .unknown
        case .stderr: return host.isTerminal(2) ? .characterDevice : .unknown
        case .directory: return .directory
        case .file: return .regularFile
        // Preview1 has no type for a FIFO: wasmtime reports a host pipe as unknown. Nor for a channel.
        case .pipe, .channel: return .unknown
        }
    }

    /// The 24 bytes are written as three words, padding zeroed: a zeroing and four checked stores cost ~40
    /// guest instructions more.
    func fdFdstatGet(_ memory: GuestMemory, _ fd: UInt32, into result: UInt32) throws(Errno) {
        let descriptor = try descriptors.get(fd)
        let stat = try memory.slice(at: result, count: Layout.fdstatSize)
        let type = UInt64(fileType(of: descriptor).rawValue), rights = descriptor.rights
        // SAFETY: `stat` is the 24 bytes just checked to lie in linear memory.
        stat.storeBytes(of: (type | UInt64(descriptor.flags.rawValue) << 16).littleEndian, as: UInt64.self)
        stat.storeBytes(of: rights.base.rawValue.littleEndian, toByteOffset: 8, as: UInt64.self)
        stat.storeBytes(of: rights.inheriting.rawValue.littleEndian, toByteOffset: 16, as: UInt64.self)
    }

    /// Only APPEND and NONBLOCK can change, on files, pipes and channels; the sync flags are EINVAL, as in
    /// wasmtime.
    func fdFdstatSetFlags(_ fd: UInt32, flags rawFlags: UInt32) throws(Errno) {
        var descriptor = try descriptors.get(fd)
        switch descriptor.kind {
        case .file, .pipe, .channel: break
        case .stdin, .stdout, .stderr, .directory: throw .badDescriptor
        }
        let flags = FdFlags(rawValue: UInt16(truncatingIfNeeded: rawFlags))
        guard rawFlags <= UInt32(FdFlags.all.rawValue), flags.isDisjoint(with: [.dsync, .rsync, .sync]) else {
            throw .invalid
        }
        descriptor.flags = flags
        descriptors.update(fd, descriptor)
    }

    /// Rights are advisory (Rights.swift), so there is nothing to change: ENOTSUP on a file or directory and
    /// EBADF on the standard streams, as in wasmtime. Undefined rights are EINVAL (wasmtime ends the program).
    func fdFdstatSetRights(_ fd: UInt32, base: Rights, inheriting: Rights) throws(Errno) {
        guard try descriptors.get(fd).node != nil else { throw .badDescriptor }
        guard Rights.all.isSuperset(of: base.union(inheriting)) else { throw .invalid }
        throw .notSupported
    }

    /// Writes a filestat: the node's filesystem as the device (1 for the RAM filesystem), its serial as inode.
    func writeFilestat(_ memory: GuestMemory, _ node: Node, at result: UInt32) throws(Errno) {
        let attributes = try fs { () throws(FileSystemError) in try node.attributes() }
        try memory.zero(at: result, count: Layout.filestatSize)
        try memory.store(node.device, at: result)
        try memory.store(node.serial, at: result + 8)
        try memory.store(node.kind.fileType.rawValue, at: result + 16)
        try memory.store(attributes.linkCount, at: result + 24)
        try memory.store(attributes.size, at: result + 32)
        try memory.store(attributes.accessTime, at: result + 40)
        try memory.store(attributes.modificationTime, at: result + 48)
        try memory.store(attributes.changeTime, at: result + 56)
    }

    func fdFilestatGet(_ memory: GuestMemory, _ fd: UInt32, into result: UInt32) throws(Errno) {
        let descriptor = try descriptors.get(fd)
        guard let node = descriptor.node else {
            // The standard streams: everything zero but the type, as in wasmtime.
            try memory.zero(at: result, count: Layout.filestatSize)
            try memory.store(fileType(of: descriptor).rawValue, at: result + 16)
            return
        }
        try writeFilestat(memory, node, at: result)
    }

    func fdFilestatSetSize(_ fd: UInt32, size: UInt64) throws(Errno) {
        let (descriptor, node) = try file(fd)
        // A file not open for writing cannot be resized: EINVAL, as ftruncate says on Linux and in wasmtime.
        guard descriptor.access.contains(.write) else { throw .invalid }
        try fs { () throws(FileSystemError) in try node.truncate(to: size) }
    }

    /// The new access and modification times `flags` ask for (nil: unchanged); setting a time both to a value
    /// and to now is EINVAL.
    func newTimes(access: UInt64, modification: UInt64, flags rawFlags: UInt32) throws(Errno) -> (UInt64?, UInt64?) {
        guard rawFlags <= UInt32(TimeFlags.all.rawValue) else { throw .invalid }
        let flags = TimeFlags(rawValue: UInt16(rawFlags))
        guard !flags.isSuperset(of: [.accessTime, .accessTimeNow]),
              !flags.isSuperset(of: [.modificationTime, .modificationTimeNow]) else { throw .invalid }
        let now = fileSystem.now
        let newAccess = flags.contains(.accessTimeNow) ? now : flags.contains(.accessTime) ? access : nil
        let newModification = flags.contains(.modificationTimeNow) ? now
            : flags.contains(.modificationTime) ? modification : nil
        return (newAccess, newModification)
    }

    func setTimes(_ node: Node, _ times: (UInt64?, UInt64?)) throws(Errno) {
        try fs { () throws(FileSystemError) in try node.setTimes(access: times.0, modification: times.1) }
    }

    func fdFilestatSetTimes(_ fd: UInt32, access: UInt64, modification: UInt64, flags: UInt32) throws(Errno) {
        let times = try newTimes(access: access, modification: modification, flags: flags)
        let descriptor = try descriptors.get(fd)
        guard let node = descriptor.node else { throw .badDescriptor }
        try setTimes(node, times)
    }

    /// The guest path of a preopened directory.
    func preopenPath(_ fd: UInt32) throws(Errno) -> [UInt8]? {
        guard case .directory(_, let path) = try descriptors.get(fd).kind else { return nil }
        return path
    }

    func fdPrestatGet(_ memory: GuestMemory, _ fd: UInt32, into result: UInt32) throws(Errno) {
        guard let path = try preopenPath(fd) else { throw .badDescriptor }
        try memory.zero(at: result, count: Layout.prestatSize)
        try memory.store(UInt32(path.count), at: result + 4)
    }

    func fdPrestatDirName(_ memory: GuestMemory, _ fd: UInt32, into buffer: UInt32, count: UInt32) throws(Errno) {
        guard let path = try preopenPath(fd) else { throw .notDirectory }
        guard path.count <= Int(count) else { throw .nameTooLong }
        try memory.write(path, at: buffer)
    }
}
