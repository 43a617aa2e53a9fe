/// WebAssembly 3.0 encodes the limits of every memory as u64, a 32-bit memory's too; WasmParser (WasmKit 0.4.2)
/// reads those of a 32-bit memory as u32 and calls a larger value malformed. Such a module is well formed and
/// invalid ("memory size", memory.wast checks this). Before parsing, a limit of a 32-bit memory (defined or
/// imported) past u32 is rewritten as 0xFFFF_FFFF, which validation then refuses as it must; the module is left
/// as it is when no limit needs it.
enum WideMemoryLimits {
    static func narrow(_ bytes: [UInt8]) -> [UInt8] {
        var sections: [(id: UInt8, contents: Range<Int>, wide: [Range<Int>])] = []
        var module = ByteReader(bytes, from: 8)
        while module.position < bytes.count {
            guard let section = module.section() else { return bytes }
            var reader = ByteReader(bytes, in: section.contents)
            let wide: [Range<Int>]
            switch section.id {
            case 2: wide = wideLimits(importSection: &reader)
            case 5: wide = wideLimits(memorySection: &reader)
            default: wide = []
            }
            sections.append((section.id, section.contents, wide))
        }
        guard sections.contains(where: { !$0.wide.isEmpty }) else { return bytes }
        var out = Array(bytes[0..<8])
        for section in sections {
            var contents: [UInt8] = []
            var position = section.contents.lowerBound
            for range in section.wide {
                contents += bytes[position..<range.lowerBound]
                contents += [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
                position = range.upperBound
            }
            contents += bytes[position..<section.contents.upperBound]
            out.append(section.id)
            out += LEB128.encode(UInt32(contents.count))
            out += contents
        }
        return out
    }

    /// The limits past u32 of the 32-bit memories among the imports; stops at what it cannot read.
    static func wideLimits(importSection reader: inout ByteReader) -> [Range<Int>] {
        var wide: [Range<Int>] = []
        guard let count = reader.u32() else { return wide }
        for _ in 0..<count {
            guard reader.name() != nil, reader.name() != nil, let kind = reader.byte() else { return wide }
            switch kind {
            case 0x00:
                guard reader.u32() != nil else { return wide }
            case 0x01:
                guard skipValueType(&reader), let flags = reader.byte(), reader.skip(lebs: flags & 1 == 0 ? 1 : 2) else {
                    return wide
                }
            case 0x02:
                guard memoryLimits(&reader, into: &wide) else { return wide }
            case 0x03:
                guard skipValueType(&reader), reader.byte() != nil else { return wide }
            case 0x04:
                guard reader.byte() != nil, reader.u32() != nil else { return wide }
            default:
                return wide
            }
        }
        return wide
    }

    static func wideLimits(memorySection reader: inout ByteReader) -> [Range<Int>] {
        var wide: [Range<Int>] = []
        guard let count = reader.u32() else { return wide }
        for _ in 0..<count {
            guard memoryLimits(&reader, into: &wide) else { return wide }
        }
        return wide
    }

    /// Reads one memory's limits, noting those of a 32-bit memory that are u64 but not u32; false when unreadable.
    static func memoryLimits(_ reader: inout ByteReader, into wide: inout [Range<Int>]) -> Bool {
        guard let flags = reader.byte(), flags & ~0x07 == 0 else { return false }
        for _ in 0..<(flags & 1 == 0 ? 1 : 2) {
            let start = reader.position
            guard let value = reader.u64() else { return false }
            if flags & 0x04 == 0 && value > UInt64(UInt32.max) { wide.append(start..<reader.position) }
        }
        return true
    }

    /// A value type: one byte, or (ref null? heaptype) with its heap type as a signed LEB128.
    static func skipValueType(_ reader: inout ByteReader) -> Bool {
        guard let type = reader.byte() else { return false }
        return type != 0x63 && type != 0x64 || reader.skip(lebs: 1)
    }
}
