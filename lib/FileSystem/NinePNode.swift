import NineP

/// A node of a host directory shared over 9P2000.L (`./walos run --dir`): a fid walked one plain name from
/// its directory's fid, clunked when the node goes away. Every operation is a request to the host, nothing is
/// cached, so the host sees each change when the call returns and a file larger than memory streams through.
/// Reading and writing use fids of their own, opened on first use (a walked fid cannot be both walked from
/// and opened), and listing a directory keeps where the host's listing stopped, to go on from there.
public final class NinePNode<Transport: NinePTransport>: Node {
    let client: NinePClient<Transport>
    let fid: UInt32
    private var readFid: UInt32? = nil
    private var writeFid: UInt32? = nil
    /// The last listing: the cookie it reached, and the host's offset that lists what comes next.
    private var listingCursor: (cookie: UInt64, offset: UInt64)? = nil

    init(client: NinePClient<Transport>, fid: UInt32, qid: Qid, device: UInt64) {
        self.client = client
        self.fid = fid
        super.init(kind: Self.kind(of: qid), serial: qid.path, device: device)
    }

    /// The node for `fid`, which the caller hands over (it is clunked with the node), e.g. a share's root.
    public static func adopting(_ fid: UInt32, client: NinePClient<Transport>, device: UInt64)
        throws(FileSystemError) -> NinePNode
    {
        do throws(NinePError) {
            let qid = try client.getAttributes(fid).qid
            return NinePNode(client: client, fid: fid, qid: qid, device: device)
        } catch {
            try? client.clunk(fid)
            throw Self.error(error)
        }
    }

    deinit {
        for open in [readFid, writeFid] {
            if let open { try? client.clunk(open) }
        }
        try? client.clunk(fid)
    }

    private static func kind(of qid: Qid) -> Kind {
        qid.isDirectory ? .directory : qid.isSymlink ? .symlink : .file
    }

    /// The host's errno as the filesystem's error; what has no better name is an I/O error.
    static func error(_ error: NinePError) -> FileSystemError {
        switch error {
        case .remote(let errno):
            switch errno {
            case LinuxErrno.noEntry: return .notFound
            case LinuxErrno.exists: return .exists
            case LinuxErrno.notDirectory: return .notDirectory
            case LinuxErrno.isDirectory: return .isDirectory
            case LinuxErrno.notEmpty: return .notEmpty
            case LinuxErrno.nameTooLong: return .nameTooLong
            case LinuxErrno.loop: return .loop
            case LinuxErrno.notPermitted, LinuxErrno.accessDenied, LinuxErrno.readOnlyFileSystem,
                 LinuxErrno.tooManyLinks: return .notPermitted
            case LinuxErrno.noSpace, LinuxErrno.quotaExceeded: return .noSpace
            case LinuxErrno.fileTooBig: return .fileTooLarge
            case LinuxErrno.crossDevice: return .crossDevice
            case LinuxErrno.invalid: return .invalid
            case LinuxErrno.busy: return .busy
            case LinuxErrno.notSupported: return .notSupported
            default: return .io
            }
        case .tooManyFids: return .tooManyOpen
        case .invalidName: return .invalid
        case .malformedReply, .unsupportedServer, .messageTooLarge, .transport: return .io
        }
    }

    /// Runs a 9P exchange, turning its failure into the filesystem's error.
    private func request<T>(_ operation: () throws(NinePError) -> T) throws(FileSystemError) -> T {
        do throws(NinePError) {
            return try operation()
        } catch {
            throw Self.error(error)
        }
    }

    /// A fid opened with `flags`, made on first use.
    private func opened(_ fid: inout UInt32?, _ flags: NineP.OpenFlags) throws(FileSystemError) -> UInt32 {
        if let fid { return fid }
        let walked = try request { () throws(NinePError) in try client.walk(self.fid, []).fid }
        do throws(NinePError) {
            _ = try client.open(walked, flags: flags)
        } catch {
            try? client.clunk(walked)
            throw Self.error(error)
        }
        fid = walked
        return walked
    }

    /// The node `name` names here, walked to with a fid of its own.
    private func child(_ name: [UInt8]) throws(FileSystemError) -> NinePNode {
        let (walked, qids) = try request { () throws(NinePError) in try client.walk(fid, [name]) }
        return NinePNode(client: client, fid: walked, qid: qids[0], device: device)
    }

    /// Whether the node's walked fid still names it: that fid names a path on the host, so once the node is
    /// removed it names nothing, or whatever was made in its place.
    private func isStillNamed() throws(FileSystemError) -> Bool {
        do throws(FileSystemError) {
            return try request { () throws(NinePError) in try client.getAttributes(fid).qid }.path == serial
        } catch {
            if error == .notFound { return false }
            throw error
        }
    }

    /// What adds to a directory first checks that it is still there: ENOENT otherwise, as Linux has it for a
    /// removed directory.
    private func checkStillThere() throws(FileSystemError) {
        guard isDirectory else { throw .notDirectory }
        guard try isStillNamed() else { throw .notFound }
    }

    private func sameShare(_ node: Node) throws(FileSystemError) -> NinePNode {
        guard node.device == device else { throw .crossDevice }
        // SAFETY: a node on this share's device is a NinePNode of this transport.
        return unsafeDowncast(node, to: NinePNode.self)
    }

    // MARK: Any node

    public override func attributes() throws(FileSystemError) -> Attributes {
        // An opened fid still reaches a file that lost its names.
        let attributes = try request { () throws(NinePError) in try client.getAttributes(readFid ?? writeFid ?? fid) }
        return Attributes(linkCount: attributes.linkCount, size: attributes.size,
                          accessTime: attributes.accessTime.nanosecondsSinceEpoch,
                          modificationTime: attributes.modificationTime.nanosecondsSinceEpoch,
                          changeTime: attributes.changeTime.nanosecondsSinceEpoch)
    }

    public override func setTimes(access: UInt64?, modification: UInt64?) throws(FileSystemError) {
        // QEMU sets times by path (utimensat), so an open node that lost its name cannot have them set; only its
        // own descriptors could see them then, and they are left as they were rather than set on another node.
        if readFid != nil || writeFid != nil, !(try isStillNamed()) { return }
        var change = NinePSetAttributes()
        if let access { change.accessTime = .to(NinePTime(nanosecondsSinceEpoch: access)) }
        if let modification { change.modificationTime = .to(NinePTime(nanosecondsSinceEpoch: modification)) }
        // Linux changes ctime on any setattr; asking for nothing still makes it "now" there.
        try request { () throws(NinePError) in try client.setAttributes(fid, change) }
    }

    public override func open(reading: Bool, writing: Bool) throws(FileSystemError) {
        if isDirectory {
            _ = try opened(&readFid, [.readOnly, .directory])
            return
        }
        if reading { _ = try opened(&readFid, .readOnly) }
        if writing { _ = try opened(&writeFid, .writeOnly) }
    }

    // MARK: Files

    public override func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(FileSystemError)
        -> Int
    {
        guard kind == .file else { throw .isDirectory }
        guard offset <= FileData.maxSize else { return 0 }
        let open = try opened(&readFid, .readOnly)
        return try request { () throws(NinePError) in try client.read(open, at: offset, into: buffer) }
    }

    public override func write(at offset: UInt64, from buffer: UnsafeRawBufferPointer) throws(FileSystemError) -> Int {
        guard kind == .file else { throw .isDirectory }
        guard buffer.count > 0 else { return 0 }
        let (end, overflow) = offset.addingReportingOverflow(UInt64(buffer.count))
        guard !overflow, end <= FileData.maxSize else { throw .fileTooLarge }
        let open = try opened(&writeFid, .writeOnly)
        let written = try request { () throws(NinePError) in try client.write(open, at: offset, from: buffer) }
        guard written > 0 else { throw .noSpace }
        return written
    }

    public override func truncate(to size: UInt64) throws(FileSystemError) {
        guard kind == .file else { throw .isDirectory }
        guard size <= FileData.maxSize else { throw .fileTooLarge }
        var change = NinePSetAttributes()
        change.size = size
        try request { () throws(NinePError) in try client.setAttributes(writeFid ?? fid, change) }
    }

    public override func sync() throws(FileSystemError) {
        guard let writeFid else { return }
        try request { () throws(NinePError) in try client.fsync(writeFid) }
    }

    public override func readLink() throws(FileSystemError) -> [UInt8] {
        guard kind == .symlink else { throw .invalid }
        return try request { () throws(NinePError) in try client.readLink(fid) }
    }

    // MARK: Directories

    public override func lookup(_ name: [UInt8]) throws(FileSystemError) -> Node? {
        guard isDirectory else { throw .notDirectory }
        do throws(FileSystemError) {
            return try child(name)
        } catch {
            if error == .notFound { return nil }
            throw error
        }
    }

    /// "." and ".." come first, as in the RAM filesystem and in wasmtime, then the host's entries without its
    /// own "." and "..", in the host's order.
    public override func entries(from cookie: UInt64) throws(FileSystemError) -> [DirectoryEntry] {
        guard isDirectory else { throw .notDirectory }
        var list: [DirectoryEntry] = []
        var position = cookie
        while position < 2 {
            position += 1
            list.append(DirectoryEntry(name: position == 1 ? [UInt8(ascii: ".")] : Array("..".utf8),
                                       kind: .directory, serial: serial, next: position))
        }
        let open = try opened(&readFid, [.readOnly, .directory])
        // Where the host's listing goes on from: the cursor when the guest goes on from where the last listing
        // stopped, else from the start (a rewind, cookie 0, sees entries made since, as rewinddir does).
        var offset: UInt64 = 0
        var skip = position - 2
        if let cursor = listingCursor, cookie >= 2, cursor.cookie == cookie {
            offset = cursor.offset
            skip = 0
        }
        while true {
            let batch = try request { () throws(NinePError) in
                try client.readDirectory(open, at: offset, count: client.maximumTransfer)
            }
            guard !batch.isEmpty else { break }
            for entry in batch {
                offset = entry.offset
                if entry.name == [UInt8(ascii: ".")] || entry.name == Array("..".utf8) { continue }
                if skip > 0 {
                    skip -= 1
                    continue
                }
                position += 1
                let kind: Kind = entry.type == 4 ? .directory : entry.type == 10 ? .symlink : .file
                list.append(DirectoryEntry(name: entry.name, kind: kind, serial: entry.qid.path, next: position))
            }
            if skip == 0 && !list.isEmpty { break }
        }
        listingCursor = (position, offset)
        return list
    }

    public override func makeFile(_ name: [UInt8]) throws(FileSystemError) -> Node {
        try checkStillThere()
        let created = try request { () throws(NinePError) in
            try client.create(in: fid, name: name, flags: [.readWrite, .create, .exclusive], mode: 0o644, gid: 0)
        }
        try? client.clunk(created.fid)
        return try child(name)
    }

    public override func makeDirectory(_ name: [UInt8]) throws(FileSystemError) -> Node {
        try checkStillThere()
        _ = try request { () throws(NinePError) in try client.makeDirectory(in: fid, name: name, mode: 0o755, gid: 0) }
        return try child(name)
    }

    public override func makeSymlink(_ name: [UInt8], target: [UInt8]) throws(FileSystemError) {
        try checkStillThere()
        _ = try request { () throws(NinePError) in try client.symlink(in: fid, name: name, target: target, gid: 0) }
    }

    public override func makeLink(_ name: [UInt8], to node: Node) throws(FileSystemError) {
        try checkStillThere()
        let file = try sameShare(node)
        try request { () throws(NinePError) in try client.link(file.fid, in: fid, name: name) }
    }

    public override func remove(_ name: [UInt8], directory: Bool) throws(FileSystemError) {
        guard isDirectory else { throw .notDirectory }
        try request { () throws(NinePError) in
            try client.unlink(in: fid, name: name, flags: directory ? NineP.removeDirectory : 0)
        }
    }

    public override func move(_ name: [UInt8], to target: Node, as newName: [UInt8]) throws(FileSystemError) {
        guard isDirectory else { throw .notDirectory }
        let destination = try sameShare(target)
        try destination.checkStillThere()
        try request { () throws(NinePError) in
            try client.rename(in: fid, name: name, to: destination.fid, name: newName)
        }
    }
}
