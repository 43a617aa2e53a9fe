import WasmParser
import WasmTypes

/// SIMD in the function compiler: validation of the 128-bit and relaxed SIMD instructions and their translation
/// to `SimdInstruction`s. A v128 is one operand like any other: its low half is in the operand's slot, its high
/// half in that slot's shadow (see `Store.shadowBuffer`), so the operand stack, the blocks and the calls keep
/// their one-slot layout; functions that may hold one are `wide` (their moves carry the shadows).
extension FunctionCompiler {
    mutating func emitSimd(_ words: [Inst]) {
        guard emitting else { return }
        code += words
    }

    /// Emits `op` computing a value of `type` into the next stack slot, and pushes that value.
    mutating func produceSimd(_ op: SimdOp, _ type: ValueType?, b: Int32 = 0, c: Int32 = 0, d: Int32 = 0,
                              imm: Int32 = 0, x: (Int32, Int32, Int32) = (0, 0, 0)) {
        let destination = slot(ofPosition: operands.count)
        emitSimd(SimdInstruction.make(op, a: destination, b: b, c: c, d: d, imm: imm, x: x))
        push(Operand(type: type, slot: destination))
    }

    /// select, typed or not; a wide function's moves both halves.
    mutating func select(_ type: ValueType?, _ a: Operand, _ b: Operand, _ condition: Operand) throws(ModuleError) {
        if wide {
            produceSimd(.select, type, b: a.slot, c: b.slot, d: condition.slot)
        } else {
            produce(.select, type, a.slot, b.slot)
            emit(Inst(.operand, condition.slot))
        }
    }

    static func isVectorLoad(_ kind: Instruction.Load) -> Bool {
        switch kind {
        case .v128Load, .v128Load8X8S, .v128Load8X8U, .v128Load16X4S, .v128Load16X4U, .v128Load32X2S, .v128Load32X2U,
             .v128Load8Splat, .v128Load16Splat, .v128Load32Splat, .v128Load64Splat, .v128Load32Zero, .v128Load64Zero:
            return true
        default:
            return false
        }
    }

    /// The memory fields of a SIMD access: memory index in d, the offset in x.
    func offsetWords(_ memarg: MemArg) -> (Int32, Int32, Int32) {
        (Int32(bitPattern: UInt32(truncatingIfNeeded: memarg.offset)),
         Int32(bitPattern: UInt32(truncatingIfNeeded: memarg.offset >> 32)), 0)
    }

    mutating func vectorLoad(_ kind: Instruction.Load, _ memarg: MemArg) throws(ModuleError) {
        let (op, alignment): (SimdOp, UInt32)
        switch kind {
        case .v128Load: (op, alignment) = (.v128Load, 4)
        case .v128Load8X8S: (op, alignment) = (.v128Load8X8S, 3)
        case .v128Load8X8U: (op, alignment) = (.v128Load8X8U, 3)
        case .v128Load16X4S: (op, alignment) = (.v128Load16X4S, 3)
        case .v128Load16X4U: (op, alignment) = (.v128Load16X4U, 3)
        case .v128Load32X2S: (op, alignment) = (.v128Load32X2S, 3)
        case .v128Load32X2U: (op, alignment) = (.v128Load32X2U, 3)
        case .v128Load8Splat: (op, alignment) = (.v128Load8Splat, 0)
        case .v128Load16Splat: (op, alignment) = (.v128Load16Splat, 1)
        case .v128Load32Splat: (op, alignment) = (.v128Load32Splat, 2)
        case .v128Load64Splat: (op, alignment) = (.v128Load64Splat, 3)
        case .v128Load32Zero: (op, alignment) = (.v128Load32Zero, 2)
        case .v128Load64Zero: (op, alignment) = (.v128Load64Zero, 3)
        default: throw ModuleError(.unsupported(feature: "threads"), "atomic loads", offset: binaryOffset)
        }
        let memory = try checkMemarg(memarg, naturalAlignment: alignment)
        let address = try pop(memory.addressType)
        produceSimd(op, .v128, b: address.slot, d: Int32(memarg.memory), x: offsetWords(memarg))
    }

    mutating func vectorStore(_ memarg: MemArg) throws(ModuleError) {
        let memory = try checkMemarg(memarg, naturalAlignment: 4)
        let value = try pop(.v128)
        let address = try pop(memory.addressType)
        emitSimd(SimdInstruction.make(.v128Store, b: address.slot, c: value.slot, d: Int32(memarg.memory),
                                      x: offsetWords(memarg)))
    }

    mutating func simd(_ instruction: Instruction) throws(ModuleError) {
        switch instruction {
        case .v128Const(let value):
            let (low, high) = V128Bits.halves(value)
            let (imm, x) = SimdInstruction.immediate(low, high)
            produceSimd(.v128Const, .v128, imm: imm, x: x)
        case .i8x16Shuffle(let mask):
            var low: UInt64 = 0, high: UInt64 = 0
            for (k, lane) in mask.lanes.enumerated() {
                guard lane < 32 else { throw error("invalid lane index") }
                if k < 8 { low |= UInt64(lane) << (8 * UInt64(k)) } else { high |= UInt64(lane) << (8 * UInt64(k - 8)) }
            }
            let y = try pop(.v128)
            let x = try pop(.v128)
            let (imm, words) = SimdInstruction.immediate(low, high)
            produceSimd(.i8x16Shuffle, .v128, b: x.slot, c: y.slot, imm: imm, x: words)
        case .simd(let parsed):
            let op = SimdOp(parsed)
            let (parameters, result) = Self.signature(op)
            var slots: [Int32] = [0, 0, 0]
            for (k, parameter) in parameters.enumerated().reversed() { slots[k] = try pop(parameter).slot }
            produceSimd(op, result, b: slots[0], c: slots[1], d: slots[2])
        case .simdLane(let parsed, let lane):
            let op = SimdOp(parsed)
            let (lanes, scalar, replaces) = Self.laneShape(op)
            guard Int(lane) < lanes else { throw error("invalid lane index") }
            if replaces {
                let value = try pop(scalar)
                let vector = try pop(.v128)
                produceSimd(op, .v128, b: vector.slot, c: value.slot, imm: Int32(lane))
            } else {
                let vector = try pop(.v128)
                produceSimd(op, scalar, b: vector.slot, imm: Int32(lane))
            }
        case .simdMemLane(let parsed, let memarg, let lane):
            let op = SimdOp(parsed)
            let alignment: UInt32
            switch op {
            case .v128Load8Lane, .v128Store8Lane: alignment = 0
            case .v128Load16Lane, .v128Store16Lane: alignment = 1
            case .v128Load32Lane, .v128Store32Lane: alignment = 2
            default: alignment = 3
            }
            guard Int(lane) < 16 >> alignment else { throw error("invalid lane index") }
            let memory = try checkMemarg(memarg, naturalAlignment: alignment)
            let vector = try pop(.v128)
            let address = try pop(memory.addressType)
            switch op {
            case .v128Load8Lane, .v128Load16Lane, .v128Load32Lane, .v128Load64Lane:
                produceSimd(op, .v128, b: address.slot, c: vector.slot, d: Int32(memarg.memory), imm: Int32(lane),
                            x: offsetWords(memarg))
            default:
                emitSimd(SimdInstruction.make(op, b: address.slot, c: vector.slot, d: Int32(memarg.memory),
                                              imm: Int32(lane), x: offsetWords(memarg)))
            }
        default:
            throw ModuleError(.unsupported(feature: "simd"), "instruction", offset: binaryOffset)
        }
    }

    /// A lane instruction's lane count, scalar type and whether it replaces the lane (else extracts it).
    static func laneShape(_ op: SimdOp) -> (Int, ValueType, Bool) {
        switch op {
        case .i8x16ExtractLaneS, .i8x16ExtractLaneU: return (16, .i32, false)
        case .i8x16ReplaceLane: return (16, .i32, true)
        case .i16x8ExtractLaneS, .i16x8ExtractLaneU: return (8, .i32, false)
        case .i16x8ReplaceLane: return (8, .i32, true)
        case .i32x4ExtractLane: return (4, .i32, false)
        case .i32x4ReplaceLane: return (4, .i32, true)
        case .i64x2ExtractLane: return (2, .i64, false)
        case .i64x2ReplaceLane: return (2, .i64, true)
        case .f32x4ExtractLane: return (4, .f32, false)
        case .f32x4ReplaceLane: return (4, .f32, true)
        case .f64x2ExtractLane: return (2, .f64, false)
        default: return (2, .f64, true)
        }
    }

    /// The operand types and the result type of the instructions of `Instruction.Simd`.
    static func signature(_ op: SimdOp) -> ([ValueType], ValueType) {
        switch op {
        case .i8x16Splat, .i16x8Splat, .i32x4Splat: return ([.i32], .v128)
        case .i64x2Splat: return ([.i64], .v128)
        case .f32x4Splat: return ([.f32], .v128)
        case .f64x2Splat: return ([.f64], .v128)
        case .v128AnyTrue, .i8x16AllTrue, .i16x8AllTrue, .i32x4AllTrue, .i64x2AllTrue, .i8x16Bitmask, .i16x8Bitmask,
             .i32x4Bitmask, .i64x2Bitmask:
            return ([.v128], .i32)
        case .i8x16Shl, .i8x16ShrS, .i8x16ShrU, .i16x8Shl, .i16x8ShrS, .i16x8ShrU, .i32x4Shl, .i32x4ShrS, .i32x4ShrU,
             .i64x2Shl, .i64x2ShrS, .i64x2ShrU:
            return ([.v128, .i32], .v128)
        case .v128Bitselect, .i8x16RelaxedLaneselect, .i16x8RelaxedLaneselect, .i32x4RelaxedLaneselect,
             .i64x2RelaxedLaneselect, .f32x4RelaxedMadd, .f32x4RelaxedNmadd, .f64x2RelaxedMadd, .f64x2RelaxedNmadd,
             .i32x4RelaxedDotI8X16I7X16AddS:
            return ([.v128, .v128, .v128], .v128)
        case .v128Not, .i8x16Abs, .i8x16Neg, .i8x16Popcnt, .i16x8Abs, .i16x8Neg, .i32x4Abs, .i32x4Neg, .i64x2Abs,
             .i64x2Neg, .i16x8ExtendLowI8X16S, .i16x8ExtendHighI8X16S, .i16x8ExtendLowI8X16U, .i16x8ExtendHighI8X16U,
             .i32x4ExtendLowI16X8S, .i32x4ExtendHighI16X8S, .i32x4ExtendLowI16X8U, .i32x4ExtendHighI16X8U,
             .i64x2ExtendLowI32X4S, .i64x2ExtendHighI32X4S, .i64x2ExtendLowI32X4U, .i64x2ExtendHighI32X4U,
             .f32x4Ceil, .f32x4Floor, .f32x4Trunc, .f32x4Nearest, .f64x2Ceil, .f64x2Floor, .f64x2Trunc, .f64x2Nearest,
             .f32x4Abs, .f32x4Neg, .f32x4Sqrt, .f64x2Abs, .f64x2Neg, .f64x2Sqrt, .i32x4TruncSatF32X4S,
             .i32x4TruncSatF32X4U, .f32x4ConvertI32X4S, .f32x4ConvertI32X4U, .f64x2ConvertLowI32X4S,
             .f64x2ConvertLowI32X4U, .i32x4TruncSatF64X2SZero, .i32x4TruncSatF64X2UZero, .f32x4DemoteF64X2Zero,
             .f64x2PromoteLowF32X4, .i16x8ExtaddPairwiseI8X16S, .i16x8ExtaddPairwiseI8X16U,
             .i32x4ExtaddPairwiseI16X8S, .i32x4ExtaddPairwiseI16X8U, .i32x4RelaxedTruncF32X4S,
             .i32x4RelaxedTruncF32X4U, .i32x4RelaxedTruncF64X2SZero, .i32x4RelaxedTruncF64X2UZero:
            return ([.v128], .v128)
        default:
            return ([.v128, .v128], .v128)
        }
    }
}
