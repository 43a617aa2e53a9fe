import WaxNative

/// Where the value an instruction just wrote to its slot a is still held in registers when its code ends. Stores
/// stay (write-through): the slot has the value too, so a consumer may read either, and forgetting a register is
/// correct. The exception is a result only the next instruction reads (`Module.accumulatorDies`): its store is left
/// out (`stored` false), and when the reader's template asks for the slot's address after all, the reader is
/// compiled again after the store (`compileAfterUnstoredResult`).
///
/// The next instruction may read the register only when Wax's translation proves that no branch lands between
/// the two: it then names the operand in an accumulator variant (`Op.readingAccumulator`), exactly as the
/// interpreter relies on its accumulator. Labels, calls, callouts and every other instruction that does not
/// produce a value this way therefore leave nothing to reuse, with no analysis of their own. One pattern reaches
/// two instructions on, with a scan of the function's branch targets: a qword load whose f64 the arithmetic after
/// the next load reads (`holdsForReaderAfterNext`, `NativeFunctionCompiler.held`).
struct NativeResult {
    /// The slot written.
    var slot: Int32
    /// A general register holding the slot's 64 bits.
    var gpr: GPR?
    /// Whether `gpr`'s upper 32 bits are zero (an i32 computed in a 32-bit register), so that it is already the
    /// zero-extended value a 32-bit load of the slot would give.
    var upperZero = false
    /// An SSE register whose low element is the float in the slot.
    var xmm: XMM?
    /// Whether `xmm`'s low 64 bits are the slot's 64 bits (an f64), so that an 8-byte store of it is the slot.
    var xmmIsWholeSlot = false
    /// Whether the slot holds the value (false: only the registers do, see above).
    var stored = true
}

extension NativeFunctionCompiler {
    /// The general register holding slot `index` for a read of `size` by the instruction being compiled, if any:
    /// the accumulator's, else a binding's (`NativeBinding`).
    func cachedGPR(_ index: Int32, _ size: IntSize = .i64) -> GPR? {
        if available?.slot == index { return available?.gpr }
        if !deferredIntegers.isEmpty, let deferred = deferredIntegerOperand(index) { return deferred.register }
        return binding(index, size)?.register
    }

    /// The SSE register holding the float in slot `index` for the instruction being compiled, if any.
    func cachedXMM(_ index: Int32) -> XMM? {
        if !homes.isEmpty, let register = home(index) { return register }
        if available?.slot == index { return available?.xmm }
        if heldOperand?.slot == index { return heldOperand?.xmm }
        return deferredOperand(index)
    }

    /// The SSE register of the f64 left out of slot `index` for the instruction being compiled (`deferred`).
    func deferredOperand(_ index: Int32) -> XMM? {
        deferred.first { $0.reader == compiling && $0.result.slot == index }?.result.xmm
    }

    /// Notes that `register` is about to be overwritten by something other than the cached value.
    mutating func clobber(_ register: GPR) {
        if available?.gpr == register { available?.gpr = nil }
    }

    mutating func clobber(_ register: XMM) {
        if available?.xmm == register { available?.xmm = nil }
        if heldOperand?.xmm == register { heldOperand?.xmm = nil }
    }

    /// `register` = slot `index` as `mov size register, [slot]` gives it (an i32 zero-extended), from the cached
    /// register when there is one (often with no instruction at all). Read every cached operand before writing a
    /// register it may be in: the cache describes the registers as the instruction found them.
    mutating func load(_ size: IntSize, _ register: GPR, _ index: Int32) {
        if let cached = cachedGPR(index, size) {
            if cached != register {
                asm.mov(size, register, cached)
            } else if size == .i32 && available?.upperZero != true {
                asm.mov(.i32, register, register)
                clobber(register)
            }
            return
        }
        clobber(register)
        asm.mov(size, register, slot(index))
    }

    /// A register holding slot `index` as `load` gives it (for reading only): its cached register, or one loaded
    /// with it (a pool register bound to it, `fallback` when it is the unstored accumulator's slot).
    mutating func register(holding index: Int32, _ size: IntSize, else fallback: GPR) -> GPR {
        if let cached = cachedGPR(index, size), cached != fallback { return cached }
        if available?.slot == index {
            load(size, fallback, index)
            return fallback
        }
        return bind(index, size)
    }

    /// `register` = `register` `operation` slot `index`: an immediate when it is a constant that fits, else read
    /// from its cached register when there is one, else from the slot.
    mutating func alu(_ operation: ALUOp, _ size: IntSize, _ register: GPR, withSlot index: Int32) {
        if let bits = constant(index), let value = size == .i32 ? Int32(truncatingIfNeeded: bits) : Int32(exactly: bits) {
            asm.alu(operation, size, register, imm: value)
        } else if let cached = cachedGPR(index, size) {
            asm.alu(operation, size, register, cached)
        } else {
            asm.alu(operation, size, register, slot(index))
        }
    }

    /// `register` = the float in slot `index` (its low element; the rest of the register is left undefined).
    mutating func loadFloat(_ precision: FloatPrecision, _ register: XMM, _ index: Int32) {
        if let cached = cachedXMM(index) {
            if cached != register { asm.movs(precision, register, cached) }
            return
        }
        clobber(register)
        if let cached = cachedGPR(index, precision == .single ? .i32 : .i64) {
            asm.mov(precision == .single ? .i32 : .i64, register, cached)
        } else {
            asm.movs(precision, register, slot(index))
        }
    }

    /// Stores the float in `register` to slot `index` as the instruction's result (an f32 zero-extended through
    /// eax, as the interpreter stores it; an f64 straight from the register), and remembers it.
    /// With a `reader`, an f64 is left out of its slot for that reader (`deferred`).
    mutating func storeFloat(_ precision: FloatPrecision, _ register: XMM, _ index: Int32, reader: Int? = nil) {
        if precision == .single {
            asm.mov(.i32, .rax, register)
            computed = NativeResult(slot: index, gpr: .rax, upperZero: true, xmm: register, stored: false)
        } else {
            computed = NativeResult(slot: index, xmm: register, xmmIsWholeSlot: true, stored: false)
        }
        if let reader, let result = computed {
            deferred.append((result, reader))
        } else if !resultDies || home(index) != nil {
            storeComputed()
        }
    }

    /// Where the f64 arithmetic being compiled computes: in its result's home (`NativeF64Locals`) unless the
    /// second operand is there and the first is not (loading the first would overwrite it); in place in its
    /// first operand's register when that operand is left in xmm2 on for it alone (the accumulator, `held` or
    /// `deferred`: no later instruction reads that register; never a home); else in a free register of xmm2 on,
    /// so that the next instruction may compute in place there in turn; nil when none is free (xmm0 or xmm1, as
    /// the caller picks).
    func f64ResultRegister(_ inst: Inst) -> XMM? {
        if let target = home(inst.a), cachedXMM(inst.c) != target || cachedXMM(inst.b) == target { return target }
        if let register = cachedXMM(inst.b), register.rawValue >= 2, !isHome(register) { return register }
        return freeSSERegister(besides: cachedXMM(inst.c))
    }

    /// A register of xmm2 on that holds nothing the code reads later (nor `besides`), if any: no template uses
    /// those registers but for these values.
    func freeSSERegister(besides: XMM? = nil) -> XMM? {
        XMM.allCases.dropFirst(2).first { register in
            register != besides && register != available?.xmm && register != heldOperand?.xmm
                && register != held?.result.xmm && !deferred.contains { $0.result.xmm == register }
                && !isHome(register)
        }
    }

    /// The position of the one instruction that reads the f64 that the instruction at `position` (f64
    /// arithmetic or a qword load) writes to `slot`, when it may stay in an SSE register until then
    /// (`straightReader`): f64 arithmetic, whose operands come from their registers (`cachedXMM`).
    func deferredReader(of slot: Int32, at position: Int) -> Int? {
        straightReader(of: slot, at: position) { op, inst in
            guard let (operation, precision) = Self.floatArithmetic(op) else { return false }
            return precision == .double && (inst.b == slot || operation != .sqrt && inst.c == slot)
        }
    }

    /// Loads `result`'s registers from its slot again, after a callout that may have changed them: the slot has
    /// the same value (written through), as 64 bits (an i32 zero-extended) or the float in its low bits.
    mutating func reload(_ result: NativeResult) {
        if let gpr = result.gpr { asm.mov(.i64, gpr, slot(result.slot)) }
        if let xmm = result.xmm { asm.movs(result.xmmIsWholeSlot ? .double : .single, xmm, slot(result.slot)) }
    }

    /// Stores `register` to slot `index` as the instruction's result, and remembers it there for the next one.
    /// An integer result left for its reader further on goes to a pool register instead (`deferInteger`): the
    /// one the template computed it in when it reserved one.
    mutating func storeResult(_ register: GPR, _ index: Int32, upperZero: Bool) {
        if index == current.a, let bound = boundResult, bound == register {
            computed = NativeResult(slot: index, gpr: register, upperZero: upperZero, stored: false)
            storeComputed()
            copyBinding = NativeBinding(slot: index, register: register, size: upperZero ? .i32 : .i64)
            return
        }
        if index == current.a, let target = reservedInteger ?? deferInteger() {
            if target != register { asm.mov(.i64, target, register) }
            deferredIntegers[deferredIntegers.count - 1].upperZero = upperZero
            computed = NativeResult(slot: index, gpr: target, upperZero: upperZero, stored: false)
            return
        }
        computed = NativeResult(slot: index, gpr: register, upperZero: upperZero, stored: false)
        if !resultDies || home(index) != nil { storeComputed() }
    }

    /// Writes `computed` to its slot (from its general register, else its f64's SSE register), or to its home
    /// (`NativeF64Locals`; and to the slot too while the homes the instruction names are synced).
    mutating func storeComputed() {
        guard let result = computed else { return }
        // Not `slot(_:)`: a write, which the watch for reads of an unstored slot must not count.
        let address = Address(frame, result.slot * 8)
        if let target = home(result.slot) {
            if let xmm = result.xmm, result.xmmIsWholeSlot {
                if xmm != target { asm.movs(.double, target, xmm) }
            } else if let gpr = result.gpr {
                asm.mov(.i64, target, gpr)
            }
            if homesSynced { asm.movs(.double, address, target) }
            computed?.xmm = target
            computed?.xmmIsWholeSlot = true
            computed?.stored = true
            return
        }
        if let gpr = result.gpr {
            asm.mov(.qword, address, gpr)
        } else if let xmm = result.xmm {
            asm.movs(.double, address, xmm)
        }
        computed?.stored = true
    }

    /// Compiles the instruction at `position` (`compileInstruction`). When the one before left its result out of
    /// its slot and this one's template asks for that slot's address after all (to read it from memory, or to
    /// write it), the code is cut back and compiled again after the store.
    /// Deferred integers (`NativeDeferredInteger`) are watched the same way: when the template asks for one's
    /// address, every one is stored first, and the instruction's own result goes to its slot.
    mutating func compileAfterUnstoredResult(_ inst: Inst, at position: Int) -> Int? {
        let unstored = computed.flatMap { $0.stored ? nil : $0 }
        guard unstored != nil || !deferredIntegers.isEmpty || !homes.isEmpty else {
            return compileInstruction(inst, at: position)
        }
        let start = asm.checkpoint()
        let counts = (traps.count, interruptions.count, faultSites.count, directTraps.count, tailCallees.count)
        let bound = bindings, deferredBefore = deferred, integersBefore = deferredIntegers
        unstoredReads.slot = unstored?.slot
        unstoredReads.touched = false
        unstoredReads.deferredTouched = false
        let width = compileInstruction(inst, at: position)
        unstoredReads.slot = nil
        let synced = homes.isEmpty || width == nil ? [] : homesAddressed()
        guard unstoredReads.touched || unstoredReads.deferredTouched || !synced.isEmpty, width != nil else {
            return width
        }
        asm.rollBack(to: start)
        traps.removeLast(traps.count - counts.0)
        interruptions.removeLast(interruptions.count - counts.1)
        faultSites.removeLast(faultSites.count - counts.2)
        directTraps.removeLast(directTraps.count - counts.3)
        tailCallees.removeLast(tailCallees.count - counts.4)
        bindings = bound
        deferred = deferredBefore
        deferredIntegers = integersBefore
        unstoredReads.addressed.removeAll(keepingCapacity: true)
        computed = unstored
        storeComputed()
        storeDeferredIntegers()
        for (slot, register) in synced { asm.movs(.double, Address(frame, slot * 8), register) }
        integerDeferralOff = true
        homesSynced = !synced.isEmpty
        defer {
            integerDeferralOff = false
            homesSynced = false
        }
        let again = compileInstruction(inst, at: position)
        // It may have written them (in their slots).
        for (slot, register) in synced { asm.movs(.double, register, Address(frame, slot * 8)) }
        return again
    }
}

extension Condition {
    /// The condition on (b, a) that holds exactly when this one holds on (a, b): for a compare whose operands
    /// come in the other order.
    var swappingOperands: Condition {
        switch self {
        case .below: return .above
        case .above: return .below
        case .belowOrEqual: return .aboveOrEqual
        case .aboveOrEqual: return .belowOrEqual
        case .less: return .greater
        case .greater: return .less
        case .lessOrEqual: return .greaterOrEqual
        case .greaterOrEqual: return .lessOrEqual
        default: return self
        }
    }
}

/// One slot watched for reads while an instruction compiles, and every slot whose address it asked for (a class,
/// so that `slot(_:)` marks them without being mutating, inside the assembler calls that use the address).
final class SlotWatch {
    var slot: Int32? = nil
    var touched = false
    /// Whether a deferred integer's slot was asked for (`NativeDeferredInteger`).
    var deferredTouched = false
    /// The slots read from memory or written by the instruction being compiled (`forgetWrittenBindings`).
    var addressed: [Int32] = []
}
