import WasmParser

/// Every SIMD instruction of the interpreter, and the moves of whole v128 values, as the sub-opcode of `Op.simd`
/// (see `SimdInstruction` for the operands). The names are WasmParser's, whose decoder they mirror.
enum SimdOp: Int32 {
    // Moves of whole values (both halves) in functions that hold v128 values (`FunctionCompiler.wide`).
    /// Slot a = slot b.
    case copy
    /// Slots a..<a+imm = slots b..<b+imm.
    case copySlots
    /// The shadows of slots a..<a+imm = those of slots b..<b+imm (the high halves of a `ret`'s values).
    case moveShadows
    /// Slot a = slot d (an i32) != 0 ? slot b : slot c.
    case select
    /// Slot a = global imm; global imm = slot b.
    case globalGet, globalSet
    /// The shadows of slots a..<a+imm = 0 (a function's declared locals).
    case zeroShadows
    /// Slot a = the constant in the fields `x` (see `SimdInstruction`); i8x16.shuffle of slots b and c by the lanes there.
    case v128Const, i8x16Shuffle
    /// Memory d, at slot b + the offset in x: loads into slot a; v128.store stores slot c.
    case v128Load, v128Load8X8S, v128Load8X8U, v128Load16X4S, v128Load16X4U, v128Load32X2S, v128Load32X2U, v128Load8Splat, v128Load16Splat, v128Load32Splat, v128Load64Splat, v128Load32Zero, v128Load64Zero, v128Store
    /// Lane imm of slot c with memory d at slot b + the offset in x: loads into a copy of slot c in slot a, or stores.
    case v128Load8Lane, v128Load16Lane, v128Load32Lane, v128Load64Lane, v128Store8Lane, v128Store16Lane, v128Store32Lane, v128Store64Lane
    /// Lane imm: slot a = the lane of slot b, or slot b with the lane replaced by slot c.
    case i8x16ExtractLaneS, i8x16ExtractLaneU, i8x16ReplaceLane, i16x8ExtractLaneS, i16x8ExtractLaneU, i16x8ReplaceLane, i32x4ExtractLane, i32x4ReplaceLane, i64x2ExtractLane, i64x2ReplaceLane, f32x4ExtractLane, f32x4ReplaceLane, f64x2ExtractLane, f64x2ReplaceLane
    /// The rest: slot a = op(slot b, slot c, slot d), as many operands as the instruction takes.
    case i8x16Swizzle, i8x16Splat, i16x8Splat, i32x4Splat, i64x2Splat, f32x4Splat, f64x2Splat, i8x16Eq
    case i8x16Ne, i8x16LtS, i8x16LtU, i8x16GtS, i8x16GtU, i8x16LeS, i8x16LeU, i8x16GeS
    case i8x16GeU, i16x8Eq, i16x8Ne, i16x8LtS, i16x8LtU, i16x8GtS, i16x8GtU, i16x8LeS
    case i16x8LeU, i16x8GeS, i16x8GeU, i32x4Eq, i32x4Ne, i32x4LtS, i32x4LtU, i32x4GtS
    case i32x4GtU, i32x4LeS, i32x4LeU, i32x4GeS, i32x4GeU, f32x4Eq, f32x4Ne, f32x4Lt
    case f32x4Gt, f32x4Le, f32x4Ge, f64x2Eq, f64x2Ne, f64x2Lt, f64x2Gt, f64x2Le
    case f64x2Ge, v128Not, v128And, v128Andnot, v128Or, v128Xor, v128Bitselect, i8x16Abs
    case i8x16Neg, i8x16AllTrue, i8x16Bitmask, i8x16NarrowI16X8S, i8x16NarrowI16X8U, i8x16Shl, i8x16ShrS, i8x16ShrU
    case i8x16Add, i8x16AddSatS, i8x16AddSatU, i8x16Sub, i8x16SubSatS, i8x16SubSatU, i8x16MinS, i8x16MinU
    case i8x16MaxS, i8x16MaxU, i8x16AvgrU, i16x8Abs, i16x8Neg, i16x8AllTrue, i16x8Bitmask, i16x8NarrowI32X4S
    case i16x8NarrowI32X4U, i16x8ExtendLowI8X16S, i16x8ExtendHighI8X16S, i16x8ExtendLowI8X16U, i16x8ExtendHighI8X16U, i16x8Shl, i16x8ShrS, i16x8ShrU
    case i16x8Add, i16x8AddSatS, i16x8AddSatU, i16x8Sub, i16x8SubSatS, i16x8SubSatU, i16x8Mul, i16x8MinS
    case i16x8MinU, i16x8MaxS, i16x8MaxU, i16x8AvgrU, i32x4Abs, i32x4Neg, i32x4AllTrue, i32x4Bitmask
    case i32x4ExtendLowI16X8S, i32x4ExtendHighI16X8S, i32x4ExtendLowI16X8U, i32x4ExtendHighI16X8U, i32x4Shl, i32x4ShrS, i32x4ShrU, i32x4Add
    case i32x4Sub, i32x4Mul, i32x4MinS, i32x4MinU, i32x4MaxS, i32x4MaxU, i32x4DotI16X8S, i64x2Abs
    case i64x2Neg, i64x2Bitmask, i64x2ExtendLowI32X4S, i64x2ExtendHighI32X4S, i64x2ExtendLowI32X4U, i64x2ExtendHighI32X4U, i64x2Shl, i64x2ShrS
    case i64x2ShrU, i64x2Add, i64x2Sub, i64x2Mul, f32x4Ceil, f32x4Floor, f32x4Trunc, f32x4Nearest
    case f64x2Ceil, f64x2Floor, f64x2Trunc, f64x2Nearest, f32x4Abs, f32x4Neg, f32x4Sqrt, f32x4Add
    case f32x4Sub, f32x4Mul, f32x4Div, f32x4Min, f32x4Max, f32x4Pmin, f32x4Pmax, f64x2Abs
    case f64x2Neg, f64x2Sqrt, f64x2Add, f64x2Sub, f64x2Mul, f64x2Div, f64x2Min, f64x2Max
    case f64x2Pmin, f64x2Pmax, i32x4TruncSatF32X4S, i32x4TruncSatF32X4U, f32x4ConvertI32X4S, f32x4ConvertI32X4U, i16x8ExtmulLowI8X16S, i16x8ExtmulHighI8X16S
    case i16x8ExtmulLowI8X16U, i16x8ExtmulHighI8X16U, i32x4ExtmulLowI16X8S, i32x4ExtmulHighI16X8S, i32x4ExtmulLowI16X8U, i32x4ExtmulHighI16X8U, i64x2ExtmulLowI32X4S, i64x2ExtmulHighI32X4S
    case i64x2ExtmulLowI32X4U, i64x2ExtmulHighI32X4U, i16x8Q15MulrSatS, v128AnyTrue, i64x2Eq, i64x2Ne, i64x2LtS, i64x2GtS
    case i64x2LeS, i64x2GeS, i64x2AllTrue, f64x2ConvertLowI32X4S, f64x2ConvertLowI32X4U, i32x4TruncSatF64X2SZero, i32x4TruncSatF64X2UZero, f32x4DemoteF64X2Zero
    case f64x2PromoteLowF32X4, i8x16Popcnt, i16x8ExtaddPairwiseI8X16S, i16x8ExtaddPairwiseI8X16U, i32x4ExtaddPairwiseI16X8S, i32x4ExtaddPairwiseI16X8U, i8x16RelaxedSwizzle, i32x4RelaxedTruncF32X4S
    case i32x4RelaxedTruncF32X4U, i32x4RelaxedTruncF64X2SZero, i32x4RelaxedTruncF64X2UZero, f32x4RelaxedMadd, f32x4RelaxedNmadd, f64x2RelaxedMadd, f64x2RelaxedNmadd, i8x16RelaxedLaneselect
    case i16x8RelaxedLaneselect, i32x4RelaxedLaneselect, i64x2RelaxedLaneselect, f32x4RelaxedMin, f32x4RelaxedMax, f64x2RelaxedMin, f64x2RelaxedMax, i16x8RelaxedQ15MulrS
    case i16x8RelaxedDotI8X16I7X16S, i32x4RelaxedDotI8X16I7X16AddS

    init(_ op: Instruction.Simd) {
        switch op {
        case .i8x16Swizzle: self = .i8x16Swizzle
        case .i8x16Splat: self = .i8x16Splat
        case .i16x8Splat: self = .i16x8Splat
        case .i32x4Splat: self = .i32x4Splat
        case .i64x2Splat: self = .i64x2Splat
        case .f32x4Splat: self = .f32x4Splat
        case .f64x2Splat: self = .f64x2Splat
        case .i8x16Eq: self = .i8x16Eq
        case .i8x16Ne: self = .i8x16Ne
        case .i8x16LtS: self = .i8x16LtS
        case .i8x16LtU: self = .i8x16LtU
        case .i8x16GtS: self = .i8x16GtS
        case .i8x16GtU: self = .i8x16GtU
        case .i8x16LeS: self = .i8x16LeS
        case .i8x16LeU: self = .i8x16LeU
        case .i8x16GeS: self = .i8x16GeS
        case .i8x16GeU: self = .i8x16GeU
        case .i16x8Eq: self = .i16x8Eq
        case .i16x8Ne: self = .i16x8Ne
        case .i16x8LtS: self = .i16x8LtS
        case .i16x8LtU: self = .i16x8LtU
        case .i16x8GtS: self = .i16x8GtS
        case .i16x8GtU: self = .i16x8GtU
        case .i16x8LeS: self = .i16x8LeS
        case .i16x8LeU: self = .i16x8LeU
        case .i16x8GeS: self = .i16x8GeS
        case .i16x8GeU: self = .i16x8GeU
        case .i32x4Eq: self = .i32x4Eq
        case .i32x4Ne: self = .i32x4Ne
        case .i32x4LtS: self = .i32x4LtS
        case .i32x4LtU: self = .i32x4LtU
        case .i32x4GtS: self = .i32x4GtS
        case .i32x4GtU: self = .i32x4GtU
        case .i32x4LeS: self = .i32x4LeS
        case .i32x4LeU: self = .i32x4LeU
        case .i32x4GeS: self = .i32x4GeS
        case .i32x4GeU: self = .i32x4GeU
        case .f32x4Eq: self = .f32x4Eq
        case .f32x4Ne: self = .f32x4Ne
        case .f32x4Lt: self = .f32x4Lt
        case .f32x4Gt: self = .f32x4Gt
        case .f32x4Le: self = .f32x4Le
        case .f32x4Ge: self = .f32x4Ge
        case .f64x2Eq: self = .f64x2Eq
        case .f64x2Ne: self = .f64x2Ne
        case .f64x2Lt: self = .f64x2Lt
        case .f64x2Gt: self = .f64x2Gt
        case .f64x2Le: self = .f64x2Le
        case .f64x2Ge: self = .f64x2Ge
        case .v128Not: self = .v128Not
        case .v128And: self = .v128And
        case .v128Andnot: self = .v128Andnot
        case .v128Or: self = .v128Or
        case .v128Xor: self = .v128Xor
        case .v128Bitselect: self = .v128Bitselect
        case .i8x16Abs: self = .i8x16Abs
        case .i8x16Neg: self = .i8x16Neg
        case .i8x16AllTrue: self = .i8x16AllTrue
        case .i8x16Bitmask: self = .i8x16Bitmask
        case .i8x16NarrowI16X8S: self = .i8x16NarrowI16X8S
        case .i8x16NarrowI16X8U: self = .i8x16NarrowI16X8U
        case .i8x16Shl: self = .i8x16Shl
        case .i8x16ShrS: self = .i8x16ShrS
        case .i8x16ShrU: self = .i8x16ShrU
        case .i8x16Add: self = .i8x16Add
        case .i8x16AddSatS: self = .i8x16AddSatS
        case .i8x16AddSatU: self = .i8x16AddSatU
        case .i8x16Sub: self = .i8x16Sub
        case .i8x16SubSatS: self = .i8x16SubSatS
        case .i8x16SubSatU: self = .i8x16SubSatU
        case .i8x16MinS: self = .i8x16MinS
        case .i8x16MinU: self = .i8x16MinU
        case .i8x16MaxS: self = .i8x16MaxS
        case .i8x16MaxU: self = .i8x16MaxU
        case .i8x16AvgrU: self = .i8x16AvgrU
        case .i16x8Abs: self = .i16x8Abs
        case .i16x8Neg: self = .i16x8Neg
        case .i16x8AllTrue: self = .i16x8AllTrue
        case .i16x8Bitmask: self = .i16x8Bitmask
        case .i16x8NarrowI32X4S: self = .i16x8NarrowI32X4S
        case .i16x8NarrowI32X4U: self = .i16x8NarrowI32X4U
        case .i16x8ExtendLowI8X16S: self = .i16x8ExtendLowI8X16S
        case .i16x8ExtendHighI8X16S: self = .i16x8ExtendHighI8X16S
        case .i16x8ExtendLowI8X16U: self = .i16x8ExtendLowI8X16U
        case .i16x8ExtendHighI8X16U: self = .i16x8ExtendHighI8X16U
        case .i16x8Shl: self = .i16x8Shl
        case .i16x8ShrS: self = .i16x8ShrS
        case .i16x8ShrU: self = .i16x8ShrU
        case .i16x8Add: self = .i16x8Add
        case .i16x8AddSatS: self = .i16x8AddSatS
        case .i16x8AddSatU: self = .i16x8AddSatU
        case .i16x8Sub: self = .i16x8Sub
        case .i16x8SubSatS: self = .i16x8SubSatS
        case .i16x8SubSatU: self = .i16x8SubSatU
        case .i16x8Mul: self = .i16x8Mul
        case .i16x8MinS: self = .i16x8MinS
        case .i16x8MinU: self = .i16x8MinU
        case .i16x8MaxS: self = .i16x8MaxS
        case .i16x8MaxU: self = .i16x8MaxU
        case .i16x8AvgrU: self = .i16x8AvgrU
        case .i32x4Abs: self = .i32x4Abs
        case .i32x4Neg: self = .i32x4Neg
        case .i32x4AllTrue: self = .i32x4AllTrue
        case .i32x4Bitmask: self = .i32x4Bitmask
        case .i32x4ExtendLowI16X8S: self = .i32x4ExtendLowI16X8S
        case .i32x4ExtendHighI16X8S: self = .i32x4ExtendHighI16X8S
        case .i32x4ExtendLowI16X8U: self = .i32x4ExtendLowI16X8U
        case .i32x4ExtendHighI16X8U: self = .i32x4ExtendHighI16X8U
        case .i32x4Shl: self = .i32x4Shl
        case .i32x4ShrS: self = .i32x4ShrS
        case .i32x4ShrU: self = .i32x4ShrU
        case .i32x4Add: self = .i32x4Add
        case .i32x4Sub: self = .i32x4Sub
        case .i32x4Mul: self = .i32x4Mul
        case .i32x4MinS: self = .i32x4MinS
        case .i32x4MinU: self = .i32x4MinU
        case .i32x4MaxS: self = .i32x4MaxS
        case .i32x4MaxU: self = .i32x4MaxU
        case .i32x4DotI16X8S: self = .i32x4DotI16X8S
        case .i64x2Abs: self = .i64x2Abs
        case .i64x2Neg: self = .i64x2Neg
        case .i64x2Bitmask: self = .i64x2Bitmask
        case .i64x2ExtendLowI32X4S: self = .i64x2ExtendLowI32X4S
        case .i64x2ExtendHighI32X4S: self = .i64x2ExtendHighI32X4S
        case .i64x2ExtendLowI32X4U: self = .i64x2ExtendLowI32X4U
        case .i64x2ExtendHighI32X4U: self = .i64x2ExtendHighI32X4U
        case .i64x2Shl: self = .i64x2Shl
        case .i64x2ShrS: self = .i64x2ShrS
        case .i64x2ShrU: self = .i64x2ShrU
        case .i64x2Add: self = .i64x2Add
        case .i64x2Sub: self = .i64x2Sub
        case .i64x2Mul: self = .i64x2Mul
        case .f32x4Ceil: self = .f32x4Ceil
        case .f32x4Floor: self = .f32x4Floor
        case .f32x4Trunc: self = .f32x4Trunc
        case .f32x4Nearest: self = .f32x4Nearest
        case .f64x2Ceil: self = .f64x2Ceil
        case .f64x2Floor: self = .f64x2Floor
        case .f64x2Trunc: self = .f64x2Trunc
        case .f64x2Nearest: self = .f64x2Nearest
        case .f32x4Abs: self = .f32x4Abs
        case .f32x4Neg: self = .f32x4Neg
        case .f32x4Sqrt: self = .f32x4Sqrt
        case .f32x4Add: self = .f32x4Add
        case .f32x4Sub: self = .f32x4Sub
        case .f32x4Mul: self = .f32x4Mul
        case .f32x4Div: self = .f32x4Div
        case .f32x4Min: self = .f32x4Min
        case .f32x4Max: self = .f32x4Max
        case .f32x4Pmin: self = .f32x4Pmin
        case .f32x4Pmax: self = .f32x4Pmax
        case .f64x2Abs: self = .f64x2Abs
        case .f64x2Neg: self = .f64x2Neg
        case .f64x2Sqrt: self = .f64x2Sqrt
        case .f64x2Add: self = .f64x2Add
        case .f64x2Sub: self = .f64x2Sub
        case .f64x2Mul: self = .f64x2Mul
        case .f64x2Div: self = .f64x2Div
        case .f64x2Min: self = .f64x2Min
        case .f64x2Max: self = .f64x2Max
        case .f64x2Pmin: self = .f64x2Pmin
        case .f64x2Pmax: self = .f64x2Pmax
        case .i32x4TruncSatF32X4S: self = .i32x4TruncSatF32X4S
        case .i32x4TruncSatF32X4U: self = .i32x4TruncSatF32X4U
        case .f32x4ConvertI32X4S: self = .f32x4ConvertI32X4S
        case .f32x4ConvertI32X4U: self = .f32x4ConvertI32X4U
        case .i16x8ExtmulLowI8X16S: self = .i16x8ExtmulLowI8X16S
        case .i16x8ExtmulHighI8X16S: self = .i16x8ExtmulHighI8X16S
        case .i16x8ExtmulLowI8X16U: self = .i16x8ExtmulLowI8X16U
        case .i16x8ExtmulHighI8X16U: self = .i16x8ExtmulHighI8X16U
        case .i32x4ExtmulLowI16X8S: self = .i32x4ExtmulLowI16X8S
        case .i32x4ExtmulHighI16X8S: self = .i32x4ExtmulHighI16X8S
        case .i32x4ExtmulLowI16X8U: self = .i32x4ExtmulLowI16X8U
        case .i32x4ExtmulHighI16X8U: self = .i32x4ExtmulHighI16X8U
        case .i64x2ExtmulLowI32X4S: self = .i64x2ExtmulLowI32X4S
        case .i64x2ExtmulHighI32X4S: self = .i64x2ExtmulHighI32X4S
        case .i64x2ExtmulLowI32X4U: self = .i64x2ExtmulLowI32X4U
        case .i64x2ExtmulHighI32X4U: self = .i64x2ExtmulHighI32X4U
        case .i16x8Q15MulrSatS: self = .i16x8Q15MulrSatS
        case .v128AnyTrue: self = .v128AnyTrue
        case .i64x2Eq: self = .i64x2Eq
        case .i64x2Ne: self = .i64x2Ne
        case .i64x2LtS: self = .i64x2LtS
        case .i64x2GtS: self = .i64x2GtS
        case .i64x2LeS: self = .i64x2LeS
        case .i64x2GeS: self = .i64x2GeS
        case .i64x2AllTrue: self = .i64x2AllTrue
        case .f64x2ConvertLowI32X4S: self = .f64x2ConvertLowI32X4S
        case .f64x2ConvertLowI32X4U: self = .f64x2ConvertLowI32X4U
        case .i32x4TruncSatF64X2SZero: self = .i32x4TruncSatF64X2SZero
        case .i32x4TruncSatF64X2UZero: self = .i32x4TruncSatF64X2UZero
        case .f32x4DemoteF64X2Zero: self = .f32x4DemoteF64X2Zero
        case .f64x2PromoteLowF32X4: self = .f64x2PromoteLowF32X4
        case .i8x16Popcnt: self = .i8x16Popcnt
        case .i16x8ExtaddPairwiseI8X16S: self = .i16x8ExtaddPairwiseI8X16S
        case .i16x8ExtaddPairwiseI8X16U: self = .i16x8ExtaddPairwiseI8X16U
        case .i32x4ExtaddPairwiseI16X8S: self = .i32x4ExtaddPairwiseI16X8S
        case .i32x4ExtaddPairwiseI16X8U: self = .i32x4ExtaddPairwiseI16X8U
        case .i8x16RelaxedSwizzle: self = .i8x16RelaxedSwizzle
        case .i32x4RelaxedTruncF32X4S: self = .i32x4RelaxedTruncF32X4S
        case .i32x4RelaxedTruncF32X4U: self = .i32x4RelaxedTruncF32X4U
        case .i32x4RelaxedTruncF64X2SZero: self = .i32x4RelaxedTruncF64X2SZero
        case .i32x4RelaxedTruncF64X2UZero: self = .i32x4RelaxedTruncF64X2UZero
        case .f32x4RelaxedMadd: self = .f32x4RelaxedMadd
        case .f32x4RelaxedNmadd: self = .f32x4RelaxedNmadd
        case .f64x2RelaxedMadd: self = .f64x2RelaxedMadd
        case .f64x2RelaxedNmadd: self = .f64x2RelaxedNmadd
        case .i8x16RelaxedLaneselect: self = .i8x16RelaxedLaneselect
        case .i16x8RelaxedLaneselect: self = .i16x8RelaxedLaneselect
        case .i32x4RelaxedLaneselect: self = .i32x4RelaxedLaneselect
        case .i64x2RelaxedLaneselect: self = .i64x2RelaxedLaneselect
        case .f32x4RelaxedMin: self = .f32x4RelaxedMin
        case .f32x4RelaxedMax: self = .f32x4RelaxedMax
        case .f64x2RelaxedMin: self = .f64x2RelaxedMin
        case .f64x2RelaxedMax: self = .f64x2RelaxedMax
        case .i16x8RelaxedQ15MulrS: self = .i16x8RelaxedQ15MulrS
        case .i16x8RelaxedDotI8X16I7X16S: self = .i16x8RelaxedDotI8X16I7X16S
        case .i32x4RelaxedDotI8X16I7X16AddS: self = .i32x4RelaxedDotI8X16I7X16AddS
        }
    }

    init(_ op: Instruction.SimdLane) {
        switch op {
        case .i8x16ExtractLaneS: self = .i8x16ExtractLaneS
        case .i8x16ExtractLaneU: self = .i8x16ExtractLaneU
        case .i8x16ReplaceLane: self = .i8x16ReplaceLane
        case .i16x8ExtractLaneS: self = .i16x8ExtractLaneS
        case .i16x8ExtractLaneU: self = .i16x8ExtractLaneU
        case .i16x8ReplaceLane: self = .i16x8ReplaceLane
        case .i32x4ExtractLane: self = .i32x4ExtractLane
        case .i32x4ReplaceLane: self = .i32x4ReplaceLane
        case .i64x2ExtractLane: self = .i64x2ExtractLane
        case .i64x2ReplaceLane: self = .i64x2ReplaceLane
        case .f32x4ExtractLane: self = .f32x4ExtractLane
        case .f32x4ReplaceLane: self = .f32x4ReplaceLane
        case .f64x2ExtractLane: self = .f64x2ExtractLane
        case .f64x2ReplaceLane: self = .f64x2ReplaceLane
        }
    }

    init(_ op: Instruction.SimdMemLane) {
        switch op {
        case .v128Load8Lane: self = .v128Load8Lane
        case .v128Load16Lane: self = .v128Load16Lane
        case .v128Load32Lane: self = .v128Load32Lane
        case .v128Load64Lane: self = .v128Load64Lane
        case .v128Store8Lane: self = .v128Store8Lane
        case .v128Store16Lane: self = .v128Store16Lane
        case .v128Store32Lane: self = .v128Store32Lane
        case .v128Store64Lane: self = .v128Store64Lane
        }
    }
}
