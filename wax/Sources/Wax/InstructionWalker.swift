/// Steps over the instructions of function bodies in the binary format, knowing only each one's length: for the
/// rewrites before parsing (`OverlongOpcodes`, `LegacyExceptions`), which must find where instructions start
/// without decoding them. It knows every instruction of WebAssembly 3.0 and the legacy exception instructions; at
/// anything else (threads' atomics, an unknown opcode) or at bytes that end early it stops, and WasmParser reports
/// the problem when it gets there.
struct InstructionWalker {
    /// One instruction: where its opcode is, the opcode, and for a prefixed one (0xFB, 0xFC, 0xFD) the sub-opcode
    /// and where it ends.
    struct Step {
        var start: Int
        var opcode: UInt8
        var sub = 0
        var subEnd = 0
        var end = 0
    }

    private var reader: ByteReader

    /// A walker over the expression `range` of `bytes` (a body after its local declarations).
    init(_ bytes: [UInt8], expression range: Range<Int>) {
        reader = ByteReader(bytes, in: range)
    }

    /// The expression of every function body in the code section (id 10) of `bytes`, in order; empty when the
    /// section is missing or does not read as expected (WasmParser then says why).
    static func expressions(of bytes: [UInt8]) -> [Range<Int>] {
        var module = ByteReader(bytes, from: 8)
        while module.position < bytes.count {
            guard let section = module.section() else { return [] }
            guard section.id == 10 else { continue }
            var reader = ByteReader(bytes, in: section.contents)
            guard let count = reader.u32() else { return [] }
            var expressions: [Range<Int>] = []
            for _ in 0..<count {
                guard let size = reader.u32(), let end = reader.advance(size) else { return expressions }
                var body = ByteReader(bytes, in: (end - size)..<end)
                guard let groups = body.u32() else { return expressions }
                for _ in 0..<groups {
                    guard body.u32() != nil, body.valueType() else { return expressions }
                }
                expressions.append(body.position..<end)
            }
            return expressions
        }
        return []
    }

    /// The next instruction; nil at the expression's end or where the walk cannot go on.
    mutating func next() -> Step? {
        let start = reader.position
        guard let opcode = reader.byte() else { return nil }
        var step = Step(start: start, opcode: opcode)
        let known: Bool
        switch opcode {
        case 0x00, 0x01, 0x05, 0x0A, 0x0B, 0x0F, 0x19, 0x1A, 0x1B, 0x45...0xC4, 0xD1, 0xD3, 0xD4:
            known = true
        case 0x02, 0x03, 0x04, 0x06:
            known = reader.blockType()
        case 0x07, 0x08, 0x09, 0x0C, 0x0D, 0x10, 0x12, 0x14, 0x15, 0x18, 0x20...0x26, 0x3F, 0x40, 0x41, 0x42,
             0xD0, 0xD2, 0xD5, 0xD6:
            known = reader.skip(lebs: 1)
        case 0x0E:
            guard let targets = reader.u32() else { return nil }
            known = reader.skip(lebs: targets + 1)
        case 0x11, 0x13:
            known = reader.skip(lebs: 2)
        case 0x1C:
            guard var types = reader.u32() else { return nil }
            while types > 0 && reader.valueType() { types -= 1 }
            known = types == 0
        case 0x1F:
            known = reader.blockType() && reader.catchClauses()
        case 0x28...0x3E:
            known = reader.memoryArgument()
        case 0x43:
            known = reader.advance(4) != nil
        case 0x44:
            known = reader.advance(8) != nil
        case 0xFB, 0xFC, 0xFD:
            guard let sub = reader.u32() else { return nil }
            step.sub = sub
            step.subEnd = reader.position
            switch opcode {
            case 0xFB: known = reader.gcImmediates(sub)
            case 0xFC: known = reader.miscellaneousImmediates(sub)
            default: known = reader.vectorImmediates(sub)
            }
        default:
            known = false
        }
        guard known else { return nil }
        step.end = reader.position
        return step
    }
}

private extension ByteReader {
    /// A value type: one byte, or a reference type's prefix (0x63 nullable, 0x64 not) and its heap type.
    mutating func valueType() -> Bool {
        guard let first = byte() else { return false }
        return first == 0x63 || first == 0x64 ? leb() != nil : true
    }

    /// A block type: empty (0x40), one value type, or a type index (s33).
    mutating func blockType() -> Bool {
        guard position < limit else { return false }
        let first = bytes[position]
        if first == 0x40 || (0x69...0x7F).contains(first) || first == 0x63 || first == 0x64 { return valueType() }
        return leb() != nil
    }

    /// try_table's clauses: a kind (catch, catch_ref, catch_all, catch_all_ref), a tag for the first two, a label.
    mutating func catchClauses() -> Bool {
        guard let count = u32() else { return false }
        for _ in 0..<count {
            guard let kind = byte(), kind <= 3, skip(lebs: kind < 2 ? 2 : 1) else { return false }
        }
        return true
    }

    /// A memory access's alignment (with bit 6: a memory index follows) and offset.
    mutating func memoryArgument() -> Bool {
        guard let alignment = u32() else { return false }
        return skip(lebs: alignment & 0x40 != 0 ? 2 : 1)
    }

    mutating func gcImmediates(_ sub: Int) -> Bool {
        switch sub {
        case 15, 26...30: return true
        case 0, 1, 6, 7, 11...14, 16, 20...23: return skip(lebs: 1)
        case 2...5, 8...10, 17...19: return skip(lebs: 2)
        case 24, 25: return advance(1) != nil && skip(lebs: 3)  // br_on_cast(_fail): flags, label, two heap types
        default: return false
        }
    }

    mutating func miscellaneousImmediates(_ sub: Int) -> Bool {
        switch sub {
        case 0...7: return true
        case 9, 11, 13, 15...17: return skip(lebs: 1)
        case 8, 10, 12, 14: return skip(lebs: 2)
        default: return false
        }
    }

    mutating func vectorImmediates(_ sub: Int) -> Bool {
        switch sub {
        case 0...11, 92, 93: return memoryArgument()
        case 12, 13: return advance(16) != nil  // v128.const, i8x16.shuffle
        case 21...34: return advance(1) != nil  // a lane
        case 84...91: return memoryArgument() && advance(1) != nil
        case 14...20, 35...83, 94...0x113: return true
        default: return false
        }
    }
}
