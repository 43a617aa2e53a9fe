/// WebAssembly's numeric semantics where Swift's operators differ: traps, NaN and signed-zero rules.
enum Numerics {
    /// The masking shifts take the count modulo the width, which is what the rotate instructions do; the compiler
    /// recognises the pattern as one.
    @inline(__always)
    static func rotateLeft<T: FixedWidthInteger & UnsignedInteger>(_ value: T, _ count: T) -> T {
        (value &<< count) | (value &>> (0 &- count))
    }

    static func divS32(_ a: UInt32, _ b: UInt32) throws(Trap) -> UInt32 {
        let x = Int32(bitPattern: a), y = Int32(bitPattern: b)
        if y == 0 { throw .integerDivideByZero }
        if x == .min && y == -1 { throw .integerOverflow }
        return UInt32(bitPattern: x / y)
    }

    static func divU32(_ a: UInt32, _ b: UInt32) throws(Trap) -> UInt32 {
        if b == 0 { throw .integerDivideByZero }
        return a / b
    }

    static func remS32(_ a: UInt32, _ b: UInt32) throws(Trap) -> UInt32 {
        let x = Int32(bitPattern: a), y = Int32(bitPattern: b)
        if y == 0 { throw .integerDivideByZero }
        if y == -1 { return 0 }
        return UInt32(bitPattern: x % y)
    }

    static func remU32(_ a: UInt32, _ b: UInt32) throws(Trap) -> UInt32 {
        if b == 0 { throw .integerDivideByZero }
        return a % b
    }

    static func divS64(_ a: UInt64, _ b: UInt64) throws(Trap) -> UInt64 {
        let x = Int64(bitPattern: a), y = Int64(bitPattern: b)
        if y == 0 { throw .integerDivideByZero }
        if x == .min && y == -1 { throw .integerOverflow }
        return UInt64(bitPattern: x / y)
    }

    static func divU64(_ a: UInt64, _ b: UInt64) throws(Trap) -> UInt64 {
        if b == 0 { throw .integerDivideByZero }
        return a / b
    }

    static func remS64(_ a: UInt64, _ b: UInt64) throws(Trap) -> UInt64 {
        let x = Int64(bitPattern: a), y = Int64(bitPattern: b)
        if y == 0 { throw .integerDivideByZero }
        if y == -1 { return 0 }
        return UInt64(bitPattern: x % y)
    }

    static func remU64(_ a: UInt64, _ b: UInt64) throws(Trap) -> UInt64 {
        if b == 0 { throw .integerDivideByZero }
        return a % b
    }

    static func truncate<F: BinaryFloatingPoint, I: FixedWidthInteger>(_ x: F, to: I.Type) throws(Trap) -> I {
        if x.isNaN { throw .invalidConversionToInteger }
        guard let value = I(exactly: x.rounded(.towardZero)) else { throw .integerOverflow }
        return value
    }

    static func truncateSaturating<F: BinaryFloatingPoint, I: FixedWidthInteger>(_ x: F, to: I.Type) -> I {
        if x.isNaN { return 0 }
        if x <= F(I.min) { return I.min }
        if x >= F(I.max) { return I.max }
        return I(x.rounded(.towardZero))
    }

    static func minimum<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F {
        if a.isNaN || b.isNaN { return a + b }
        if a == 0 && b == 0 { return a.sign == .minus ? a : b }
        return a < b ? a : b
    }

    static func maximum<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F {
        if a.isNaN || b.isNaN { return a + b }
        if a == 0 && b == 0 { return a.sign == .minus ? b : a }
        return a > b ? a : b
    }
}

// Slot encodings used by the interpreter's numeric instructions.
@inline(__always) func u32(_ slot: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: slot) }
@inline(__always) func u64(_ slot: UInt64) -> UInt64 { slot }
@inline(__always) func f32(_ slot: UInt64) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: slot)) }
@inline(__always) func f64(_ slot: UInt64) -> Double { Double(bitPattern: slot) }
@inline(__always) func slot32(_ value: Float) -> UInt64 { UInt64(value.bitPattern) }
@inline(__always) func slot64(_ value: Double) -> UInt64 { value.bitPattern }
@inline(__always) func bool(_ value: Bool) -> UInt64 { value ? 1 : 0 }
