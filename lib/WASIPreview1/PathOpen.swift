import FileSystem

extension WASIContext {
    /// path_open: opens (or creates) a file or directory below the directory `fd`. Of the rights, only FD_READ
    /// and FD_WRITE count, as the access mode (Rights.swift).
    func pathOpen(_ memory: GuestMemory, _ fd: UInt32, lookup: UInt32, path: UInt32, length: UInt32,
                  openFlags rawOpenFlags: UInt32, base: Rights, inheriting: Rights, fdFlags rawFdFlags: UInt32,
                  into result: UInt32) throws(Errno)
    {
        let path = try memory.path(at: path, count: length)
        _ = try memory.slice(at: result, count: 4)  // a bad result pointer must not leave a descriptor open
        guard rawOpenFlags <= UInt32(OpenFlags.all.rawValue), rawFdFlags <= UInt32(FdFlags.all.rawValue),
              Rights.all.isSuperset(of: base.union(inheriting)) else { throw .invalid }
        let openFlags = OpenFlags(rawValue: UInt16(rawOpenFlags))
        let fdFlags = FdFlags(rawValue: UInt16(rawFdFlags))
        let follow = try follows(lookup)
        // wasmtime refuses the synchronous-write flags; fd_sync is there for that.
        guard fdFlags.isDisjoint(with: [.dsync, .rsync, .sync]) else { throw .notSupported }
        let parent = try descriptors.get(fd)
        guard case .directory(let directory, _) = parent.kind else {
            if case .file = parent.kind { throw .notDirectory }
            throw .badDescriptor
        }
        guard !openFlags.isSuperset(of: [.create, .directory]) else { throw .invalid }
        let node = try fs { () throws(FileSystemError) in
            try Paths.open(path, in: directory, followLast: follow, create: openFlags.contains(.create),
                                exclusive: openFlags.contains(.exclusive))
        }
        // As in wasmtime: FD_WRITE opens for writing, FD_READ (or the absence of FD_WRITE) for reading.
        var access: Descriptor.Access = []
        if base.contains(.fdWrite) { access.insert(.write) }
        if base.contains(.fdRead) || !base.contains(.fdWrite) { access.insert(.read) }
        let kind: Descriptor.Kind
        switch node.kind {
        case .directory:
            guard !access.contains(.write), openFlags.isDisjoint(with: [.create, .truncate]) else { throw .isDirectory }
            kind = .directory(node, preopenPath: nil)
        case .file:
            guard !openFlags.contains(.directory) else { throw .notDirectory }
            if openFlags.contains(.truncate) {
                try fs { () throws(FileSystemError) in try node.truncate(to: 0) }
            }
            kind = .file(node)
        case .symlink:
            throw .loop  // open follows links or refuses them; it never returns one
        }
        try fs { () throws(FileSystemError) in
            try node.open(reading: access.contains(.read), writing: access.contains(.write))
        }
        var opened = Descriptor(kind: kind, access: access, flags: fdFlags.intersection([.append, .nonblock]))
        // Named only below a preopen itself and when short: the name lives in the descriptor, whose charge is a
        // flat 256 bytes, and a chain of opens below opened directories must not build ever longer names.
        if case .directory = kind, case .directory(_, let base?) = parent.kind,
           base.count + path.count < Descriptor.guestPathLimit {
            opened.guestPath = Descriptor.guestPath(base, path)
        }
        try memory.store(try descriptors.insert(opened), at: result)
    }
}
