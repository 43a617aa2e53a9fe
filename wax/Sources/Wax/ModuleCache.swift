/// Decoded modules kept for reuse, keyed by the bytes they were decoded from: a module is immutable once decoded
/// (everything an instantiation changes lives in its instance and store), so one decoded module serves every
/// instantiation of the same bytes, on any processor. A hit needs the same size, the same hash and the same bytes,
/// so a hash collision can never hand out another program's code. What the cache holds (each module's footprint
/// plus its bytes) stays within `capacity`; the least recently used modules go first. An embedder that can name
/// bytes without reading them (walos: a file's content version, which names one content for good) gives that
/// name as the bytes' `source`, and later finds the module by it alone: no read, hash or comparison of the bytes
/// (four passes over them, ~280k guest instructions of a 188 KB service's restart). Not synchronized: the
/// embedder serializes calls.
public final class ModuleCache {
    /// Most bytes the cache holds.
    public let capacity: Int
    public private(set) var bytesHeld = 0
    /// Lookups that found their module, and lookups that did not.
    public private(set) var hits = 0
    public private(set) var misses = 0
    /// Least recently used first.
    private var entries: [Entry] = []

    private struct Entry {
        let hash: Int
        let bytes: [UInt8]
        let module: Module
        /// The embedder's name for the bytes, the last one they were found or kept under.
        var source: UInt64?
        var cost: Int { ModuleCache.cost(of: module, bytes: bytes) }
    }

    public init(capacity: Int) { self.capacity = capacity }

    /// What keeping `module`, decoded from `bytes`, costs the cache.
    public static func cost(of module: Module, bytes: [UInt8]) -> Int { module.footprint + Footprint.bytes(bytes) }

    public var count: Int { entries.count }

    /// The module decoded from exactly these bytes, if the cache holds it; `source` names the bytes from now on.
    public func module(for bytes: [UInt8], source: UInt64? = nil) -> Module? {
        let hash = Self.hash(bytes)
        guard let index = entries.firstIndex(where: { $0.hash == hash && Self.same($0.bytes, bytes) }) else {
            misses += 1
            return nil
        }
        if let source { name(index, source) }
        return used(index).module
    }

    /// The module decoded from the bytes `source` names, and those bytes, if the cache holds them under it.
    public func module(source: UInt64) -> (Module, [UInt8])? {
        guard let index = entries.firstIndex(where: { $0.source == source }) else { return nil }
        let entry = used(index)
        return (entry.module, entry.bytes)
    }

    /// Entry `index` answers to `source` from now on, and no other does.
    private func name(_ index: Int, _ source: UInt64) {
        for other in entries.indices where entries[other].source == source { entries[other].source = nil }
        entries[index].source = source
    }

    /// A hit on entry `index`, which becomes the most recently used.
    private func used(_ index: Int) -> Entry {
        hits += 1
        let entry = entries.remove(at: index)
        entries.append(entry)
        return entry
    }

    /// Keeps `module`, decoded from `bytes`, making room by letting the least recently used go. False when it is
    /// larger than the whole cache, or when `admits` (asked for the bytes it would add) refuses.
    @discardableResult
    public func insert(_ module: Module, for bytes: [UInt8], source: UInt64? = nil,
                       admits: (Int) -> Bool = { _ in true }) -> Bool {
        let cost = Self.cost(of: module, bytes: bytes)
        guard cost <= capacity else { return false }
        let hash = Self.hash(bytes)
        if entries.contains(where: { $0.hash == hash && Self.same($0.bytes, bytes) }) { return true }
        while bytesHeld + cost > capacity { evictOldest() }
        guard admits(cost) else { return false }
        entries.append(Entry(hash: hash, bytes: bytes, module: module, source: nil))
        if let source { name(entries.count - 1, source) }
        bytesHeld += cost
        return true
    }

    /// Lets every module go (a process still running one keeps it until it ends).
    public func removeAll() {
        entries.removeAll()
        bytesHeld = 0
    }

    private func evictOldest() {
        bytesHeld -= entries.removeFirst().cost
    }

    /// Whether `a` and `b` hold the same bytes, compared eight at a time.
    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in
                let words = a.count / 8
                for index in 0..<words where a.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
                    != b.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
                {
                    return false
                }
                return a[(words * 8)...].elementsEqual(b[(words * 8)...])
            }
        }
    }

    /// FNV-1a over the bytes, eight at a time: a cheap way to tell most different modules apart before the byte
    /// comparison that decides.
    static func hash(_ bytes: [UInt8]) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBytes { buffer in
            let words = buffer.count / 8
            for index in 0..<words {
                hash = (hash ^ buffer.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)) &* 0x100_0000_01b3
            }
            for byte in buffer[(words * 8)...] { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        return Int(truncatingIfNeeded: hash ^ UInt64(bytes.count))
    }
}
