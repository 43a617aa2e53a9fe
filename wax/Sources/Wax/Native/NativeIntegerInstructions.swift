import WaxNative

/// i32 and i64 numeric instructions: slot a = op(slot b) or op(slot b, slot c). An i32 result is computed in a
/// 32-bit register, which zero-extends it, so the slot holds it as the interpreter does.
extension NativeFunctionCompiler {
    mutating func compileInteger(_ op: Op, _ inst: Inst, at position: Int) -> Bool {
        if let (size, signed, remainder) = Self.division(op) {
            divide(size, signed: signed, remainder: remainder, inst, at: position)
            return true
        }
        if let (alu, size) = Self.aluOperation(op) {
            if computeInPlace(alu, size, inst) { return true }
            // A commutative operation on the accumulator as its second operand computes there: no load of the
            // first (unless the first is a deferred integer whose register the deferred result takes).
            if alu != .sub, inst.b != inst.c, accumulatorRegister(inst.b) == nil,
               let register = accumulatorRegister(inst.c),
               deferredIntegerOperand(inst.b) == nil || readerOfResult() == nil {
                self.alu(alu, size, register, withSlot: inst.b)
                storeResult(register, inst.a, upperZero: size == .i32)
                return true
            }
            let result = twoOperands(size, inst)
            self.alu(alu, size, result, withSlot: inst.c)
            storeResult(result, inst.a, upperZero: size == .i32)
        } else if let (condition, size) = Self.comparison(op) {
            compare(condition, size, inst.b, inst.c)
            storeResult(.rax, inst.a, upperZero: true)
        } else if let (shift, size) = Self.shift(op) {
            if let count = constant(inst.c) {
                let result = deferInteger(inPlaceOf: inst.b) ?? bindResult() ?? .rax
                loadOperand(size, result, inst.b)
                asm.shift(shift, size, result, imm: UInt8(count & (size == .i32 ? 31 : 63)))
                storeResult(result, inst.a, upperZero: size == .i32)
                return true
            } else {
                if cachedGPR(inst.c) == .rax {
                    load(.i32, .rcx, inst.c)
                    load(size, .rax, inst.b)
                } else {
                    load(size, .rax, inst.b)
                    load(.i32, .rcx, inst.c)
                }
                asm.shift(shift, size, .rax)
            }
            storeResult(.rax, inst.a, upperZero: size == .i32)
        } else if let (count, size) = Self.bitCount(op) {
            load(size, .rax, inst.b)
            asm.bitCount(count, size, .rax, .rax)
            storeResult(.rax, inst.a, upperZero: size == .i32)
        } else {
            return compileIntegerOther(op, inst)
        }
        return true
    }

    /// The immediate for an add-and-branch computed in its slot (`add dword [slot a], imm`): when it updates slot
    /// a = b by a constant slot c that fits (a loop counter's `+= k`) and does not take b from the accumulator.
    func inPlaceImmediate(_ size: IntSize, _ inst: Inst) -> Int32? {
        guard inst.op == inst.op.withoutAccumulator, inst.a == inst.b, let bits = constant(inst.c) else { return nil }
        return size == .i32 ? Int32(truncatingIfNeeded: bits) : Int32(exactly: bits)
    }

    /// Computes slot a = slot a `operation` slot c (or slot b `operation` slot a, when it commutes) in the slot
    /// itself: `op [slot a], imm` for a constant that fits, else `op [slot a], register` from the operand's cached
    /// register or loaded into eax: one or two instructions for a load, the operation and a store. Not when slot a
    /// is the accumulator read (it may be unstored) or the result dies in a register anyway, nor when slot a is
    /// a deferred integer or the result is to be one (`NativeDeferredInteger`). An i32 slot's upper half stays
    /// zero; the result is left in no register, so a reader of the accumulator reads the slot.
    private mutating func computeInPlace(_ operation: ALUOp, _ size: IntSize, _ inst: Inst) -> Bool {
        guard !resultDies, available?.slot != inst.a, deferredIntegerOperand(inst.a) == nil,
              integerDeferralOff || readerOfResult() == nil else { return false }
        let other: Int32
        if inst.a == inst.b {
            other = inst.c
        } else if inst.a == inst.c, operation != .sub {
            other = inst.b
        } else {
            return false
        }
        if let bits = constant(other),
           let value = size == .i32 ? Int32(truncatingIfNeeded: bits) : Int32(exactly: bits) {
            asm.alu(operation, size, slot(inst.a), imm: value)
        } else {
            asm.alu(operation, size, slot(inst.a), register(holding: other, size, else: .rax))
        }
        return true
    }

    /// Loads slot b of a two-operand instruction into the register its result is computed in: a pool register
    /// when the result is to be deferred (`deferInteger`), else rax, or rcx when the other operand (slot c) is
    /// cached in rax, so that it is read from there rather than reloaded. The operation writes the register
    /// whole: an i32 in it need not be zero-extended first.
    private mutating func twoOperands(_ size: IntSize, _ inst: Inst) -> GPR {
        let result: GPR = deferInteger(inPlaceOf: inst.b) ?? accumulatorRegister(inst.b) ?? bindResult()
            ?? (cachedGPR(inst.c) == .rax && inst.b != inst.c ? .rcx : .rax)
        loadOperand(size, result, inst.b)
        return result
    }

    /// The scratch register the accumulator is in when it is slot `index`: the instruction reading it may
    /// compute there (nothing reads it after).
    func accumulatorRegister(_ index: Int32) -> GPR? {
        guard available?.slot == index, let register = available?.gpr,
              register == .rax || register == .rcx || register == .rdx else { return nil }
        return register
    }

    /// `register` = slot `index`, for an operation of `size` that then writes the register whole: as `load`, but
    /// an i32 already in the register is not zero-extended first.
    mutating func loadOperand(_ size: IntSize, _ register: GPR, _ index: Int32) {
        if cachedGPR(index, size) != register { load(size, register, index) }
    }

    /// eax = 1 when `condition` holds for slots a and b, else 0; from a cached register where there is one.
    mutating func compare(_ condition: Condition, _ size: IntSize, _ a: Int32, _ b: Int32) {
        var (condition, first, second) = (condition, a, b)
        if cachedGPR(a, size) == nil, cachedGPR(b, size) != nil {
            (condition, first, second) = (condition.swappingOperands, b, a)
        }
        let value = cachedGPR(first, size) ?? register(holding: first, size, else: .rcx)
        if value == .rax || cachedGPR(second, size) == .rax {
            // eax cannot be cleared before the compare (it holds an operand): the setcc result is zero-extended
            // after it.
            alu(.cmp, size, value, withSlot: second)
            asm.set(condition, .rax)
            asm.movzx(.rax, .byte, .rax)
        } else {
            asm.alu(.xor, .i32, .rax, .rax)
            alu(.cmp, size, value, withSlot: second)
            asm.set(condition, .rax)
        }
    }

    /// Multiplication, tests and extensions.
    private mutating func compileIntegerOther(_ op: Op, _ inst: Inst) -> Bool {
        switch op {
        case .i32Mul, .i64Mul:
            let size: IntSize = op == .i32Mul ? .i32 : .i64
            let result = twoOperands(size, inst)
            if let cached = cachedGPR(inst.c, size) {
                asm.imul(size, result, cached)
            } else {
                asm.imul(size, result, slot(inst.c))
            }
            storeResult(result, inst.a, upperZero: size == .i32)
            return true
        case .i32Eqz, .i64Eqz:
            let size: IntSize = op == .i32Eqz ? .i32 : .i64
            if let cached = cachedGPR(inst.b), cached == .rax {
                asm.test(size, .rax, .rax)
                asm.set(.equal, .rax)
                asm.movzx(.rax, .byte, .rax)
            } else {
                let value = register(holding: inst.b, size, else: .rcx)
                asm.alu(.xor, .i32, .rax, .rax)
                asm.test(size, value, value)
                asm.set(.equal, .rax)
            }
            storeResult(.rax, inst.a, upperZero: true)
            return true
        case .i32Extend8S, .i32Extend16S:
            asm.movsx(.i32, .rax, op == .i32Extend8S ? .byte : .word, slot(inst.b))
        case .i64Extend8S, .i64Extend16S:
            asm.movsx(.i64, .rax, op == .i64Extend8S ? .byte : .word, slot(inst.b))
        case .i64Extend32S, .i64ExtendI32S:
            asm.movsxd(.rax, slot(inst.b))
        case .i32WrapI64, .i64ExtendI32U:
            load(.i32, .rax, inst.b)
        default:
            return false
        }
        let upperZero = switch op {
        case .i32Extend8S, .i32Extend16S, .i32WrapI64, .i64ExtendI32U: true
        default: false
        }
        storeResult(.rax, inst.a, upperZero: upperZero)
        return true
    }

    /// Division and remainder through rdx:rax, with WebAssembly's traps checked first: a zero divisor, and the
    /// signed quotient that overflows (MIN / -1); MIN rem -1 is 0 where the hardware would fault.
    private mutating func divide(_ size: IntSize, signed: Bool, remainder: Bool, _ inst: Inst, at site: Int) {
        if cachedGPR(inst.c) == .rax {
            load(size, .rcx, inst.c)
            load(size, .rax, inst.b)
        } else {
            load(size, .rax, inst.b)
            load(size, .rcx, inst.c)
        }
        asm.test(size, .rcx, .rcx)
        trap(if: .equal, .integerDivideByZero, at: site)
        let done = asm.makeLabel()
        if signed {
            let ordinary = asm.makeLabel()
            asm.alu(.cmp, size, .rcx, imm: -1)
            asm.j(.notEqual, ordinary)
            if remainder {
                asm.alu(.xor, .i32, .rdx, .rdx)
                asm.jmp(done)
            } else {
                asm.mov(.i64, .rdx, imm: size == .i32 ? Int64(Int32.min) & 0xffff_ffff : Int64.min)
                asm.alu(.cmp, size, .rax, .rdx)
                trap(if: .equal, .integerOverflow, at: site)
            }
            asm.bind(ordinary)
            asm.signExtendAccumulator(size)
            asm.idiv(size, .rcx)
        } else {
            asm.alu(.xor, .i32, .rdx, .rdx)
            asm.div(size, .rcx)
        }
        asm.bind(done)
        storeResult(remainder ? .rdx : .rax, inst.a, upperZero: size == .i32)
    }

    /// The divisions: their size, whether signed, whether the remainder.
    static func division(_ op: Op) -> (IntSize, Bool, Bool)? {
        switch op {
        case .i32DivS: return (.i32, true, false)
        case .i32DivU: return (.i32, false, false)
        case .i32RemS: return (.i32, true, true)
        case .i32RemU: return (.i32, false, true)
        case .i64DivS: return (.i64, true, false)
        case .i64DivU: return (.i64, false, false)
        case .i64RemS: return (.i64, true, true)
        case .i64RemU: return (.i64, false, true)
        default: return nil
        }
    }

    static func aluOperation(_ op: Op) -> (ALUOp, IntSize)? {
        switch op {
        case .i32Add: return (.add, .i32)
        case .i32Sub: return (.sub, .i32)
        case .i32And: return (.and, .i32)
        case .i32Or: return (.or, .i32)
        case .i32Xor: return (.xor, .i32)
        case .i64Add: return (.add, .i64)
        case .i64Sub: return (.sub, .i64)
        case .i64And: return (.and, .i64)
        case .i64Or: return (.or, .i64)
        case .i64Xor: return (.xor, .i64)
        default: return nil
        }
    }

    static func shift(_ op: Op) -> (ShiftOp, IntSize)? {
        switch op {
        case .i32Shl: return (.shl, .i32)
        case .i32ShrS: return (.sar, .i32)
        case .i32ShrU: return (.shr, .i32)
        case .i32Rotl: return (.rol, .i32)
        case .i32Rotr: return (.ror, .i32)
        case .i64Shl: return (.shl, .i64)
        case .i64ShrS: return (.sar, .i64)
        case .i64ShrU: return (.shr, .i64)
        case .i64Rotl: return (.rol, .i64)
        case .i64Rotr: return (.ror, .i64)
        default: return nil
        }
    }

    static func bitCount(_ op: Op) -> (BitCountOp, IntSize)? {
        guard NativeCPU.available.bitCounts else { return nil }
        switch op {
        case .i32Clz: return (.lzcnt, .i32)
        case .i32Ctz: return (.tzcnt, .i32)
        case .i32Popcnt: return (.popcnt, .i32)
        case .i64Clz: return (.lzcnt, .i64)
        case .i64Ctz: return (.tzcnt, .i64)
        case .i64Popcnt: return (.popcnt, .i64)
        default: return nil
        }
    }

    /// The integer comparisons producing a value, as the condition that makes them 1.
    static func comparison(_ op: Op) -> (Condition, IntSize)? {
        switch op {
        case .i32Eq: return (.equal, .i32)
        case .i32Ne: return (.notEqual, .i32)
        case .i32LtS: return (.less, .i32)
        case .i32LtU: return (.below, .i32)
        case .i32GtS: return (.greater, .i32)
        case .i32GtU: return (.above, .i32)
        case .i32LeS: return (.lessOrEqual, .i32)
        case .i32LeU: return (.belowOrEqual, .i32)
        case .i32GeS: return (.greaterOrEqual, .i32)
        case .i32GeU: return (.aboveOrEqual, .i32)
        case .i64Eq: return (.equal, .i64)
        case .i64Ne: return (.notEqual, .i64)
        case .i64LtS: return (.less, .i64)
        case .i64LtU: return (.below, .i64)
        case .i64GtS: return (.greater, .i64)
        case .i64GtU: return (.above, .i64)
        case .i64LeS: return (.lessOrEqual, .i64)
        case .i64LeU: return (.belowOrEqual, .i64)
        case .i64GeS: return (.greaterOrEqual, .i64)
        case .i64GeU: return (.aboveOrEqual, .i64)
        default: return nil
        }
    }
}
