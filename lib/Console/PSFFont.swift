/// Why bytes are not a PC Screen Font the console can draw with.
public enum PSFError: Error, Equatable {
    case truncatedHeader
    case badMagic
    case unsupportedVersion(UInt32)
    case badHeaderSize(UInt32)
    case badGlyphSize(width: UInt32, height: UInt32, bytesPerGlyph: UInt32)
    case noGlyphs
    case glyphsOutOfBounds
    case badUnicodeTable
}

/// A PC Screen Font (PSF1 or PSF2, as Linux's console fonts are) read in place: fixed-size 1-bit glyph bitmaps,
/// rows top to bottom, each row most significant bit first and padded to whole bytes, plus an optional table
/// saying which Unicode scalars each glyph shows.
public struct PSFFont {
    public let bytes: UnsafeRawBufferPointer
    public let width: Int
    public let height: Int
    public let glyphCount: Int
    public let bytesPerRow: Int
    public let bytesPerGlyph: Int
    private let glyphOffset: Int
    /// (scalar << 32 | glyph), sorted; empty when the font has no Unicode table (glyph index = scalar).
    private let unicodeMap: [UInt64]
    /// The glyph drawn for scalars the font lacks: U+FFFD, else "?", else glyph 0.
    public private(set) var replacementGlyph = 0

    public init(bytes: UnsafeRawBufferPointer) throws(PSFError) {
        if bytes.count >= 2, bytes[0] == 0x36, bytes[1] == 0x04 {
            try self.init(psf1: bytes)
        } else if bytes.count >= 4, bytes[0] == 0x72, bytes[1] == 0xB5, bytes[2] == 0x4A, bytes[3] == 0x86 {
            try self.init(psf2: bytes)
        } else if bytes.count < 4 {
            throw .truncatedHeader
        } else {
            throw .badMagic
        }
    }

    private init(psf1 bytes: UnsafeRawBufferPointer) throws(PSFError) {
        guard bytes.count >= 4 else { throw .truncatedHeader }
        let mode = bytes[2]
        let height = Int(bytes[3])
        guard height > 0 else { throw .badGlyphSize(width: 8, height: 0, bytesPerGlyph: 0) }
        let count = mode & 0x01 != 0 ? 512 : 256
        let tableStart = 4 + count * height
        guard tableStart <= bytes.count else { throw .glyphsOutOfBounds }
        var map: [UInt64] = []
        if mode & 0x06 != 0 {
            map = try Self.psf1Table(UnsafeRawBufferPointer(rebasing: bytes[tableStart...]), glyphCount: count)
        }
        try self.init(bytes: bytes, width: 8, height: height, glyphCount: count, glyphOffset: 4, map: map)
    }

    private init(psf2 bytes: UnsafeRawBufferPointer) throws(PSFError) {
        guard bytes.count >= 32 else { throw .truncatedHeader }
        func field(_ index: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)) }
        let version = field(1), headerSize = field(2), flags = field(3), count = field(4)
        let bytesPerGlyph = field(5), height = field(6), width = field(7)
        guard version == 0 else { throw .unsupportedVersion(version) }
        guard headerSize >= 32, headerSize <= bytes.count else { throw .badHeaderSize(headerSize) }
        guard width > 0, height > 0, width <= 256, height <= 256, bytesPerGlyph == (width + 7) / 8 * height else {
            throw .badGlyphSize(width: width, height: height, bytesPerGlyph: bytesPerGlyph)
        }
        guard count > 0 else { throw .noGlyphs }
        guard UInt64(count) * UInt64(bytesPerGlyph) <= UInt64(bytes.count) - UInt64(headerSize) else {
            throw .glyphsOutOfBounds
        }
        let tableStart = Int(headerSize) + Int(count) * Int(bytesPerGlyph)
        var map: [UInt64] = []
        if flags & 0x01 != 0 {
            map = try Self.psf2Table(UnsafeRawBufferPointer(rebasing: bytes[tableStart...]), glyphCount: Int(count))
        }
        try self.init(bytes: bytes, width: Int(width), height: Int(height), glyphCount: Int(count),
                      glyphOffset: Int(headerSize), map: map)
    }

    private init(bytes: UnsafeRawBufferPointer, width: Int, height: Int, glyphCount: Int, glyphOffset: Int,
                 map: [UInt64]) throws(PSFError) {
        self.bytes = bytes
        self.width = width
        self.height = height
        self.glyphCount = glyphCount
        self.bytesPerRow = (width + 7) / 8
        self.bytesPerGlyph = bytesPerRow * height
        self.glyphOffset = glyphOffset
        self.unicodeMap = map.sorted()
        replacementGlyph = glyphIndex(for: 0xFFFD) ?? glyphIndex(for: 0x3F) ?? 0
    }

    /// PSF1 table: per glyph, UCS-2 little-endian entries up to 0xFFFF; 0xFFFE starts combining sequences,
    /// which a one-scalar-per-cell console skips.
    private static func psf1Table(_ table: UnsafeRawBufferPointer, glyphCount: Int) throws(PSFError) -> [UInt64] {
        var map: [UInt64] = []
        var offset = 0
        for glyph in 0..<glyphCount {
            var inSequence = false
            while true {
                guard offset + 2 <= table.count else { throw .badUnicodeTable }
                let value = UInt16(table[offset]) | UInt16(table[offset + 1]) << 8
                offset += 2
                if value == 0xFFFF { break }
                if value == 0xFFFE { inSequence = true }
                if !inSequence { map.append(UInt64(value) << 32 | UInt64(glyph)) }
            }
        }
        return map
    }

    /// PSF2 table: per glyph, UTF-8 scalars up to 0xFF; 0xFE starts combining sequences (skipped, as above).
    private static func psf2Table(_ table: UnsafeRawBufferPointer, glyphCount: Int) throws(PSFError) -> [UInt64] {
        var map: [UInt64] = []
        var offset = 0
        for glyph in 0..<glyphCount {
            var inSequence = false
            var decoder = UTF8StreamDecoder()
            while true {
                guard offset < table.count else { throw .badUnicodeTable }
                let byte = table[offset]
                offset += 1
                if byte == 0xFF { break }
                if byte == 0xFE { inSequence = true }
                if inSequence { continue }
                decoder.feed(byte) { scalar in map.append(UInt64(scalar) << 32 | UInt64(glyph)) }
            }
        }
        return map
    }

    /// The glyph showing `scalar`, if the font has one.
    public func glyphIndex(for scalar: UInt32) -> Int? {
        if unicodeMap.isEmpty { return Int(scalar) < glyphCount ? Int(scalar) : nil }
        var low = 0, high = unicodeMap.count
        while low < high {
            let middle = (low + high) / 2
            let key = UInt32(truncatingIfNeeded: unicodeMap[middle] >> 32)
            if key < scalar { low = middle + 1 } else { high = middle }
        }
        guard low < unicodeMap.count, UInt32(truncatingIfNeeded: unicodeMap[low] >> 32) == scalar else { return nil }
        return Int(truncatingIfNeeded: unicodeMap[low] & 0xFFFF_FFFF)
    }

    /// The glyph for `scalar`, or the replacement glyph.
    public func glyphOrReplacement(for scalar: UInt32) -> Int { glyphIndex(for: scalar) ?? replacementGlyph }

    /// Whether pixel (x, y) of `glyph` is set (foreground).
    public func isSet(glyph: Int, x: Int, y: Int) -> Bool {
        precondition(glyph >= 0 && glyph < glyphCount && x >= 0 && x < width && y >= 0 && y < height,
                     "glyph pixel out of range")
        let byte = bytes[glyphOffset + glyph * bytesPerGlyph + y * bytesPerRow + x / 8]
        return byte & (0x80 >> UInt8(x % 8)) != 0
    }
}
