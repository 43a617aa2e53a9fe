/// A bounds-checked cursor over a module's bytes, for the places that read the binary format themselves, beside
/// WasmParser: the name section, the rewrites before parsing, and the spec-script converter's fix of what an
/// encoder wrote. Every read that would pass the limit gives nil.
public struct ByteReader {
    public let bytes: [UInt8]
    public var position: Int
    /// Where the readable bytes end (a section's end, or the module's).
    public let limit: Int

    public init(_ bytes: [UInt8], from position: Int, to limit: Int? = nil) {
        self.bytes = bytes
        self.position = position
        self.limit = min(limit ?? bytes.count, bytes.count)
    }

    /// The bytes of `range` alone (a section's contents, a function body).
    public init(_ bytes: [UInt8], in range: Range<Int>) {
        self.init(bytes, from: range.lowerBound, to: range.upperBound)
    }

    public mutating func byte() -> UInt8? {
        guard position < limit else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    /// An unsigned LEB128 number up to 2^32 (also steps over a signed one of up to 10 bytes); nil when truncated.
    public mutating func leb() -> Int? {
        var value = 0
        var shift = 0
        while shift < 70, let byte = byte() {
            if shift < 63 { value |= Int(byte & 0x7F) << shift }
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    /// A u32 in LEB128 as the format allows it: at most five bytes, the fifth with no bits beyond 32.
    public mutating func u32() -> Int? {
        var value = 0
        for index in 0..<5 {
            guard let byte = byte() else { return nil }
            if index == 4 && byte & 0xF0 != 0 { return nil }
            value |= Int(byte & 0x7F) << (7 * index)
            if byte & 0x80 == 0 { return value }
        }
        return nil
    }

    /// A u64 in LEB128 as the format allows it: at most ten bytes, the tenth with no bits beyond 64.
    public mutating func u64() -> UInt64? {
        var value: UInt64 = 0
        for index in 0..<10 {
            guard let byte = byte() else { return nil }
            if index == 9 && byte & 0xFE != 0 { return nil }
            value |= UInt64(byte & 0x7F) << (7 * UInt64(index))
            if byte & 0x80 == 0 { return value }
        }
        return nil
    }

    /// Steps over `count` LEB128 numbers; false when the bytes end first.
    public mutating func skip(lebs count: Int) -> Bool {
        for _ in 0..<count where leb() == nil { return false }
        return true
    }

    /// Steps over `count` bytes; returns the position after them, nil when they pass the limit.
    public mutating func advance(_ count: Int) -> Int? {
        guard count >= 0, count <= limit - position else { return nil }
        position += count
        return position
    }

    /// A name: its length, then its bytes.
    public mutating func name() -> [UInt8]? {
        guard let length = u32(), let end = advance(length) else { return nil }
        return Array(bytes[(end - length)..<end])
    }

    /// The next section after the preamble: its id and where its contents lie; nil at the end or when its size
    /// runs past the limit.
    public mutating func section() -> (id: UInt8, contents: Range<Int>)? {
        guard let id = byte(), let size = u32(), let end = advance(size) else { return nil }
        return (id, (end - size)..<end)
    }
}

/// Unsigned LEB128, written: for the rewrites that change a section's size.
public enum LEB128 {
    public static func encode(_ value: UInt32) -> [UInt8] {
        var out: [UInt8] = []
        var rest = value
        repeat {
            out.append(UInt8(rest & 0x7F) | (rest >= 0x80 ? 0x80 : 0))
            rest >>= 7
        } while rest != 0
        return out
    }
}
