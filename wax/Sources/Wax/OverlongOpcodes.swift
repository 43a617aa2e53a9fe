/// WasmParser (WasmKit 0.4.2) reads the sub-opcode after the 0xFC prefix as a single byte, but the binary format
/// makes it a LEB128 u32, which an encoder may write with redundant bytes (binary-leb128.wast checks this).
/// Before parsing, such sub-opcodes are rewritten in their one-byte form with `nop`s after the instruction:
/// every size and offset in the module stays the same, and so does its behaviour.
enum OverlongOpcodes {
    static func canonicalize(_ bytes: [UInt8]) -> [UInt8] {
        guard needsWork(bytes) else { return bytes }
        var out = bytes
        var module = ByteReader(bytes, from: 8)
        while module.position < bytes.count {
            guard let section = module.section() else { return bytes }
            if section.id == 10 { rewriteCode(&out, ByteReader(bytes, in: section.contents)) }
        }
        return out
    }

    /// A 0xFC byte followed by a byte with the continuation bit: the only pattern that can need a rewrite.
    private static func needsWork(_ bytes: [UInt8]) -> Bool {
        var index = 8
        while index + 1 < bytes.count {
            if bytes[index] == 0xFC && bytes[index + 1] & 0x80 != 0 { return true }
            index += 1
        }
        return false
    }

    private static func rewriteCode(_ out: inout [UInt8], _ section: ByteReader) {
        var reader = section
        guard let count = reader.leb() else { return }
        for _ in 0..<count {
            guard let size = reader.leb(), let end = reader.advance(size) else { return }
            rewriteBody(&out, ByteReader(reader.bytes, in: (end - size)..<end))
        }
    }

    private static func rewriteBody(_ out: inout [UInt8], _ body: ByteReader) {
        var p = body
        let bytes = body.bytes
        guard let groups = p.leb() else { return }
        for _ in 0..<groups {
            guard p.leb() != nil, p.advance(1) != nil else { return }
        }
        while let opcode = p.byte() {
            let instruction = p.position - 1
            switch opcode {
            case 0x02, 0x03, 0x04:
                guard p.position < p.limit else { return }
                if bytes[p.position] == 0x40 || (bytes[p.position] >= 0x6F && bytes[p.position] <= 0x7F) {
                    p.position += 1
                } else if !p.skip(lebs: 1) {
                    return
                }
            case 0x0C, 0x0D, 0x10, 0x20...0x26, 0x41, 0x42, 0xD2:
                guard p.skip(lebs: 1) else { return }
            case 0x11, 0x28...0x3E:
                guard p.skip(lebs: 2) else { return }
            case 0x0E:
                guard let targets = p.leb(), p.skip(lebs: targets + 1) else { return }
            case 0x1C:
                guard let types = p.leb() else { return }
                p.position += types
            case 0x3F, 0x40, 0xD0:
                p.position += 1
            case 0x43:
                p.position += 4
            case 0x44:
                p.position += 8
            case 0xFC:
                let subStart = p.position
                guard let sub = p.u32(), sub <= 17 else { return }
                let subLength = p.position - subStart
                let immediates = p.position
                switch sub {
                case 8: guard p.skip(lebs: 1) else { return }; p.position += 1
                case 10: p.position += 2
                case 11: p.position += 1
                case 9, 13, 15, 16, 17: guard p.skip(lebs: 1) else { return }
                case 12, 14: guard p.skip(lebs: 2) else { return }
                default: break
                }
                guard p.position <= p.limit else { return }
                if subLength > 1 {
                    var rewritten: [UInt8] = [0xFC, UInt8(sub)]
                    rewritten += bytes[immediates..<p.position]
                    rewritten += [UInt8](repeating: 0x01, count: subLength - 1)
                    out.replaceSubrange(instruction..<p.position, with: rewritten)
                }
            case 0xFD:
                return  // SIMD: Wax refuses it anyway
            default:
                break  // no immediates
            }
        }
    }
}
