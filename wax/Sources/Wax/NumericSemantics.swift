/// What each numeric instruction computes on slots (see `Slot` for the encodings): one function per opcode, so that
/// the interpreter's variants of an instruction (operands from slots or from the accumulator) share it.
enum NumericSemantics {
    @inline(__always) static func i32Eqz(_ x: UInt64) -> UInt64 { bool(u32(x) == 0) }
    @inline(__always) static func i64Eqz(_ x: UInt64) -> UInt64 { bool(u64(x) == 0) }
    @inline(__always) static func i32Eq(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(u32(x) == u32(y)) }
    @inline(__always) static func i32Ne(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(u32(x) != u32(y)) }
    @inline(__always) static func i32LtS(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(Int32(bitPattern: u32(x)) < Int32(bitPattern: u32(y))) }
    @inline(__always) static func i32LtU(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(u32(x) < u32(y)) }
    @inline(__always) static func i32GtS(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(Int32(bitPattern: u32(x)) > Int32(bitPattern: u32(y))) }
    @inline(__always) static func i32GtU(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(u32(x) > u32(y)) }
    @inline(__always) static func i32LeS(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(Int32(bitPattern: u32(x)) <= Int32(bitPattern: u32(y))) }
    @inline(__always) static func i32LeU(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(u32(x) <= u32(y)) }
    @inline(__always) static func i32GeS(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(Int32(bitPattern: u32(x)) >= Int32(bitPattern: u32(y))) }
    @inline(__always) static func i32GeU(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(u32(x) >= u32(y)) }
    @inline(__always) static func i64Eq(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(u64(x) == u64(y)) }
    @inline(__always) static func i64Ne(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(u64(x) != u64(y)) }
    @inline(__always) static func i64LtS(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(Int64(bitPattern: u64(x)) < Int64(bitPattern: u64(y))) }
    @inline(__always) static func i64LtU(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(u64(x) < u64(y)) }
    @inline(__always) static func i64GtS(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(Int64(bitPattern: u64(x)) > Int64(bitPattern: u64(y))) }
    @inline(__always) static func i64GtU(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(u64(x) > u64(y)) }
    @inline(__always) static func i64LeS(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(Int64(bitPattern: u64(x)) <= Int64(bitPattern: u64(y))) }
    @inline(__always) static func i64LeU(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(u64(x) <= u64(y)) }
    @inline(__always) static func i64GeS(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(Int64(bitPattern: u64(x)) >= Int64(bitPattern: u64(y))) }
    @inline(__always) static func i64GeU(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(u64(x) >= u64(y)) }
    @inline(__always) static func f32Eq(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(f32(x) == f32(y)) }
    @inline(__always) static func f32Ne(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(f32(x) != f32(y)) }
    @inline(__always) static func f32Lt(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(f32(x) < f32(y)) }
    @inline(__always) static func f32Gt(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(f32(x) > f32(y)) }
    @inline(__always) static func f32Le(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(f32(x) <= f32(y)) }
    @inline(__always) static func f32Ge(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(f32(x) >= f32(y)) }
    @inline(__always) static func f64Eq(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(f64(x) == f64(y)) }
    @inline(__always) static func f64Ne(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(f64(x) != f64(y)) }
    @inline(__always) static func f64Lt(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(f64(x) < f64(y)) }
    @inline(__always) static func f64Gt(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(f64(x) > f64(y)) }
    @inline(__always) static func f64Le(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(f64(x) <= f64(y)) }
    @inline(__always) static func f64Ge(_ x: UInt64, _ y: UInt64) -> UInt64 { bool(f64(x) >= f64(y)) }
    @inline(__always) static func i32Clz(_ x: UInt64) -> UInt64 { UInt64(u32(x).leadingZeroBitCount) }
    @inline(__always) static func i32Ctz(_ x: UInt64) -> UInt64 { UInt64(u32(x).trailingZeroBitCount) }
    @inline(__always) static func i32Popcnt(_ x: UInt64) -> UInt64 { UInt64(u32(x).nonzeroBitCount) }
    @inline(__always) static func i64Clz(_ x: UInt64) -> UInt64 { UInt64(u64(x).leadingZeroBitCount) }
    @inline(__always) static func i64Ctz(_ x: UInt64) -> UInt64 { UInt64(u64(x).trailingZeroBitCount) }
    @inline(__always) static func i64Popcnt(_ x: UInt64) -> UInt64 { UInt64(u64(x).nonzeroBitCount) }
    @inline(__always) static func f32Abs(_ x: UInt64) -> UInt64 { x & 0x7fff_ffff }
    @inline(__always) static func f32Neg(_ x: UInt64) -> UInt64 { UInt64(u32(x) ^ 0x8000_0000) }
    @inline(__always) static func f32Ceil(_ x: UInt64) -> UInt64 { slot32(f32(x).rounded(.up)) }
    @inline(__always) static func f32Floor(_ x: UInt64) -> UInt64 { slot32(f32(x).rounded(.down)) }
    @inline(__always) static func f32Trunc(_ x: UInt64) -> UInt64 { slot32(f32(x).rounded(.towardZero)) }
    @inline(__always) static func f32Nearest(_ x: UInt64) -> UInt64 { slot32(f32(x).rounded(.toNearestOrEven)) }
    @inline(__always) static func f32Sqrt(_ x: UInt64) -> UInt64 { slot32(f32(x).squareRoot()) }
    @inline(__always) static func f64Abs(_ x: UInt64) -> UInt64 { x & 0x7fff_ffff_ffff_ffff }
    @inline(__always) static func f64Neg(_ x: UInt64) -> UInt64 { x ^ 0x8000_0000_0000_0000 }
    @inline(__always) static func f64Ceil(_ x: UInt64) -> UInt64 { slot64(f64(x).rounded(.up)) }
    @inline(__always) static func f64Floor(_ x: UInt64) -> UInt64 { slot64(f64(x).rounded(.down)) }
    @inline(__always) static func f64Trunc(_ x: UInt64) -> UInt64 { slot64(f64(x).rounded(.towardZero)) }
    @inline(__always) static func f64Nearest(_ x: UInt64) -> UInt64 { slot64(f64(x).rounded(.toNearestOrEven)) }
    @inline(__always) static func f64Sqrt(_ x: UInt64) -> UInt64 { slot64(f64(x).squareRoot()) }
    @inline(__always) static func i32Extend8S(_ x: UInt64) -> UInt64 { UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: x)))) }
    @inline(__always) static func i32Extend16S(_ x: UInt64) -> UInt64 { UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: x)))) }
    @inline(__always) static func i64Extend8S(_ x: UInt64) -> UInt64 { UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: x))) }
    @inline(__always) static func i64Extend16S(_ x: UInt64) -> UInt64 { UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: x))) }
    @inline(__always) static func i64Extend32S(_ x: UInt64) -> UInt64 { UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: x))) }
    @inline(__always) static func i32Add(_ x: UInt64, _ y: UInt64) -> UInt64 { UInt64(u32(x) &+ u32(y)) }
    @inline(__always) static func i32Sub(_ x: UInt64, _ y: UInt64) -> UInt64 { UInt64(u32(x) &- u32(y)) }
    @inline(__always) static func i32Mul(_ x: UInt64, _ y: UInt64) -> UInt64 { UInt64(u32(x) &* u32(y)) }
    @inline(__always) static func i32DivS(_ x: UInt64, _ y: UInt64) throws(Trap) -> UInt64 { UInt64(try Numerics.divS32(u32(x), u32(y))) }
    @inline(__always) static func i32DivU(_ x: UInt64, _ y: UInt64) throws(Trap) -> UInt64 { UInt64(try Numerics.divU32(u32(x), u32(y))) }
    @inline(__always) static func i32RemS(_ x: UInt64, _ y: UInt64) throws(Trap) -> UInt64 { UInt64(try Numerics.remS32(u32(x), u32(y))) }
    @inline(__always) static func i32RemU(_ x: UInt64, _ y: UInt64) throws(Trap) -> UInt64 { UInt64(try Numerics.remU32(u32(x), u32(y))) }
    @inline(__always) static func i32And(_ x: UInt64, _ y: UInt64) -> UInt64 { UInt64(u32(x) & u32(y)) }
    @inline(__always) static func i32Or(_ x: UInt64, _ y: UInt64) -> UInt64 { UInt64(u32(x) | u32(y)) }
    @inline(__always) static func i32Xor(_ x: UInt64, _ y: UInt64) -> UInt64 { UInt64(u32(x) ^ u32(y)) }
    @inline(__always) static func i32Shl(_ x: UInt64, _ y: UInt64) -> UInt64 { UInt64(u32(x) &<< u32(y)) }
    @inline(__always) static func i32ShrS(_ x: UInt64, _ y: UInt64) -> UInt64 { UInt64(UInt32(bitPattern: Int32(bitPattern: u32(x)) &>> Int32(bitPattern: u32(y)))) }
    @inline(__always) static func i32ShrU(_ x: UInt64, _ y: UInt64) -> UInt64 { UInt64(u32(x) &>> u32(y)) }
    @inline(__always) static func i32Rotl(_ x: UInt64, _ y: UInt64) -> UInt64 { UInt64(Numerics.rotateLeft(u32(x), u32(y))) }
    @inline(__always) static func i32Rotr(_ x: UInt64, _ y: UInt64) -> UInt64 { UInt64(Numerics.rotateLeft(u32(x), 0 &- u32(y))) }
    @inline(__always) static func i64Add(_ x: UInt64, _ y: UInt64) -> UInt64 { u64(x) &+ u64(y) }
    @inline(__always) static func i64Sub(_ x: UInt64, _ y: UInt64) -> UInt64 { u64(x) &- u64(y) }
    @inline(__always) static func i64Mul(_ x: UInt64, _ y: UInt64) -> UInt64 { u64(x) &* u64(y) }
    @inline(__always) static func i64DivS(_ x: UInt64, _ y: UInt64) throws(Trap) -> UInt64 { try Numerics.divS64(u64(x), u64(y)) }
    @inline(__always) static func i64DivU(_ x: UInt64, _ y: UInt64) throws(Trap) -> UInt64 { try Numerics.divU64(u64(x), u64(y)) }
    @inline(__always) static func i64RemS(_ x: UInt64, _ y: UInt64) throws(Trap) -> UInt64 { try Numerics.remS64(u64(x), u64(y)) }
    @inline(__always) static func i64RemU(_ x: UInt64, _ y: UInt64) throws(Trap) -> UInt64 { try Numerics.remU64(u64(x), u64(y)) }
    @inline(__always) static func i64And(_ x: UInt64, _ y: UInt64) -> UInt64 { u64(x) & u64(y) }
    @inline(__always) static func i64Or(_ x: UInt64, _ y: UInt64) -> UInt64 { u64(x) | u64(y) }
    @inline(__always) static func i64Xor(_ x: UInt64, _ y: UInt64) -> UInt64 { u64(x) ^ u64(y) }
    @inline(__always) static func i64Shl(_ x: UInt64, _ y: UInt64) -> UInt64 { u64(x) &<< u64(y) }
    @inline(__always) static func i64ShrS(_ x: UInt64, _ y: UInt64) -> UInt64 { UInt64(bitPattern: Int64(bitPattern: u64(x)) &>> Int64(bitPattern: u64(y))) }
    @inline(__always) static func i64ShrU(_ x: UInt64, _ y: UInt64) -> UInt64 { u64(x) &>> u64(y) }
    @inline(__always) static func i64Rotl(_ x: UInt64, _ y: UInt64) -> UInt64 { Numerics.rotateLeft(u64(x), u64(y)) }
    @inline(__always) static func i64Rotr(_ x: UInt64, _ y: UInt64) -> UInt64 { Numerics.rotateLeft(u64(x), 0 &- u64(y)) }
    @inline(__always) static func f32Add(_ x: UInt64, _ y: UInt64) -> UInt64 { slot32(f32(x) + f32(y)) }
    @inline(__always) static func f32Sub(_ x: UInt64, _ y: UInt64) -> UInt64 { slot32(f32(x) - f32(y)) }
    @inline(__always) static func f32Mul(_ x: UInt64, _ y: UInt64) -> UInt64 { slot32(f32(x) * f32(y)) }
    @inline(__always) static func f32Div(_ x: UInt64, _ y: UInt64) -> UInt64 { slot32(f32(x) / f32(y)) }
    @inline(__always) static func f32Min(_ x: UInt64, _ y: UInt64) -> UInt64 { slot32(Numerics.minimum(f32(x), f32(y))) }
    @inline(__always) static func f32Max(_ x: UInt64, _ y: UInt64) -> UInt64 { slot32(Numerics.maximum(f32(x), f32(y))) }
    @inline(__always) static func f32Copysign(_ x: UInt64, _ y: UInt64) -> UInt64 { (x & 0x7fff_ffff) | (y & 0x8000_0000) }
    @inline(__always) static func f64Add(_ x: UInt64, _ y: UInt64) -> UInt64 { slot64(f64(x) + f64(y)) }
    @inline(__always) static func f64Sub(_ x: UInt64, _ y: UInt64) -> UInt64 { slot64(f64(x) - f64(y)) }
    @inline(__always) static func f64Mul(_ x: UInt64, _ y: UInt64) -> UInt64 { slot64(f64(x) * f64(y)) }
    @inline(__always) static func f64Div(_ x: UInt64, _ y: UInt64) -> UInt64 { slot64(f64(x) / f64(y)) }
    @inline(__always) static func f64Min(_ x: UInt64, _ y: UInt64) -> UInt64 { slot64(Numerics.minimum(f64(x), f64(y))) }
    @inline(__always) static func f64Max(_ x: UInt64, _ y: UInt64) -> UInt64 { slot64(Numerics.maximum(f64(x), f64(y))) }
    @inline(__always) static func f64Copysign(_ x: UInt64, _ y: UInt64) -> UInt64 { (x & 0x7fff_ffff_ffff_ffff) | (y & 0x8000_0000_0000_0000) }
    @inline(__always) static func i32WrapI64(_ x: UInt64) -> UInt64 { UInt64(u32(x)) }
    @inline(__always) static func i32TruncF32S(_ x: UInt64) throws(Trap) -> UInt64 { UInt64(UInt32(bitPattern: try Numerics.truncate(f32(x), to: Int32.self))) }
    @inline(__always) static func i32TruncF32U(_ x: UInt64) throws(Trap) -> UInt64 { UInt64(try Numerics.truncate(f32(x), to: UInt32.self)) }
    @inline(__always) static func i32TruncF64S(_ x: UInt64) throws(Trap) -> UInt64 { UInt64(UInt32(bitPattern: try Numerics.truncate(f64(x), to: Int32.self))) }
    @inline(__always) static func i32TruncF64U(_ x: UInt64) throws(Trap) -> UInt64 { UInt64(try Numerics.truncate(f64(x), to: UInt32.self)) }
    @inline(__always) static func i64ExtendI32S(_ x: UInt64) -> UInt64 { UInt64(bitPattern: Int64(Int32(bitPattern: u32(x)))) }
    @inline(__always) static func i64ExtendI32U(_ x: UInt64) -> UInt64 { UInt64(u32(x)) }
    @inline(__always) static func i64TruncF32S(_ x: UInt64) throws(Trap) -> UInt64 { UInt64(bitPattern: try Numerics.truncate(f32(x), to: Int64.self)) }
    @inline(__always) static func i64TruncF32U(_ x: UInt64) throws(Trap) -> UInt64 { try Numerics.truncate(f32(x), to: UInt64.self) }
    @inline(__always) static func i64TruncF64S(_ x: UInt64) throws(Trap) -> UInt64 { UInt64(bitPattern: try Numerics.truncate(f64(x), to: Int64.self)) }
    @inline(__always) static func i64TruncF64U(_ x: UInt64) throws(Trap) -> UInt64 { try Numerics.truncate(f64(x), to: UInt64.self) }
    @inline(__always) static func f32ConvertI32S(_ x: UInt64) -> UInt64 { slot32(Float(Int32(bitPattern: u32(x)))) }
    @inline(__always) static func f32ConvertI32U(_ x: UInt64) -> UInt64 { slot32(Float(u32(x))) }
    @inline(__always) static func f32ConvertI64S(_ x: UInt64) -> UInt64 { slot32(Float(Int64(bitPattern: x))) }
    @inline(__always) static func f32ConvertI64U(_ x: UInt64) -> UInt64 { slot32(Float(x)) }
    @inline(__always) static func f32DemoteF64(_ x: UInt64) -> UInt64 { slot32(Float(f64(x))) }
    @inline(__always) static func f64ConvertI32S(_ x: UInt64) -> UInt64 { slot64(Double(Int32(bitPattern: u32(x)))) }
    @inline(__always) static func f64ConvertI32U(_ x: UInt64) -> UInt64 { slot64(Double(u32(x))) }
    @inline(__always) static func f64ConvertI64S(_ x: UInt64) -> UInt64 { slot64(Double(Int64(bitPattern: x))) }
    @inline(__always) static func f64ConvertI64U(_ x: UInt64) -> UInt64 { slot64(Double(x)) }
    @inline(__always) static func f64PromoteF32(_ x: UInt64) -> UInt64 { slot64(Double(f32(x))) }
    @inline(__always) static func i32TruncSatF32S(_ x: UInt64) -> UInt64 { UInt64(UInt32(bitPattern: Numerics.truncateSaturating(f32(x), to: Int32.self))) }
    @inline(__always) static func i32TruncSatF32U(_ x: UInt64) -> UInt64 { UInt64(Numerics.truncateSaturating(f32(x), to: UInt32.self)) }
    @inline(__always) static func i32TruncSatF64S(_ x: UInt64) -> UInt64 { UInt64(UInt32(bitPattern: Numerics.truncateSaturating(f64(x), to: Int32.self))) }
    @inline(__always) static func i32TruncSatF64U(_ x: UInt64) -> UInt64 { UInt64(Numerics.truncateSaturating(f64(x), to: UInt32.self)) }
    @inline(__always) static func i64TruncSatF32S(_ x: UInt64) -> UInt64 { UInt64(bitPattern: Numerics.truncateSaturating(f32(x), to: Int64.self)) }
    @inline(__always) static func i64TruncSatF32U(_ x: UInt64) -> UInt64 { Numerics.truncateSaturating(f32(x), to: UInt64.self) }
    @inline(__always) static func i64TruncSatF64S(_ x: UInt64) -> UInt64 { UInt64(bitPattern: Numerics.truncateSaturating(f64(x), to: Int64.self)) }
    @inline(__always) static func i64TruncSatF64U(_ x: UInt64) -> UInt64 { Numerics.truncateSaturating(f64(x), to: UInt64.self) }
}
