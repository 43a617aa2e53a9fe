/// The eight classic ALU operations, numbered as their opcode row (op * 8 + 1 is `op r/m, r`) and as their
/// /digit in the immediate group (80-83).
public enum ALUOp: UInt8, CaseIterable, Sendable {
    case add, or, adc, sbb, and, sub, xor, cmp
}

/// The shifts and rotates of group 2 (C1, D1, D3), by their /digit.
public enum ShiftOp: UInt8, CaseIterable, Sendable {
    case rol = 0, ror = 1, shl = 4, shr = 5, sar = 7
}

/// The bit counts with an F3 prefix: lzcnt (LZCNT), tzcnt (BMI1) and popcnt (POPCNT), by their opcode after 0F.
public enum BitCountOp: UInt8, CaseIterable, Sendable {
    case popcnt = 0xB8, tzcnt = 0xBC, lzcnt = 0xBD
}

/// Integer arithmetic, logic, comparisons, shifts and bit counts.
extension X64Assembler {
    /// op dst, src (op * 8 + 1 /r).
    public mutating func alu(_ op: ALUOp, _ size: IntSize, _ dst: GPR, _ src: GPR) {
        instruction(w: size == .i64, op.rawValue << 3 | 1, reg: src.rawValue, rm: .gpr(dst))
    }

    /// op dst, [src] (op * 8 + 3 /r).
    public mutating func alu(_ op: ALUOp, _ size: IntSize, _ dst: GPR, _ src: Address) {
        instruction(w: size == .i64, op.rawValue << 3 | 3, reg: dst.rawValue, rm: .memory(src))
    }

    /// op [dst], src (op * 8 + 1 /r, a read-modify-write; `cmp` only reads).
    public mutating func alu(_ op: ALUOp, _ size: IntSize, _ dst: Address, _ src: GPR) {
        instruction(w: size == .i64, op.rawValue << 3 | 1, reg: src.rawValue, rm: .memory(dst))
    }

    /// op dst, imm: 83 /op ib when the value fits in a signed byte, 81 /op id otherwise (sign-extended for i64).
    public mutating func alu(_ op: ALUOp, _ size: IntSize, _ dst: GPR, imm value: Int32) {
        withImmediate(value, w: size == .i64, byteForm: 0x83, dwordForm: 0x81, reg: op.rawValue, rm: .gpr(dst))
    }

    /// op [dst], imm: as the register form, on memory (a read-modify-write; `cmp` only reads).
    public mutating func alu(_ op: ALUOp, _ size: IntSize, _ dst: Address, imm value: Int32) {
        withImmediate(value, w: size == .i64, byteForm: 0x83, dwordForm: 0x81, reg: op.rawValue, rm: .memory(dst))
    }

    /// The byte form with an imm8 when the value fits in a signed byte, the dword form with an imm32 otherwise.
    private mutating func withImmediate(_ value: Int32, w: Bool, byteForm: UInt8, dwordForm: UInt8, reg: UInt8,
                                        rm: RM) {
        if let small = Int8(exactly: value) {
            instruction(w: w, byteForm, reg: reg, rm: rm)
            emit(UInt8(bitPattern: small))
        } else {
            instruction(w: w, dwordForm, reg: reg, rm: rm)
            emit32(value)
        }
    }

    /// cmp byte [address], imm8 (80 /7 ib): a flag byte tested with no register to load it into.
    public mutating func compareByte(_ address: Address, imm value: Int8) {
        instruction(0x80, reg: ALUOp.cmp.rawValue, rm: .memory(address))
        emit(UInt8(bitPattern: value))
    }

    /// test a, b (85 /r).
    public mutating func test(_ size: IntSize, _ a: GPR, _ b: GPR) {
        instruction(w: size == .i64, 0x85, reg: b.rawValue, rm: .gpr(a))
    }

    /// test [a], b (85 /r).
    public mutating func test(_ size: IntSize, _ a: Address, _ b: GPR) {
        instruction(w: size == .i64, 0x85, reg: b.rawValue, rm: .memory(a))
    }

    /// test a, imm (F7 /0 id).
    public mutating func test(_ size: IntSize, _ a: GPR, imm value: Int32) {
        instruction(w: size == .i64, 0xF7, reg: 0, rm: .gpr(a))
        emit32(value)
    }

    /// imul dst, src (0F AF /r): the low half of the product.
    public mutating func imul(_ size: IntSize, _ dst: GPR, _ src: GPR) {
        instruction(w: size == .i64, map: .escape0F, 0xAF, reg: dst.rawValue, rm: .gpr(src))
    }

    public mutating func imul(_ size: IntSize, _ dst: GPR, _ src: Address) {
        instruction(w: size == .i64, map: .escape0F, 0xAF, reg: dst.rawValue, rm: .memory(src))
    }

    /// imul dst, src, imm (6B /r ib or 69 /r id).
    public mutating func imul(_ size: IntSize, _ dst: GPR, _ src: GPR, imm value: Int32) {
        withImmediate(value, w: size == .i64, byteForm: 0x6B, dwordForm: 0x69, reg: dst.rawValue, rm: .gpr(src))
    }

    /// Unsigned division of rdx:rax (edx:eax) by divisor (F7 /6): quotient in rax, remainder in rdx.
    public mutating func div(_ size: IntSize, _ divisor: GPR) {
        instruction(w: size == .i64, 0xF7, reg: 6, rm: .gpr(divisor))
    }

    /// Unsigned full multiplication of rax (eax) by src (F7 /4): the product's high half in rdx, its low in rax.
    public mutating func mul(_ size: IntSize, _ src: GPR) {
        instruction(w: size == .i64, 0xF7, reg: 4, rm: .gpr(src))
    }

    /// Signed division (F7 /7); the dividend's high half comes from cdq or cqo.
    public mutating func idiv(_ size: IntSize, _ divisor: GPR) {
        instruction(w: size == .i64, 0xF7, reg: 7, rm: .gpr(divisor))
    }

    /// edx = the sign of eax (cdq, 99), or rdx = the sign of rax (cqo, REX.W 99): the dividend for idiv.
    public mutating func signExtendAccumulator(_ size: IntSize) {
        if size == .i64 { emit(0x48) }
        emit(0x99)
    }

    /// neg (F7 /3).
    public mutating func neg(_ size: IntSize, _ register: GPR) {
        instruction(w: size == .i64, 0xF7, reg: 3, rm: .gpr(register))
    }

    /// not (F7 /2).
    public mutating func not(_ size: IntSize, _ register: GPR) {
        instruction(w: size == .i64, 0xF7, reg: 2, rm: .gpr(register))
    }

    /// Shift or rotate by cl (D3 /op); the hardware masks the count to 5 or 6 bits, as WebAssembly specifies.
    public mutating func shift(_ op: ShiftOp, _ size: IntSize, _ register: GPR) {
        instruction(w: size == .i64, 0xD3, reg: op.rawValue, rm: .gpr(register))
    }

    /// Shift or rotate by a constant: D1 /op for 1, C1 /op ib otherwise.
    public mutating func shift(_ op: ShiftOp, _ size: IntSize, _ register: GPR, imm count: UInt8) {
        if count == 1 {
            instruction(w: size == .i64, 0xD1, reg: op.rawValue, rm: .gpr(register))
        } else {
            instruction(w: size == .i64, 0xC1, reg: op.rawValue, rm: .gpr(register))
            emit(count)
        }
    }

    /// dst = dst shifted right by `count`, its high bits filled from src's low bits (0F AC /r ib): shrd.
    public mutating func shiftRightDouble(_ size: IntSize, _ dst: GPR, from src: GPR, imm count: UInt8) {
        instruction(w: size == .i64, map: .escape0F, 0xAC, reg: src.rawValue, rm: .gpr(dst))
        emit(count)
    }

    /// lzcnt, tzcnt or popcnt dst, src (F3 0F op /r).
    public mutating func bitCount(_ op: BitCountOp, _ size: IntSize, _ dst: GPR, _ src: GPR) {
        instruction(prefix: 0xF3, w: size == .i64, map: .escape0F, op.rawValue, reg: dst.rawValue, rm: .gpr(src))
    }
}
