/// The collector of both heaps, the GC's structs and arrays (`GCHeap`) and the exceptions with references out
/// (`ExceptionHeap`): one mark over both, then a sweep of each, run when an allocation of either does not fit.
/// One mark, because each heap holds references into the other (an exnref field of a struct, an anyref parameter
/// of an exception's payload): marked apart, each would have to take everything the other holds as roots, and
/// garbage in one would keep garbage in the other alive.
///
/// The roots: the value stack up to the allocating instruction's operands or the thrower's payload (interpreted
/// and native frames alike: native code keeps its values in the same frames across calls), scanned conservatively
/// for both heaps (slots carry no types: a number that happens to encode a live object or exception keeps it,
/// nothing live is ever missed); the reference globals, table elements and element segments of every instance;
/// the objects a constant expression has made (`gcPinned`); the exception a host function passed on; and the
/// payloads of the exceptions no reference was handed out for (in flight, or passed out to the host). Then,
/// precisely, by type: the reference fields of every marked object (`ObjectScan`: a v128's two slots and every
/// number are skipped) and the reference parameters of every marked exception's payload.
/// A heap the collector frees from: what it holds and may hold, in bytes.
protocol CollectedHeap: AnyObject {
    var heldBytes: Int { get }
    var limit: Int { get }
}

extension GCHeap: CollectedHeap {}
extension ExceptionHeap: CollectedHeap {}

extension Store {
    /// Whether `cost` more bytes fit `heap`, after a collection if they did not: a collection that leaves the
    /// heap more than three quarters full counts as no room, so that a guest keeping everything traps soon
    /// instead of collecting on every allocation.
    func room(for cost: Int, in heap: some CollectedHeap, liveSlots: Int) -> Bool {
        if cost > heap.limit { return false }
        if heap.heldBytes + cost <= heap.limit { return true }
        collect(liveSlots: liveSlots)
        return heap.heldBytes <= heap.limit / 4 * 3 && heap.heldBytes + cost <= heap.limit
    }

    /// `allocate`, once more after a collection when it failed: the store's account, which its memories, tables
    /// and code share, may refuse before a heap's own limit is reached, and what a collection frees may make room.
    func allocate<Address>(liveSlots: Int, _ allocate: () throws(Trap) -> Address) throws(Trap) -> Address {
        if let address = try? allocate() { return address }
        collect(liveSlots: liveSlots)
        return try allocate()
    }

    /// `liveSlots`: the value stack's slots in use, from its base. The collector's own memory (a mark and at most
    /// one pending entry an address) was charged as each address was made (`ChargedObjects.addressBytes`).
    func collect(liveSlots: Int) {
        var markedObjects = [Bool](repeating: false, count: gcHeap.capacity)
        var markedExceptions = [Bool](repeating: false, count: exceptions.capacity)
        var pendingObjects: [Int] = [], pendingExceptions: [Int] = []
        pendingObjects.reserveCapacity(gcHeap.capacity)
        pendingExceptions.reserveCapacity(exceptions.capacity)
        func markObject(_ slot: UInt64) {
            // An internal reference made external has bit 63 set: the same object.
            guard let address = GCSlot.address(slot & ~GCSlot.hostBit), address < markedObjects.count,
                  gcHeap.isLive(address), !markedObjects[address] else { return }
            markedObjects[address] = true
            pendingObjects.append(address)
        }
        func markException(_ slot: UInt64) {
            guard slot != Slot.null, slot <= UInt64(markedExceptions.count) else { return }
            let address = Int(slot &- 1)
            guard exceptions.isLive(address), !markedExceptions[address] else { return }
            markedExceptions[address] = true
            pendingExceptions.append(address)
        }
        /// A reference of the hierarchy `top` (nil: unknown, either).
        func mark(_ slot: UInt64, top: HeapType?) {
            if top != .exception { markObject(slot) }
            if top == nil || top == .exception { markException(slot) }
        }
        func payload(_ exception: Exception) {
            // The high halves of v128 parameters come after the slots: zip leaves them out.
            for (value, type) in zip(exception.payload, tags[exception.tag].parameters) where type.isReference {
                mark(value, top: type.top == .exception ? .exception : .any)
            }
        }

        for k in 0..<min(liveSlots, stackBuffer.count) { mark(stack[k], top: nil) }
        for slot in gcPinned { markObject(slot) }
        if let exception = pendingException.pointee { markException(Slot.reference(UInt64(exception))) }
        for instance in instances {
            for global in instance.globals where global.type.value.isReference {
                mark(global.storage.pointee, top: global.type.value.top == .exception ? .exception : .any)
            }
            for table in instance.tables {
                let top: HeapType = table.type.element.top == .exception ? .exception : .any
                for element in table.elements { mark(element, top: top) }
                mark(table.tail, top: top)
            }
            for segment in instance.elements { for item in segment { markObject(item) } }
        }
        for address in 0..<exceptions.capacity where exceptions.isLive(address) && !exceptions[address].referenced {
            payload(exceptions[address])
        }
        while true {
            if let address = pendingObjects.popLast() {
                let object = gcHeap[address]
                let scan = types.records[object.typeId].scan
                if scan.isArray {
                    switch scan.kinds[0] {
                    case .plain: break
                    case .object: for value in object.fields { markObject(value) }
                    case .exception: for value in object.fields { markException(value) }
                    }
                } else {
                    for (k, value) in object.fields.enumerated() {
                        switch scan.kinds[k] {
                        case .plain: break
                        case .object: markObject(value)
                        case .exception: markException(value)
                        }
                    }
                }
            } else if let address = pendingExceptions.popLast() {
                payload(exceptions[address])
            } else {
                break
            }
        }
        gcHeap.releaseUnmarked(markedObjects)
        exceptions.releaseUnmarked(markedExceptions)
    }
}
