/// A thrown exception: its tag (a store address) and its payload, one slot per tag parameter, then the high half of
/// each v128 parameter in order (the low half is its slot, as on the value stack).
struct Exception {
    var tag: Int
    var payload: [UInt64]
    /// Whether an `exnref` to it was ever handed out (catch_ref, catch_all_ref, or to the host): then it may be
    /// thrown again at any time and stays. Otherwise it is gone once a plain catch has taken its payload.
    var referenced = false
}

/// The exceptions of a store, by address. Every exception is charged to the store's account, and at most
/// `limit` bytes of them are held at once, so that a guest throwing in a loop traps instead of exhausting its
/// host. An exception no reference can reach any more (caught without one) is released at once and its address
/// reused.
final class ExceptionHeap {
    private var exceptions: ChargedObjects<Exception>
    var heldBytes: Int { exceptions.heldBytes }
    var limit: Int { exceptions.limit }

    init(limit: Int, ledger: Ledger) {
        exceptions = ChargedObjects(limit: limit, ledger: ledger)
    }

    deinit { exceptions.releaseAll() }

    /// What one exception costs: its record, its payload array and the allocator's rounding.
    static func bytes(payloadCount: Int) -> Int { 64 + (payloadCount == 0 ? 0 : 32 + 8 * payloadCount) }

    subscript(address: Int) -> Exception { exceptions[address] }

    func isLive(_ address: Int) -> Bool { address >= 0 && address < exceptions.count && exceptions[address].tag >= 0 }

    /// A new exception's address, or a trap when the limit or the account refuses its bytes.
    func allocate(tag: Int, payload: [UInt64]) throws(Trap) -> Int {
        let cost = ExceptionHeap.bytes(payloadCount: payload.count)
        guard let address = exceptions.allocate(Exception(tag: tag, payload: payload), cost: cost) else {
            throw .exceptionsExhausted
        }
        return address
    }

    func markReferenced(_ address: Int) { exceptions[address].referenced = true }

    /// Releases an exception that a plain catch has taken, unless a reference to it exists.
    func releaseIfUnreferenced(_ address: Int) {
        guard !exceptions[address].referenced else { return }
        release(address)
    }

    /// Addresses in use or free: the bound of every reference.
    var capacity: Int { exceptions.count }

    /// Releases every held exception with a reference out that `marked` (by address) does not keep.
    func releaseUnmarked(_ marked: [Bool]) {
        for address in 0..<exceptions.count where exceptions[address].tag >= 0 && exceptions[address].referenced && !marked[address] {
            release(address)
        }
    }

    private func release(_ address: Int) {
        exceptions.release(address, cost: ExceptionHeap.bytes(payloadCount: exceptions[address].payload.count),
                           leaving: Exception(tag: -1, payload: []))
    }
}

/// Objects at addresses that are reused once freed, each charged to a store's ledger, at most `limit` bytes held
/// at once: what `ExceptionHeap` and `GCHeap` share. The owner releases what is held when it goes (`releaseAll`).
/// What the collector needs for each address while it runs (`addressBytes`: a mark and a pending entry) is charged
/// as the address is first made and kept while the heap lives, so that a collection never waits on the account:
/// a full account is when a collection is most needed.
struct ChargedObjects<Object> {
    private var objects: [Object] = []
    private var free: [Int] = []
    private(set) var heldBytes = 0
    let limit: Int
    private let ledger: Ledger

    init(limit: Int, ledger: Ledger) {
        self.limit = limit
        self.ledger = ledger
    }

    /// Addresses in use or free.
    var count: Int { objects.count }

    subscript(address: Int) -> Object {
        get { objects[address] }
        _modify { yield &objects[address] }
    }

    static var addressBytes: Int { 1 + MemoryLayout<Int>.stride }

    /// The new object's address, or nil when the limit or the account refuses its `cost` in bytes.
    mutating func allocate(_ object: Object, cost: Int) -> Int? {
        let newAddress = free.isEmpty ? ChargedObjects.addressBytes : 0
        guard heldBytes + cost <= limit, ledger.charge(cost + newAddress) else { return nil }
        heldBytes += cost
        if let address = free.popLast() {
            objects[address] = object
            return address
        }
        objects.append(object)
        return objects.count - 1
    }

    /// Frees `address`, which cost `cost` bytes, leaving `empty` (a free object) there.
    mutating func release(_ address: Int, cost: Int, leaving empty: Object) {
        heldBytes -= cost
        ledger.release(cost)
        objects[address] = empty
        free.append(address)
    }

    func releaseAll() { ledger.release(heldBytes + objects.count * ChargedObjects.addressBytes) }
}
