/// A 9P2000.L client: one session over a transport, one request at a time. It negotiates the message size,
/// hands out fids from a bounded pool, and splits reads, writes and long walks to fit the message size.
///
/// Fids are the caller's to clunk: every call that returns a fid gives the caller one reference the server
/// holds until `clunk` (or `remove`). Calls that fail leave no fid behind.
public final class NinePClient<Transport: NinePTransport> {
    public let transport: Transport
    /// The negotiated maximum message size (msize), 0 before `connect`.
    public private(set) var messageSize = 0
    private var fids: FidPool
    private var lastTag: UInt16 = 0
    /// Set once the transport failed: the device may be in any state, so nothing more is sent.
    public private(set) var isBroken = false

    /// The smallest message size walos works with: a directory entry or a path component must fit with room.
    public static var minimumMessageSize: Int { 4096 }

    public init(transport: Transport, fidLimit: Int) {
        self.transport = transport
        fids = FidPool(limit: fidLimit)
    }

    public var fidsInUse: Int { fids.inUse }

    /// Bytes of file data one Tread or Twrite carries.
    public var maximumTransfer: Int { messageSize - NineP.ioHeaderSize }

    // MARK: Exchanges

    /// Encodes a request with `body`, exchanges it, and returns a reader on the reply's body (valid until the
    /// next request).
    private func call(_ type: NineP.MessageType, expecting replyType: NineP.MessageType,
                      tag fixedTag: UInt16? = nil,
                      _ body: (inout MessageWriter) throws(NinePError) -> Void) throws(NinePError) -> MessageReader
    {
        guard !isBroken else { throw .transport }
        let tag = fixedTag ?? nextTag()
        let limit = messageSize > 0 ? messageSize : transport.requestBuffer.count
        var writer = try MessageWriter(into: UnsafeMutableRawBufferPointer(rebasing: transport.requestBuffer[0..<limit]),
                                       type: type, tag: tag)
        try body(&writer)
        let length = writer.finish()
        let received: Int
        do throws(NinePError) {
            received = try transport.exchange(requestLength: length)
        } catch {
            isBroken = true
            throw error
        }
        let reply = transport.replyBuffer
        guard received >= 0, received <= reply.count else { throw .malformedReply }
        return try MessageReader(reply: UnsafeRawBufferPointer(rebasing: reply[0..<received]), tag: tag,
                                 expecting: replyType)
    }

    /// Tags 0...0xFFFE in turn (0xFFFF is Tversion's): a stale reply never matches the request after it.
    private func nextTag() -> UInt16 {
        lastTag = lastTag >= NineP.noTag - 1 ? 0 : lastTag + 1
        return lastTag
    }

    /// Runs `operation` with a new fid, which is released again if the operation fails.
    private func withNewFid<T>(_ operation: (UInt32) throws(NinePError) -> T) throws(NinePError) -> T {
        let fid = try fids.allocate()
        do throws(NinePError) {
            return try operation(fid)
        } catch {
            fids.release(fid)
            throw error
        }
    }

    // MARK: Session

    /// Tversion then Tattach: negotiates the message size (at most `maximumMessageSize` and the transport's
    /// buffers) and returns the fid of the share's root.
    public func connect(maximumMessageSize: Int, userName: [UInt8], attachName: [UInt8]) throws(NinePError)
        -> UInt32
    {
        let ours = min(maximumMessageSize, transport.requestBuffer.count, transport.replyBuffer.count,
                       Int(UInt32.max))
        guard ours >= Self.minimumMessageSize else { throw .messageTooLarge }
        messageSize = 0
        var reply = try call(.tversion, expecting: .rversion, tag: NineP.noTag) { (w) throws(NinePError) in
            try w.u32(UInt32(ours))
            try w.string(NineP.version)
        }
        let offered = Int(try reply.u32())
        let version = try reply.string()
        try reply.end()
        guard version == NineP.version, offered >= Self.minimumMessageSize else { throw .unsupportedServer }
        messageSize = min(ours, offered)
        return try withNewFid { (fid) throws(NinePError) in
            var reply = try call(.tattach, expecting: .rattach) { (w) throws(NinePError) in
                try w.u32(fid)
                try w.u32(NineP.noFid)
                try w.string(userName)
                try w.string(attachName)
                try w.u32(NineP.noUser)
            }
            _ = try reply.qid()
            try reply.end()
            return fid
        }
    }

    /// Releases the fid on the server (Tclunk); the fid is free again whatever the server answers.
    public func clunk(_ fid: UInt32) throws(NinePError) {
        defer { fids.release(fid) }
        let reply = try call(.tclunk, expecting: .rclunk) { (w) throws(NinePError) in try w.u32(fid) }
        try reply.end()
    }

    // MARK: Names

    /// Twalk from `fid` through `names` to a new fid (a clone when `names` is empty), with the qid of each
    /// name walked. A walk that stops short fails with ENOENT (the server's own errno when it stops at the
    /// first name); no fid is left behind.
    public func walk(_ fid: UInt32, _ names: [[UInt8]]) throws(NinePError) -> (fid: UInt32, qids: [Qid]) {
        try withNewFid { (newFid) throws(NinePError) in
            var qids: [Qid] = []
            var from = fid
            var start = 0
            repeat {
                let end = min(names.count, start + NineP.maximumWalkNames)
                let step: [Qid]
                do throws(NinePError) {
                    step = try walkStep(from: from, to: newFid, names[start..<end])
                } catch {
                    if from == newFid { try? clunkOnServer(newFid) }
                    throw error
                }
                if step.count < end - start {
                    if from == newFid { try? clunkOnServer(newFid) }
                    throw .remote(errno: LinuxErrno.noEntry)
                }
                qids += step
                from = newFid
                start = end
            } while start < names.count
            return (newFid, qids)
        }
    }

    private func walkStep(from: UInt32, to: UInt32, _ names: ArraySlice<[UInt8]>) throws(NinePError) -> [Qid] {
        var reply = try call(.twalk, expecting: .rwalk) { (w) throws(NinePError) in
            try w.u32(from)
            try w.u32(to)
            try w.u16(UInt16(names.count))
            for name in names { try w.name(name) }
        }
        let count = Int(try reply.u16())
        guard count <= names.count else { throw .malformedReply }
        var qids: [Qid] = []
        for _ in 0..<count { qids.append(try reply.qid()) }
        try reply.end()
        return qids
    }

    /// Tclunk without releasing the fid in the pool (the caller's withNewFid does).
    private func clunkOnServer(_ fid: UInt32) throws(NinePError) {
        let reply = try call(.tclunk, expecting: .rclunk) { (w) throws(NinePError) in try w.u32(fid) }
        try reply.end()
    }

    // MARK: Files

    /// Tlopen: opens the file `fid` names for I/O; returns its qid and the server's preferred transfer size.
    public func open(_ fid: UInt32, flags: NineP.OpenFlags) throws(NinePError) -> (qid: Qid, ioUnit: UInt32) {
        var reply = try call(.tlopen, expecting: .rlopen) { (w) throws(NinePError) in
            try w.u32(fid)
            try w.u32(flags.rawValue)
        }
        let qid = try reply.qid()
        let ioUnit = try reply.u32()
        try reply.end()
        return (qid, ioUnit)
    }

    /// Tlcreate on a clone of `directory`: creates and opens the file `name`; returns the new file's fid.
    public func create(in directory: UInt32, name: [UInt8], flags: NineP.OpenFlags, mode: UInt32, gid: UInt32)
        throws(NinePError) -> (fid: UInt32, qid: Qid, ioUnit: UInt32)
    {
        let fid = try walk(directory, []).fid
        do throws(NinePError) {
            var reply = try call(.tlcreate, expecting: .rlcreate) { (w) throws(NinePError) in
                try w.u32(fid)
                try w.name(name)
                try w.u32(flags.rawValue)
                try w.u32(mode)
                try w.u32(gid)
            }
            let qid = try reply.qid()
            let ioUnit = try reply.u32()
            try reply.end()
            return (fid, qid, ioUnit)
        } catch {
            try? clunk(fid)
            throw error
        }
    }

    /// Reads from `offset` into `buffer`, one Tread per `maximumTransfer` bytes, until the buffer is full or
    /// the server returns less than asked (the end of the file, or all a device had). Returns the bytes read.
    public func read(_ fid: UInt32, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer)
        throws(NinePError) -> Int
    {
        var done = 0
        while done < buffer.count {
            let asked = min(buffer.count - done, maximumTransfer)
            var reply = try call(.tread, expecting: .rread) { (w) throws(NinePError) in
                try w.u32(fid)
                try w.u64(offset &+ UInt64(done))
                try w.u32(UInt32(asked))
            }
            let count = Int(try reply.u32())
            guard count <= asked else { throw .malformedReply }
            let data = try reply.bytes(count)
            try reply.end()
            if count > 0 {
                // SAFETY: count <= asked <= buffer.count - done, and `data` holds count bytes of the reply.
                (buffer.baseAddress! + done).copyMemory(from: data.baseAddress!, byteCount: count)
            }
            done += count
            if count < asked { break }
        }
        return done
    }

    /// Writes `data` at `offset`, one Twrite per `maximumTransfer` bytes; returns the bytes the server took
    /// (less than all only when it stops taking any).
    public func write(_ fid: UInt32, at offset: UInt64, from data: UnsafeRawBufferPointer) throws(NinePError)
        -> Int
    {
        var done = 0
        while done < data.count {
            let chunk = UnsafeRawBufferPointer(rebasing: data[done..<min(data.count, done + maximumTransfer)])
            var reply = try call(.twrite, expecting: .rwrite) { (w) throws(NinePError) in
                try w.u32(fid)
                try w.u64(offset &+ UInt64(done))
                try w.u32(UInt32(chunk.count))
                try w.bytes(chunk)
            }
            let count = Int(try reply.u32())
            try reply.end()
            guard count <= chunk.count else { throw .malformedReply }
            if count == 0 { break }
            done += count
        }
        return done
    }

    /// Treaddir on an opened directory: the entries after cookie `offset` that fit in `count` bytes (at most
    /// what a message holds). An empty result is the end.
    public func readDirectory(_ fid: UInt32, at offset: UInt64, count: Int) throws(NinePError)
        -> [NinePDirectoryEntry]
    {
        let asked = min(count, messageSize - NineP.headerSize - 4)
        var reply = try call(.treaddir, expecting: .rreaddir) { (w) throws(NinePError) in
            try w.u32(fid)
            try w.u64(offset)
            try w.u32(UInt32(max(asked, 0)))
        }
        let length = Int(try reply.u32())
        guard length == reply.remaining, length <= asked else { throw .malformedReply }
        var entries: [NinePDirectoryEntry] = []
        while reply.remaining > 0 {
            let qid = try reply.qid()
            let next = try reply.u64()
            let type = try reply.u8()
            let name = try reply.string()
            entries.append(NinePDirectoryEntry(qid: qid, offset: next, type: type, name: name))
        }
        return entries
    }

    public func getAttributes(_ fid: UInt32, mask: UInt64 = NineP.getattrBasic) throws(NinePError)
        -> NinePAttributes
    {
        var reply = try call(.tgetattr, expecting: .rgetattr) { (w) throws(NinePError) in
            try w.u32(fid)
            try w.u64(mask)
        }
        let attributes = try NinePAttributes(from: &reply)
        try reply.end()
        return attributes
    }

    public func setAttributes(_ fid: UInt32, _ change: NinePSetAttributes) throws(NinePError) {
        let reply = try call(.tsetattr, expecting: .rsetattr) { (w) throws(NinePError) in
            try w.u32(fid)
            try change.encode(into: &w)
        }
        try reply.end()
    }

    /// Tfsync: the file's data (and, unless `dataOnly`, its metadata) reach the host's storage.
    public func fsync(_ fid: UInt32, dataOnly: Bool = false) throws(NinePError) {
        let reply = try call(.tfsync, expecting: .rfsync) { (w) throws(NinePError) in
            try w.u32(fid)
            try w.u32(dataOnly ? 1 : 0)
        }
        try reply.end()
    }

    public func statistics(_ fid: UInt32) throws(NinePError) -> NinePFileSystemStatistics {
        var reply = try call(.tstatfs, expecting: .rstatfs) { (w) throws(NinePError) in try w.u32(fid) }
        let statistics = NinePFileSystemStatistics(
            type: try reply.u32(), blockSize: try reply.u32(), blocks: try reply.u64(), freeBlocks: try reply.u64(),
            availableBlocks: try reply.u64(), files: try reply.u64(), freeFiles: try reply.u64(),
            fileSystemID: try reply.u64(), maximumNameLength: try reply.u32())
        try reply.end()
        return statistics
    }

    // MARK: Directories

    public func makeDirectory(in directory: UInt32, name: [UInt8], mode: UInt32, gid: UInt32) throws(NinePError)
        -> Qid
    {
        var reply = try call(.tmkdir, expecting: .rmkdir) { (w) throws(NinePError) in
            try w.u32(directory)
            try w.name(name)
            try w.u32(mode)
            try w.u32(gid)
        }
        let qid = try reply.qid()
        try reply.end()
        return qid
    }

    /// Tunlinkat: removes a name; with `NineP.removeDirectory` in `flags`, an empty directory.
    public func unlink(in directory: UInt32, name: [UInt8], flags: UInt32 = 0) throws(NinePError) {
        let reply = try call(.tunlinkat, expecting: .runlinkat) { (w) throws(NinePError) in
            try w.u32(directory)
            try w.name(name)
            try w.u32(flags)
        }
        try reply.end()
    }

    public func rename(in oldDirectory: UInt32, name oldName: [UInt8], to newDirectory: UInt32,
                       name newName: [UInt8]) throws(NinePError)
    {
        let reply = try call(.trenameat, expecting: .rrenameat) { (w) throws(NinePError) in
            try w.u32(oldDirectory)
            try w.name(oldName)
            try w.u32(newDirectory)
            try w.name(newName)
        }
        try reply.end()
    }

    public func symlink(in directory: UInt32, name: [UInt8], target: [UInt8], gid: UInt32) throws(NinePError)
        -> Qid
    {
        var reply = try call(.tsymlink, expecting: .rsymlink) { (w) throws(NinePError) in
            try w.u32(directory)
            try w.name(name)
            try w.string(target)
            try w.u32(gid)
        }
        let qid = try reply.qid()
        try reply.end()
        return qid
    }

    public func readLink(_ fid: UInt32) throws(NinePError) -> [UInt8] {
        var reply = try call(.treadlink, expecting: .rreadlink) { (w) throws(NinePError) in try w.u32(fid) }
        let target = try reply.string()
        try reply.end()
        return target
    }

    /// Tlink: a new name `name` in `directory` for the file `fid` names.
    public func link(_ fid: UInt32, in directory: UInt32, name: [UInt8]) throws(NinePError) {
        let reply = try call(.tlink, expecting: .rlink) { (w) throws(NinePError) in
            try w.u32(directory)
            try w.u32(fid)
            try w.name(name)
        }
        try reply.end()
    }

    /// Tremove: removes the file `fid` names and clunks the fid, whatever the server answers.
    public func remove(_ fid: UInt32) throws(NinePError) {
        defer { fids.release(fid) }
        let reply = try call(.tremove, expecting: .rremove) { (w) throws(NinePError) in try w.u32(fid) }
        try reply.end()
    }
}
