/// What the nodes of one RAM filesystem share: where their memory comes from, the clock, serial numbers.
final class RamStore {
    let source: StorageSource
    /// Nanoseconds since the epoch, for timestamps.
    let clock: () -> UInt64
    let device: UInt64
    private var nextSerial: UInt64 = 1

    init(source: StorageSource, clock: @escaping () -> UInt64, device: UInt64) {
        self.source = source
        self.clock = clock
        self.device = device
    }

    func newSerial() -> UInt64 {
        defer { nextSerial += 1 }
        return nextSerial
    }
}

/// A node of the RAM filesystem. Everything a guest can make it hold is charged to the store's source: the
/// node itself and a link's target while the node exists, each name while it is in a directory, and a file's
/// pages while the file exists, so an unlinked file still open keeps its charge until the last reference goes.
public final class RamNode: Node {
    /// What a node costs in the heap beyond its name and contents (the object and its arrays' headers).
    static let nodeCost = 192
    /// What a directory entry costs beyond its name's bytes: its slot, its index entry, and the share of empty
    /// slots `vacate` lets a directory keep.
    static let entryCost = 96

    let store: RamStore
    /// A file's contents.
    let data: FileData?
    /// A symbolic link's target.
    let target: [UInt8]
    /// A directory's entries in slots, in creation order. Readdir cookies are slot positions (after "." and
    /// ".."); a removed entry leaves its slot empty, so the others keep their cookies while a program lists a
    /// directory and removes what it lists.
    private var slots: [(name: [UInt8], node: RamNode)?] = []
    /// Each name's slot: a lookup costs the same in a directory of 100,000 entries as in one of ten.
    private var slotOfName: [[UInt8]: Int] = [:]
    /// The entries, in creation order.
    var entries: [(name: [UInt8], node: RamNode)] { slots.compactMap { $0 } }
    var isEmptyDirectory: Bool { slotOfName.isEmpty }
    /// The directory that contains this one while it has a name (a directory has exactly one); nil for the
    /// root and for removed nodes. The reference cycle this makes is broken when the node is removed, and for
    /// the whole tree when the filesystem goes away.
    var parent: RamNode?
    var linkCount: UInt64 = 0
    var accessTime: UInt64
    var modificationTime: UInt64
    var changeTime: UInt64

    /// A new node, charged; nil when the charge does not fit.
    init?(kind: Kind, target: [UInt8] = [], store: RamStore) {
        guard store.source.charge(Self.nodeCost + target.count) else { return nil }
        self.store = store
        self.target = target
        data = kind == .file ? FileData(source: store.source) : nil
        let now = store.clock()
        accessTime = now
        modificationTime = now
        changeTime = now
        super.init(kind: kind, serial: store.newSerial(), device: store.device)
    }

    deinit {
        releaseEntries()
        store.source.refund(Self.nodeCost + target.count)
    }

    /// Drops every entry (and its charge): how the tree is taken apart.
    func releaseEntries() {
        for entry in entries { store.source.refund(entry.name.count + Self.entryCost) }
        slots = []
        slotOfName = [:]
    }

    private func touch() {
        let now = store.clock()
        modificationTime = now
        changeTime = now
    }

    // MARK: Any node

    public override func attributes() throws(FileSystemError) -> Attributes {
        let size: UInt64
        switch kind {
        case .file: size = data!.size
        case .directory: size = UInt64(slotOfName.count)
        case .symlink: size = UInt64(target.count)
        }
        return Attributes(linkCount: linkCount, size: size, accessTime: accessTime,
                          modificationTime: modificationTime, changeTime: changeTime)
    }

    public override var contentVersion: UInt64? { data?.version }

    public override func setTimes(access: UInt64?, modification: UInt64?) throws(FileSystemError) {
        if let access { accessTime = access }
        if let modification { modificationTime = modification }
        changeTime = store.clock()
    }

    // MARK: Files

    public override func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(FileSystemError)
        -> Int
    {
        guard let data else { throw .isDirectory }
        return data.read(at: offset, into: buffer)
    }

    public override func write(at offset: UInt64, from buffer: UnsafeRawBufferPointer) throws(FileSystemError) -> Int {
        guard let data else { throw .isDirectory }
        let written = try data.write(at: offset, from: buffer)
        if written > 0 { touch() }
        return written
    }

    public override func truncate(to size: UInt64) throws(FileSystemError) {
        guard let data else { throw .isDirectory }
        try data.truncate(to: size)
        touch()
    }

    public override func readLink() throws(FileSystemError) -> [UInt8] {
        guard kind == .symlink else { throw .invalid }
        return target
    }

    // MARK: Directories

    func entry(named name: [UInt8]) -> RamNode? {
        slotOfName[name].flatMap { slots[$0]?.node }
    }

    public override func lookup(_ name: [UInt8]) throws(FileSystemError) -> Node? {
        guard isDirectory else { throw .notDirectory }
        return entry(named: name)
    }

    public override func entries(from cookie: UInt64) throws(FileSystemError) -> [DirectoryEntry] {
        guard isDirectory else { throw .notDirectory }
        var list: [DirectoryEntry] = []
        let dots: [([UInt8], RamNode)] = [([UInt8(ascii: ".")], self), (Array("..".utf8), parent ?? self)]
        var position = cookie
        while position < 2 {
            let (name, node) = dots[Int(position)]
            position += 1
            list.append(DirectoryEntry(name: name, kind: .directory, serial: node.serial, next: position))
        }
        guard position - 2 < UInt64(slots.count) else { return list }
        for slot in slots[Int(position - 2)...] {
            position += 1
            guard let entry = slot else { continue }
            list.append(DirectoryEntry(name: entry.name, kind: entry.node.kind, serial: entry.node.serial,
                                       next: position))
        }
        return list
    }

    /// A removed directory takes no new entries (ENOENT, as on Linux): nothing could ever reach them.
    private func checkCanAdd() throws(FileSystemError) {
        guard isDirectory else { throw .notDirectory }
        guard linkCount > 0 else { throw .notFound }
    }

    private func newNode(_ kind: Kind, target: [UInt8] = []) throws(FileSystemError) -> RamNode {
        guard let node = RamNode(kind: kind, target: target, store: store) else { throw .noSpace }
        return node
    }

    public override func makeFile(_ name: [UInt8]) throws(FileSystemError) -> Node {
        try checkCanAdd()
        let node = try newNode(.file)
        try attach(node, as: name)
        return node
    }

    public override func makeDirectory(_ name: [UInt8]) throws(FileSystemError) -> Node {
        try checkCanAdd()
        let node = try newNode(.directory)
        try attach(node, as: name)
        return node
    }

    public override func makeSymlink(_ name: [UInt8], target: [UInt8]) throws(FileSystemError) {
        try checkCanAdd()
        try attach(try newNode(.symlink, target: target), as: name)
    }

    public override func makeLink(_ name: [UInt8], to node: Node) throws(FileSystemError) {
        try checkCanAdd()
        guard node.device == device else { throw .crossDevice }
        // SAFETY: a node on this RAM filesystem's device is a RamNode.
        let file = unsafeDowncast(node, to: RamNode.self)
        try attach(file, as: name)
        file.changeTime = store.clock()
    }

    public override func remove(_ name: [UInt8], directory: Bool) throws(FileSystemError) {
        guard isDirectory else { throw .notDirectory }
        guard let slot = slotOfName[name], let node = slots[slot]?.node else { throw .notFound }
        if directory {
            guard node.isDirectory else { throw .notDirectory }
            guard node.isEmptyDirectory else { throw .notEmpty }
        } else {
            guard !node.isDirectory else { throw .isDirectory }
        }
        detach(at: slot)
    }

    public override func move(_ name: [UInt8], to target: Node, as newName: [UInt8]) throws(FileSystemError) {
        guard isDirectory else { throw .notDirectory }
        guard target.device == device else { throw .crossDevice }
        // SAFETY: a node on this RAM filesystem's device is a RamNode.
        let destination = unsafeDowncast(target, to: RamNode.self)
        try destination.checkCanAdd()
        guard let slot = slotOfName[name], let node = slots[slot]?.node else { throw .notFound }
        if node.isDirectory {
            // Paths checked the target's ancestors it walked; a directory descriptor may start below them.
            var cursor: RamNode? = destination
            while let directory = cursor {
                if directory === node { throw .renameIntoSelf }
                cursor = directory.parent
            }
        }
        let existing = destination.slotOfName[newName]
        if let existing, let replaced = destination.slots[existing]?.node {
            if replaced === node { return }
            if replaced.isDirectory && !replaced.isEmptyDirectory { throw .notEmpty }
        }
        guard store.source.charge(newName.count + Self.entryCost) else { throw .noSpace }
        if let existing { destination.detach(at: existing) }
        vacate(slotOfName[name]!)
        store.source.refund(name.count + Self.entryCost)
        if node.isDirectory { linkCount -= 1 }
        node.linkCount -= node.isDirectory ? 2 : 1  // insert counts the name (and a directory's ".") again
        destination.insert(node, as: newName)
        touch()
        node.changeTime = store.clock()
    }

    /// Gives `node` the name `name` here, charging the entry.
    private func attach(_ node: RamNode, as name: [UInt8]) throws(FileSystemError) {
        guard store.source.charge(name.count + Self.entryCost) else { throw .noSpace }
        insert(node, as: name)
    }

    /// Adds an entry whose charge is paid.
    private func insert(_ node: RamNode, as name: [UInt8]) {
        slotOfName[name] = slots.count
        slots.append((name, node))
        node.linkCount += 1
        if node.isDirectory {
            node.parent = self
            node.linkCount += 1  // its own "."
            linkCount += 1  // its ".."
        }
        touch()
    }

    /// Removes the entry in `slot`, with its charge.
    private func detach(at slot: Int) {
        let (name, node) = vacate(slot)
        store.source.refund(name.count + Self.entryCost)
        node.linkCount -= 1
        if node.isDirectory {
            node.linkCount -= 1
            linkCount -= 1
            node.parent = nil
        }
        touch()
        node.changeTime = store.clock()
    }

    /// Empties `slot` and returns what it held. Empty slots are dropped once they outnumber the entries by
    /// 1,024 (all at once when none is left): the only time cookies move, so bounded by the entries' charge.
    @discardableResult
    private func vacate(_ slot: Int) -> (name: [UInt8], node: RamNode) {
        let entry = slots[slot]!
        slots[slot] = nil
        slotOfName[entry.name] = nil
        if slotOfName.isEmpty {
            slots = []
        } else if slots.count - slotOfName.count > slotOfName.count + 1024 {
            slots = slots.filter { $0 != nil }
            for (position, slot) in slots.enumerated() { slotOfName[slot!.name] = position }
        }
        return entry
    }
}
