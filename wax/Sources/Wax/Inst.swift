/// Wax's internal code: what the validator emits once per function and the interpreter runs. Branch targets are
/// absolute positions in the module's code array, stack heights are slots relative to the frame base (the first
/// parameter), so a branch needs no lookup at run time. A later compiler tier can start from the same form.
enum Inst {
    case unreachable
    /// Unconditional jump that leaves the stack as it is.
    case jump(Int32)
    /// Branch that keeps the top `arity` values, dropping everything between them and slot `height`.
    case br(target: Int32, height: Int32, arity: Int32)
    /// Pops an i32; branches like `br` when it is not zero.
    case brIf(target: Int32, height: Int32, arity: Int32)
    /// Pops an i32; jumps when it is not zero (no values to move).
    case brIfJump(Int32)
    /// Pops an i32; jumps when it is zero (the `if` instruction).
    case brUnless(Int32)
    /// Pops an index; branches to entry `index` (or the last one) of branch table `table` of the module.
    case brTable(table: Int32, count: Int32)
    /// Returns from the current function.
    case ret
    /// Calls function `index` of the module's function index space.
    case call(Int32)
    case callIndirect(type: Int32, table: Int32)
    case drop
    case select
    case localGet(Int32)
    case localSet(Int32)
    case localTee(Int32)
    case globalGet(Int32)
    case globalSet(Int32)
    /// Pushes a constant slot (any numeric type, or a null reference).
    case const(UInt64)
    // Memory access; the payload is the static offset.
    case i32Load(UInt32)
    case i64Load(UInt32)
    case f32Load(UInt32)
    case f64Load(UInt32)
    case i32Load8S(UInt32)
    case i32Load8U(UInt32)
    case i32Load16S(UInt32)
    case i32Load16U(UInt32)
    case i64Load8S(UInt32)
    case i64Load8U(UInt32)
    case i64Load16S(UInt32)
    case i64Load16U(UInt32)
    case i64Load32S(UInt32)
    case i64Load32U(UInt32)
    case i32Store(UInt32)
    case i64Store(UInt32)
    case f32Store(UInt32)
    case f64Store(UInt32)
    case i32Store8(UInt32)
    case i32Store16(UInt32)
    case i64Store8(UInt32)
    case i64Store16(UInt32)
    case i64Store32(UInt32)
    case memorySize
    case memoryGrow
    case memoryFill
    case memoryCopy
    case memoryInit(Int32)
    case dataDrop(Int32)
    case refIsNull
    case refFunc(Int32)
    case tableGet(Int32)
    case tableSet(Int32)
    case tableSize(Int32)
    case tableGrow(Int32)
    case tableFill(Int32)
    case tableCopy(destination: Int32, source: Int32)
    case tableInit(element: Int32, table: Int32)
    case elemDrop(Int32)
    // Numeric instructions (see NumericOp for their types).
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

extension Inst {
    init(_ op: NumericOp) {
        switch op {
        case .i32Eqz: self = .i32Eqz
        case .i64Eqz: self = .i64Eqz
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
