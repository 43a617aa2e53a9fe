/// Reclaims the exceptions whose references were handed out once no reference can reach them any more: when the
/// heap is full, before the throw that would trap. The roots are the value stack up to the thrower's payload, the
/// top of everything live (scanned conservatively: any slot that encodes the reference of a held exception keeps
/// it, since slots carry no types), the exnref
/// globals and tables of every instance, the fields of every live GC object, the exception a host function passed
/// on, and the exnref fields of the payloads of what is kept. A guest that keeps its references keeps its exceptions and then traps; one that
/// drops them throws on.
extension Store {
    /// Whether `payloadCount` more slots fit, after a collection if they did not: a collection that leaves the
    /// heap more than three quarters full counts as no room, so that a guest keeping its exceptions does not pay
    /// for a collection on every throw.
    func exceptionRoom(payloadCount: Int, liveSlots: Int) -> Bool {
        let cost = ExceptionHeap.bytes(payloadCount: payloadCount)
        if exceptions.heldBytes + cost <= exceptions.limit { return true }
        collectExceptions(liveSlots: liveSlots)
        return exceptions.heldBytes <= exceptions.limit / 4 * 3 && exceptions.heldBytes + cost <= exceptions.limit
    }

    /// `liveSlots`: the value stack's slots in use, from its base. The collector's own memory is charged while it
    /// runs, as the GC's is (`collectGarbage`): refused, nothing is collected and the throw traps.
    func collectExceptions(liveSlots: Int) {
        let working = exceptions.capacity * (1 + MemoryLayout<Int>.stride)
        guard ledger.charge(working) else { return }
        defer { ledger.release(working) }
        var marked = [Bool](repeating: false, count: exceptions.capacity)
        var pending: [Int] = []
        pending.reserveCapacity(exceptions.capacity)
        func mark(_ slot: UInt64) {
            guard slot != Slot.null, slot <= UInt64(marked.count) else { return }
            let address = Int(slot &- 1)
            guard exceptions.isLive(address), !marked[address] else { return }
            marked[address] = true
            pending.append(address)
        }
        for k in 0..<min(liveSlots, stackBuffer.count) { mark(stack[k]) }
        if let exception = pendingException.pointee { mark(Slot.reference(UInt64(exception))) }
        for instance in instances {
            for global in instance.globals where global.type.value.top == .exception { mark(global.storage.pointee) }
            for table in instance.tables where table.type.element.top == .exception {
                for element in table.elements { mark(element) }
                mark(table.tail)
            }
        }
        // An exnref may sit in a struct's or array's field: every live object's fields count (an object the GC
        // would collect keeps its exceptions until it does).
        for address in 0..<gcHeap.capacity where gcHeap.isLive(address) {
            for value in gcHeap[address].fields { mark(value) }
        }
        while let address = pending.popLast() {
            let exception = exceptions[address]
            for (value, type) in zip(exception.payload, tags[exception.tag].parameters) where type.top == .exception { mark(value) }
        }
        exceptions.releaseUnmarked(marked)
    }
}
