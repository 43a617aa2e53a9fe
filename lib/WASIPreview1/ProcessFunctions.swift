// Arguments, environment, clocks and the functions walos does not offer (sockets).

extension WASIContext {
    /// args_get / environ_get: a pointer to each string at `pointers`, the NUL-terminated strings at `buffer`.
    func writeStrings(_ strings: [[UInt8]], _ memory: GuestMemory, _ pointers: UInt32, _ buffer: UInt32)
        throws(Errno)
    {
        var pointer = pointers
        var cursor = buffer
        for string in strings {
            try memory.store(cursor, at: pointer)
            pointer = try address(pointer, plus: 4)
            try memory.write(string, at: cursor)
            cursor = try address(cursor, plus: UInt64(string.count))
            try memory.store(UInt8(0), at: cursor)
            cursor = try address(cursor, plus: 1)
        }
    }

    /// args_sizes_get / environ_sizes_get: the number of strings and the bytes they need with terminators.
    func writeSizes(_ strings: [[UInt8]], _ memory: GuestMemory, _ countAddress: UInt32, _ sizeAddress: UInt32)
        throws(Errno)
    {
        var size = 0
        for string in strings { size += string.count + 1 }
        guard size <= Int(UInt32.max) else { throw .overflow }
        try memory.store(UInt32(strings.count), at: countAddress)
        try memory.store(UInt32(size), at: sizeAddress)
    }

    /// The time of clock `id`, read straight from the host (no closure is handed around: this is the hot path
    /// of clock_time_get).
    func now(_ id: UInt32) throws(Errno) -> UInt64 {
        switch try clockID(id) {
        case .realtime: return host.realtime()
        case .monotonic: return host.monotonic()
        case .processCPUTime: return host.processCPUTime()
        case .threadCPUTime: return host.threadCPUTime()
        }
    }

    func clockID(_ id: UInt32) throws(Errno) -> ClockID {
        guard let clock = ClockID(rawValue: id) else { throw .invalid }
        return clock
    }

    func clockResolution(_ memory: GuestMemory, clock id: UInt32, into result: UInt32) throws(Errno) {
        _ = try clockID(id)
        try memory.store(host.clockResolution, at: result)
    }

    func clockTime(_ memory: GuestMemory, clock id: UInt32, into result: UInt32) throws(Errno) {
        try memory.store(try now(id), at: result)
    }

    /// sock_*: walos has no sockets; an open descriptor is not one (ENOTSOCK), as wasmtime answers.
    func socketCall(_ fd: UInt32) throws(Errno) {
        _ = try descriptors.get(fd)
        throw .notSocket
    }
}
