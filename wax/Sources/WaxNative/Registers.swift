/// A general-purpose register, numbered as the hardware numbers it: the low three bits go in ModRM or SIB, the
/// fourth in a REX prefix. Which width an instruction uses is its `IntSize` or `MemoryWidth`, not the register.
public enum GPR: UInt8, CaseIterable, Sendable {
    case rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15

    var low3: UInt8 { rawValue & 7 }
    var high: UInt8 { rawValue >> 3 }
}

/// An SSE register, xmm0 to xmm15.
public enum XMM: UInt8, CaseIterable, Sendable {
    case xmm0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7, xmm8, xmm9, xmm10, xmm11, xmm12, xmm13, xmm14, xmm15
}

/// The operand size of an integer operation: WebAssembly's i32 and i64. A 32-bit result zero-extends into the
/// whole register, as the hardware does.
public enum IntSize: Sendable {
    case i32, i64
}

/// How many bytes a load or store moves.
public enum MemoryWidth: Sendable {
    case byte, word, dword, qword
}

/// A scalar float's precision: ss or sd forms.
public enum FloatPrecision: Sendable {
    case single, double
}

/// A condition code as the hardware numbers it (the low nibble of jcc, setcc and cmovcc). `below`/`above` are
/// unsigned, `less`/`greater` signed; `parity` is set when a float comparison is unordered.
public enum Condition: UInt8, CaseIterable, Sendable {
    case overflow, noOverflow, below, aboveOrEqual, equal, notEqual, belowOrEqual, above
    case sign, notSign, parity, noParity, less, greaterOrEqual, lessOrEqual, greater

    /// The condition that holds exactly when this one does not (the hardware pairs them by the lowest bit).
    public var inverted: Condition { Condition(rawValue: rawValue ^ 1)! }
}
