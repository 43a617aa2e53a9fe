import FileSystem

extension WASIContext {
    /// fd_readdir: fills the buffer with dirents (24 bytes, then the name) starting at entry number `cookie`;
    /// each entry's d_next is the cookie of the one after it. ".", ".." and then the names (Node.entries).
    /// An entry that does not fit is cut off at the end of the buffer, and the whole buffer counts as used:
    /// that is how the guest knows to read again with a bigger one.
    func fdReaddir(_ memory: GuestMemory, _ fd: UInt32, buffer: UInt32, length: UInt32, cookie: UInt64,
                   into result: UInt32) throws(Errno)
    {
        let descriptor = try descriptors.get(fd)
        guard case .directory(let directory, _) = descriptor.kind else { throw .badDescriptor }
        var cursor = buffer
        var room = length
        var next = cookie
        var batch: [Node.DirectoryEntry] = []
        while room > 0 {
            if batch.isEmpty {
                batch = try fs { () throws(FileSystemError) in try directory.entries(from: next) }
                guard !batch.isEmpty else { break }
                batch.reverse()
            }
            let entry = batch.removeLast()
            // Like wasmtime, ".." reports the directory's own inode: its parent may lie outside the sandbox.
            let inode = next < 2 ? directory.serial : entry.serial
            var dirent = [UInt8](repeating: 0, count: Int(Layout.direntSize))
            put(entry.next, width: 8, into: &dirent, at: 0)
            put(inode, width: 8, into: &dirent, at: 8)
            put(UInt64(entry.name.count), width: 4, into: &dirent, at: 16)
            dirent[20] = entry.kind.fileType.rawValue
            for part in [dirent, entry.name] where room > 0 {
                let piece = Array(part.prefix(Int(room)))
                try memory.write(piece, at: cursor)
                cursor = try address(cursor, plus: UInt64(piece.count))
                room -= UInt32(piece.count)
            }
            next = entry.next
        }
        try memory.store(length - room, at: result)
    }
}

/// Stores the low `width` bytes of `value` little-endian into `bytes` at `offset`.
private func put(_ value: UInt64, width: Int, into bytes: inout [UInt8], at offset: Int) {
    for i in 0..<width { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
}
