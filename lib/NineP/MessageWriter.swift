/// Encodes one 9P message into a buffer the caller owns (for the kernel, the device's request buffer, so
/// Twrite's data is copied once). Every write is bounds-checked; `finish` fills in the size field.
public struct MessageWriter {
    private let buffer: UnsafeMutableRawBufferPointer
    public private(set) var count = 0

    public init(into buffer: UnsafeMutableRawBufferPointer, type: NineP.MessageType, tag: UInt16)
        throws(NinePError)
    {
        self.buffer = buffer
        try u32(0)  // the size, written by finish
        try u8(type.rawValue)
        try u16(tag)
    }

    private mutating func reserve(_ size: Int) throws(NinePError) -> Int {
        guard size <= buffer.count - count else { throw .messageTooLarge }
        let offset = count
        count += size
        return offset
    }

    private mutating func little<T: FixedWidthInteger>(_ value: T) throws(NinePError) {
        let offset = try reserve(MemoryLayout<T>.size)
        // SAFETY: reserve checked that the field lies inside the buffer.
        buffer.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
    }

    public mutating func u8(_ value: UInt8) throws(NinePError) { try little(value) }
    public mutating func u16(_ value: UInt16) throws(NinePError) { try little(value) }
    public mutating func u32(_ value: UInt32) throws(NinePError) { try little(value) }
    public mutating func u64(_ value: UInt64) throws(NinePError) { try little(value) }

    public mutating func bytes(_ data: UnsafeRawBufferPointer) throws(NinePError) {
        copy(data, to: try reserve(data.count))
    }

    private func copy(_ data: UnsafeRawBufferPointer, to offset: Int) {
        guard let base = data.baseAddress, data.count > 0 else { return }
        // SAFETY: reserve checked that offset + data.count is inside the buffer.
        (buffer.baseAddress! + offset).copyMemory(from: base, byteCount: data.count)
    }

    /// A string: length[2] then the bytes.
    public mutating func string(_ value: [UInt8]) throws(NinePError) {
        guard value.count <= Int(UInt16.max) else { throw .messageTooLarge }
        try u16(UInt16(value.count))
        let offset = try reserve(value.count)
        value.withUnsafeBytes { copy($0, to: offset) }
    }

    /// A name for the server to look up in a directory: no "/" and no NUL, which would make it name something
    /// else (QEMU refuses them too; checking here keeps the client's promise whatever the server).
    public mutating func name(_ value: [UInt8]) throws(NinePError) {
        guard !value.contains(UInt8(ascii: "/")), !value.contains(0) else { throw .invalidName }
        try string(value)
    }

    /// Writes the size field; the message is the first `count` bytes of the buffer.
    public func finish() -> Int {
        // SAFETY: init reserved these first four bytes.
        buffer.storeBytes(of: UInt32(count).littleEndian, toByteOffset: 0, as: UInt32.self)
        return count
    }
}
