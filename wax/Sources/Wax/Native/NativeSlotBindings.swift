import WaxNative

/// A slot whose value a pool register holds from a read of it (write-through, as `NativeResult`: the slot keeps
/// the value, so forgetting a binding is always correct). Loaded as `mov size register, [slot]` gives it: an i32
/// binding (32-bit load) has its upper half zero and serves 32-bit reads only; an i64 one holds the slot's 64 bits.
///
/// The accumulator (`NativeResult`) carries a value only to the next instruction; a binding lasts while the code
/// runs straight on, so that a local read again (an address base, a loop bound) comes from its register: a base
/// bound to a register is the index of the access itself (`[r13 + register + offset]`), one instruction less per
/// access. Bindings are made only where the read costs the same into a pool register as into a scratch one, and
/// they are forgotten where the registers or the slots may change unseen:
/// - at every branch target (`branchTargets`): another path arrives there;
/// - after calls and callouts (`forgetBindings`), which clobber the pool and may write any slot;
/// - for a slot the instruction wrote: one whose address a template asked for (`slot(_:)`, a read of memory
///   or a write; `SlotWatch.addressed`), its result's (`computed`) and a held load's, at the instruction's end.
/// The interruption check's slow path loads them again after its callout.
struct NativeBinding {
    var slot: Int32
    var register: GPR
    var size: IntSize
}

extension NativeFunctionCompiler {
    /// The registers bindings use: no template writes them but calls' (`readClock`, `callDirect`), after which
    /// every binding is forgotten.
    static let bindingPool: [GPR] = [.rsi, .rdi, .r8, .r9, .r10, .r11]

    /// The register bound to slot `index` that serves a read of `size`, if any.
    func binding(_ index: Int32, _ size: IntSize) -> NativeBinding? {
        guard let found = bindings.first(where: { $0.slot == index }) else { return nil }
        return size == .i32 || found.size == .i64 ? found : nil
    }

    /// A pool register loaded with slot `index` as `mov size register, [slot]` gives it, now bound to it. It is
    /// the least recently bound register but those bound to the instruction's operand slots (which the template
    /// may have taken already) and the accumulator's.
    mutating func bind(_ index: Int32, _ size: IntSize) -> GPR {
        // A read of the slot from memory: the watch for reads of an unstored slot must see it (see `slot`).
        if index == unstoredReads.slot { unstoredReads.touched = true }
        if deferredIntegers.contains(where: { $0.slot == index }) { unstoredReads.deferredTouched = true }
        // A home's slot is stale: the watch has it synced (`compileAfterUnstoredResult`), and the binding goes.
        if home(index) != nil { unstoredReads.addressed.append(index) }
        noteAddressed(index)
        // Busy: the accumulator's register, and those bound to the instruction's operand slots (no array built:
        // this runs for every bound read the compiler makes).
        let current = current, accumulator = available?.gpr
        func isBusy(_ register: GPR) -> Bool {
            register == accumulator || bindings.contains { bound in
                bound.register == register
                    && (bound.slot == current.a || bound.slot == current.b || bound.slot == current.c)
            }
        }
        // Deferred integers' registers are not the pool's to take (one not read here is stored to free one).
        let deferredIntegers = deferredIntegers
        let boundResult = boundResult
        let register = Self.bindingPool.first { candidate in
            !isBusy(candidate) && candidate != boundResult && !bindings.contains { $0.register == candidate }
                && !deferredIntegers.contains { $0.register == candidate }
        } ?? bindings.first { !isBusy($0.register) }?.register ?? spillDeferredInteger()!
        bindings.removeAll { $0.register == register || $0.slot == index }
        asm.mov(size, register, Address(frame, index * 8))
        bindings.append(NativeBinding(slot: index, register: register, size: size))
        return register
    }

    /// Slot a = slot b, all 64 bits, stored from the register slot b is cached in. When that register is slot b's
    /// (i64) binding, slot a is bound to it too: a rename, for free. sha256's rounds rotate eight locals through
    /// seven copies, and a local copied from one that an earlier copy of the round bound is stored in one
    /// instruction rather than a load and a store. So an unbound local copied to a local is read into a pool
    /// register (bound to both) rather than rax, at the same cost, unless the next instruction reads the copy
    /// from the accumulator to compute in it (in rax or rcx, where it would first move it from the pool
    /// register; a shift by a constant moves it to its own register anyway), or a deferred integer would have to
    /// be stored to free a pool register.
    mutating func copy(_ inst: Inst, at position: Int) {
        // To a home (`NativeF64Locals`), from wherever slot b is; from a home, straight from its register.
        if let target = home(inst.a) {
            loadFloat(.double, target, inst.b)
            computed = NativeResult(slot: inst.a, xmm: target, xmmIsWholeSlot: true)
            if homesSynced { asm.movs(.double, slot(inst.a), target) }
            return
        }
        if let source = home(inst.b) {
            computed = NativeResult(slot: inst.a, xmm: source, xmmIsWholeSlot: true, stored: false)
            if !resultDies { storeComputed() }
            return
        }
        if let cached = cachedGPR(inst.b) {
            storeResult(cached, inst.a, upperZero: available?.upperZero == true)
            computed?.xmm = available?.xmm
            computed?.xmmIsWholeSlot = available?.xmmIsWholeSlot == true
            if let bound = binding(inst.b, .i64), bound.register == cached { keepCopy(bound) }
        } else if let cached = cachedXMM(inst.b), available?.xmmIsWholeSlot == true {
            asm.movs(.double, slot(inst.a), cached)
            computed = NativeResult(slot: inst.a, xmm: cached, xmmIsWholeSlot: true)
        } else if inst.a < firstTemporary, !readsAccumulator(at: position + 1),
                  deferredIntegers.count + 3 <= Self.bindingPool.count {
            let register = bind(inst.b, .i64)
            storeResult(register, inst.a, upperZero: false)
            keepCopy(NativeBinding(slot: inst.b, register: register, size: .i64))
        } else {
            load(.i64, .rax, inst.b)
            storeResult(.rax, inst.a, upperZero: false)
        }
    }

    /// Binds the copy's slot a to the register of `source`, slot b's binding, once the instruction is compiled
    /// (`copyBinding`): when slot a was stored from it.
    private mutating func keepCopy(_ source: NativeBinding) {
        guard let result = computed, result.stored, result.gpr == source.register else { return }
        copyBinding = NativeBinding(slot: current.a, register: source.register, size: source.size)
    }

    /// Whether the instruction at `position` reads the result of the one before from the accumulator, but for a
    /// shift by a constant.
    func readsAccumulator(at position: Int) -> Bool {
        guard position < end else { return false }
        let inst = module.code.base[position]
        if Self.shift(inst.op.withoutAccumulator) != nil && constant(inst.c) != nil { return false }
        return inst.op != inst.op.withoutAccumulator || inst.op == .retAccumulator
    }

    /// A register holding slot `index` zero-extended from 32 bits, without an instruction: the accumulator's
    /// when it is such, else an i32 binding. Nil when neither is.
    func zeroExtendedRegister(_ index: Int32) -> GPR? {
        if available?.slot == index { return available?.upperZero == true ? available?.gpr : nil }
        if let deferred = deferredIntegerOperand(index) { return deferred.upperZero ? deferred.register : nil }
        guard let found = binding(index, .i32), found.size == .i32 else { return nil }
        return found.register
    }

    /// Forgets every binding: the pool registers or any slot may have changed (a call, a callout, a label).
    mutating func forgetBindings() {
        bindings.removeAll()
    }

    /// Forgets the bindings of the slots the instruction just compiled may have written (see `NativeBinding`).
    /// It runs after every instruction: no array is built, and `bindings` is written only when one goes (built
    /// arrays made it 16% of the native compiler's instructions under callgrind of `wax compile`, 10% now).
    mutating func forgetWrittenBindings() {
        for index in unstoredReads.addressed { noteAddressed(index) }
        if !bindings.isEmpty {
            let result = computed?.slot, loaded = held?.result.slot, watch = unstoredReads
            func written(_ bound: NativeBinding) -> Bool {
                bound.slot == result || bound.slot == loaded || watch.addressed.contains(bound.slot)
            }
            if bindings.contains(where: written) { bindings.removeAll(where: written) }
        }
        unstoredReads.addressed.removeAll(keepingCapacity: true)
    }

    /// Notes that the code reads (or writes) slot `index` through its address, for `unreadConstants`.
    mutating func noteAddressed(_ index: Int32) {
        let offset = Int(index) - Int(body.imageSlot)
        if offset >= 0 && offset < imageSlotsAddressed.count { imageSlotsAddressed[offset] = true }
    }

    /// The image indices, in order, of the frame image's constants that no code read from their slots (every
    /// read of them an immediate), which the prologue need not write; none when a callout may read the frame. A
    /// zero entry is never one: it may be a local (`constant`).
    func unreadConstants() -> [Int] {
        guard !frameReadByCallout else { return [] }
        return (0..<Int(body.imageCount)).filter {
            constant(body.imageSlot + Int32($0)) != nil && !imageSlotsAddressed[$0]
        }
    }

    /// Loads every binding in `bindings` again from its slot, after a callout that clobbered the pool.
    mutating func reload(_ bindings: [NativeBinding]) {
        for bound in bindings { asm.mov(bound.size, bound.register, Address(frame, bound.slot * 8)) }
    }
}
