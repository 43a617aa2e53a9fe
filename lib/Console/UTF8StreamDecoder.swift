/// Decodes UTF-8 one byte at a time, as bytes arrive from a log or a program's output. Malformed input
/// (stray continuation bytes, overlong forms, surrogates, values above U+10FFFF, cut sequences) yields U+FFFD.
public struct UTF8StreamDecoder {
    public static let replacement: UInt32 = 0xFFFD

    private var scalar: UInt32 = 0
    private var remaining = 0
    private var minimum: UInt32 = 0

    public init() {}

    /// Feeds one byte; calls `emit` for each scalar it completes (at most two: a replacement for a cut
    /// sequence, then an ASCII byte).
    public mutating func feed(_ byte: UInt8, _ emit: (UInt32) -> Void) {
        if remaining > 0 {
            if byte & 0xC0 == 0x80 {
                scalar = scalar << 6 | UInt32(byte & 0x3F)
                remaining -= 1
                if remaining == 0 { emit(Self.isValid(scalar, minimum: minimum) ? scalar : Self.replacement) }
                return
            }
            remaining = 0
            emit(Self.replacement)
        }
        switch byte {
        case 0x00...0x7F: emit(UInt32(byte))
        case 0xC2...0xDF: start(UInt32(byte & 0x1F), remaining: 1, minimum: 0x80)
        case 0xE0...0xEF: start(UInt32(byte & 0x0F), remaining: 2, minimum: 0x800)
        case 0xF0...0xF4: start(UInt32(byte & 0x07), remaining: 3, minimum: 0x1_0000)
        default: emit(Self.replacement)
        }
    }

    private mutating func start(_ bits: UInt32, remaining: Int, minimum: UInt32) {
        scalar = bits
        self.remaining = remaining
        self.minimum = minimum
    }

    private static func isValid(_ scalar: UInt32, minimum: UInt32) -> Bool {
        scalar >= minimum && scalar <= 0x10_FFFF && !(0xD800...0xDFFF).contains(scalar)
    }
}
