import WaxNative

/// Float to integer truncations, signed and unsigned, trapping and saturating: the float in xmm0, the integer
/// left in rax.
extension NativeFunctionCompiler {
    mutating func compileTruncation(_ op: Op, _ inst: Inst, at site: Int) -> Bool {
        guard let (signed, size, precision, saturating) = Self.truncation(op) else { return false }
        loadFloat(precision, .xmm0, inst.b)
        if signed {
            signedTruncation(size, precision, saturating, at: site)
        } else {
            unsignedTruncation(size, precision, saturating, at: site)
        }
        storeResult(.rax, inst.a, upperZero: false)
        return true
    }

    /// cvttss2si/cvttsd2si give the integer's minimum for NaN and for anything out of range; only then does the
    /// code look further: NaN (0, or a trap), positive (the maximum, or a trap), negative (the minimum, or a trap
    /// unless the float truly truncates to it).
    mutating func signedTruncation(_ size: IntSize, _ precision: FloatPrecision, _ saturating: Bool, at site: Int) {
        asm.truncateToInt(size, .rax, precision, .xmm0)
        let done = asm.makeLabel(), positive = asm.makeLabel()
        // Only the minimum overflows when 1 is subtracted.
        asm.alu(.cmp, size, .rax, imm: 1)
        asm.j(.noOverflow, done)
        asm.ucomis(precision, .xmm0, .xmm0)
        if saturating {
            zeroIfUnordered(then: done)
        } else {
            trap(if: .parity, .invalidConversionToInteger, at: site)
        }
        asm.bitwise(.xor, .single, .xmm1, .xmm1)
        asm.ucomis(precision, .xmm0, .xmm1)
        asm.j(.above, positive)
        if !saturating {
            // The minimum is right when the float is above the next integer down (f64 to i32: exactly
            // representable) or at least the minimum itself (where the next one down is not representable).
            let exclusive = size == .i32 && precision == .double
            let bound: Double = size == .i64 ? -9_223_372_036_854_775_808
                : exclusive ? -2_147_483_649 : -2_147_483_648
            let bits = precision == .double ? Int64(bitPattern: bound.bitPattern) : Int64(Float(bound).bitPattern)
            asm.mov(.i64, .rcx, imm: bits)
            asm.mov(precision == .double ? .i64 : .i32, .xmm1, .rcx)
            asm.ucomis(precision, .xmm0, .xmm1)
            asm.j(exclusive ? .above : .aboveOrEqual, done)
            trap(.integerOverflow, at: site)
        }
        asm.jmp(done)
        asm.bind(positive)
        if saturating {
            asm.mov(size, .rax, imm: size == .i32 ? Int64(Int32.max) : Int64.max)
        } else {
            trap(.integerOverflow, at: site)
        }
        asm.bind(done)
    }

    /// To u32, the 64-bit signed truncation is exact for every float in range, so the result is in
    /// range exactly when its high half is zero. To u64, a float at or above 2^63 is brought below it first and
    /// the top bit put back; one below 2^63 (or NaN) truncates right when the result is not negative. Out of
    /// range: NaN (0, or a trap), negative (0, or a trap), positive (the maximum, or a trap).
    mutating func unsignedTruncation(_ size: IntSize, _ precision: FloatPrecision, _ saturating: Bool, at site: Int) {
        let done = asm.makeLabel(), outOfRange = asm.makeLabel()
        if size == .i32 {
            asm.truncateToInt(.i64, .rax, precision, .xmm0)
            asm.mov(.i64, .rcx, .rax)
            asm.shift(.shr, .i64, .rcx, imm: 32)
            asm.j(.equal, done)
        } else {
            let low = asm.makeLabel()
            // 2^63 as the source float.
            let twoTo63 = precision == .double ? Int64(bitPattern: 0x43E0_0000_0000_0000) : 0x5F00_0000
            asm.mov(.i64, .rcx, imm: twoTo63)
            asm.mov(precision == .double ? .i64 : .i32, .xmm1, .rcx)
            asm.ucomis(precision, .xmm0, .xmm1)
            asm.j(.below, low)  // NaN (unordered sets the carry) too
            asm.scalar(.sub, precision, .xmm0, .xmm1)
            asm.truncateToInt(.i64, .rax, precision, .xmm0)
            asm.test(.i64, .rax, .rax)
            asm.j(.sign, outOfRange)
            asm.mov(.i64, .rcx, imm: Int64.min)
            asm.alu(.xor, .i64, .rax, .rcx)
            asm.jmp(done)
            asm.bind(low)
            asm.truncateToInt(.i64, .rax, precision, .xmm0)
            asm.test(.i64, .rax, .rax)
            asm.j(.notSign, done)
        }
        asm.bind(outOfRange)
        asm.ucomis(precision, .xmm0, .xmm0)
        if saturating {
            zeroIfUnordered(then: done)
            asm.bitwise(.xor, .single, .xmm1, .xmm1)
            asm.alu(.xor, .i32, .rax, .rax)
            asm.ucomis(precision, .xmm0, .xmm1)
            asm.j(.below, done)
            asm.mov(.i64, .rax, imm: size == .i32 ? Int64(UInt32.max) : -1)
        } else {
            trap(if: .parity, .invalidConversionToInteger, at: site)
            trap(.integerOverflow, at: site)
        }
        asm.bind(done)
    }

    /// After a ucomis: 0 in rax and on to `done` when it was unordered (NaN).
    mutating func zeroIfUnordered(then done: Label) {
        let ordered = asm.makeLabel()
        asm.j(.noParity, ordered)
        asm.alu(.xor, .i32, .rax, .rax)
        asm.jmp(done)
        asm.bind(ordered)
    }

    /// The truncations: signed or unsigned, result size, source precision, saturating or trapping.
    static func truncation(_ op: Op) -> (Bool, IntSize, FloatPrecision, Bool)? {
        switch op {
        case .i32TruncF32S: return (true, .i32, .single, false)
        case .i32TruncF64S: return (true, .i32, .double, false)
        case .i64TruncF32S: return (true, .i64, .single, false)
        case .i64TruncF64S: return (true, .i64, .double, false)
        case .i32TruncSatF32S: return (true, .i32, .single, true)
        case .i32TruncSatF64S: return (true, .i32, .double, true)
        case .i64TruncSatF32S: return (true, .i64, .single, true)
        case .i64TruncSatF64S: return (true, .i64, .double, true)
        case .i32TruncF32U: return (false, .i32, .single, false)
        case .i32TruncF64U: return (false, .i32, .double, false)
        case .i64TruncF32U: return (false, .i64, .single, false)
        case .i64TruncF64U: return (false, .i64, .double, false)
        case .i32TruncSatF32U: return (false, .i32, .single, true)
        case .i32TruncSatF64U: return (false, .i32, .double, true)
        case .i64TruncSatF32U: return (false, .i64, .single, true)
        case .i64TruncSatF64U: return (false, .i64, .double, true)
        default: return nil
        }
    }
}
