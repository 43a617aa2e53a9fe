/// WasmParser (WasmKit 0.4.2) reads the sub-opcode after the 0xFC prefix as a single byte, but the binary format
/// makes it a LEB128 u32, which an encoder may write with redundant bytes (binary-leb128.wast checks this).
/// Before parsing, such sub-opcodes are rewritten in their one-byte form with `nop`s after the instruction:
/// every size and offset in the module stays the same, and so does its behaviour.
enum OverlongOpcodes {
    static func canonicalize(_ bytes: [UInt8]) -> [UInt8] {
        guard needsWork(bytes) else { return bytes }
        var out = bytes
        var position = 8
        while position < bytes.count {
            let id = bytes[position]
            position += 1
            guard let size = leb(bytes, &position), size <= bytes.count - position else { return bytes }
            let end = position + size
            if id == 10 { rewriteCode(bytes, &out, from: position, to: end) }
            position = end
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

    private static func rewriteCode(_ bytes: [UInt8], _ out: inout [UInt8], from start: Int, to end: Int) {
        var position = start
        guard let count = leb(bytes, &position) else { return }
        for _ in 0..<count {
            guard let size = leb(bytes, &position), size <= end - position else { return }
            rewriteBody(bytes, &out, from: position, to: position + size)
            position += size
        }
    }

    private static func rewriteBody(_ bytes: [UInt8], _ out: inout [UInt8], from start: Int, to end: Int) {
        var p = start
        guard let groups = leb(bytes, &p) else { return }
        for _ in 0..<groups {
            guard leb(bytes, &p) != nil, p < end else { return }
            p += 1
        }
        while p < end {
            let instruction = p
            let opcode = bytes[p]
            p += 1
            switch opcode {
            case 0x02, 0x03, 0x04:
                guard p < end else { return }
                if bytes[p] == 0x40 || (bytes[p] >= 0x6F && bytes[p] <= 0x7F) { p += 1 } else if !skip(bytes, &p, 1) { return }
            case 0x0C, 0x0D, 0x10, 0x20...0x26, 0x41, 0x42, 0xD2:
                guard skip(bytes, &p, 1) else { return }
            case 0x11, 0x28...0x3E:
                guard skip(bytes, &p, 2) else { return }
            case 0x0E:
                guard let targets = leb(bytes, &p), skip(bytes, &p, targets + 1) else { return }
            case 0x1C:
                guard let types = leb(bytes, &p) else { return }
                p += types
            case 0x3F, 0x40, 0xD0:
                p += 1
            case 0x43:
                p += 4
            case 0x44:
                p += 8
            case 0xFC:
                let subStart = p
                guard let sub = u32(bytes, &p), sub <= 17 else { return }
                let subLength = p - subStart
                let immediates = p
                switch sub {
                case 8: guard skip(bytes, &p, 1) else { return }; p += 1
                case 10: p += 2
                case 11: p += 1
                case 9, 13, 15, 16, 17: guard skip(bytes, &p, 1) else { return }
                case 12, 14: guard skip(bytes, &p, 2) else { return }
                default: break
                }
                guard p <= end else { return }
                if subLength > 1 {
                    var rewritten: [UInt8] = [0xFC, UInt8(sub)]
                    rewritten += bytes[immediates..<p]
                    rewritten += [UInt8](repeating: 0x01, count: subLength - 1)
                    out.replaceSubrange(instruction..<p, with: rewritten)
                }
            case 0xFD:
                return  // SIMD: Wax refuses it anyway
            default:
                break  // no immediates
            }
        }
    }

    private static func skip(_ bytes: [UInt8], _ position: inout Int, _ count: Int) -> Bool {
        for _ in 0..<count where leb(bytes, &position) == nil { return false }
        return true
    }

    /// A u32 in LEB128 as the format allows it: at most five bytes, the fifth with no bits beyond 32 (else nil,
    /// and the parser reports the malformed encoding).
    private static func u32(_ bytes: [UInt8], _ position: inout Int) -> Int? {
        var value = 0
        for index in 0..<5 {
            guard position < bytes.count else { return nil }
            let byte = bytes[position]
            position += 1
            if index == 4 && byte & 0xF0 != 0 { return nil }
            value |= Int(byte & 0x7F) << (7 * index)
            if byte & 0x80 == 0 { return value }
        }
        return nil
    }

    /// An unsigned LEB128 number up to 2^32 (also skips a signed one of up to 10 bytes); nil when truncated.
    private static func leb(_ bytes: [UInt8], _ position: inout Int) -> Int? {
        var value = 0
        var shift = 0
        while position < bytes.count, shift < 70 {
            let byte = bytes[position]
            position += 1
            if shift < 63 { value |= Int(byte & 0x7F) << shift }
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
