import WaxNative
import XCTest

/// Every encoding form of X64Assembler, with every register on each side (rax-rdi, r8-r15, the 8-bit registers
/// that need a REX prefix) and the memory operands ModRM treats specially (rsp/r12 need a SIB byte, rbp/r13 a
/// displacement), checked against LLVM's reading of the same instruction (EncodingCases).
final class X64AssemblerTests: XCTestCase {
    // The register names of the Intel manual, by register number: the test's own, independent of the encoder.
    static let names64 = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"] + (8...15).map { "r\($0)" }
    static let names32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] + (8...15).map { "r\($0)d" }
    static let names16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"] + (8...15).map { "r\($0)w" }
    static let names8 = ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"] + (8...15).map { "r\($0)b" }
    static let conditionSuffixes = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le",
                                    "g"]
    static let opposites = ["o": "no", "no": "o", "b": "ae", "ae": "b", "e": "ne", "ne": "e", "be": "a", "a": "be",
                            "s": "ns", "ns": "s", "p": "np", "np": "p", "l": "ge", "ge": "l", "le": "g", "g": "le"]
    static let sizes: [(IntSize, [String])] = [(.i32, names32), (.i64, names64)]

    static func name(_ register: GPR, _ size: IntSize) -> String {
        (size == .i32 ? names32 : names64)[Int(register.rawValue)]
    }

    static func name(_ register: GPR) -> String { names64[Int(register.rawValue)] }
    static func name(_ register: XMM) -> String { "xmm\(register.rawValue)" }

    /// Every ordered pair of registers: each one in the reg field and in r/m, beside each other one.
    static let pairs: [(GPR, GPR)] = GPR.allCases.flatMap { a in GPR.allCases.map { b in (a, b) } }

    /// Memory operands and their text: every base with no, small, negative and large displacements; every index
    /// with every scale; the rbp/r13 and rsp/r12 cases as base and, for r12/r13, as index.
    static let addresses: [(Address, String)] = {
        var all: [(Address, String)] = []
        for base in GPR.allCases {
            for displacement: Int32 in [0, 8, -128, 127, 128, 0x1234_5678, Int32.min] {
                all.append((Address(base, displacement), "[\(name(base))\(text(displacement))]"))
            }
        }
        let scales: [(Address.Scale, Int)] = [(.x1, 1), (.x2, 2), (.x4, 4), (.x8, 8)]
        for index in GPR.allCases where index != .rsp {
            for (scale, factor) in scales {
                for base in [GPR.rbx, .rsp, .rbp, .r12, .r13] {
                    for displacement: Int32 in [0, -4, 0x10000] {
                        all.append((Address(base: base, index: index, scale: scale, displacement: displacement),
                                    "[\(name(base)) + \(name(index))*\(factor)\(text(displacement))]"))
                    }
                }
            }
        }
        return all
    }()

    /// The cases of ModRM and SIB that need care, for forms where the full list would only repeat itself.
    static let someAddresses: [(Address, String)] = {
        let bases: [(GPR, Int32)] = [(.rax, 0), (.rax, 8), (.rax, -128), (.rax, 0x1234_5678), (.rsp, 0), (.rsp, 8),
                                     (.rbp, 0), (.rbp, 8), (.r12, 0), (.r12, -4), (.r13, 0), (.r13, 0x10000),
                                     (.r15, 127)]
        let indexed: [(GPR, GPR, Address.Scale, Int, Int32)] = [
            (.rbx, .r13, .x8, 8, 0), (.rbp, .r9, .x2, 2, -4), (.r12, .r12, .x4, 4, 0x10000), (.r13, .rax, .x1, 1, 0),
            (.rsp, .rbp, .x8, 8, 0)]
        return bases.map { base, displacement in (Address(base, displacement), "[\(name(base))\(text(displacement))]") }
            + indexed.map { base, index, scale, factor, displacement in
                (Address(base: base, index: index, scale: scale, displacement: displacement),
                 "[\(name(base)) + \(name(index))*\(factor)\(text(displacement))]")
            }
    }()

    static func text(_ displacement: Int32) -> String {
        displacement == 0 ? "" : displacement > 0 ? " + \(displacement)" : " - \(-Int64(displacement))"
    }

    static let immediates: [Int32] = [0, 1, -1, 127, 128, -128, -129, 0x1234_5678, Int32.max, Int32.min]

    func testMoves() throws {
        var cases = EncodingCases()
        for (size, names) in Self.sizes {
            for (a, b) in Self.pairs {
                let (dst, src) = (names[Int(a.rawValue)], names[Int(b.rawValue)])
                cases.add("mov \(dst), \(src)") { $0.mov(size, a, b) }
            }
            for register in GPR.allCases {
                for value: Int64 in [0, 1, 0x7FFF_FFFF, 0xFFFF_FFFF, -1, -0x8000_0000] {
                    let name = names[Int(register.rawValue)]
                    if size == .i32 || UInt32(exactly: value) != nil {
                        cases.add("mov \(Self.name(register, .i32)), \(UInt32(truncatingIfNeeded: value))") {
                            $0.mov(size, register, imm: value)
                        }
                    } else {
                        cases.add("mov \(name), \(value)") { $0.mov(size, register, imm: value) }
                    }
                }
            }
        }
        for register in GPR.allCases {
            for value: Int64 in [0x1_0000_0000, -0x8000_0001, Int64.min, Int64.max] {
                cases.add("movabs \(Self.name(register)), \(value)") { $0.mov(.i64, register, imm: value) }
            }
        }
        for (address, text) in Self.addresses {
            for register in [GPR.rcx, .rsp, .r11] {
                cases.add("mov \(Self.name(register, .i32)), dword ptr \(text)") { $0.mov(.i32, register, address) }
                cases.add("mov \(Self.name(register)), qword ptr \(text)") { $0.mov(.i64, register, address) }
                cases.add("lea \(Self.name(register)), \(text)") { $0.lea(.i64, register, address) }
            }
            cases.add("lea r9d, \(text)") { $0.lea(.i32, .r9, address) }
        }
        try cases.check()
    }

    func testStores() throws {
        var cases = EncodingCases()
        let widths: [(MemoryWidth, String, [String])] = [
            (.byte, "byte", Self.names8), (.word, "word", Self.names16), (.dword, "dword", Self.names32),
            (.qword, "qword", Self.names64),
        ]
        for (width, pointer, names) in widths {
            for register in GPR.allCases {
                for (address, text) in Self.someAddresses {
                    cases.add("mov \(pointer) ptr \(text), \(names[Int(register.rawValue)])") {
                        $0.mov(width, address, register)
                    }
                }
            }
            for (address, text) in Self.addresses {
                cases.add("mov \(pointer) ptr \(text), \(names[9])") { $0.mov(width, address, .r9) }
            }
            for value: Int32 in width == .byte ? [0, -1, 127] : width == .word ? [0, -1, 0x7FFF] : Self.immediates {
                for (address, text) in Self.someAddresses {
                    cases.add("mov \(pointer) ptr \(text), \(value)") { $0.mov(width, address, imm: value) }
                }
            }
        }
        try cases.check()
    }

    func testExtensions() throws {
        var cases = EncodingCases()
        // Each extension: its text, the size it writes, what it reads, and the call for a register or memory source.
        typealias FromRegister = (inout X64Assembler, GPR, GPR) -> Void
        typealias FromMemory = (inout X64Assembler, GPR, Address) -> Void
        let forms: [(String, IntSize, MemoryWidth, FromRegister, FromMemory)] = [
            ("movzx", .i32, .byte, { $0.movzx($1, .byte, $2) }, { $0.movzx($1, .byte, $2) }),
            ("movzx", .i32, .word, { $0.movzx($1, .word, $2) }, { $0.movzx($1, .word, $2) }),
            ("movsx", .i32, .byte, { $0.movsx(.i32, $1, .byte, $2) }, { $0.movsx(.i32, $1, .byte, $2) }),
            ("movsx", .i32, .word, { $0.movsx(.i32, $1, .word, $2) }, { $0.movsx(.i32, $1, .word, $2) }),
            ("movsx", .i64, .byte, { $0.movsx(.i64, $1, .byte, $2) }, { $0.movsx(.i64, $1, .byte, $2) }),
            ("movsx", .i64, .word, { $0.movsx(.i64, $1, .word, $2) }, { $0.movsx(.i64, $1, .word, $2) }),
            ("movsxd", .i64, .dword, { $0.movsxd($1, $2) }, { $0.movsxd($1, $2) }),
        ]
        let sources: [MemoryWidth: ([String], String)] = [.byte: (Self.names8, "byte"), .word: (Self.names16, "word"),
                                                          .dword: (Self.names32, "dword")]
        for (mnemonic, size, width, fromRegister, fromMemory) in forms {
            let (names, pointer) = sources[width]!
            for (a, b) in Self.pairs {
                cases.add("\(mnemonic) \(Self.name(a, size)), \(names[Int(b.rawValue)])") { fromRegister(&$0, a, b) }
            }
            for register in [GPR.rax, .rdi, .r8, .r15] {
                for (address, text) in Self.someAddresses {
                    cases.add("\(mnemonic) \(Self.name(register, size)), \(pointer) ptr \(text)") {
                        fromMemory(&$0, register, address)
                    }
                }
            }
        }
        try cases.check()
    }

    func testArithmetic() throws {
        var cases = EncodingCases()
        let aluNames: [(ALUOp, String)] = [(.add, "add"), (.or, "or"), (.adc, "adc"), (.sbb, "sbb"), (.and, "and"),
                                           (.sub, "sub"), (.xor, "xor"), (.cmp, "cmp")]
        for (size, names) in Self.sizes {
            let pointer = size == .i32 ? "dword" : "qword"
            for (a, b) in Self.pairs {
                let (first, second) = (names[Int(a.rawValue)], names[Int(b.rawValue)])
                for (op, name) in aluNames {
                    cases.add("\(name) \(first), \(second)") { $0.alu(op, size, a, b) }
                }
                cases.add("test \(first), \(second)") { $0.test(size, a, b) }
                cases.add("imul \(first), \(second)") { $0.imul(size, a, b) }
            }
            for register in GPR.allCases {
                let name = names[Int(register.rawValue)]
                for value in Self.immediates {
                    for (op, opName) in aluNames {
                        cases.add("\(opName) \(name), \(value)") { $0.alu(op, size, register, imm: value) }
                    }
                    cases.add("imul \(name), \(names[3]), \(value)") { $0.imul(size, register, .rbx, imm: value) }
                    cases.add("imul \(names[12]), \(name), \(value)") { $0.imul(size, .r12, register, imm: value) }
                }
                // test with an immediate always takes the imm32 form; LLVM picks A9 for eax/rax, the same test.
                for value: Int32 in [0, 1, -1, 0x1234_5678] {
                    cases.add("test \(name), \(value)") { $0.test(size, register, imm: value) }
                }
                cases.add("div \(name)") { $0.div(size, register) }
                cases.add("idiv \(name)") { $0.idiv(size, register) }
                cases.add("mul \(name)") { $0.mul(size, register) }
                cases.add("neg \(name)") { $0.neg(size, register) }
                cases.add("not \(name)") { $0.not(size, register) }
            }
            for register in [GPR.rax, .rdi, .r8, .r15] {
                let name = names[Int(register.rawValue)]
                for (address, text) in Self.someAddresses {
                    for (op, opName) in aluNames {
                        cases.add("\(opName) \(name), \(pointer) ptr \(text)") { $0.alu(op, size, register, address) }
                        cases.add("\(opName) \(pointer) ptr \(text), \(name)") { $0.alu(op, size, address, register) }
                    }
                    cases.add("test \(pointer) ptr \(text), \(name)") { $0.test(size, address, register) }
                    cases.add("imul \(name), \(pointer) ptr \(text)") { $0.imul(size, register, address) }
                }
            }
        }
        for (size, pointer) in [(IntSize.i32, "dword"), (.i64, "qword")] {
            for value in Self.immediates {
                for (address, text) in Self.someAddresses {
                    for (op, opName) in aluNames {
                        cases.add("\(opName) \(pointer) ptr \(text), \(value)") {
                            $0.alu(op, size, address, imm: value)
                        }
                    }
                }
            }
        }
        for value: Int8 in [0, 1, -1, 127] {
            for (address, text) in Self.addresses {
                cases.add("cmp byte ptr \(text), \(value)") { $0.compareByte(address, imm: value) }
            }
        }
        cases.add("cdq") { $0.signExtendAccumulator(.i32) }
        cases.add("cqo") { $0.signExtendAccumulator(.i64) }
        cases.add("rdtsc") { $0.rdtsc() }
        try cases.check()
    }

    func testShiftsAndBitCounts() throws {
        var cases = EncodingCases()
        let shifts: [(ShiftOp, String)] = [(.rol, "rol"), (.ror, "ror"), (.shl, "shl"), (.shr, "shr"), (.sar, "sar")]
        let counts: [(BitCountOp, String)] = [(.lzcnt, "lzcnt"), (.tzcnt, "tzcnt"), (.popcnt, "popcnt")]
        for (size, names) in Self.sizes {
            for register in GPR.allCases {
                let name = names[Int(register.rawValue)]
                for (op, opName) in shifts {
                    cases.add("\(opName) \(name), cl") { $0.shift(op, size, register) }
                    for count: UInt8 in [1, 2, 31, 63] {
                        cases.add("\(opName) \(name), \(count)") { $0.shift(op, size, register, imm: count) }
                    }
                }
            }
            for (a, b) in Self.pairs {
                for (op, opName) in counts {
                    cases.add("\(opName) \(names[Int(a.rawValue)]), \(names[Int(b.rawValue)])") {
                        $0.bitCount(op, size, a, b)
                    }
                }
                cases.add("shrd \(names[Int(a.rawValue)]), \(names[Int(b.rawValue)]), 32") {
                    $0.shiftRightDouble(size, a, from: b, imm: 32)
                }
            }
        }
        try cases.check()
    }

    func testConditionsAndStack() throws {
        var cases = EncodingCases()
        for condition in Condition.allCases {
            let suffix = Self.conditionSuffixes[Int(condition.rawValue)]
            XCTAssertEqual(Self.conditionSuffixes[Int(condition.inverted.rawValue)], Self.opposites[suffix])
            for register in GPR.allCases {
                cases.add("set\(suffix) \(Self.names8[Int(register.rawValue)])") { $0.set(condition, register) }
            }
            for (size, names) in Self.sizes {
                for (a, b) in Self.pairs {
                    cases.add("cmov\(suffix) \(names[Int(a.rawValue)]), \(names[Int(b.rawValue)])") {
                        $0.cmov(condition, size, a, b)
                    }
                }
                let pointer = size == .i32 ? "dword" : "qword"
                for (address, text) in Self.someAddresses {
                    cases.add("cmov\(suffix) \(names[10]), \(pointer) ptr \(text)") {
                        $0.cmov(condition, size, .r10, address)
                    }
                }
            }
        }
        for register in GPR.allCases {
            let name = Self.name(register)
            cases.add("push \(name)") { $0.push(register) }
            cases.add("pop \(name)") { $0.pop(register) }
            cases.add("call \(name)") { $0.call(register) }
            cases.add("jmp \(name)") { $0.jmp(register) }
        }
        cases.add("ret") { $0.ret() }
        cases.add("ud2") { $0.ud2() }
        cases.add("int3") { $0.int3() }
        try cases.check()
    }
}
