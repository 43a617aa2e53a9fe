// Bounds arithmetic and little-endian loads over a file's bytes: the one place lib/ELF touches raw memory.
// Every load goes through `contains` first, so a hostile file can never make a read leave its buffer.

extension UnsafeRawBufferPointer {
    /// Whether `size` bytes at `offset` lie inside the buffer, without overflowing on hostile 64-bit values.
    func contains(offset: UInt64, size: UInt64) -> Bool {
        let count = UInt64(self.count)
        return offset <= count && size <= count - offset
    }

    func slice(offset: UInt64, size: UInt64) -> UnsafeRawBufferPointer {
        precondition(contains(offset: offset, size: size), "ELF slice outside its buffer")
        return UnsafeRawBufferPointer(rebasing: self[Int(offset)..<Int(offset + size)])
    }

    func loadLE<T: FixedWidthInteger>(_ offset: Int, as _: T.Type) -> T {
        precondition(offset >= 0 && offset <= count - MemoryLayout<T>.size, "ELF load outside its buffer")
        return T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
