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

    /// Lane `i` of width `T.bitWidth` (8, 16, 32 or 64): the two halves lie in memory as the lanes do in little-endian
    /// order, so a lane is one load at its offset (which the lane loops below turn into vector code once specialised).
    @inline(__always)
    func lane<T: FixedWidthInteger>(_ i: Int, _: T.Type) -> T {
        withUnsafeBytes(of: self) { $0.loadUnaligned(fromByteOffset: i &* MemoryLayout<T>.size, as: T.self) }
    }

    @inline(__always)
    mutating func setLane<T: FixedWidthInteger>(_ i: Int, _ value: T) {
        withUnsafeMutableBytes(of: &self) { $0.storeBytes(of: value, toByteOffset: i &* MemoryLayout<T>.size, as: T.self) }
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


    /// Lanes of type `R` made from lane i of `a` (for `R`'s lane count) through `f`.
    static func convert<T: FixedWidthInteger, R: FixedWidthInteger>(_ a: V128Bits, _ t: T.Type, from first: Int,
                                                                     to r: R.Type, _ f: (T) -> R) -> V128Bits {
        var out = V128Bits.zero
        for i in 0..<lanes(r) where first + i < lanes(t) { out.setLane(i, f(a.lane(first + i, t))) }
        return out
    }
}

extension V128Bits {
    /// The same 16 bytes as a vector of lanes (lane 0 lowest): Swift's SIMD types compile to SSE, in the kernel too.
    @inline(__always) init<S: SIMD>(_ vector: S) { self = unsafeBitCast(vector, to: V128Bits.self) }
    @inline(__always) func vector<S: SIMD>(_: S.Type) -> S { unsafeBitCast(self, to: S.self) }
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

    typealias I8 = SIMD16<Int8>
    typealias U8 = SIMD16<UInt8>
    typealias I16 = SIMD8<Int16>
    typealias U16 = SIMD8<UInt16>
    typealias I32 = SIMD4<Int32>
    typealias U32 = SIMD4<UInt32>
    typealias I64 = SIMD2<Int64>
    typealias U64 = SIMD2<UInt64>

    /// Lane-wise integer arithmetic as vector operations.
    @inline(__always) static func lanes<S: SIMD>(_ a: V, _ b: V, _: S.Type, _ f: (S, S) -> S) -> V {
        V(f(a.vector(S.self), b.vector(S.self)))
    }
    @inline(__always) static func lanes<S: SIMD>(_ a: V, _: S.Type, _ f: (S) -> S) -> V { V(f(a.vector(S.self))) }

    /// A comparison: all ones in the lanes where it holds (a mask's lanes are -1 or 0 of the lane's width; a float
    /// lane compares as IEEE does, so NaN is unequal to everything).
    @inline(__always) static func compare<S: SIMD>(_ a: V, _ b: V, _: S.Type,
                                                   _ f: (S, S) -> SIMDMask<S.MaskStorage>) -> V {
        V(f(a.vector(S.self), b.vector(S.self)))
    }

    @inline(__always) static func abs<S: SIMD>(_ x: S) -> S where S.Scalar: FixedWidthInteger & SignedInteger {
        x.replacing(with: 0 &- x, where: x .< 0)
    }

    // Conversions between lane widths are initializers of each vector width, not of the SIMD protocol, hence one
    // helper per width below. `Lane` names a lane type that is a FixedWidthInteger and a SIMD scalar.
    typealias Lane = FixedWidthInteger & SIMDScalar

    /// Saturating addition or subtraction of 8-bit (16-bit) lanes `T`, computed in wider lanes `W`.
    @inline(__always) static func saturating<T: Lane, W: Lane>(_ a: V, _ b: V, _: SIMD16<T>.Type, _: SIMD16<W>.Type,
                                                               _ f: (SIMD16<W>, SIMD16<W>) -> SIMD16<W>) -> V {
        V(SIMD16<T>(clamping: f(SIMD16<W>(truncatingIfNeeded: a.vector(SIMD16<T>.self)),
                                SIMD16<W>(truncatingIfNeeded: b.vector(SIMD16<T>.self)))))
    }
    @inline(__always) static func saturating<T: Lane, W: Lane>(_ a: V, _ b: V, _: SIMD8<T>.Type, _: SIMD8<W>.Type,
                                                               _ f: (SIMD8<W>, SIMD8<W>) -> SIMD8<W>) -> V {
        V(SIMD8<T>(clamping: f(SIMD8<W>(truncatingIfNeeded: a.vector(SIMD8<T>.self)),
                               SIMD8<W>(truncatingIfNeeded: b.vector(SIMD8<T>.self)))))
    }

    /// The rounding average of unsigned lanes `T`, computed in wider lanes `W`.
    @inline(__always) static func average<T: Lane, W: Lane>(_ a: V, _ b: V, _: SIMD16<T>.Type, _: SIMD16<W>.Type) -> V {
        let x = SIMD16<W>(truncatingIfNeeded: a.vector(SIMD16<T>.self)), y = SIMD16<W>(truncatingIfNeeded: b.vector(SIMD16<T>.self))
        return V(SIMD16<T>(truncatingIfNeeded: (x &+ y &+ 1) &>> 1))
    }
    @inline(__always) static func average<T: Lane, W: Lane>(_ a: V, _ b: V, _: SIMD8<T>.Type, _: SIMD8<W>.Type) -> V {
        let x = SIMD8<W>(truncatingIfNeeded: a.vector(SIMD8<T>.self)), y = SIMD8<W>(truncatingIfNeeded: b.vector(SIMD8<T>.self))
        return V(SIMD8<T>(truncatingIfNeeded: (x &+ y &+ 1) &>> 1))
    }

    /// Narrowing: the lanes of `a`, then of `b`, each saturated into the narrower lanes `R`.
    @inline(__always) static func narrow<R: Lane>(_ a: V, _ b: V, _: SIMD8<Int16>.Type, _: SIMD16<R>.Type) -> V {
        V(SIMD16<R>(clamping: SIMD16<Int16>(lowHalf: a.vector(SIMD8<Int16>.self), highHalf: b.vector(SIMD8<Int16>.self))))
    }
    @inline(__always) static func narrow<R: Lane>(_ a: V, _ b: V, _: SIMD4<Int32>.Type, _: SIMD8<R>.Type) -> V {
        V(SIMD8<R>(clamping: SIMD8<Int32>(lowHalf: a.vector(SIMD4<Int32>.self), highHalf: b.vector(SIMD4<Int32>.self))))
    }

    /// Lanes `R` from half of a vector's lanes, extended.
    @inline(__always) static func extend<T: Lane, R: Lane>(_ half: SIMD8<T>, _: SIMD8<R>.Type) -> V {
        V(SIMD8<R>(truncatingIfNeeded: half))
    }
    @inline(__always) static func extend<T: Lane, R: Lane>(_ half: SIMD4<T>, _: SIMD4<R>.Type) -> V {
        V(SIMD4<R>(truncatingIfNeeded: half))
    }
    @inline(__always) static func extend<T: Lane, R: Lane>(_ half: SIMD2<T>, _: SIMD2<R>.Type) -> V {
        V(SIMD2<R>(truncatingIfNeeded: half))
    }

    /// Extending multiplication of the halves `x` and `y` into lanes `R`.
    @inline(__always) static func extmul<T: Lane, R: Lane>(_ x: SIMD8<T>, _ y: SIMD8<T>, _: SIMD8<R>.Type) -> V {
        V(SIMD8<R>(truncatingIfNeeded: x) &* SIMD8<R>(truncatingIfNeeded: y))
    }
    @inline(__always) static func extmul<T: Lane, R: Lane>(_ x: SIMD4<T>, _ y: SIMD4<T>, _: SIMD4<R>.Type) -> V {
        V(SIMD4<R>(truncatingIfNeeded: x) &* SIMD4<R>(truncatingIfNeeded: y))
    }
    @inline(__always) static func extmul<T: Lane, R: Lane>(_ x: SIMD2<T>, _ y: SIMD2<T>, _: SIMD2<R>.Type) -> V {
        V(SIMD2<R>(truncatingIfNeeded: x) &* SIMD2<R>(truncatingIfNeeded: y))
    }

    /// The sums of adjacent lanes' pairs (the even and the odd lanes of a vector), extended into lanes `R`.
    @inline(__always) static func extendPairwise<T: Lane, R: Lane>(_ even: SIMD8<T>, _ odd: SIMD8<T>, _: SIMD8<R>.Type) -> V {
        V(SIMD8<R>(truncatingIfNeeded: even) &+ SIMD8<R>(truncatingIfNeeded: odd))
    }
    @inline(__always) static func extendPairwise<T: Lane, R: Lane>(_ even: SIMD4<T>, _ odd: SIMD4<T>, _: SIMD4<R>.Type) -> V {
        V(SIMD4<R>(truncatingIfNeeded: even) &+ SIMD4<R>(truncatingIfNeeded: odd))
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

    static func q15mulr(_ x: Int16, _ y: Int16) -> Int16 {
        Int16(clamping: (Int32(x) * Int32(y) + 0x4000) >> 15)
    }

    static func swizzle(_ a: V, _ s: V) -> V {
        var out = V.zero
        withUnsafeBytes(of: a) { source in
            for i in 0..<16 {
                let index = Int(s.lane(i, UInt8.self))
                out.setLane(i, index < 16 ? source[index] : 0)
            }
        }
        return out
    }

    /// Lane i of the result is byte `lanes[i]` of a and b side by side (validation keeps every index below 32).
    static func shuffle(_ a: V, _ b: V, _ lanes: V) -> V {
        let both = (a, b)
        var out = V.zero
        withUnsafeBytes(of: both) { source in
            for i in 0..<16 { out.setLane(i, source[Int(lanes.lane(i, UInt8.self)) & 31]) }
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
        case .i8x16Eq: return compare(a, b, U8.self, .==)
        case .i8x16Ne: return compare(a, b, U8.self, .!=)
        case .i8x16LtS: return compare(a, b, I8.self, .<)
        case .i8x16LtU: return compare(a, b, U8.self, .<)
        case .i8x16GtS: return compare(a, b, I8.self, .>)
        case .i8x16GtU: return compare(a, b, U8.self, .>)
        case .i8x16LeS: return compare(a, b, I8.self, .<=)
        case .i8x16LeU: return compare(a, b, U8.self, .<=)
        case .i8x16GeS: return compare(a, b, I8.self, .>=)
        case .i8x16GeU: return compare(a, b, U8.self, .>=)
        case .i16x8Eq: return compare(a, b, U16.self, .==)
        case .i16x8Ne: return compare(a, b, U16.self, .!=)
        case .i16x8LtS: return compare(a, b, I16.self, .<)
        case .i16x8LtU: return compare(a, b, U16.self, .<)
        case .i16x8GtS: return compare(a, b, I16.self, .>)
        case .i16x8GtU: return compare(a, b, U16.self, .>)
        case .i16x8LeS: return compare(a, b, I16.self, .<=)
        case .i16x8LeU: return compare(a, b, U16.self, .<=)
        case .i16x8GeS: return compare(a, b, I16.self, .>=)
        case .i16x8GeU: return compare(a, b, U16.self, .>=)
        case .i32x4Eq: return compare(a, b, U32.self, .==)
        case .i32x4Ne: return compare(a, b, U32.self, .!=)
        case .i32x4LtS: return compare(a, b, I32.self, .<)
        case .i32x4LtU: return compare(a, b, U32.self, .<)
        case .i32x4GtS: return compare(a, b, I32.self, .>)
        case .i32x4GtU: return compare(a, b, U32.self, .>)
        case .i32x4LeS: return compare(a, b, I32.self, .<=)
        case .i32x4LeU: return compare(a, b, U32.self, .<=)
        case .i32x4GeS: return compare(a, b, I32.self, .>=)
        case .i32x4GeU: return compare(a, b, U32.self, .>=)
        case .i64x2Eq: return compare(a, b, U64.self, .==)
        case .i64x2Ne: return compare(a, b, U64.self, .!=)
        case .i64x2LtS: return compare(a, b, I64.self, .<)
        case .i64x2GtS: return compare(a, b, I64.self, .>)
        case .i64x2LeS: return compare(a, b, I64.self, .<=)
        case .i64x2GeS: return compare(a, b, I64.self, .>=)
        case .f32x4Eq: return compare(a, b, SIMD4<Float>.self, .==)
        case .f32x4Ne: return compare(a, b, SIMD4<Float>.self, .!=)
        case .f32x4Lt: return compare(a, b, SIMD4<Float>.self, .<)
        case .f32x4Gt: return compare(a, b, SIMD4<Float>.self, .>)
        case .f32x4Le: return compare(a, b, SIMD4<Float>.self, .<=)
        case .f32x4Ge: return compare(a, b, SIMD4<Float>.self, .>=)
        case .f64x2Eq: return compare(a, b, SIMD2<Double>.self, .==)
        case .f64x2Ne: return compare(a, b, SIMD2<Double>.self, .!=)
        case .f64x2Lt: return compare(a, b, SIMD2<Double>.self, .<)
        case .f64x2Gt: return compare(a, b, SIMD2<Double>.self, .>)
        case .f64x2Le: return compare(a, b, SIMD2<Double>.self, .<=)
        case .f64x2Ge: return compare(a, b, SIMD2<Double>.self, .>=)
        case .v128Not: return V(low: ~a.low, high: ~a.high)
        case .v128And: return V(low: a.low & b.low, high: a.high & b.high)
        case .v128Andnot: return V(low: a.low & ~b.low, high: a.high & ~b.high)
        case .v128Or: return V(low: a.low | b.low, high: a.high | b.high)
        case .v128Xor: return V(low: a.low ^ b.low, high: a.high ^ b.high)
        case .v128Bitselect, .i8x16RelaxedLaneselect, .i16x8RelaxedLaneselect, .i32x4RelaxedLaneselect,
             .i64x2RelaxedLaneselect:
            return bitselect(a, b, c)
        case .i8x16Abs: return lanes(a, I8.self, abs)
        case .i8x16Neg: return lanes(a, U8.self) { 0 &- $0 }
        case .i8x16Add: return lanes(a, b, U8.self, &+)
        case .i8x16Sub: return lanes(a, b, U8.self, &-)
        case .i8x16Popcnt: return V.map(a, UInt8.self) { UInt8($0.nonzeroBitCount) }
        case .i8x16NarrowI16X8S: return narrow(a, b, I16.self, I8.self)
        case .i8x16NarrowI16X8U: return narrow(a, b, I16.self, U8.self)
        case .i8x16AddSatS: return saturating(a, b, I8.self, SIMD16<Int16>.self, &+)
        case .i8x16AddSatU: return saturating(a, b, U8.self, SIMD16<Int16>.self, &+)
        case .i8x16SubSatS: return saturating(a, b, I8.self, SIMD16<Int16>.self, &-)
        case .i8x16SubSatU: return saturating(a, b, U8.self, SIMD16<Int16>.self, &-)
        case .i8x16MinS: return lanes(a, b, I8.self, pointwiseMin)
        case .i8x16MinU: return lanes(a, b, U8.self, pointwiseMin)
        case .i8x16MaxS: return lanes(a, b, I8.self, pointwiseMax)
        case .i8x16MaxU: return lanes(a, b, U8.self, pointwiseMax)
        case .i8x16AvgrU: return average(a, b, U8.self, SIMD16<UInt16>.self)
        case .i16x8Abs: return lanes(a, I16.self, abs)
        case .i16x8Neg: return lanes(a, U16.self) { 0 &- $0 }
        case .i16x8Add: return lanes(a, b, U16.self, &+)
        case .i16x8Sub: return lanes(a, b, U16.self, &-)
        case .i16x8NarrowI32X4S: return narrow(a, b, I32.self, I16.self)
        case .i16x8NarrowI32X4U: return narrow(a, b, I32.self, U16.self)
        case .i16x8ExtendLowI8X16S: return extend(a.vector(I8.self).lowHalf, I16.self)
        case .i16x8ExtendHighI8X16S: return extend(a.vector(I8.self).highHalf, I16.self)
        case .i16x8ExtendLowI8X16U: return extend(a.vector(U8.self).lowHalf, U16.self)
        case .i16x8ExtendHighI8X16U: return extend(a.vector(U8.self).highHalf, U16.self)
        case .i16x8AddSatS: return saturating(a, b, I16.self, SIMD8<Int32>.self, &+)
        case .i16x8AddSatU: return saturating(a, b, U16.self, SIMD8<Int32>.self, &+)
        case .i16x8SubSatS: return saturating(a, b, I16.self, SIMD8<Int32>.self, &-)
        case .i16x8SubSatU: return saturating(a, b, U16.self, SIMD8<Int32>.self, &-)
        case .i16x8Mul: return lanes(a, b, U16.self, &*)
        case .i16x8MinS: return lanes(a, b, I16.self, pointwiseMin)
        case .i16x8MinU: return lanes(a, b, U16.self, pointwiseMin)
        case .i16x8MaxS: return lanes(a, b, I16.self, pointwiseMax)
        case .i16x8MaxU: return lanes(a, b, U16.self, pointwiseMax)
        case .i16x8AvgrU: return average(a, b, U16.self, SIMD8<UInt32>.self)
        case .i16x8Q15MulrSatS, .i16x8RelaxedQ15MulrS: return V.zip(a, b, Int16.self, q15mulr)
        case .i16x8ExtmulLowI8X16S: return extmul(a.vector(I8.self).lowHalf, b.vector(I8.self).lowHalf, I16.self)
        case .i16x8ExtmulHighI8X16S: return extmul(a.vector(I8.self).highHalf, b.vector(I8.self).highHalf, I16.self)
        case .i16x8ExtmulLowI8X16U: return extmul(a.vector(U8.self).lowHalf, b.vector(U8.self).lowHalf, U16.self)
        case .i16x8ExtmulHighI8X16U: return extmul(a.vector(U8.self).highHalf, b.vector(U8.self).highHalf, U16.self)
        case .i16x8ExtaddPairwiseI8X16S: return extendPairwise(a.vector(I8.self).evenHalf, a.vector(I8.self).oddHalf, I16.self)
        case .i16x8ExtaddPairwiseI8X16U: return extendPairwise(a.vector(U8.self).evenHalf, a.vector(U8.self).oddHalf, U16.self)
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
        case .i32x4Abs: return lanes(a, I32.self, abs)
        case .i32x4Neg: return lanes(a, U32.self) { 0 &- $0 }
        case .i32x4Add: return lanes(a, b, U32.self, &+)
        case .i32x4Sub: return lanes(a, b, U32.self, &-)
        case .i32x4ExtendLowI16X8S: return extend(a.vector(I16.self).lowHalf, I32.self)
        case .i32x4ExtendHighI16X8S: return extend(a.vector(I16.self).highHalf, I32.self)
        case .i32x4ExtendLowI16X8U: return extend(a.vector(U16.self).lowHalf, U32.self)
        case .i32x4ExtendHighI16X8U: return extend(a.vector(U16.self).highHalf, U32.self)
        case .i32x4Mul: return lanes(a, b, U32.self, &*)
        case .i32x4MinS: return lanes(a, b, I32.self, pointwiseMin)
        case .i32x4MinU: return lanes(a, b, U32.self, pointwiseMin)
        case .i32x4MaxS: return lanes(a, b, I32.self, pointwiseMax)
        case .i32x4MaxU: return lanes(a, b, U32.self, pointwiseMax)
        case .i32x4DotI16X8S:
            let products = SIMD8<Int32>(truncatingIfNeeded: a.vector(I16.self)) &* SIMD8<Int32>(truncatingIfNeeded: b.vector(I16.self))
            return V(products.evenHalf &+ products.oddHalf)
        case .i32x4ExtmulLowI16X8S: return extmul(a.vector(I16.self).lowHalf, b.vector(I16.self).lowHalf, I32.self)
        case .i32x4ExtmulHighI16X8S: return extmul(a.vector(I16.self).highHalf, b.vector(I16.self).highHalf, I32.self)
        case .i32x4ExtmulLowI16X8U: return extmul(a.vector(U16.self).lowHalf, b.vector(U16.self).lowHalf, U32.self)
        case .i32x4ExtmulHighI16X8U: return extmul(a.vector(U16.self).highHalf, b.vector(U16.self).highHalf, U32.self)
        case .i32x4ExtaddPairwiseI16X8S: return extendPairwise(a.vector(I16.self).evenHalf, a.vector(I16.self).oddHalf, I32.self)
        case .i32x4ExtaddPairwiseI16X8U: return extendPairwise(a.vector(U16.self).evenHalf, a.vector(U16.self).oddHalf, U32.self)
        case .i64x2Abs: return lanes(a, I64.self, abs)
        case .i64x2Neg: return lanes(a, U64.self) { 0 &- $0 }
        case .i64x2Add: return lanes(a, b, U64.self, &+)
        case .i64x2Sub: return lanes(a, b, U64.self, &-)
        case .i64x2ExtendLowI32X4S: return extend(a.vector(I32.self).lowHalf, I64.self)
        case .i64x2ExtendHighI32X4S: return extend(a.vector(I32.self).highHalf, I64.self)
        case .i64x2ExtendLowI32X4U: return extend(a.vector(U32.self).lowHalf, U64.self)
        case .i64x2ExtendHighI32X4U: return extend(a.vector(U32.self).highHalf, U64.self)
        case .i64x2Mul: return lanes(a, b, U64.self, &*)
        case .i64x2ExtmulLowI32X4S: return extmul(a.vector(I32.self).lowHalf, b.vector(I32.self).lowHalf, I64.self)
        case .i64x2ExtmulHighI32X4S: return extmul(a.vector(I32.self).highHalf, b.vector(I32.self).highHalf, I64.self)
        case .i64x2ExtmulLowI32X4U: return extmul(a.vector(U32.self).lowHalf, b.vector(U32.self).lowHalf, U64.self)
        case .i64x2ExtmulHighI32X4U: return extmul(a.vector(U32.self).highHalf, b.vector(U32.self).highHalf, U64.self)
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

    /// Shifts by a count taken modulo the lane width (the masking shifts `&<<` and `&>>` take it so).
    static func shift(_ op: SimdOp, _ a: V, _ count: UInt64) -> V? {
        switch op {
        case .i8x16Shl: return lanes(a, U8.self) { $0 &<< U8.Scalar(truncatingIfNeeded: count) }
        case .i8x16ShrS: return lanes(a, I8.self) { $0 &>> I8.Scalar(truncatingIfNeeded: count) }
        case .i8x16ShrU: return lanes(a, U8.self) { $0 &>> U8.Scalar(truncatingIfNeeded: count) }
        case .i16x8Shl: return lanes(a, U16.self) { $0 &<< U16.Scalar(truncatingIfNeeded: count) }
        case .i16x8ShrS: return lanes(a, I16.self) { $0 &>> I16.Scalar(truncatingIfNeeded: count) }
        case .i16x8ShrU: return lanes(a, U16.self) { $0 &>> U16.Scalar(truncatingIfNeeded: count) }
        case .i32x4Shl: return lanes(a, U32.self) { $0 &<< U32.Scalar(truncatingIfNeeded: count) }
        case .i32x4ShrS: return lanes(a, I32.self) { $0 &>> I32.Scalar(truncatingIfNeeded: count) }
        case .i32x4ShrU: return lanes(a, U32.self) { $0 &>> U32.Scalar(truncatingIfNeeded: count) }
        case .i64x2Shl: return lanes(a, U64.self) { $0 &<< U64.Scalar(truncatingIfNeeded: count) }
        case .i64x2ShrS: return lanes(a, I64.self) { $0 &>> I64.Scalar(truncatingIfNeeded: count) }
        case .i64x2ShrU: return lanes(a, U64.self) { $0 &>> U64.Scalar(truncatingIfNeeded: count) }
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
        case .i8x16Splat: return V(U8(repeating: UInt8(truncatingIfNeeded: x)))
        case .i16x8Splat: return V(U16(repeating: UInt16(truncatingIfNeeded: x)))
        case .i32x4Splat, .f32x4Splat: return V(U32(repeating: UInt32(truncatingIfNeeded: x)))
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
