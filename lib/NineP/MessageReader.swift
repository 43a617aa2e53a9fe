/// Decodes one 9P reply from the bytes a server wrote. The header is checked against what was asked (size,
/// tag, type); Rlerror becomes `NinePError.remote`. Every field read is bounds-checked, so a hostile or broken
/// server can only cause `malformedReply`.
public struct MessageReader {
    private let buffer: UnsafeRawBufferPointer
    private var offset: Int

    /// Checks the header of the reply in `buffer` (the bytes the transport received) and positions the reader
    /// at its body.
    public init(reply buffer: UnsafeRawBufferPointer, tag: UInt16, expecting type: NineP.MessageType)
        throws(NinePError)
    {
        guard buffer.count >= NineP.headerSize else { throw .malformedReply }
        let size = Int(UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
        guard size >= NineP.headerSize, size <= buffer.count else { throw .malformedReply }
        self.buffer = UnsafeRawBufferPointer(rebasing: buffer[0..<size])
        offset = 4
        let replyType = try u8()
        let replyTag = try u16()
        guard replyTag == tag else { throw .malformedReply }
        if replyType == NineP.MessageType.rlerror.rawValue {
            let errno = try u32()
            throw .remote(errno: errno)
        }
        guard replyType == type.rawValue else { throw .malformedReply }
    }

    /// Bytes of the body not read yet.
    public var remaining: Int { buffer.count - offset }

    private mutating func take(_ size: Int) throws(NinePError) -> Int {
        guard size >= 0, size <= remaining else { throw .malformedReply }
        let start = offset
        offset += size
        return start
    }

    private mutating func little<T: FixedWidthInteger>(_: T.Type) throws(NinePError) -> T {
        let at = try take(MemoryLayout<T>.size)
        // SAFETY: take checked that the field lies inside the reply.
        return T(littleEndian: buffer.loadUnaligned(fromByteOffset: at, as: T.self))
    }

    public mutating func u8() throws(NinePError) -> UInt8 { try little(UInt8.self) }
    public mutating func u16() throws(NinePError) -> UInt16 { try little(UInt16.self) }
    public mutating func u32() throws(NinePError) -> UInt32 { try little(UInt32.self) }
    public mutating func u64() throws(NinePError) -> UInt64 { try little(UInt64.self) }

    /// The next `count` bytes, in place.
    public mutating func bytes(_ count: Int) throws(NinePError) -> UnsafeRawBufferPointer {
        let at = try take(count)
        return UnsafeRawBufferPointer(rebasing: buffer[at..<(at + count)])
    }

    public mutating func string() throws(NinePError) -> [UInt8] {
        let length = Int(try u16())
        return Array(try bytes(length))
    }

    public mutating func qid() throws(NinePError) -> Qid {
        let type = try u8()
        let version = try u32()
        let path = try u64()
        return Qid(type: type, version: version, path: path)
    }

    /// Fails unless the whole body was read: a reply longer than its type allows is malformed too.
    public func end() throws(NinePError) {
        guard remaining == 0 else { throw .malformedReply }
    }
}
