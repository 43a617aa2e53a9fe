/// WasmParser (WasmKit 0.4.2) reads the sub-opcode after the 0xFC prefix as a single byte, but the binary format
/// makes it a LEB128 u32, which an encoder may write with redundant bytes (binary-leb128.wast checks this).
/// Before parsing, such sub-opcodes are rewritten in their one-byte form with `nop`s after the instruction:
/// every size and offset in the module stays the same, and so does its behaviour.
enum OverlongOpcodes {
    static func canonicalize(_ bytes: [UInt8]) -> [UInt8] {
        guard needsWork(bytes) else { return bytes }
        var out = bytes
        for expression in InstructionWalker.expressions(of: bytes) {
            var walker = InstructionWalker(bytes, expression: expression)
            while let step = walker.next() {
                let subLength = step.subEnd - step.start - 1
                guard step.opcode == 0xFC, subLength > 1 else { continue }
                var rewritten: [UInt8] = [0xFC, UInt8(step.sub)]
                rewritten += bytes[step.subEnd..<step.end]
                rewritten += [UInt8](repeating: 0x01, count: subLength - 1)
                out.replaceSubrange(step.start..<step.end, with: rewritten)
            }
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
}
