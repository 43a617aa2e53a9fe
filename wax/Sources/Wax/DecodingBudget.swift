/// Keeps decoding within a number of bytes: what the module will hold and what the parser and the compiler hold
/// on the way, estimated before they take it, so that a module too big for its embedder is refused (a
/// `ModuleError` of kind `.resourceLimit`) instead of taking memory the embedder does not have. The estimates are
/// the worst cases per input byte measured with `wax footprint` on modules made of nothing but one kind of entry
/// (see wax/README.md, Memory).
struct DecodingBudget {
    let limit: Int

    /// What WasmParser holds, at most, while and after it reads the section at `position` (until decoding ends):
    /// per byte of the section, by the section's worst entries.
    static func parserBytes(_ bytes: [UInt8], at position: Int) -> Int {
        guard position >= 8 else { return 0 }  // the preamble
        var reader = ByteReader(bytes, from: position)
        guard let section = reader.section() else { return 0 }
        let size = section.contents.count
        switch section.id {
        case 1: return 48 * size  // types: a recursive group, a sub type and two arrays per 3 bytes
        case 2: return 32 * size  // imports: two strings and a descriptor per 5 bytes
        case 6: return 48 * size  // globals: an instruction array per 5 bytes
        case 9: return 160 * size  // elements: an instruction array per function index of 1 byte
        case 10:
            // A `Code` per body (its locals as one type per run, see LocalDeclarations): 72 bytes and an array.
            var contents = ByteReader(bytes, in: section.contents)
            return 16 * size + 160 * min(contents.u32() ?? 0, size)
        default: return 8 * size  // functions, tables, memories, exports, data (slices of the input), names
        }
    }

    /// What translating one body of `size` bytes holds at most beside the code it adds: the compiler's operand
    /// and control stacks, the constants' first pass, a br_table's entries (50,000 nested blocks: 55 per byte).
    static func compilerBytes(bodySize size: Int) -> Int { 64 * size + 4096 }

    /// The name of the section at `position` (the one `parserBytes` estimates), for a refusal.
    static func sectionName(_ bytes: [UInt8], at position: Int) -> String {
        let names = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start",
                     "element", "code", "data", "data count", "tag"]
        guard position >= 8, position < bytes.count, Int(bytes[position]) < names.count else { return "header" }
        return names[Int(bytes[position])]
    }

    func check(_ bytes: Int, section: String?) throws(ModuleError) {
        guard bytes <= limit else {
            throw ModuleError(.resourceLimit, "decoding needs more than the \(limit) bytes allowed", section: section)
        }
    }

    /// What arrays being filled hold: their capacity, which doubles as they grow.
    static func bytes<T>(_ array: [T]) -> Int { array.capacity * MemoryLayout<T>.stride }
}
