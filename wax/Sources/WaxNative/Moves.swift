/// The width a zero- or sign-extending move reads.
public enum NarrowWidth: Sendable {
    case byte, word
}

/// Moves between registers, immediates and memory, extensions and lea.
extension X64Assembler {
    /// mov dst, src (89 /r).
    public mutating func mov(_ size: IntSize, _ dst: GPR, _ src: GPR) {
        instruction(w: size == .i64, 0x89, reg: src.rawValue, rm: .gpr(dst))
    }

    /// dst = value in the shortest form: a 32-bit move when the value fits in 32 bits unsigned (it zero-extends),
    /// the sign-extended imm32 form for small negative 64-bit values, movabs for the rest. For i32 the value is
    /// taken modulo 2^32.
    public mutating func mov(_ size: IntSize, _ dst: GPR, imm value: Int64) {
        if size == .i32 || UInt32(exactly: value) != nil {
            instruction(0xB8, plus: dst)
            emit32(Int32(truncatingIfNeeded: value))
        } else if let small = Int32(exactly: value) {
            instruction(w: true, 0xC7, reg: 0, rm: .gpr(dst))
            emit32(small)
        } else {
            instruction(w: true, 0xB8, plus: dst)
            emit64(value)
        }
    }

    /// A 32- or 64-bit load (8B /r); a 32-bit load zero-extends.
    public mutating func mov(_ size: IntSize, _ dst: GPR, _ src: Address) {
        instruction(w: size == .i64, 0x8B, reg: dst.rawValue, rm: .memory(src))
    }

    /// A store of the low `width` bytes of src (88 /r, 66 89 /r, 89 /r, REX.W 89 /r).
    public mutating func mov(_ width: MemoryWidth, _ dst: Address, _ src: GPR) {
        switch width {
        case .byte: instruction(0x88, reg: src.rawValue, rm: .memory(dst), byteReg: true)
        case .word: instruction(prefix: 0x66, 0x89, reg: src.rawValue, rm: .memory(dst))
        case .dword: instruction(0x89, reg: src.rawValue, rm: .memory(dst))
        case .qword: instruction(w: true, 0x89, reg: src.rawValue, rm: .memory(dst))
        }
    }

    /// A store of an immediate (C6 /0 ib, C7 /0 iw or id; a qword store sign-extends the imm32).
    public mutating func mov(_ width: MemoryWidth, _ dst: Address, imm value: Int32) {
        switch width {
        case .byte:
            instruction(0xC6, reg: 0, rm: .memory(dst))
            emit(UInt8(truncatingIfNeeded: value))
        case .word:
            instruction(prefix: 0x66, 0xC7, reg: 0, rm: .memory(dst))
            emit(UInt8(truncatingIfNeeded: value))
            emit(UInt8(truncatingIfNeeded: value >> 8))
        case .dword, .qword:
            instruction(w: width == .qword, 0xC7, reg: 0, rm: .memory(dst))
            emit32(value)
        }
    }

    /// movzx dst32, byte/word (0F B6, 0F B7): the 32-bit result zero-extends to 64 bits as well.
    public mutating func movzx(_ dst: GPR, _ width: NarrowWidth, _ src: GPR) {
        instruction(map: .escape0F, width == .byte ? 0xB6 : 0xB7, reg: dst.rawValue, rm: .gpr(src),
                    byteRM: width == .byte)
    }

    public mutating func movzx(_ dst: GPR, _ width: NarrowWidth, _ src: Address) {
        instruction(map: .escape0F, width == .byte ? 0xB6 : 0xB7, reg: dst.rawValue, rm: .memory(src))
    }

    /// movsx to 32 or 64 bits from a byte or word (0F BE, 0F BF).
    public mutating func movsx(_ size: IntSize, _ dst: GPR, _ width: NarrowWidth, _ src: GPR) {
        instruction(w: size == .i64, map: .escape0F, width == .byte ? 0xBE : 0xBF, reg: dst.rawValue, rm: .gpr(src),
                    byteRM: width == .byte)
    }

    public mutating func movsx(_ size: IntSize, _ dst: GPR, _ width: NarrowWidth, _ src: Address) {
        instruction(w: size == .i64, map: .escape0F, width == .byte ? 0xBE : 0xBF, reg: dst.rawValue, rm: .memory(src))
    }

    /// movsxd dst64, src32 (REX.W 63 /r).
    public mutating func movsxd(_ dst: GPR, _ src: GPR) {
        instruction(w: true, 0x63, reg: dst.rawValue, rm: .gpr(src))
    }

    public mutating func movsxd(_ dst: GPR, _ src: Address) {
        instruction(w: true, 0x63, reg: dst.rawValue, rm: .memory(src))
    }

    /// lea dst, [address] (8D /r).
    public mutating func lea(_ size: IntSize, _ dst: GPR, _ address: Address) {
        instruction(w: size == .i64, 0x8D, reg: dst.rawValue, rm: .memory(address))
    }
}
