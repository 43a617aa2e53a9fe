/// An x86-64 encoder: each method appends one instruction's bytes, in the encoding a baseline compiler needs
/// (Intel operand order: destination first). Only what Wax's native tier uses is here; every form is checked
/// against llvm-mc and llvm-objdump by `X64AssemblerTests`.
///
/// The assembler knows nothing of where the code will run: labels are offsets in its own buffer, and branches
/// and calls to them are relative, so the bytes can be copied anywhere.
public struct X64Assembler {
    /// The code so far.
    public internal(set) var bytes: [UInt8] = []
    var labels: [LabelState] = []
    /// Every branch and call to a label, in code order (`removeBytes`).
    var references: [LabelReference] = []

    public init() {}

    /// Where the next instruction starts.
    public var offset: Int { bytes.count }

    /// The code, once every label a branch refers to is bound.
    public func finish() -> [UInt8] {
        precondition(labels.allSatisfy { $0.offset >= 0 || $0.uses.isEmpty }, "a branch to a label never bound")
        return bytes
    }

    mutating func emit(_ byte: UInt8) {
        bytes.append(byte)
    }

    mutating func emit32(_ value: Int32) {
        let bits = UInt32(bitPattern: value)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> shift)) }
    }

    mutating func emit64(_ value: Int64) {
        let bits = UInt64(bitPattern: value)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> shift)) }
    }
}

/// The r/m operand of an instruction: a register's number (general-purpose or SSE) or memory.
enum RM {
    case register(UInt8)
    case memory(Address)

    static func gpr(_ register: GPR) -> RM { .register(register.rawValue) }
    static func xmm(_ register: XMM) -> RM { .register(register.rawValue) }
}

/// The opcode bytes that come before the opcode proper.
enum OpcodeMap {
    case primary, escape0F, escape0F3A
}

extension X64Assembler {
    /// One instruction in ModRM form: an optional legacy or mandatory prefix (0x66, 0xF2, 0xF3; 0 for none), a
    /// REX prefix when needed, the opcode, ModRM, SIB and displacement. `reg` is a register number or an opcode
    /// extension (/digit). `byteReg` and `byteRM` say that reg or r/m names an 8-bit register: numbers 4-7 then
    /// mean spl, bpl, sil and dil only with a REX prefix (without one they are ah, ch, dh, bh).
    /// An immediate, if any, follows from the caller.
    mutating func instruction(prefix: UInt8 = 0, w: Bool = false, map: OpcodeMap = .primary, _ opcode: UInt8,
                              reg: UInt8, rm: RM, byteReg: Bool = false, byteRM: Bool = false) {
        if prefix != 0 { emit(prefix) }
        var rex: UInt8 = (w ? 8 : 0) | (reg >> 3) << 2
        var forceREX = byteReg && (4...7).contains(reg)
        switch rm {
        case .register(let number):
            rex |= number >> 3
            forceREX = forceREX || (byteRM && (4...7).contains(number))
        case .memory(let address):
            rex |= (address.index?.high ?? 0) << 1 | address.base.high
        }
        if rex != 0 || forceREX { emit(0x40 | rex) }
        switch map {
        case .primary: break
        case .escape0F: emit(0x0F)
        case .escape0F3A: emit(0x0F); emit(0x3A)
        }
        emit(opcode)
        let regField = (reg & 7) << 3
        switch rm {
        case .register(let number):
            emit(0xC0 | regField | number & 7)
        case .memory(let address):
            encodeMemory(regField: regField, address)
        }
    }

    /// ModRM (mod 00, 01 or 10 by the displacement's size), SIB when there is an index or the base is rsp/r12,
    /// then the displacement. A base of rbp/r13 with mod 00 would mean "no base" (RIP-relative or disp32 alone),
    /// so it always carries a displacement, zero if need be.
    private mutating func encodeMemory(regField: UInt8, _ address: Address) {
        let displacement = address.displacement
        let mod: UInt8 = displacement == 0 && address.base.low3 != 5 ? 0 : Int8(exactly: displacement) != nil ? 1 : 2
        if let index = address.index {
            emit(mod << 6 | regField | 4)
            emit(address.scale.rawValue << 6 | index.low3 << 3 | address.base.low3)
        } else if address.base.low3 == 4 {
            emit(mod << 6 | regField | 4)
            emit(0x24)  // SIB: no index (100), base rsp/r12 (100)
        } else {
            emit(mod << 6 | regField | address.base.low3)
        }
        switch mod {
        case 1: emit(UInt8(bitPattern: Int8(displacement)))
        case 2: emit32(displacement)
        default: break
        }
    }

    /// An instruction whose register is in the opcode's low three bits (push, pop, mov r, imm).
    mutating func instruction(w: Bool = false, _ opcode: UInt8, plus register: GPR) {
        if w || register.high != 0 { emit(0x40 | (w ? 8 : 0) | register.high) }
        emit(opcode | register.low3)
    }
}
