import WaxNative

/// f32 and f64 instructions in SSE registers (a slot holds a float's bits; an f32 result is stored zero-extended
/// through a 32-bit move, as the interpreter stores it). Arithmetic NaNs are the hardware's, which WebAssembly
/// allows (the spec checks canonical or arithmetic NaNs, which x86 gives).
extension NativeFunctionCompiler {
    mutating func compileFloat(_ op: Op, _ inst: Inst) -> Bool {
        if let (scalar, precision) = Self.floatArithmetic(op) {
            let pooled = precision == .double ? f64ResultRegister(inst) : nil
            let reader = pooled == nil ? nil : deferredReader(of: inst.a, at: compiling)
            if scalar == .sqrt {
                let result = pooled ?? .xmm0
                if let cached = cachedXMM(inst.b) {
                    asm.scalar(.sqrt, precision, result, cached)
                } else {
                    asm.scalar(.sqrt, precision, result, slot(inst.b))
                }
                storeFloat(precision, result, inst.a, reader: reader)
                return true
            }
            // In xmm1 when the second operand is cached in xmm0, which the first would overwrite (the operands
            // keep their order: with two NaNs the hardware returns the first's).
            let result: XMM = pooled ?? (cachedXMM(inst.c) == .xmm0 && inst.b != inst.c ? .xmm1 : .xmm0)
            loadFloat(precision, result, inst.b)
            if let cached = cachedXMM(inst.c) {
                asm.scalar(scalar, precision, result, cached)
            } else if let load = foldedLoad, load.reader == compiling, load.slot == inst.c {
                recordFaultSite(load.site)
                asm.scalar(scalar, precision, result, load.address)
            } else {
                asm.scalar(scalar, precision, result, slot(inst.c))
            }
            storeFloat(precision, result, inst.a, reader: reader)
        } else if let (isMinimum, precision) = Self.minimumOrMaximum(op) {
            minimumOrMaximum(isMinimum, precision, inst)
        } else if let (mode, precision) = Self.rounding(op) {
            loadFloat(precision, .xmm0, inst.b)
            asm.round(precision, .xmm0, .xmm0, mode)
            storeFloat(precision, .xmm0, inst.a)
        } else if let (condition, precision, swapped) = Self.floatComparison(op) {
            compareFloats(condition, precision, swapped, inst.b, inst.c)
            storeResult(.rax, inst.a, upperZero: true)
        } else {
            return compileFloatBits(op, inst)
        }
        return true
    }

    /// min and max as the interpreter computes them: a NaN operand gives a + b (a quiet NaN), equal operands
    /// (±0 among them) the or of their bits for min (-0 wins) and the and for max, otherwise minss/maxss.
    mutating func minimumOrMaximum(_ isMinimum: Bool, _ precision: FloatPrecision, _ inst: Inst) {
        loadFloat(precision, .xmm0, inst.b)
        loadFloat(precision, .xmm1, inst.c)
        let (done, unordered, equal) = (asm.makeLabel(), asm.makeLabel(), asm.makeLabel())
        asm.ucomis(precision, .xmm0, .xmm1)
        asm.j(.parity, unordered)
        asm.j(.equal, equal)
        asm.scalar(isMinimum ? .min : .max, precision, .xmm0, .xmm1)
        asm.jmp(done)
        asm.bind(equal)
        asm.bitwise(isMinimum ? .or : .and, precision, .xmm0, .xmm1)
        asm.jmp(done)
        asm.bind(unordered)
        asm.scalar(.add, precision, .xmm0, .xmm1)
        asm.bind(done)
        storeFloat(precision, .xmm0, inst.a)
    }

    /// An f64 or f32 lt, gt, le or ge whose result only the br_if or br_if_not after it reads (from the
    /// accumulator: no branch lands between), branching forward, as one ucomis and a jump on its flags: mandelbrot's
    /// `if (i32.eqz (f64.le ...))` is translated so, which the translation does not fuse itself. A NaN sets CF (and
    /// ZF), so that above and aboveOrEqual are false and their inverses true, as for a fused compare-and-branch.
    /// False when the pair is anything else.
    mutating func compareFloatsAndBranch(_ op: Op, _ inst: Inst, at position: Int) -> Bool {
        guard resultDies, position + 1 < end, let (condition, precision, swapped) = Self.floatComparison(op),
              condition == .above || condition == .aboveOrEqual else { return false }
        let branch = module.code.base[position + 1]
        let kind = branch.op.withoutAccumulator
        guard kind == .brIf || kind == .brIfNot, branch.op != kind, branch.a == inst.a, branch.c > 0 else {
            return false
        }
        let (left, right) = floatOperands(precision, swapped, inst.b, inst.c)
        asm.ucomis(precision, left, right)
        self.branch(if: kind == .brIf ? condition : condition.inverted, to: position + 1 + Int(branch.c))
        return true
    }

    /// eax = 1 when `condition` holds after ucomis of slots a and b (b and a when `swapped`), 0 otherwise; a
    /// NaN makes every comparison false but `ne` (`equal` also needs no parity; `notEqual` holds with parity).
    mutating func compareFloats(_ condition: Condition, _ precision: FloatPrecision, _ swapped: Bool,
                                _ a: Int32, _ b: Int32) {
        let (left, right) = floatOperands(precision, swapped, a, b)
        asm.alu(.xor, .i32, .rax, .rax)
        // rcx holds the parity flag of eq and ne alone.
        if condition == .equal || condition == .notEqual { asm.alu(.xor, .i32, .rcx, .rcx) }
        asm.ucomis(precision, left, right)
        asm.set(condition, .rax)
        if condition == .equal {
            asm.set(.noParity, .rcx)
            asm.alu(.and, .i32, .rax, .rcx)
        } else if condition == .notEqual {
            asm.set(.parity, .rcx)
            asm.alu(.or, .i32, .rax, .rcx)
        }
    }

    /// The registers holding slots a and b (b and a when `swapped`) for ucomis: operands in SSE registers are
    /// compared there, the others loaded into xmm0 and xmm1.
    mutating func floatOperands(_ precision: FloatPrecision, _ swapped: Bool, _ a: Int32, _ b: Int32)
        -> (XMM, XMM) {
        let (first, second) = swapped ? (b, a) : (a, b)
        let left = cachedXMM(first) ?? (cachedXMM(second) == .xmm0 ? .xmm1 : .xmm0)
        if cachedXMM(first) == nil { loadFloat(precision, left, first) }
        let right = cachedXMM(second) ?? (left == .xmm1 ? .xmm0 : .xmm1)
        if cachedXMM(second) == nil { loadFloat(precision, right, second) }
        return (left, right)
    }

    /// abs, neg and copysign on the bits; conversions between precisions and from signed (and u32) integers.
    private mutating func compileFloatBits(_ op: Op, _ inst: Inst) -> Bool {
        let signBit32: Int64 = 0x8000_0000, signBit64 = Int64.min
        switch op {
        case .f32Abs, .f32Neg, .f64Abs, .f64Neg:
            let single = op == .f32Abs || op == .f32Neg
            asm.mov(single ? .i32 : .i64, .rax, slot(inst.b))
            asm.mov(.i64, .rcx, imm: single ? signBit32 : signBit64)
            if op == .f32Abs || op == .f64Abs {
                asm.not(.i64, .rcx)
                asm.alu(.and, single ? .i32 : .i64, .rax, .rcx)
            } else {
                asm.alu(.xor, single ? .i32 : .i64, .rax, .rcx)
            }
        case .f32Copysign, .f64Copysign:
            let size: IntSize = op == .f32Copysign ? .i32 : .i64
            asm.mov(.i64, .rcx, imm: size == .i32 ? signBit32 : signBit64)
            asm.mov(size, .rdx, slot(inst.c))
            asm.alu(.and, size, .rdx, .rcx)
            asm.not(.i64, .rcx)
            asm.mov(size, .rax, slot(inst.b))
            asm.alu(.and, size, .rax, .rcx)
            asm.alu(.or, size, .rax, .rdx)
        case .f64PromoteF32, .f32DemoteF64:
            let from: FloatPrecision = op == .f64PromoteF32 ? .single : .double
            loadFloat(from, .xmm0, inst.b)
            asm.convertPrecision(from: from, .xmm0, .xmm0)
            storeFloat(from == .single ? .double : .single, .xmm0, inst.a)
            return true
        case .f32ConvertI32S, .f64ConvertI32S, .f32ConvertI64S, .f64ConvertI64S, .f32ConvertI32U, .f64ConvertI32U:
            let precision: FloatPrecision = [.f32ConvertI32S, .f32ConvertI64S, .f32ConvertI32U].contains(op)
                ? .single : .double
            // A u32 is exactly a non-negative i64; an i32 is sign-extended to one.
            if op == .f32ConvertI32S || op == .f64ConvertI32S {
                asm.movsxd(.rax, slot(inst.b))
            } else if op == .f32ConvertI32U || op == .f64ConvertI32U {
                asm.mov(.i32, .rax, slot(inst.b))
            } else {
                asm.mov(.i64, .rax, slot(inst.b))
            }
            asm.bitwise(.xor, .double, .xmm0, .xmm0)
            asm.convertToFloat(precision, .xmm0, .i64, .rax)
            storeFloat(precision, .xmm0, inst.a)
            return true
        case .f32ConvertI64U, .f64ConvertI64U:
            let precision: FloatPrecision = op == .f32ConvertI64U ? .single : .double
            let large = asm.makeLabel(), done = asm.makeLabel()
            asm.mov(.i64, .rax, slot(inst.b))
            asm.bitwise(.xor, .double, .xmm0, .xmm0)
            asm.test(.i64, .rax, .rax)
            asm.j(.sign, large)
            asm.convertToFloat(precision, .xmm0, .i64, .rax)
            asm.jmp(done)
            // At or above 2^63: halved, its lowest bit kept as a sticky bit far below where the float rounds (so
            // the rounding is the whole value's), converted, doubled.
            asm.bind(large)
            asm.mov(.i64, .rcx, .rax)
            asm.shift(.shr, .i64, .rcx, imm: 1)
            asm.alu(.and, .i32, .rax, imm: 1)
            asm.alu(.or, .i64, .rcx, .rax)
            asm.convertToFloat(precision, .xmm0, .i64, .rcx)
            asm.scalar(.add, precision, .xmm0, .xmm0)
            asm.bind(done)
            storeFloat(precision, .xmm0, inst.a)
            return true
        default:
            return false
        }
        storeResult(.rax, inst.a, upperZero: op == .f32Abs || op == .f32Neg || op == .f32Copysign)
        return true
    }

    static func floatArithmetic(_ op: Op) -> (ScalarFloatOp, FloatPrecision)? {
        switch op {
        case .f32Add: return (.add, .single)
        case .f32Sub: return (.sub, .single)
        case .f32Mul: return (.mul, .single)
        case .f32Div: return (.div, .single)
        case .f32Sqrt: return (.sqrt, .single)
        case .f64Add: return (.add, .double)
        case .f64Sub: return (.sub, .double)
        case .f64Mul: return (.mul, .double)
        case .f64Div: return (.div, .double)
        case .f64Sqrt: return (.sqrt, .double)
        default: return nil
        }
    }

    static func minimumOrMaximum(_ op: Op) -> (Bool, FloatPrecision)? {
        switch op {
        case .f32Min: return (true, .single)
        case .f32Max: return (false, .single)
        case .f64Min: return (true, .double)
        case .f64Max: return (false, .double)
        default: return nil
        }
    }

    static func rounding(_ op: Op) -> (RoundingMode, FloatPrecision)? {
        guard NativeCPU.available.rounding else { return nil }
        switch op {
        case .f32Ceil: return (.up, .single)
        case .f32Floor: return (.down, .single)
        case .f32Trunc: return (.towardZero, .single)
        case .f32Nearest: return (.nearest, .single)
        case .f64Ceil: return (.up, .double)
        case .f64Floor: return (.down, .double)
        case .f64Trunc: return (.towardZero, .double)
        case .f64Nearest: return (.nearest, .double)
        default: return nil
        }
    }

    /// A float comparison as the condition after ucomis, with the operands swapped for lt and le (so that
    /// "above" is false on NaN, as "below" would not be).
    static func floatComparison(_ op: Op) -> (Condition, FloatPrecision, Bool)? {
        switch op {
        case .f32Eq: return (.equal, .single, false)
        case .f32Ne: return (.notEqual, .single, false)
        case .f32Lt: return (.above, .single, true)
        case .f32Gt: return (.above, .single, false)
        case .f32Le: return (.aboveOrEqual, .single, true)
        case .f32Ge: return (.aboveOrEqual, .single, false)
        case .f64Eq: return (.equal, .double, false)
        case .f64Ne: return (.notEqual, .double, false)
        case .f64Lt: return (.above, .double, true)
        case .f64Gt: return (.above, .double, false)
        case .f64Le: return (.aboveOrEqual, .double, true)
        case .f64Ge: return (.aboveOrEqual, .double, false)
        default: return nil
        }
    }
}
