/// Scalar SSE arithmetic, by its opcode after 0F (the ss form with F3, the sd form with F2).
public enum ScalarFloatOp: UInt8, CaseIterable, Sendable {
    case sqrt = 0x51, add = 0x58, mul = 0x59, sub = 0x5C, min = 0x5D, div = 0x5E, max = 0x5F
}

/// Bitwise operations on whole SSE registers (the ps form, or the pd form with 66): abs and neg of a float are
/// an and or a xor with a mask.
public enum BitwiseFloatOp: UInt8, CaseIterable, Sendable {
    case and = 0x54, andn = 0x55, or = 0x56, xor = 0x57
}

/// roundss/roundsd's immediate: the rounding mode, with bit 3 set so that an inexact result raises no
/// precision exception (as compilers emit floor, ceil, trunc and nearest).
public enum RoundingMode: UInt8, CaseIterable, Sendable {
    case nearest = 8, down = 9, up = 10, towardZero = 11
}

/// SSE2 scalar floats (plus roundss/roundsd from SSE4.1).
extension X64Assembler {
    private static func scalarPrefix(_ precision: FloatPrecision) -> UInt8 {
        precision == .single ? 0xF3 : 0xF2
    }

    /// addss/addsd, subss/sd, mulss/sd, divss/sd, sqrtss/sd, minss/sd, maxss/sd dst, src.
    public mutating func scalar(_ op: ScalarFloatOp, _ precision: FloatPrecision, _ dst: XMM, _ src: XMM) {
        instruction(prefix: Self.scalarPrefix(precision), map: .escape0F, op.rawValue, reg: dst.rawValue, rm: .xmm(src))
    }

    public mutating func scalar(_ op: ScalarFloatOp, _ precision: FloatPrecision, _ dst: XMM, _ src: Address) {
        instruction(prefix: Self.scalarPrefix(precision), map: .escape0F, op.rawValue, reg: dst.rawValue,
                    rm: .memory(src))
    }

    /// movss/movsd between registers (F3/F2 0F 10): only the low element moves.
    public mutating func movs(_ precision: FloatPrecision, _ dst: XMM, _ src: XMM) {
        instruction(prefix: Self.scalarPrefix(precision), map: .escape0F, 0x10, reg: dst.rawValue, rm: .xmm(src))
    }

    /// movss/movsd load (F3/F2 0F 10): clears the rest of dst.
    public mutating func movs(_ precision: FloatPrecision, _ dst: XMM, _ src: Address) {
        instruction(prefix: Self.scalarPrefix(precision), map: .escape0F, 0x10, reg: dst.rawValue, rm: .memory(src))
    }

    /// movss/movsd store (F3/F2 0F 11).
    public mutating func movs(_ precision: FloatPrecision, _ dst: Address, _ src: XMM) {
        instruction(prefix: Self.scalarPrefix(precision), map: .escape0F, 0x11, reg: src.rawValue, rm: .memory(dst))
    }

    /// movaps (0F 28): a whole-register copy, with no dependency on dst's old value.
    public mutating func movaps(_ dst: XMM, _ src: XMM) {
        instruction(map: .escape0F, 0x28, reg: dst.rawValue, rm: .xmm(src))
    }

    /// movd/movq xmm, gpr (66 0F 6E): the float's bits from an integer register; the rest of dst is cleared.
    public mutating func mov(_ size: IntSize, _ dst: XMM, _ src: GPR) {
        instruction(prefix: 0x66, w: size == .i64, map: .escape0F, 0x6E, reg: dst.rawValue, rm: .gpr(src))
    }

    /// movd/movq gpr, xmm (66 0F 7E): the low float's bits into an integer register.
    public mutating func mov(_ size: IntSize, _ dst: GPR, _ src: XMM) {
        instruction(prefix: 0x66, w: size == .i64, map: .escape0F, 0x7E, reg: src.rawValue, rm: .gpr(dst))
    }

    /// ucomiss (0F 2E) or ucomisd (66 0F 2E): ZF, PF, CF as for an unsigned compare; PF set when unordered.
    public mutating func ucomis(_ precision: FloatPrecision, _ a: XMM, _ b: XMM) {
        instruction(prefix: precision == .single ? 0 : 0x66, map: .escape0F, 0x2E, reg: a.rawValue, rm: .xmm(b))
    }

    /// cvtsi2ss/cvtsi2sd dst, src (F3/F2 [REX.W] 0F 2A): a signed 32- or 64-bit integer to a float.
    public mutating func convertToFloat(_ precision: FloatPrecision, _ dst: XMM, _ size: IntSize, _ src: GPR) {
        instruction(prefix: Self.scalarPrefix(precision), w: size == .i64, map: .escape0F, 0x2A, reg: dst.rawValue,
                    rm: .gpr(src))
    }

    /// cvttss2si/cvttsd2si dst, src (F3/F2 [REX.W] 0F 2C): truncation to a signed integer; out of range or NaN
    /// gives the "integer indefinite" value (the sign bit alone), which callers check for.
    public mutating func truncateToInt(_ size: IntSize, _ dst: GPR, _ precision: FloatPrecision, _ src: XMM) {
        instruction(prefix: Self.scalarPrefix(precision), w: size == .i64, map: .escape0F, 0x2C, reg: dst.rawValue,
                    rm: .xmm(src))
    }

    /// cvtss2sd (F3 0F 5A) or cvtsd2ss (F2 0F 5A): src's precision to the other one, into dst.
    public mutating func convertPrecision(from precision: FloatPrecision, _ dst: XMM, _ src: XMM) {
        instruction(prefix: Self.scalarPrefix(precision), map: .escape0F, 0x5A, reg: dst.rawValue, rm: .xmm(src))
    }

    /// roundss (66 0F 3A 0A) or roundsd (66 0F 3A 0B) with a rounding mode.
    public mutating func round(_ precision: FloatPrecision, _ dst: XMM, _ src: XMM, _ mode: RoundingMode) {
        instruction(prefix: 0x66, map: .escape0F3A, precision == .single ? 0x0A : 0x0B, reg: dst.rawValue,
                    rm: .xmm(src))
        emit(mode.rawValue)
    }

    /// andps/andpd, andnps/andnpd, orps/orpd, xorps/xorpd dst, src.
    public mutating func bitwise(_ op: BitwiseFloatOp, _ precision: FloatPrecision, _ dst: XMM, _ src: XMM) {
        instruction(prefix: precision == .single ? 0 : 0x66, map: .escape0F, op.rawValue, reg: dst.rawValue,
                    rm: .xmm(src))
    }
}
