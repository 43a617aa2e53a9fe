import CPU

/// The kernel's own symbol table, for backtraces. The build links the kernel twice: the second link adds the
/// table made from the first (tools/kernel-symbols.py) in a section placed last, so no other address moves.
/// Layout: magic "WSYM", count u32, then `count` entries { address u64, name offset u32, size u32 } sorted by
/// address, then NUL-terminated demangled names.
enum Symbols {
    private static let magic: UInt32 = 0x4D59_5357
    private static let entrySize = 16

    private static var table: UnsafeRawBufferPointer {
        let start = layout_symbols_start(), end = layout_symbols_end()
        return UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: UInt(start)), count: Int(end - start))
    }

    static var count: Int {
        let t = table
        guard t.count >= 8, t.load(as: UInt32.self) == magic else { return 0 }
        let n = Int(t.load(fromByteOffset: 4, as: UInt32.self))
        return 8 + n * entrySize <= t.count ? n : 0
    }

    /// The symbol containing `address`: its name (bytes, without the NUL) and the offset into it.
    static func lookup(_ address: UInt64) -> (name: UnsafeRawBufferPointer, offset: UInt64)? {
        let t = table
        let n = count
        var low = 0, high = n
        while low < high {
            let mid = (low + high) / 2
            if t.load(fromByteOffset: 8 + mid * entrySize, as: UInt64.self) <= address { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return nil }
        let entry = 8 + (low - 1) * entrySize
        let start = t.load(fromByteOffset: entry, as: UInt64.self)
        let size = UInt64(t.load(fromByteOffset: entry + 12, as: UInt32.self))
        guard size == 0 || address < start + size else { return nil }
        let nameStart = 8 + n * entrySize + Int(t.load(fromByteOffset: entry + 8, as: UInt32.self))
        var nameEnd = nameStart
        while nameEnd < t.count && t[nameEnd] != 0 { nameEnd += 1 }
        return (UnsafeRawBufferPointer(rebasing: t[nameStart..<nameEnd]), address - start)
    }
}
