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
            asm.mov(size, .rax, slot(inst.b))
            asm.alu(alu, size, .rax, slot(inst.c))
        } else if let (condition, size) = Self.comparison(op) {
            asm.mov(size, .rcx, slot(inst.b))
            asm.alu(.xor, .i32, .rax, .rax)
            asm.alu(.cmp, size, .rcx, slot(inst.c))
            asm.set(condition, .rax)
        } else if let (shift, size) = Self.shift(op) {
            asm.mov(size, .rax, slot(inst.b))
            asm.mov(.i32, .rcx, slot(inst.c))
            asm.shift(shift, size, .rax)
        } else if let (count, size) = Self.bitCount(op) {
            asm.mov(size, .rax, slot(inst.b))
            asm.bitCount(count, size, .rax, .rax)
        } else if !compileIntegerOther(op, inst) {
            return false
        }
        asm.mov(.qword, slot(inst.a), .rax)
        return true
    }

    /// Multiplication, tests and extensions; the result in rax.
    private mutating func compileIntegerOther(_ op: Op, _ inst: Inst) -> Bool {
        switch op {
        case .i32Mul, .i64Mul:
            let size: IntSize = op == .i32Mul ? .i32 : .i64
            asm.mov(size, .rax, slot(inst.b))
            asm.imul(size, .rax, slot(inst.c))
        case .i32Eqz, .i64Eqz:
            asm.mov(op == .i32Eqz ? .i32 : .i64, .rcx, slot(inst.b))
            asm.alu(.xor, .i32, .rax, .rax)
            asm.test(op == .i32Eqz ? .i32 : .i64, .rcx, .rcx)
            asm.set(.equal, .rax)
        case .i32Extend8S, .i32Extend16S:
            asm.movsx(.i32, .rax, op == .i32Extend8S ? .byte : .word, slot(inst.b))
        case .i64Extend8S, .i64Extend16S:
            asm.movsx(.i64, .rax, op == .i64Extend8S ? .byte : .word, slot(inst.b))
        case .i64Extend32S, .i64ExtendI32S:
            asm.movsxd(.rax, slot(inst.b))
        case .i32WrapI64, .i64ExtendI32U:
            asm.mov(.i32, .rax, slot(inst.b))
        default:
            return false
        }
        return true
    }

    /// Division and remainder through rdx:rax, with WebAssembly's traps checked first: a zero divisor, and the
    /// signed quotient that overflows (MIN / -1); MIN rem -1 is 0 where the hardware would fault.
    private mutating func divide(_ size: IntSize, signed: Bool, remainder: Bool, _ inst: Inst, at site: Int) {
        asm.mov(size, .rax, slot(inst.b))
        asm.mov(size, .rcx, slot(inst.c))
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
        asm.mov(.qword, slot(inst.a), remainder ? .rdx : .rax)
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
