import FileSystem

// Reading, writing and positioning. Like wasmtime, a read or write moves the bytes of the first non-empty
// buffer of the iovec list only: a short count, which every caller must handle anyway.

extension WASIContext {
    /// The first non-empty buffer of the `count` iovecs at `iovs` (an empty one when all are empty). The list is
    /// checked once and read in place (a check and two loads per entry cost ~85 guest instructions a call). A
    /// list of one, what read() and write() pass, is one load (~30 guest instructions fewer a call).
    @inline(__always)
    func firstBuffer(_ memory: GuestMemory, iovs: UInt32, count: UInt32) throws(Errno) -> UnsafeMutableRawBufferPointer {
        if count == 1 {
            let entry = try memory.load(UInt64.self, at: iovs)
            let length = UInt32(truncatingIfNeeded: entry >> 32)
            if length == 0 { return UnsafeMutableRawBufferPointer(start: nil, count: 0) }
            return try memory.slice(at: UInt32(truncatingIfNeeded: entry), count: length)
        }
        let list = UInt64(count) * UInt64(Layout.iovecSize)
        guard list <= UInt64(UInt32.max) else { throw .fault }
        let entries = try memory.slice(at: iovs, count: UInt32(list))
        var entry = 0
        while entry < entries.count {
            let length = UInt32(littleEndian: entries.loadUnaligned(fromByteOffset: entry + 4, as: UInt32.self))
            if length != 0 {
                let base = UInt32(littleEndian: entries.loadUnaligned(fromByteOffset: entry, as: UInt32.self))
                return try memory.slice(at: base, count: length)
            }
            entry += Int(Layout.iovecSize)
        }
        return UnsafeMutableRawBufferPointer(start: nil, count: 0)
    }

    func fdRead(_ memory: GuestMemory, _ fd: UInt32, iovs: UInt32, count: UInt32, into result: UInt32) throws(Errno) {
        let buffer = try firstBuffer(memory, iovs: iovs, count: count)
        if let pipe = try descriptors.pipeEnd(fd) {
            // SAFETY: the table holds the end through this call (DescriptorTable.pipeEnd says why).
            let read = try pipe.end._withUnsafeGuaranteedRef { end in
                Result { () throws(Errno) in try readPipe(end, into: buffer, nonblocking: pipe.nonblocking) }
            }.get()
            try memory.store(UInt32(read), at: result)
            return
        }
        var descriptor = try descriptors.get(fd)
        let read: Int
        switch descriptor.kind {
        case .file(let node):
            guard descriptor.access.contains(.read) else { throw .badDescriptor }
            read = buffer.isEmpty ? 0 : try fs { () throws(FileSystemError) in
                try node.read(at: descriptor.position, into: buffer)
            }
            descriptor.position += UInt64(read)
            descriptors.update(fd, descriptor)
        case .stdin:
            read = buffer.isEmpty ? 0 : host.readStdin(buffer)
            if read == 0 && host.isStopping() { throw .interrupted }
        case .stdout, .stderr, .directory, .channel, .pipe:  // a pipe took the way above
            throw .badDescriptor
        }
        try memory.store(UInt32(read), at: result)
    }

    func fdPread(_ memory: GuestMemory, _ fd: UInt32, iovs: UInt32, count: UInt32, offset: UInt64,
                 into result: UInt32) throws(Errno)
    {
        let buffer = try firstBuffer(memory, iovs: iovs, count: count)
        let descriptor = try descriptors.get(fd)
        switch descriptor.kind {
        case .file(let node):
            guard descriptor.access.contains(.read) else { throw .badDescriptor }
            let read = buffer.isEmpty ? 0 : try fs { () throws(FileSystemError) in try node.read(at: offset, into: buffer) }
            try memory.store(UInt32(read), at: result)
        case .stdin, .pipe, .channel:
            throw .invalidSeek
        case .stdout, .stderr, .directory:
            throw .badDescriptor
        }
    }

    func fdWrite(_ memory: GuestMemory, _ fd: UInt32, iovs: UInt32, count: UInt32, into result: UInt32) throws(Errno) {
        let buffer = UnsafeRawBufferPointer(try firstBuffer(memory, iovs: iovs, count: count))
        if let pipe = try descriptors.pipeEnd(fd) {
            // SAFETY: the table holds the end through this call (DescriptorTable.pipeEnd says why).
            let written = try pipe.end._withUnsafeGuaranteedRef { end in
                Result { () throws(Errno) in try writePipe(end, from: buffer, nonblocking: pipe.nonblocking) }
            }.get()
            try memory.store(UInt32(written), at: result)
            return
        }
        var descriptor = try descriptors.get(fd)
        var written = buffer.count
        switch descriptor.kind {
        case .file(let node):
            guard descriptor.access.contains(.write) else { throw .badDescriptor }
            let append = descriptor.flags.contains(.append)
            let offset = append ? try size(of: node) : descriptor.position
            written = try fs { () throws(FileSystemError) in try node.write(at: offset, from: buffer) }
            descriptor.position = offset + UInt64(written)
            descriptors.update(fd, descriptor)
        case .stdout:
            host.writeStdout(buffer)
        case .stderr:
            host.writeStderr(buffer)
        case .stdin, .directory, .channel, .pipe:  // a pipe took the way above
            throw .badDescriptor
        }
        try memory.store(UInt32(written), at: result)
    }

    func fdPwrite(_ memory: GuestMemory, _ fd: UInt32, iovs: UInt32, count: UInt32, offset: UInt64,
                  into result: UInt32) throws(Errno)
    {
        let buffer = UnsafeRawBufferPointer(try firstBuffer(memory, iovs: iovs, count: count))
        let descriptor = try descriptors.get(fd)
        switch descriptor.kind {
        case .file(let node):
            guard descriptor.access.contains(.write) else { throw .badDescriptor }
            // Linux's pwrite on a file opened for appending ignores the offset; wasmtime keeps that.
            let at = descriptor.flags.contains(.append) ? try size(of: node) : offset
            let written = try fs { () throws(FileSystemError) in try node.write(at: at, from: buffer) }
            try memory.store(UInt32(written), at: result)
        case .stdout, .stderr, .pipe, .channel:
            throw .invalidSeek
        case .stdin, .directory:
            throw .badDescriptor
        }
    }

    /// A descriptor that has a position: a file. The standard streams are pipes to seek on (ESPIPE), as pipes and
    /// channels are.
    func seekable(_ fd: UInt32) throws(Errno) -> (Descriptor, Node) {
        let descriptor = try descriptors.get(fd)
        switch descriptor.kind {
        case .file(let node): return (descriptor, node)
        case .stdin, .stdout, .stderr, .pipe, .channel: throw .invalidSeek
        case .directory: throw .badDescriptor
        }
    }

    func fdSeek(_ memory: GuestMemory, _ fd: UInt32, offset: Int64, whence rawWhence: UInt32, into result: UInt32)
        throws(Errno)
    {
        var (descriptor, node) = try seekable(fd)
        guard rawWhence <= UInt32(UInt8.max), let whence = Whence(rawValue: UInt8(rawWhence)) else { throw .invalid }
        let base: UInt64
        switch whence {
        case .set: base = 0
        case .current: base = descriptor.position
        case .end: base = try size(of: node)
        }
        let (position, overflow) = offset >= 0
            ? base.addingReportingOverflow(UInt64(offset))
            : base.subtractingReportingOverflow(offset.magnitude)
        guard !overflow else { throw .invalid }
        descriptor.position = position
        descriptors.update(fd, descriptor)
        try memory.store(position, at: result)
    }

    func fdTell(_ memory: GuestMemory, _ fd: UInt32, into result: UInt32) throws(Errno) {
        let (descriptor, _) = try seekable(fd)
        try memory.store(descriptor.position, at: result)
    }

    /// A descriptor of a regular file; anything else is EBADF, as in wasmtime.
    func file(_ fd: UInt32) throws(Errno) -> (Descriptor, Node) {
        let descriptor = try descriptors.get(fd)
        guard case .file(let node) = descriptor.kind else { throw .badDescriptor }
        return (descriptor, node)
    }

    /// fd_sync / fd_datasync: a share's file reaches the host's storage; RAM has nothing to flush.
    func fdSync(_ fd: UInt32) throws(Errno) {
        let (_, node) = try file(fd)
        try fs { () throws(FileSystemError) in try node.sync() }
    }

    /// A file's size now (a share's may change under it).
    func size(of node: Node) throws(Errno) -> UInt64 {
        try fs { () throws(FileSystemError) in try node.attributes() }.size
    }

    func fdAdvise(_ fd: UInt32, advice: UInt32) throws(Errno) {
        _ = try file(fd)
        guard advice <= UInt32(UInt8.max), Advice(rawValue: UInt8(advice)) != nil else { throw .invalid }
    }

    /// Makes sure the file is at least `offset + length` bytes long (posix_fallocate: EBADF unless the file is
    /// open for writing). wasmtime does not implement it (ENOTSUP).
    func fdAllocate(_ fd: UInt32, offset: UInt64, length: UInt64) throws(Errno) {
        let (descriptor, node) = try file(fd)
        guard descriptor.access.contains(.write) else { throw .badDescriptor }
        guard length > 0 else { throw .invalid }
        let (end, overflow) = offset.addingReportingOverflow(length)
        guard !overflow else { throw .fileTooBig }
        if end > (try size(of: node)) {
            try fs { () throws(FileSystemError) in try node.truncate(to: end) }
        }
    }
}
