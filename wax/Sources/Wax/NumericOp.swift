// The numeric instructions of WebAssembly 2.0, one case each so the interpreter dispatches once per instruction.
// Their operand and result types follow from their names; `signature` spells them out for validation.
import WasmParser

enum NumericOp: UInt8 {
    case i32Eqz
    case i64Eqz
    case i32Eq
    case i32Ne
    case i32LtS
    case i32LtU
    case i32GtS
    case i32GtU
    case i32LeS
    case i32LeU
    case i32GeS
    case i32GeU
    case i64Eq
    case i64Ne
    case i64LtS
    case i64LtU
    case i64GtS
    case i64GtU
    case i64LeS
    case i64LeU
    case i64GeS
    case i64GeU
    case f32Eq
    case f32Ne
    case f32Lt
    case f32Gt
    case f32Le
    case f32Ge
    case f64Eq
    case f64Ne
    case f64Lt
    case f64Gt
    case f64Le
    case f64Ge
    case i32Clz
    case i32Ctz
    case i32Popcnt
    case i64Clz
    case i64Ctz
    case i64Popcnt
    case f32Abs
    case f32Neg
    case f32Ceil
    case f32Floor
    case f32Trunc
    case f32Nearest
    case f32Sqrt
    case f64Abs
    case f64Neg
    case f64Ceil
    case f64Floor
    case f64Trunc
    case f64Nearest
    case f64Sqrt
    case i32Extend8S
    case i32Extend16S
    case i64Extend8S
    case i64Extend16S
    case i64Extend32S
    case i32Add
    case i32Sub
    case i32Mul
    case i32DivS
    case i32DivU
    case i32RemS
    case i32RemU
    case i32And
    case i32Or
    case i32Xor
    case i32Shl
    case i32ShrS
    case i32ShrU
    case i32Rotl
    case i32Rotr
    case i64Add
    case i64Sub
    case i64Mul
    case i64DivS
    case i64DivU
    case i64RemS
    case i64RemU
    case i64And
    case i64Or
    case i64Xor
    case i64Shl
    case i64ShrS
    case i64ShrU
    case i64Rotl
    case i64Rotr
    case f32Add
    case f32Sub
    case f32Mul
    case f32Div
    case f32Min
    case f32Max
    case f32Copysign
    case f64Add
    case f64Sub
    case f64Mul
    case f64Div
    case f64Min
    case f64Max
    case f64Copysign
    case i32WrapI64
    case i32TruncF32S
    case i32TruncF32U
    case i32TruncF64S
    case i32TruncF64U
    case i64ExtendI32S
    case i64ExtendI32U
    case i64TruncF32S
    case i64TruncF32U
    case i64TruncF64S
    case i64TruncF64U
    case f32ConvertI32S
    case f32ConvertI32U
    case f32ConvertI64S
    case f32ConvertI64U
    case f32DemoteF64
    case f64ConvertI32S
    case f64ConvertI32U
    case f64ConvertI64S
    case f64ConvertI64U
    case f64PromoteF32
    case i32ReinterpretF32
    case i64ReinterpretF64
    case f32ReinterpretI32
    case f64ReinterpretI64
    case i32TruncSatF32S
    case i32TruncSatF32U
    case i32TruncSatF64S
    case i32TruncSatF64U
    case i64TruncSatF32S
    case i64TruncSatF32U
    case i64TruncSatF64S
    case i64TruncSatF64U
}

extension NumericOp {
    /// Operand types and result type.
    var signature: (operands: [ValueType], result: ValueType) {
        switch self {
        case .i32Eqz: return ([.i32], .i32)
        case .i64Eqz: return ([.i64], .i32)
        case .i32Eq: return ([.i32, .i32], .i32)
        case .i32Ne: return ([.i32, .i32], .i32)
        case .i32LtS: return ([.i32, .i32], .i32)
        case .i32LtU: return ([.i32, .i32], .i32)
        case .i32GtS: return ([.i32, .i32], .i32)
        case .i32GtU: return ([.i32, .i32], .i32)
        case .i32LeS: return ([.i32, .i32], .i32)
        case .i32LeU: return ([.i32, .i32], .i32)
        case .i32GeS: return ([.i32, .i32], .i32)
        case .i32GeU: return ([.i32, .i32], .i32)
        case .i64Eq: return ([.i64, .i64], .i32)
        case .i64Ne: return ([.i64, .i64], .i32)
        case .i64LtS: return ([.i64, .i64], .i32)
        case .i64LtU: return ([.i64, .i64], .i32)
        case .i64GtS: return ([.i64, .i64], .i32)
        case .i64GtU: return ([.i64, .i64], .i32)
        case .i64LeS: return ([.i64, .i64], .i32)
        case .i64LeU: return ([.i64, .i64], .i32)
        case .i64GeS: return ([.i64, .i64], .i32)
        case .i64GeU: return ([.i64, .i64], .i32)
        case .f32Eq: return ([.f32, .f32], .i32)
        case .f32Ne: return ([.f32, .f32], .i32)
        case .f32Lt: return ([.f32, .f32], .i32)
        case .f32Gt: return ([.f32, .f32], .i32)
        case .f32Le: return ([.f32, .f32], .i32)
        case .f32Ge: return ([.f32, .f32], .i32)
        case .f64Eq: return ([.f64, .f64], .i32)
        case .f64Ne: return ([.f64, .f64], .i32)
        case .f64Lt: return ([.f64, .f64], .i32)
        case .f64Gt: return ([.f64, .f64], .i32)
        case .f64Le: return ([.f64, .f64], .i32)
        case .f64Ge: return ([.f64, .f64], .i32)
        case .i32Clz: return ([.i32], .i32)
        case .i32Ctz: return ([.i32], .i32)
        case .i32Popcnt: return ([.i32], .i32)
        case .i64Clz: return ([.i64], .i64)
        case .i64Ctz: return ([.i64], .i64)
        case .i64Popcnt: return ([.i64], .i64)
        case .f32Abs: return ([.f32], .f32)
        case .f32Neg: return ([.f32], .f32)
        case .f32Ceil: return ([.f32], .f32)
        case .f32Floor: return ([.f32], .f32)
        case .f32Trunc: return ([.f32], .f32)
        case .f32Nearest: return ([.f32], .f32)
        case .f32Sqrt: return ([.f32], .f32)
        case .f64Abs: return ([.f64], .f64)
        case .f64Neg: return ([.f64], .f64)
        case .f64Ceil: return ([.f64], .f64)
        case .f64Floor: return ([.f64], .f64)
        case .f64Trunc: return ([.f64], .f64)
        case .f64Nearest: return ([.f64], .f64)
        case .f64Sqrt: return ([.f64], .f64)
        case .i32Extend8S: return ([.i32], .i32)
        case .i32Extend16S: return ([.i32], .i32)
        case .i64Extend8S: return ([.i64], .i64)
        case .i64Extend16S: return ([.i64], .i64)
        case .i64Extend32S: return ([.i64], .i64)
        case .i32Add: return ([.i32, .i32], .i32)
        case .i32Sub: return ([.i32, .i32], .i32)
        case .i32Mul: return ([.i32, .i32], .i32)
        case .i32DivS: return ([.i32, .i32], .i32)
        case .i32DivU: return ([.i32, .i32], .i32)
        case .i32RemS: return ([.i32, .i32], .i32)
        case .i32RemU: return ([.i32, .i32], .i32)
        case .i32And: return ([.i32, .i32], .i32)
        case .i32Or: return ([.i32, .i32], .i32)
        case .i32Xor: return ([.i32, .i32], .i32)
        case .i32Shl: return ([.i32, .i32], .i32)
        case .i32ShrS: return ([.i32, .i32], .i32)
        case .i32ShrU: return ([.i32, .i32], .i32)
        case .i32Rotl: return ([.i32, .i32], .i32)
        case .i32Rotr: return ([.i32, .i32], .i32)
        case .i64Add: return ([.i64, .i64], .i64)
        case .i64Sub: return ([.i64, .i64], .i64)
        case .i64Mul: return ([.i64, .i64], .i64)
        case .i64DivS: return ([.i64, .i64], .i64)
        case .i64DivU: return ([.i64, .i64], .i64)
        case .i64RemS: return ([.i64, .i64], .i64)
        case .i64RemU: return ([.i64, .i64], .i64)
        case .i64And: return ([.i64, .i64], .i64)
        case .i64Or: return ([.i64, .i64], .i64)
        case .i64Xor: return ([.i64, .i64], .i64)
        case .i64Shl: return ([.i64, .i64], .i64)
        case .i64ShrS: return ([.i64, .i64], .i64)
        case .i64ShrU: return ([.i64, .i64], .i64)
        case .i64Rotl: return ([.i64, .i64], .i64)
        case .i64Rotr: return ([.i64, .i64], .i64)
        case .f32Add: return ([.f32, .f32], .f32)
        case .f32Sub: return ([.f32, .f32], .f32)
        case .f32Mul: return ([.f32, .f32], .f32)
        case .f32Div: return ([.f32, .f32], .f32)
        case .f32Min: return ([.f32, .f32], .f32)
        case .f32Max: return ([.f32, .f32], .f32)
        case .f32Copysign: return ([.f32, .f32], .f32)
        case .f64Add: return ([.f64, .f64], .f64)
        case .f64Sub: return ([.f64, .f64], .f64)
        case .f64Mul: return ([.f64, .f64], .f64)
        case .f64Div: return ([.f64, .f64], .f64)
        case .f64Min: return ([.f64, .f64], .f64)
        case .f64Max: return ([.f64, .f64], .f64)
        case .f64Copysign: return ([.f64, .f64], .f64)
        case .i32WrapI64: return ([.i64], .i32)
        case .i32TruncF32S: return ([.f32], .i32)
        case .i32TruncF32U: return ([.f32], .i32)
        case .i32TruncF64S: return ([.f64], .i32)
        case .i32TruncF64U: return ([.f64], .i32)
        case .i64ExtendI32S: return ([.i32], .i64)
        case .i64ExtendI32U: return ([.i32], .i64)
        case .i64TruncF32S: return ([.f32], .i64)
        case .i64TruncF32U: return ([.f32], .i64)
        case .i64TruncF64S: return ([.f64], .i64)
        case .i64TruncF64U: return ([.f64], .i64)
        case .f32ConvertI32S: return ([.i32], .f32)
        case .f32ConvertI32U: return ([.i32], .f32)
        case .f32ConvertI64S: return ([.i64], .f32)
        case .f32ConvertI64U: return ([.i64], .f32)
        case .f32DemoteF64: return ([.f64], .f32)
        case .f64ConvertI32S: return ([.i32], .f64)
        case .f64ConvertI32U: return ([.i32], .f64)
        case .f64ConvertI64S: return ([.i64], .f64)
        case .f64ConvertI64U: return ([.i64], .f64)
        case .f64PromoteF32: return ([.f32], .f64)
        case .i32ReinterpretF32: return ([.f32], .i32)
        case .i64ReinterpretF64: return ([.f64], .i64)
        case .f32ReinterpretI32: return ([.i32], .f32)
        case .f64ReinterpretI64: return ([.i64], .f64)
        case .i32TruncSatF32S: return ([.f32], .i32)
        case .i32TruncSatF32U: return ([.f32], .i32)
        case .i32TruncSatF64S: return ([.f64], .i32)
        case .i32TruncSatF64U: return ([.f64], .i32)
        case .i64TruncSatF32S: return ([.f32], .i64)
        case .i64TruncSatF32U: return ([.f32], .i64)
        case .i64TruncSatF64S: return ([.f64], .i64)
        case .i64TruncSatF64U: return ([.f64], .i64)
        }
    }

    init(_ op: Instruction.Cmp) {
        switch op {
        case .i32Eq: self = .i32Eq
        case .i32Ne: self = .i32Ne
        case .i32LtS: self = .i32LtS
        case .i32LtU: self = .i32LtU
        case .i32GtS: self = .i32GtS
        case .i32GtU: self = .i32GtU
        case .i32LeS: self = .i32LeS
        case .i32LeU: self = .i32LeU
        case .i32GeS: self = .i32GeS
        case .i32GeU: self = .i32GeU
        case .i64Eq: self = .i64Eq
        case .i64Ne: self = .i64Ne
        case .i64LtS: self = .i64LtS
        case .i64LtU: self = .i64LtU
        case .i64GtS: self = .i64GtS
        case .i64GtU: self = .i64GtU
        case .i64LeS: self = .i64LeS
        case .i64LeU: self = .i64LeU
        case .i64GeS: self = .i64GeS
        case .i64GeU: self = .i64GeU
        case .f32Eq: self = .f32Eq
        case .f32Ne: self = .f32Ne
        case .f32Lt: self = .f32Lt
        case .f32Gt: self = .f32Gt
        case .f32Le: self = .f32Le
        case .f32Ge: self = .f32Ge
        case .f64Eq: self = .f64Eq
        case .f64Ne: self = .f64Ne
        case .f64Lt: self = .f64Lt
        case .f64Gt: self = .f64Gt
        case .f64Le: self = .f64Le
        case .f64Ge: self = .f64Ge
        }
    }

    init(_ op: Instruction.Unary) {
        switch op {
        case .i32Clz: self = .i32Clz
        case .i32Ctz: self = .i32Ctz
        case .i32Popcnt: self = .i32Popcnt
        case .i64Clz: self = .i64Clz
        case .i64Ctz: self = .i64Ctz
        case .i64Popcnt: self = .i64Popcnt
        case .f32Abs: self = .f32Abs
        case .f32Neg: self = .f32Neg
        case .f32Ceil: self = .f32Ceil
        case .f32Floor: self = .f32Floor
        case .f32Trunc: self = .f32Trunc
        case .f32Nearest: self = .f32Nearest
        case .f32Sqrt: self = .f32Sqrt
        case .f64Abs: self = .f64Abs
        case .f64Neg: self = .f64Neg
        case .f64Ceil: self = .f64Ceil
        case .f64Floor: self = .f64Floor
        case .f64Trunc: self = .f64Trunc
        case .f64Nearest: self = .f64Nearest
        case .f64Sqrt: self = .f64Sqrt
        case .i32Extend8S: self = .i32Extend8S
        case .i32Extend16S: self = .i32Extend16S
        case .i64Extend8S: self = .i64Extend8S
        case .i64Extend16S: self = .i64Extend16S
        case .i64Extend32S: self = .i64Extend32S
        }
    }

    init(_ op: Instruction.Binary) {
        switch op {
        case .i32Add: self = .i32Add
        case .i32Sub: self = .i32Sub
        case .i32Mul: self = .i32Mul
        case .i32DivS: self = .i32DivS
        case .i32DivU: self = .i32DivU
        case .i32RemS: self = .i32RemS
        case .i32RemU: self = .i32RemU
        case .i32And: self = .i32And
        case .i32Or: self = .i32Or
        case .i32Xor: self = .i32Xor
        case .i32Shl: self = .i32Shl
        case .i32ShrS: self = .i32ShrS
        case .i32ShrU: self = .i32ShrU
        case .i32Rotl: self = .i32Rotl
        case .i32Rotr: self = .i32Rotr
        case .i64Add: self = .i64Add
        case .i64Sub: self = .i64Sub
        case .i64Mul: self = .i64Mul
        case .i64DivS: self = .i64DivS
        case .i64DivU: self = .i64DivU
        case .i64RemS: self = .i64RemS
        case .i64RemU: self = .i64RemU
        case .i64And: self = .i64And
        case .i64Or: self = .i64Or
        case .i64Xor: self = .i64Xor
        case .i64Shl: self = .i64Shl
        case .i64ShrS: self = .i64ShrS
        case .i64ShrU: self = .i64ShrU
        case .i64Rotl: self = .i64Rotl
        case .i64Rotr: self = .i64Rotr
        case .f32Add: self = .f32Add
        case .f32Sub: self = .f32Sub
        case .f32Mul: self = .f32Mul
        case .f32Div: self = .f32Div
        case .f32Min: self = .f32Min
        case .f32Max: self = .f32Max
        case .f32Copysign: self = .f32Copysign
        case .f64Add: self = .f64Add
        case .f64Sub: self = .f64Sub
        case .f64Mul: self = .f64Mul
        case .f64Div: self = .f64Div
        case .f64Min: self = .f64Min
        case .f64Max: self = .f64Max
        case .f64Copysign: self = .f64Copysign
        }
    }

    init(_ op: Instruction.Conversion) {
        switch op {
        case .i32WrapI64: self = .i32WrapI64
        case .i32TruncF32S: self = .i32TruncF32S
        case .i32TruncF32U: self = .i32TruncF32U
        case .i32TruncF64S: self = .i32TruncF64S
        case .i32TruncF64U: self = .i32TruncF64U
        case .i64ExtendI32S: self = .i64ExtendI32S
        case .i64ExtendI32U: self = .i64ExtendI32U
        case .i64TruncF32S: self = .i64TruncF32S
        case .i64TruncF32U: self = .i64TruncF32U
        case .i64TruncF64S: self = .i64TruncF64S
        case .i64TruncF64U: self = .i64TruncF64U
        case .f32ConvertI32S: self = .f32ConvertI32S
        case .f32ConvertI32U: self = .f32ConvertI32U
        case .f32ConvertI64S: self = .f32ConvertI64S
        case .f32ConvertI64U: self = .f32ConvertI64U
        case .f32DemoteF64: self = .f32DemoteF64
        case .f64ConvertI32S: self = .f64ConvertI32S
        case .f64ConvertI32U: self = .f64ConvertI32U
        case .f64ConvertI64S: self = .f64ConvertI64S
        case .f64ConvertI64U: self = .f64ConvertI64U
        case .f64PromoteF32: self = .f64PromoteF32
        case .i32ReinterpretF32: self = .i32ReinterpretF32
        case .i64ReinterpretF64: self = .i64ReinterpretF64
        case .f32ReinterpretI32: self = .f32ReinterpretI32
        case .f64ReinterpretI64: self = .f64ReinterpretI64
        case .i32TruncSatF32S: self = .i32TruncSatF32S
        case .i32TruncSatF32U: self = .i32TruncSatF32U
        case .i32TruncSatF64S: self = .i32TruncSatF64S
        case .i32TruncSatF64U: self = .i32TruncSatF64U
        case .i64TruncSatF32S: self = .i64TruncSatF32S
        case .i64TruncSatF32U: self = .i64TruncSatF32U
        case .i64TruncSatF64S: self = .i64TruncSatF64S
        case .i64TruncSatF64U: self = .i64TruncSatF64U
        }
    }
}
