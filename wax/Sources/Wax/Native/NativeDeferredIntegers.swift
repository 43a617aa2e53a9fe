import WaxNative

/// An integer temporary left in a pool register and out of its slot for its one reader further on, as f64
/// temporaries stay in SSE registers (`NativeFunctionCompiler.deferred`): a store and a load (or a memory operand)
/// less, and the producer often computes straight into the register. The register holds exactly the 64 bits the
/// slot would have been given.
///
/// The slot is an operand stack temporary (read once), and `integerReader` proves that the code runs straight on
/// to the reader through instructions that neither name the slot nor call out, so that nothing else reads it and
/// only templates that leave the pool alone run in between (`bind` takes no deferred register). Should a template
/// ask for the slot's address after all, the instruction is compiled again after the store
/// (`compileAfterUnstoredResult`), so that a read from memory is always correct.
struct NativeDeferredInteger {
    var slot: Int32
    var register: GPR
    /// Whether the register's upper 32 bits are zero (an i32 computed in a 32-bit register).
    var upperZero: Bool
    /// The position of the instruction that reads it.
    var reader: Int
    /// The position of the instruction that produced it.
    var producer: Int
}

extension NativeFunctionCompiler {
    /// The register holding slot `index` for the instruction being compiled when it is a deferred integer that
    /// this instruction reads.
    func deferredIntegerOperand(_ index: Int32) -> NativeDeferredInteger? {
        deferredIntegers.first { $0.reader == compiling && $0.slot == index }
    }

    /// The position of the one instruction that reads the integer the instruction at `position` writes to
    /// `slot`, when it may stay in a pool register until then (see `NativeDeferredInteger`): an integer
    /// operation, compare, load or store reading it through the fields it reads slots from (`straightReader`).
    func integerReader(of slot: Int32, at position: Int) -> Int? {
        straightReader(of: slot, at: position) { op, inst in Self.readsInteger(op, inst, slot) }
    }

    /// The position of the first instruction after `position` that names `slot`, a temporary (an operand stack
    /// slot, read once) written there, when the code runs straight on to it through instructions that do not name
    /// it and run no callout (loads, stores, integer and f64 arithmetic, compares, copies: `passesDeferred`) and
    /// `reads` says it reads the slot from a register; nil otherwise, or when the next instruction reads the
    /// result from the accumulator. What deferred integers and f64s (`deferredReader`) both ask.
    func straightReader(of slot: Int32, at position: Int, _ reads: (Op, Inst) -> Bool) -> Int? {
        guard !resultDies, slot >= firstTemporary else { return nil }
        for next in position + 1..<min(end, position + 32) {
            if branchTargets[next - entry] { return nil }
            let inst = module.code.base[next]
            let op = inst.op.withoutAccumulator
            guard inst.a != slot && inst.b != slot && inst.c != slot else { return reads(op, inst) ? next : nil }
            guard Self.passesDeferred[Int(op.rawValue)] else { return nil }
        }
        return nil
    }

    /// `integerReader` of the result of the instruction being compiled (slot a).
    mutating func readerOfResult() -> Int? {
        if resultReader.position != compiling {
            resultReader = (compiling, integerReader(of: current.a, at: compiling))
        }
        return resultReader.reader
    }

    /// The instructions a deferred integer or f64 may pass on the way to its reader (`straightReader`), by
    /// `Op.rawValue`: a flat table, asked for up to 31 instructions for each result.
    static let passesDeferred: [Bool] = {
        var ops: [Op] = []
        while let op = Op(rawValue: UInt16(ops.count)) { ops.append(op) }
        return ops.map { op in
            loadKind(op) != nil || storeWidth(op) != nil || aluOperation(op) != nil || shift(op) != nil
                || comparison(op) != nil || op == .copy || floatArithmetic(op) != nil
        }
    }()

    /// Whether instruction `inst` (`op` without its accumulator form) reads `slot` only through fields that
    /// name operand slots, with a template that takes such operands from their registers (`cachedGPR`).
    static func readsInteger(_ op: Op, _ inst: Inst, _ slot: Int32) -> Bool {
        if aluOperation(op) != nil || comparison(op) != nil || shift(op) != nil || op == .i32Mul || op == .i64Mul {
            return inst.b == slot || inst.c == slot
        }
        let indexed = indexedOps.contains(op)
        if loadKind(op) != nil {
            return inst.b == slot || indexed && inst.c == slot
        }
        if storeWidth(op) != nil {
            return indexed || inst.c != slot
        }
        // Not a copy: local.tee's may leave the value in its stack slot for a reader after it (past 64 operands).
        return false
    }

    /// A pool register for the integer result of the instruction being compiled, to leave it out of its slot
    /// for its one reader further on (`deferredIntegers`), now reserved for it; nil when the result is to be
    /// stored. `operand`'s register when that operand is a deferred integer this instruction reads (it is free
    /// once read: the result is computed in place there), else one that holds no deferred integer, no operand of
    /// the instruction and not the accumulator, an unbound one first.
    mutating func deferInteger(inPlaceOf operand: Int32? = nil) -> GPR? {
        let slot = current.a
        guard !integerDeferralOff, let reader = readerOfResult() else { return nil }
        let register: GPR
        if let operand, let found = deferredIntegerOperand(operand) {
            register = found.register
        } else {
            guard let found = takeFreePoolRegister() else { return nil }
            register = found
        }
        deferredIntegers.append(NativeDeferredInteger(slot: slot, register: register, upperZero: false,
                                                      reader: reader, producer: compiling))
        return register
    }

    /// A pool register that holds no deferred integer, no operand of the instruction and not the accumulator, an
    /// unbound one first (else the least recently bound), now unbound; nil when there is none.
    mutating func takeFreePoolRegister() -> GPR? {
        let current = current, accumulator = available?.gpr, boundResult = boundResult
        func isFree(_ candidate: GPR) -> Bool {
            candidate != accumulator && candidate != boundResult && !deferredIntegers.contains { $0.register == candidate }
                && !bindings.contains { bound in
                    bound.register == candidate
                        && (bound.slot == current.a || bound.slot == current.b || bound.slot == current.c)
                }
        }
        guard let register = Self.bindingPool.first(where: { candidate in
            isFree(candidate) && !bindings.contains { $0.register == candidate }
        }) ?? bindings.first(where: { isFree($0.register) })?.register else { return nil }
        bindings.removeAll { $0.register == register }
        return register
    }

    /// A pool register for the integer result of the instruction being compiled when it is a local that the
    /// code after reads again from its slot (`readAgain`): computed there, stored and bound to the local
    /// (`storeResult`), so that the read comes from the register. matmul's `local.tee` of an element's offset,
    /// read again as the base of the next loads, saved a load per iteration. Nil otherwise.
    mutating func bindResult() -> GPR? {
        guard !integerDeferralOff, !resultDies, current.a < firstTemporary, home(current.a) == nil,
              readAgain(current.a, after: compiling),
              let register = takeFreePoolRegister() else { return nil }
        boundResult = register
        return register
    }

    /// Whether an instruction after `position` reads local `slot` from its slot (or its binding) before
    /// anything writes it, in the few instructions that run straight on from there (no branch lands, no
    /// callout: `passesDeferred`). Not the next one's read from the accumulator, which needs no binding.
    func readAgain(_ slot: Int32, after position: Int) -> Bool {
        let passes = Self.passesDeferred
        for next in position + 1..<min(end, position + 16) {
            if branchTargets[next - entry] { return false }
            let inst = module.code.base[next]
            let op = inst.op.withoutAccumulator
            guard passes[Int(op.rawValue)] else { return false }
            guard inst.a == slot || inst.b == slot || inst.c == slot else { continue }
            if Self.storeWidth(op) != nil { return true }
            // A copy reads all 64 bits, which an i32 binding does not serve.
            let fromAccumulator = next == position + 1 && inst.op != op
            if !fromAccumulator && op != .copy && (inst.b == slot || inst.c == slot) { return true }
            if inst.a == slot { return false }
        }
        return false
    }

    /// The register reserved for the result of the instruction being compiled (`deferInteger`), if any.
    var reservedInteger: GPR? {
        guard let last = deferredIntegers.last, last.producer == compiling else { return nil }
        return last.register
    }

    /// Stores a deferred integer of an earlier instruction that the one being compiled does not read, to take
    /// its register for a binding when every other pool register is busy; nil when there is none. (No binding
    /// is ever in a deferred integer's register.)
    mutating func spillDeferredInteger() -> GPR? {
        let accumulator = available?.gpr
        guard let index = deferredIntegers.firstIndex(where: { deferred in
            deferred.reader != compiling && deferred.producer != compiling && deferred.register != accumulator
        }) else { return nil }
        let spilled = deferredIntegers.remove(at: index)
        // Not `slot(_:)`: a write, which the watch for reads of unstored slots must not count.
        asm.mov(.qword, Address(frame, spilled.slot * 8), spilled.register)
        return spilled.register
    }

    /// Stores every deferred integer to its slot and forgets it (an instruction read one from memory).
    mutating func storeDeferredIntegers() {
        for deferred in deferredIntegers {
            asm.mov(.qword, Address(frame, deferred.slot * 8), deferred.register)
        }
        deferredIntegers.removeAll()
    }
}
