/// Little-endian reads from a table's bytes. Callers check offsets against `count` first; every read is
/// bounds-checked again here so that a mistake cannot read outside the table.
struct TableBytes {
    let bytes: UnsafeRawBufferPointer

    var count: Int { bytes.count }

    func u8(_ offset: Int) -> UInt8 { read(offset, UInt8.self) }
    func u16(_ offset: Int) -> UInt16 { read(offset, UInt16.self) }
    func u32(_ offset: Int) -> UInt32 { read(offset, UInt32.self) }
    func u64(_ offset: Int) -> UInt64 { read(offset, UInt64.self) }

    func array(_ offset: Int, count: Int) -> [UInt8] {
        precondition(offset >= 0 && count >= 0 && offset <= bytes.count - count, "ACPI read out of bounds")
        return Array(bytes[offset..<(offset + count)])
    }

    private func read<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
        precondition(offset >= 0 && offset <= bytes.count - MemoryLayout<T>.size, "ACPI read out of bounds")
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Whether all bytes sum to zero modulo 256, as every ACPI checksum requires.
    static func sumsToZero(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var sum: UInt8 = 0
        for byte in bytes { sum &+= byte }
        return sum == 0
    }
}
