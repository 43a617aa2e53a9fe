/// Throwing and catching exceptions in the interpreter. A throw looks for a handler in the running function's
/// try_tables, then in its callers' at their calls, popping frames on the way; an exception no frame of the run
/// catches ends the run as `Trap.exception`, which a host function calling in may pass on to its own wasm caller
/// (where `call` turns it back into a pending exception).
extension Store {
    /// The exception thrown by `throw` (tag a, payload from slot b on) or `throw_ref` (the reference in slot a).
    @inline(never)
    func raise(_ i: Inst, _ fp: UnsafeMutablePointer<UInt64>, _ ctx: ExecutionContext) throws(Trap) -> Int {
        if i.op == .throwRef {
            let reference = fp[Int(i.a)]
            guard reference != Slot.null else { throw .nullReference }
            // Only the embedder can forge a reference (an argument of its own making): it does not get through.
            guard exceptions.isLive(Int(reference &- 1)) else { throw .host("exnref to no exception") }
            return Int(reference &- 1)
        }
        let instance = ctx.instance.object
        let tag = instance.tags[Int(i.a)]
        let parameters = tags[tag].parameters
        let first = fp + Int(i.b)
        // SAFETY: the payload is the slots the compiler put the tag's parameters in, inside this frame.
        var payload = Array(UnsafeBufferPointer(start: first, count: parameters.count))
        for (k, type) in parameters.enumerated() where type == .v128 { payload.append(shadow(first + k).pointee) }
        let liveSlots = first + parameters.count - stack
        guard room(for: ExceptionHeap.bytes(payloadCount: payload.count), in: exceptions, liveSlots: liveSlots) else {
            throw .exceptionsExhausted
        }
        return try allocate(liveSlots: liveSlots) { () throws(Trap) in
            try exceptions.allocate(tag: tag, payload: payload)
        }
    }

    /// Throws `i` (at `ip`), or the exception the host function called at `pendingSite` ended with (`i` is then
    /// `throwPending`): returns the handler to go on at when it is in the throwing function. A handler further up
    /// is noted as the `resumption` of the run, and the instruction returned leaves the interpreter loop (a `ret`
    /// to a frame that returns to nothing), which `run` starts again there.
    func throwException(_ i: Inst, ip: UnsafeMutablePointer<Inst>, fp: UnsafeMutablePointer<UInt64>, depth: Int,
                        _ ctx: inout ExecutionContext) throws(Trap) -> UnsafeMutablePointer<Inst> {
        let handler: (ip: UnsafeMutablePointer<Inst>, fp: UnsafeMutablePointer<UInt64>, depth: Int)
        if i.op == .throwPending, let exception = pendingException.pointee, let site = pendingSite {
            pendingException.pointee = nil
            handler = try unwind(exception, ip: site, fp: fp, depth: depth, &ctx)
        } else {
            handler = try unwind(try raise(i, fp, ctx), ip: ip, fp: fp, depth: depth, &ctx)
        }
        if handler.depth == depth { return handler.ip }
        resumption = Resumption(ip: handler.ip, fp: handler.fp, depth: handler.depth, instance: ctx.instance.object)
        // The thrower's caller is gone: its frame below the handler's is free to say "return to nothing".
        frames[depth - 1] = Frame(returnAddress: nil, fp: fp, instance: ctx.identity)
        return leaveInstruction
    }

    /// After a host function called at `site` ended with an exception: the instruction that throws it on, with
    /// the site kept for the handler search, so that the interpreter loop unwinds in one place.
    @inline(never)
    func pendingThrow(at site: UnsafeMutablePointer<Inst>) -> UnsafeMutablePointer<Inst> {
        pendingSite = site
        return pendingThrowInstruction
    }

    /// Where the run continues after `exception` was thrown at `ip`: the handler's target, with its frame and
    /// call depth (and `ctx` switched to its instance); the payload and the reference are in the label's slots.
    @inline(never)
    func unwind(_ exception: Int, ip: UnsafeMutablePointer<Inst>, fp: UnsafeMutablePointer<UInt64>, depth: Int,
                _ ctx: inout ExecutionContext) throws(Trap)
        -> (ip: UnsafeMutablePointer<Inst>, fp: UnsafeMutablePointer<UInt64>, depth: Int) {
        let thrown = exceptions[exception]
        var position = ip - ctx.code, fp = fp, depth = depth
        while true {
            let instance = ctx.instance.object
            if let clause = instance.module.handlers.handler(at: position, tag: thrown.tag, tags: instance.tags) {
                if clause.tag != Catch.anyTag {
                    let slot = fp + Int(clause.slot)
                    thrown.forEachValue(tags[thrown.tag].parameters) { k, low, high in
                        slot[k] = low
                        if let high { shadow(slot + k).pointee = high }
                    }
                }
                if clause.passesReference {
                    fp[Int(clause.referenceSlot)] = Slot.reference(UInt64(exception))
                    exceptions.markReferenced(exception)
                } else {
                    exceptions.releaseIfUnreferenced(exception)
                }
                ctx.refreshMemory()
                return (ctx.code + Int(clause.target), fp, depth)
            }
            depth -= 1
            let frame = frames[depth]
            guard let back = frame.returnAddress else {
                exceptions.markReferenced(exception)
                throw .exception(exception)
            }
            fp = frame.fp
            if frame.instance != ctx.identity {
                ctx = ExecutionContext(Unmanaged<Instance>.fromOpaque(frame.instance).takeUnretainedValue())
            }
            // The caller's call instruction (its last word) is where the search goes on.
            position = back - 1 - ctx.code
        }
    }

    /// Adds a tag (an exception type: its parameters are the payload) that modules can import.
    public func tag(type: FunctionType) -> TagHandle {
        tags.append(type)
        tagTypeIds.append(types.register(plain: type))
        return TagHandle(address: tags.count - 1, type: type)
    }

    /// The tag and payload of an exception an invocation ended with (`Trap.exception`).
    public func exception(at address: Int) -> (tag: TagHandle, payload: [Value])? {
        guard exceptions.isLive(address) else { return nil }
        let exception = exceptions[address]
        let type = tags[exception.tag]
        var payload: [Value] = []
        exception.forEachValue(type.parameters) { k, low, high in
            payload.append(Value(slot: low, shadow: high ?? 0, type: type.parameters[k]))
        }
        return (TagHandle(address: exception.tag, type: type), payload)
    }
}

extension Exception {
    /// Calls `body` with each value of the payload (the tag's `parameters`): its index, its slot, and for a v128 its
    /// high half, which the payload keeps after the slots, in order.
    func forEachValue(_ parameters: [ValueType], _ body: (Int, UInt64, UInt64?) -> Void) {
        var high = parameters.count
        for (k, type) in parameters.enumerated() {
            if type == .v128 {
                body(k, payload[k], payload[high])
                high += 1
            } else {
                body(k, payload[k], nil)
            }
        }
    }
}

/// Where a run goes on after a throw its own frames catch: the handler, its frame and call depth, and its instance.
struct Resumption {
    let ip: UnsafeMutablePointer<Inst>
    let fp: UnsafeMutablePointer<UInt64>
    let depth: Int
    let instance: Instance
}

/// A tag of a store, as handed to the embedder: pass it as an import, or compare it with an exception's.
public struct TagHandle: Equatable {
    public let address: Int
    public let type: FunctionType
}
