import WasmTypes

/// A v128 value as the interpreter computes with it: lane 0 in the low bits of `low`, little-endian order, so the
/// two halves are what a v128 slot and its shadow hold (see `Store.shadowBuffer`) and what memory holds.
struct V128Bits: Equatable {
    var low: UInt64
    var high: UInt64

    static let zero = V128Bits(low: 0, high: 0)

    static func halves(_ value: V128) -> (UInt64, UInt64) {
        let bits = Value.v128(bytes: value.bytes)
        return (bits.slot, bits.shadow)
    }

    /// Lane `i` of width `T.bitWidth` (8, 16, 32 or 64).
    @inline(__always)
    func lane<T: FixedWidthInteger>(_ i: Int, _: T.Type) -> T {
        let perHalf = 64 / T.bitWidth
        let half = i < perHalf ? low : high
        return T(truncatingIfNeeded: half >> UInt64((i % perHalf) * T.bitWidth))
    }

    @inline(__always)
    mutating func setLane<T: FixedWidthInteger>(_ i: Int, _ value: T) {
        let perHalf = 64 / T.bitWidth
        let shift = UInt64((i % perHalf) * T.bitWidth)
        let mask: UInt64 = T.bitWidth == 64 ? ~0 : ((1 << UInt64(T.bitWidth)) - 1) << shift
        let bits = (UInt64(truncatingIfNeeded: value) << shift) & mask
        if i < perHalf { low = (low & ~mask) | bits } else { high = (high & ~mask) | bits }
    }

    static func lanes<T: FixedWidthInteger>(_: T.Type) -> Int { 128 / T.bitWidth }

    /// Each lane of `a` through `f`.
    static func map<T: FixedWidthInteger>(_ a: V128Bits, _ t: T.Type, _ f: (T) -> T) -> V128Bits {
        var r = V128Bits.zero
        for i in 0..<lanes(t) { r.setLane(i, f(a.lane(i, t))) }
        return r
    }

    /// Lane by lane, `f` of `a`'s and `b`'s lanes.
    static func zip<T: FixedWidthInteger>(_ a: V128Bits, _ b: V128Bits, _ t: T.Type, _ f: (T, T) -> T) -> V128Bits {
        var r = V128Bits.zero
        for i in 0..<lanes(t) { r.setLane(i, f(a.lane(i, t), b.lane(i, t))) }
        return r
    }

    /// A comparison: all ones in the lanes where it holds.
    static func compare<T: FixedWidthInteger>(_ a: V128Bits, _ b: V128Bits, _ t: T.Type, _ f: (T, T) -> Bool) -> V128Bits {
        zip(a, b, t) { x, y in f(x, y) ? ~0 : 0 }
    }

    /// Lanes of type `R` made from lane i of `a` (for `R`'s lane count) through `f`.
    static func convert<T: FixedWidthInteger, R: FixedWidthInteger>(_ a: V128Bits, _ t: T.Type, from first: Int,
                                                                     to r: R.Type, _ f: (T) -> R) -> V128Bits {
        var out = V128Bits.zero
        for i in 0..<lanes(r) where first + i < lanes(t) { out.setLane(i, f(a.lane(first + i, t))) }
        return out
    }
}

/// The semantics of SIMD's lane-wise instructions, over the bits of their operands. Float lanes reuse the scalar
/// instructions' `NumericSemantics` (NaN propagation, min/max, rounding, saturating truncation).
enum SimdSemantics {
    typealias V = V128Bits

    // Float lanes through the scalar semantics, which take and return slots.
    @inline(__always) static func f32Lanes(_ a: V, _ f: (UInt64) -> UInt64) -> V {
        V.map(a, UInt32.self) { UInt32(truncatingIfNeeded: f(UInt64($0))) }
    }
    @inline(__always) static func f32Lanes(_ a: V, _ b: V, _ f: (UInt64, UInt64) -> UInt64) -> V {
        V.zip(a, b, UInt32.self) { UInt32(truncatingIfNeeded: f(UInt64($0), UInt64($1))) }
    }
    @inline(__always) static func f64Lanes(_ a: V, _ f: (UInt64) -> UInt64) -> V { V.map(a, UInt64.self, f) }
    @inline(__always) static func f64Lanes(_ a: V, _ b: V, _ f: (UInt64, UInt64) -> UInt64) -> V { V.zip(a, b, UInt64.self, f) }
    @inline(__always) static func f32Compare(_ a: V, _ b: V, _ f: (Float, Float) -> Bool) -> V {
        V.compare(a, b, UInt32.self) { f(Float(bitPattern: $0), Float(bitPattern: $1)) }
    }
    @inline(__always) static func f64Compare(_ a: V, _ b: V, _ f: (Double, Double) -> Bool) -> V {
        V.compare(a, b, UInt64.self) { f(Double(bitPattern: $0), Double(bitPattern: $1)) }
    }

    static func saturate<T: FixedWidthInteger>(_ value: Int, _: T.Type) -> T {
        T(clamping: value)
    }

    static func bitmask<T: FixedWidthInteger>(_ a: V, _ t: T.Type) -> UInt64 {
        var mask: UInt64 = 0
        for i in 0..<V.lanes(t) {
            let top = UInt64(truncatingIfNeeded: a.lane(i, t)) >> UInt64(T.bitWidth - 1) & 1
            mask |= top << UInt64(i)
        }
        return mask
    }

    static func allTrue<T: FixedWidthInteger>(_ a: V, _ t: T.Type) -> UInt64 {
        for i in 0..<V.lanes(t) where a.lane(i, t) == 0 { return 0 }
        return 1
    }

    /// Narrowing: the lanes of `a`, then of `b`, each saturated into the narrower `R`.
    static func narrow<T: FixedWidthInteger, R: FixedWidthInteger>(_ a: V, _ b: V, _ t: T.Type, _ r: R.Type) -> V {
        var out = V.zero
        let n = V.lanes(t)
        for i in 0..<n {
            out.setLane(i, R(clamping: a.lane(i, t)))
            out.setLane(n + i, R(clamping: b.lane(i, t)))
        }
        return out
    }

    /// Extending multiplication of the low or high half of the lanes of type `T` into lanes of type `R`.
    static func extmul<T: FixedWidthInteger, R: FixedWidthInteger>(_ a: V, _ b: V, _ t: T.Type, _ r: R.Type, high: Bool) -> V {
        var out = V.zero
        let n = V.lanes(r), first = high ? n : 0
        for i in 0..<n { out.setLane(i, R(a.lane(first + i, t)) &* R(b.lane(first + i, t))) }
        return out
    }

    static func extendPairwise<T: FixedWidthInteger, R: FixedWidthInteger>(_ a: V, _ t: T.Type, _ r: R.Type) -> V {
        var out = V.zero
        for i in 0..<V.lanes(r) { out.setLane(i, R(a.lane(2 * i, t)) &+ R(a.lane(2 * i + 1, t))) }
        return out
    }

    static func q15mulr(_ x: Int16, _ y: Int16) -> Int16 {
        Int16(clamping: (Int32(x) * Int32(y) + 0x4000) >> 15)
    }

    static func swizzle(_ a: V, _ s: V) -> V {
        var out = V.zero
        for i in 0..<16 {
            let index = Int(s.lane(i, UInt8.self))
            out.setLane(i, index < 16 ? a.lane(index, UInt8.self) : 0)
        }
        return out
    }

    static func shuffle(_ a: V, _ b: V, _ lanes: V) -> V {
        var out = V.zero
        for i in 0..<16 {
            let index = Int(lanes.lane(i, UInt8.self))
            out.setLane(i, index < 16 ? a.lane(index, UInt8.self) : b.lane(index - 16, UInt8.self))
        }
        return out
    }

    static func bitselect(_ a: V, _ b: V, _ c: V) -> V {
        V(low: (a.low & c.low) | (b.low & ~c.low), high: (a.high & c.high) | (b.high & ~c.high))
    }

    /// The lane-wise instructions that take and return v128 values; nil for the others.
    static func apply(_ op: SimdOp, _ a: V, _ b: V, _ c: V) -> V? {
        switch op {
        case .i8x16Swizzle, .i8x16RelaxedSwizzle: return swizzle(a, b)
        case .i8x16Eq: return V.compare(a, b, UInt8.self, ==)
        case .i8x16Ne: return V.compare(a, b, UInt8.self, !=)
        case .i8x16LtS: return V.compare(a, b, Int8.self, <)
        case .i8x16LtU: return V.compare(a, b, UInt8.self, <)
        case .i8x16GtS: return V.compare(a, b, Int8.self, >)
        case .i8x16GtU: return V.compare(a, b, UInt8.self, >)
        case .i8x16LeS: return V.compare(a, b, Int8.self, <=)
        case .i8x16LeU: return V.compare(a, b, UInt8.self, <=)
        case .i8x16GeS: return V.compare(a, b, Int8.self, >=)
        case .i8x16GeU: return V.compare(a, b, UInt8.self, >=)
        case .i16x8Eq: return V.compare(a, b, UInt16.self, ==)
        case .i16x8Ne: return V.compare(a, b, UInt16.self, !=)
        case .i16x8LtS: return V.compare(a, b, Int16.self, <)
        case .i16x8LtU: return V.compare(a, b, UInt16.self, <)
        case .i16x8GtS: return V.compare(a, b, Int16.self, >)
        case .i16x8GtU: return V.compare(a, b, UInt16.self, >)
        case .i16x8LeS: return V.compare(a, b, Int16.self, <=)
        case .i16x8LeU: return V.compare(a, b, UInt16.self, <=)
        case .i16x8GeS: return V.compare(a, b, Int16.self, >=)
        case .i16x8GeU: return V.compare(a, b, UInt16.self, >=)
        case .i32x4Eq: return V.compare(a, b, UInt32.self, ==)
        case .i32x4Ne: return V.compare(a, b, UInt32.self, !=)
        case .i32x4LtS: return V.compare(a, b, Int32.self, <)
        case .i32x4LtU: return V.compare(a, b, UInt32.self, <)
        case .i32x4GtS: return V.compare(a, b, Int32.self, >)
        case .i32x4GtU: return V.compare(a, b, UInt32.self, >)
        case .i32x4LeS: return V.compare(a, b, Int32.self, <=)
        case .i32x4LeU: return V.compare(a, b, UInt32.self, <=)
        case .i32x4GeS: return V.compare(a, b, Int32.self, >=)
        case .i32x4GeU: return V.compare(a, b, UInt32.self, >=)
        case .i64x2Eq: return V.compare(a, b, UInt64.self, ==)
        case .i64x2Ne: return V.compare(a, b, UInt64.self, !=)
        case .i64x2LtS: return V.compare(a, b, Int64.self, <)
        case .i64x2GtS: return V.compare(a, b, Int64.self, >)
        case .i64x2LeS: return V.compare(a, b, Int64.self, <=)
        case .i64x2GeS: return V.compare(a, b, Int64.self, >=)
        case .f32x4Eq: return f32Compare(a, b, ==)
        case .f32x4Ne: return f32Compare(a, b, !=)
        case .f32x4Lt: return f32Compare(a, b, <)
        case .f32x4Gt: return f32Compare(a, b, >)
        case .f32x4Le: return f32Compare(a, b, <=)
        case .f32x4Ge: return f32Compare(a, b, >=)
        case .f64x2Eq: return f64Compare(a, b, ==)
        case .f64x2Ne: return f64Compare(a, b, !=)
        case .f64x2Lt: return f64Compare(a, b, <)
        case .f64x2Gt: return f64Compare(a, b, >)
        case .f64x2Le: return f64Compare(a, b, <=)
        case .f64x2Ge: return f64Compare(a, b, >=)
        case .v128Not: return V(low: ~a.low, high: ~a.high)
        case .v128And: return V(low: a.low & b.low, high: a.high & b.high)
        case .v128Andnot: return V(low: a.low & ~b.low, high: a.high & ~b.high)
        case .v128Or: return V(low: a.low | b.low, high: a.high | b.high)
        case .v128Xor: return V(low: a.low ^ b.low, high: a.high ^ b.high)
        case .v128Bitselect, .i8x16RelaxedLaneselect, .i16x8RelaxedLaneselect, .i32x4RelaxedLaneselect,
             .i64x2RelaxedLaneselect:
            return bitselect(a, b, c)
        case .i8x16Abs: return V.map(a, Int8.self) { $0 < 0 ? 0 &- $0 : $0 }
        case .i8x16Neg: return V.map(a, Int8.self) { 0 &- $0 }
        case .i8x16Popcnt: return V.map(a, UInt8.self) { UInt8($0.nonzeroBitCount) }
        case .i8x16NarrowI16X8S: return narrow(a, b, Int16.self, Int8.self)
        case .i8x16NarrowI16X8U: return narrow(a, b, Int16.self, UInt8.self)
        case .i8x16Add: return V.zip(a, b, UInt8.self, &+)
        case .i8x16AddSatS: return V.zip(a, b, Int8.self) { saturate(Int($0) + Int($1), Int8.self) }
        case .i8x16AddSatU: return V.zip(a, b, UInt8.self) { saturate(Int($0) + Int($1), UInt8.self) }
        case .i8x16Sub: return V.zip(a, b, UInt8.self, &-)
        case .i8x16SubSatS: return V.zip(a, b, Int8.self) { saturate(Int($0) - Int($1), Int8.self) }
        case .i8x16SubSatU: return V.zip(a, b, UInt8.self) { saturate(Int($0) - Int($1), UInt8.self) }
        case .i8x16MinS: return V.zip(a, b, Int8.self, min)
        case .i8x16MinU: return V.zip(a, b, UInt8.self, min)
        case .i8x16MaxS: return V.zip(a, b, Int8.self, max)
        case .i8x16MaxU: return V.zip(a, b, UInt8.self, max)
        case .i8x16AvgrU: return V.zip(a, b, UInt8.self) { UInt8((UInt16($0) + UInt16($1) + 1) / 2) }
        case .i16x8Abs: return V.map(a, Int16.self) { $0 < 0 ? 0 &- $0 : $0 }
        case .i16x8Neg: return V.map(a, Int16.self) { 0 &- $0 }
        case .i16x8NarrowI32X4S: return narrow(a, b, Int32.self, Int16.self)
        case .i16x8NarrowI32X4U: return narrow(a, b, Int32.self, UInt16.self)
        case .i16x8ExtendLowI8X16S: return V.convert(a, Int8.self, from: 0, to: Int16.self) { Int16($0) }
        case .i16x8ExtendHighI8X16S: return V.convert(a, Int8.self, from: 8, to: Int16.self) { Int16($0) }
        case .i16x8ExtendLowI8X16U: return V.convert(a, UInt8.self, from: 0, to: UInt16.self) { UInt16($0) }
        case .i16x8ExtendHighI8X16U: return V.convert(a, UInt8.self, from: 8, to: UInt16.self) { UInt16($0) }
        case .i16x8Add: return V.zip(a, b, UInt16.self, &+)
        case .i16x8AddSatS: return V.zip(a, b, Int16.self) { saturate(Int($0) + Int($1), Int16.self) }
        case .i16x8AddSatU: return V.zip(a, b, UInt16.self) { saturate(Int($0) + Int($1), UInt16.self) }
        case .i16x8Sub: return V.zip(a, b, UInt16.self, &-)
        case .i16x8SubSatS: return V.zip(a, b, Int16.self) { saturate(Int($0) - Int($1), Int16.self) }
        case .i16x8SubSatU: return V.zip(a, b, UInt16.self) { saturate(Int($0) - Int($1), UInt16.self) }
        case .i16x8Mul: return V.zip(a, b, UInt16.self, &*)
        case .i16x8MinS: return V.zip(a, b, Int16.self, min)
        case .i16x8MinU: return V.zip(a, b, UInt16.self, min)
        case .i16x8MaxS: return V.zip(a, b, Int16.self, max)
        case .i16x8MaxU: return V.zip(a, b, UInt16.self, max)
        case .i16x8AvgrU: return V.zip(a, b, UInt16.self) { UInt16((UInt32($0) + UInt32($1) + 1) / 2) }
        case .i16x8Q15MulrSatS, .i16x8RelaxedQ15MulrS: return V.zip(a, b, Int16.self, q15mulr)
        case .i16x8ExtmulLowI8X16S: return extmul(a, b, Int8.self, Int16.self, high: false)
        case .i16x8ExtmulHighI8X16S: return extmul(a, b, Int8.self, Int16.self, high: true)
        case .i16x8ExtmulLowI8X16U: return extmul(a, b, UInt8.self, UInt16.self, high: false)
        case .i16x8ExtmulHighI8X16U: return extmul(a, b, UInt8.self, UInt16.self, high: true)
        case .i16x8ExtaddPairwiseI8X16S: return extendPairwise(a, Int8.self, Int16.self)
        case .i16x8ExtaddPairwiseI8X16U: return extendPairwise(a, UInt8.self, UInt16.self)
        case .i16x8RelaxedDotI8X16I7X16S:
            // b's lanes taken as signed: one of the choices the relaxed instruction allows.
            var out = V.zero
            for i in 0..<8 {
                let sum = Int16(a.lane(2 * i, Int8.self)) &* Int16(b.lane(2 * i, Int8.self))
                    &+ Int16(a.lane(2 * i + 1, Int8.self)) &* Int16(b.lane(2 * i + 1, Int8.self))
                out.setLane(i, sum)
            }
            return out
        case .i32x4RelaxedDotI8X16I7X16AddS:
            var out = V.zero
            for i in 0..<4 {
                var sum = Int32(0)
                for k in 0..<4 { sum &+= Int32(a.lane(4 * i + k, Int8.self)) * Int32(b.lane(4 * i + k, Int8.self)) }
                out.setLane(i, sum &+ c.lane(i, Int32.self))
            }
            return out
        case .i32x4Abs: return V.map(a, Int32.self) { $0 < 0 ? 0 &- $0 : $0 }
        case .i32x4Neg: return V.map(a, Int32.self) { 0 &- $0 }
        case .i32x4ExtendLowI16X8S: return V.convert(a, Int16.self, from: 0, to: Int32.self) { Int32($0) }
        case .i32x4ExtendHighI16X8S: return V.convert(a, Int16.self, from: 4, to: Int32.self) { Int32($0) }
        case .i32x4ExtendLowI16X8U: return V.convert(a, UInt16.self, from: 0, to: UInt32.self) { UInt32($0) }
        case .i32x4ExtendHighI16X8U: return V.convert(a, UInt16.self, from: 4, to: UInt32.self) { UInt32($0) }
        case .i32x4Add: return V.zip(a, b, UInt32.self, &+)
        case .i32x4Sub: return V.zip(a, b, UInt32.self, &-)
        case .i32x4Mul: return V.zip(a, b, UInt32.self, &*)
        case .i32x4MinS: return V.zip(a, b, Int32.self, min)
        case .i32x4MinU: return V.zip(a, b, UInt32.self, min)
        case .i32x4MaxS: return V.zip(a, b, Int32.self, max)
        case .i32x4MaxU: return V.zip(a, b, UInt32.self, max)
        case .i32x4DotI16X8S:
            var out = V.zero
            for i in 0..<4 {
                out.setLane(i, Int32(a.lane(2 * i, Int16.self)) * Int32(b.lane(2 * i, Int16.self))
                    &+ Int32(a.lane(2 * i + 1, Int16.self)) * Int32(b.lane(2 * i + 1, Int16.self)))
            }
            return out
        case .i32x4ExtmulLowI16X8S: return extmul(a, b, Int16.self, Int32.self, high: false)
        case .i32x4ExtmulHighI16X8S: return extmul(a, b, Int16.self, Int32.self, high: true)
        case .i32x4ExtmulLowI16X8U: return extmul(a, b, UInt16.self, UInt32.self, high: false)
        case .i32x4ExtmulHighI16X8U: return extmul(a, b, UInt16.self, UInt32.self, high: true)
        case .i32x4ExtaddPairwiseI16X8S: return extendPairwise(a, Int16.self, Int32.self)
        case .i32x4ExtaddPairwiseI16X8U: return extendPairwise(a, UInt16.self, UInt32.self)
        case .i64x2Abs: return V.map(a, Int64.self) { $0 < 0 ? 0 &- $0 : $0 }
        case .i64x2Neg: return V.map(a, Int64.self) { 0 &- $0 }
        case .i64x2ExtendLowI32X4S: return V.convert(a, Int32.self, from: 0, to: Int64.self) { Int64($0) }
        case .i64x2ExtendHighI32X4S: return V.convert(a, Int32.self, from: 2, to: Int64.self) { Int64($0) }
        case .i64x2ExtendLowI32X4U: return V.convert(a, UInt32.self, from: 0, to: UInt64.self) { UInt64($0) }
        case .i64x2ExtendHighI32X4U: return V.convert(a, UInt32.self, from: 2, to: UInt64.self) { UInt64($0) }
        case .i64x2Add: return V.zip(a, b, UInt64.self, &+)
        case .i64x2Sub: return V.zip(a, b, UInt64.self, &-)
        case .i64x2Mul: return V.zip(a, b, UInt64.self, &*)
        case .i64x2ExtmulLowI32X4S: return extmul(a, b, Int32.self, Int64.self, high: false)
        case .i64x2ExtmulHighI32X4S: return extmul(a, b, Int32.self, Int64.self, high: true)
        case .i64x2ExtmulLowI32X4U: return extmul(a, b, UInt32.self, UInt64.self, high: false)
        case .i64x2ExtmulHighI32X4U: return extmul(a, b, UInt32.self, UInt64.self, high: true)
        case .f32x4Ceil: return f32Lanes(a, NumericSemantics.f32Ceil)
        case .f32x4Floor: return f32Lanes(a, NumericSemantics.f32Floor)
        case .f32x4Trunc: return f32Lanes(a, NumericSemantics.f32Trunc)
        case .f32x4Nearest: return f32Lanes(a, NumericSemantics.f32Nearest)
        case .f32x4Abs: return f32Lanes(a, NumericSemantics.f32Abs)
        case .f32x4Neg: return f32Lanes(a, NumericSemantics.f32Neg)
        case .f32x4Sqrt: return f32Lanes(a, NumericSemantics.f32Sqrt)
        case .f32x4Add: return f32Lanes(a, b, NumericSemantics.f32Add)
        case .f32x4Sub: return f32Lanes(a, b, NumericSemantics.f32Sub)
        case .f32x4Mul: return f32Lanes(a, b, NumericSemantics.f32Mul)
        case .f32x4Div: return f32Lanes(a, b, NumericSemantics.f32Div)
        case .f32x4Min, .f32x4RelaxedMin: return f32Lanes(a, b, NumericSemantics.f32Min)
        case .f32x4Max, .f32x4RelaxedMax: return f32Lanes(a, b, NumericSemantics.f32Max)
        case .f32x4Pmin: return f32Lanes(a, b) { x, y in f32(y) < f32(x) ? y : x }
        case .f32x4Pmax: return f32Lanes(a, b) { x, y in f32(x) < f32(y) ? y : x }
        case .f64x2Ceil: return f64Lanes(a, NumericSemantics.f64Ceil)
        case .f64x2Floor: return f64Lanes(a, NumericSemantics.f64Floor)
        case .f64x2Trunc: return f64Lanes(a, NumericSemantics.f64Trunc)
        case .f64x2Nearest: return f64Lanes(a, NumericSemantics.f64Nearest)
        case .f64x2Abs: return f64Lanes(a, NumericSemantics.f64Abs)
        case .f64x2Neg: return f64Lanes(a, NumericSemantics.f64Neg)
        case .f64x2Sqrt: return f64Lanes(a, NumericSemantics.f64Sqrt)
        case .f64x2Add: return f64Lanes(a, b, NumericSemantics.f64Add)
        case .f64x2Sub: return f64Lanes(a, b, NumericSemantics.f64Sub)
        case .f64x2Mul: return f64Lanes(a, b, NumericSemantics.f64Mul)
        case .f64x2Div: return f64Lanes(a, b, NumericSemantics.f64Div)
        case .f64x2Min, .f64x2RelaxedMin: return f64Lanes(a, b, NumericSemantics.f64Min)
        case .f64x2Max, .f64x2RelaxedMax: return f64Lanes(a, b, NumericSemantics.f64Max)
        case .f64x2Pmin: return f64Lanes(a, b) { x, y in f64(y) < f64(x) ? y : x }
        case .f64x2Pmax: return f64Lanes(a, b) { x, y in f64(x) < f64(y) ? y : x }
        // Relaxed multiply-add: the unfused choice (a product rounded, then the sum).
        case .f32x4RelaxedMadd:
            return f32Lanes(f32Lanes(a, b, NumericSemantics.f32Mul), c, NumericSemantics.f32Add)
        case .f32x4RelaxedNmadd:
            return f32Lanes(f32Lanes(f32Lanes(a, NumericSemantics.f32Neg), b, NumericSemantics.f32Mul), c,
                            NumericSemantics.f32Add)
        case .f64x2RelaxedMadd:
            return f64Lanes(f64Lanes(a, b, NumericSemantics.f64Mul), c, NumericSemantics.f64Add)
        case .f64x2RelaxedNmadd:
            return f64Lanes(f64Lanes(f64Lanes(a, NumericSemantics.f64Neg), b, NumericSemantics.f64Mul), c,
                            NumericSemantics.f64Add)
        case .i32x4TruncSatF32X4S, .i32x4RelaxedTruncF32X4S:
            return V.map(a, UInt32.self) { UInt32(truncatingIfNeeded: NumericSemantics.i32TruncSatF32S(UInt64($0))) }
        case .i32x4TruncSatF32X4U, .i32x4RelaxedTruncF32X4U:
            return V.map(a, UInt32.self) { UInt32(truncatingIfNeeded: NumericSemantics.i32TruncSatF32U(UInt64($0))) }
        case .i32x4TruncSatF64X2SZero, .i32x4RelaxedTruncF64X2SZero:
            return V.convert(a, UInt64.self, from: 0, to: UInt32.self) { UInt32(truncatingIfNeeded: NumericSemantics.i32TruncSatF64S($0)) }
        case .i32x4TruncSatF64X2UZero, .i32x4RelaxedTruncF64X2UZero:
            return V.convert(a, UInt64.self, from: 0, to: UInt32.self) { UInt32(truncatingIfNeeded: NumericSemantics.i32TruncSatF64U($0)) }
        case .f32x4ConvertI32X4S:
            return V.map(a, UInt32.self) { UInt32(truncatingIfNeeded: NumericSemantics.f32ConvertI32S(UInt64($0))) }
        case .f32x4ConvertI32X4U:
            return V.map(a, UInt32.self) { UInt32(truncatingIfNeeded: NumericSemantics.f32ConvertI32U(UInt64($0))) }
        case .f64x2ConvertLowI32X4S:
            return V.convert(a, UInt32.self, from: 0, to: UInt64.self) { NumericSemantics.f64ConvertI32S(UInt64($0)) }
        case .f64x2ConvertLowI32X4U:
            return V.convert(a, UInt32.self, from: 0, to: UInt64.self) { NumericSemantics.f64ConvertI32U(UInt64($0)) }
        case .f32x4DemoteF64X2Zero:
            return V.convert(a, UInt64.self, from: 0, to: UInt32.self) { UInt32(truncatingIfNeeded: NumericSemantics.f32DemoteF64($0)) }
        case .f64x2PromoteLowF32X4:
            return V.convert(a, UInt32.self, from: 0, to: UInt64.self) { NumericSemantics.f64PromoteF32(UInt64($0)) }
        default:
            return nil
        }
    }

    /// Shifts by a count taken modulo the lane width.
    static func shift(_ op: SimdOp, _ a: V, _ count: UInt64) -> V? {
        switch op {
        case .i8x16Shl: return V.map(a, UInt8.self) { $0 << (count % 8) }
        case .i8x16ShrS: return V.map(a, Int8.self) { $0 >> (count % 8) }
        case .i8x16ShrU: return V.map(a, UInt8.self) { $0 >> (count % 8) }
        case .i16x8Shl: return V.map(a, UInt16.self) { $0 << (count % 16) }
        case .i16x8ShrS: return V.map(a, Int16.self) { $0 >> (count % 16) }
        case .i16x8ShrU: return V.map(a, UInt16.self) { $0 >> (count % 16) }
        case .i32x4Shl: return V.map(a, UInt32.self) { $0 << (count % 32) }
        case .i32x4ShrS: return V.map(a, Int32.self) { $0 >> (count % 32) }
        case .i32x4ShrU: return V.map(a, UInt32.self) { $0 >> (count % 32) }
        case .i64x2Shl: return V.map(a, UInt64.self) { $0 << (count % 64) }
        case .i64x2ShrS: return V.map(a, Int64.self) { $0 >> (count % 64) }
        case .i64x2ShrU: return V.map(a, UInt64.self) { $0 >> (count % 64) }
        default: return nil
        }
    }

    /// The instructions that reduce a v128 to an i32 slot.
    static func reduce(_ op: SimdOp, _ a: V) -> UInt64? {
        switch op {
        case .v128AnyTrue: return a.low | a.high != 0 ? 1 : 0
        case .i8x16AllTrue: return allTrue(a, UInt8.self)
        case .i16x8AllTrue: return allTrue(a, UInt16.self)
        case .i32x4AllTrue: return allTrue(a, UInt32.self)
        case .i64x2AllTrue: return allTrue(a, UInt64.self)
        case .i8x16Bitmask: return bitmask(a, UInt8.self)
        case .i16x8Bitmask: return bitmask(a, UInt16.self)
        case .i32x4Bitmask: return bitmask(a, UInt32.self)
        case .i64x2Bitmask: return bitmask(a, UInt64.self)
        default: return nil
        }
    }

    /// Splats a scalar slot into every lane.
    static func splat(_ op: SimdOp, _ x: UInt64) -> V? {
        switch op {
        case .i8x16Splat: return V.map(.zero, UInt8.self) { _ in UInt8(truncatingIfNeeded: x) }
        case .i16x8Splat: return V.map(.zero, UInt16.self) { _ in UInt16(truncatingIfNeeded: x) }
        case .i32x4Splat, .f32x4Splat: return V.map(.zero, UInt32.self) { _ in UInt32(truncatingIfNeeded: x) }
        case .i64x2Splat, .f64x2Splat: return V(low: x, high: x)
        default: return nil
        }
    }

    /// extract_lane: the lane as a slot (i32 lanes zero-extended, as every i32 slot is).
    static func extract(_ op: SimdOp, _ a: V, _ lane: Int) -> UInt64? {
        switch op {
        case .i8x16ExtractLaneS: return UInt64(UInt32(bitPattern: Int32(a.lane(lane, Int8.self))))
        case .i8x16ExtractLaneU: return UInt64(a.lane(lane, UInt8.self))
        case .i16x8ExtractLaneS: return UInt64(UInt32(bitPattern: Int32(a.lane(lane, Int16.self))))
        case .i16x8ExtractLaneU: return UInt64(a.lane(lane, UInt16.self))
        case .i32x4ExtractLane, .f32x4ExtractLane: return UInt64(a.lane(lane, UInt32.self))
        case .i64x2ExtractLane, .f64x2ExtractLane: return a.lane(lane, UInt64.self)
        default: return nil
        }
    }

    static func replace(_ op: SimdOp, _ a: V, _ lane: Int, _ x: UInt64) -> V? {
        var r = a
        switch op {
        case .i8x16ReplaceLane: r.setLane(lane, UInt8(truncatingIfNeeded: x))
        case .i16x8ReplaceLane: r.setLane(lane, UInt16(truncatingIfNeeded: x))
        case .i32x4ReplaceLane, .f32x4ReplaceLane: r.setLane(lane, UInt32(truncatingIfNeeded: x))
        case .i64x2ReplaceLane, .f64x2ReplaceLane: r.setLane(lane, x)
        default: return nil
        }
        return r
    }
}
