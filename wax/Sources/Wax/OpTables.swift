// Properties of opcodes that the function compiler uses to pick instructions.

extension Op {
    /// The instruction of a numeric operator; nil for the reinterpretations, which leave a slot as it is.
    init?(_ op: NumericOp) {
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
        case .i32TruncSatF32S: self = .i32TruncSatF32S
        case .i32TruncSatF32U: self = .i32TruncSatF32U
        case .i32TruncSatF64S: self = .i32TruncSatF64S
        case .i32TruncSatF64U: self = .i32TruncSatF64U
        case .i64TruncSatF32S: self = .i64TruncSatF32S
        case .i64TruncSatF32U: self = .i64TruncSatF32U
        case .i64TruncSatF64S: self = .i64TruncSatF64S
        case .i64TruncSatF64U: self = .i64TruncSatF64U
        case .i32ReinterpretF32, .i64ReinterpretF64, .f32ReinterpretI32, .f64ReinterpretI64: return nil
        }
    }

    /// Whether the instruction leaves the value it writes to slot a in the accumulator.
    var setsAccumulator: Bool {
        switch self {
        case .copy,
             .copyAccB,
             .const64,
             .globalGet,
             .memorySize,
             .refIsNull,
             .i32Load,
             .i32LoadAccB,
             .i64Load,
             .i64LoadAccB,
             .i32Load8S,
             .i32Load8SAccB,
             .i32Load8U,
             .i32Load8UAccB,
             .i32Load16S,
             .i32Load16SAccB,
             .i32Load16U,
             .i32Load16UAccB,
             .i64Load8S,
             .i64Load8SAccB,
             .i64Load16S,
             .i64Load16SAccB,
             .i64Load32S,
             .i64Load32SAccB,
             .i32LoadIndexed,
             .i32LoadIndexedAccB,
             .i32LoadIndexedAccC,
             .i64LoadIndexed,
             .i64LoadIndexedAccB,
             .i64LoadIndexedAccC,
             .i32Load8SIndexed,
             .i32Load8SIndexedAccB,
             .i32Load8SIndexedAccC,
             .i32Load8UIndexed,
             .i32Load8UIndexedAccB,
             .i32Load8UIndexedAccC,
             .i32Load16SIndexed,
             .i32Load16SIndexedAccB,
             .i32Load16SIndexedAccC,
             .i32Load16UIndexed,
             .i32Load16UIndexedAccB,
             .i32Load16UIndexedAccC,
             .i64Load8SIndexed,
             .i64Load8SIndexedAccB,
             .i64Load8SIndexedAccC,
             .i64Load16SIndexed,
             .i64Load16SIndexedAccB,
             .i64Load16SIndexedAccC,
             .i64Load32SIndexed,
             .i64Load32SIndexedAccB,
             .i64Load32SIndexedAccC,
             .i32Eqz,
             .i32EqzAccB,
             .i64Eqz,
             .i64EqzAccB,
             .i32Eq,
             .i32EqAccB,
             .i32EqAccC,
             .i32Ne,
             .i32NeAccB,
             .i32NeAccC,
             .i32LtS,
             .i32LtSAccB,
             .i32LtSAccC,
             .i32LtU,
             .i32LtUAccB,
             .i32LtUAccC,
             .i32GtS,
             .i32GtSAccB,
             .i32GtSAccC,
             .i32GtU,
             .i32GtUAccB,
             .i32GtUAccC,
             .i32LeS,
             .i32LeSAccB,
             .i32LeSAccC,
             .i32LeU,
             .i32LeUAccB,
             .i32LeUAccC,
             .i32GeS,
             .i32GeSAccB,
             .i32GeSAccC,
             .i32GeU,
             .i32GeUAccB,
             .i32GeUAccC,
             .i64Eq,
             .i64EqAccB,
             .i64EqAccC,
             .i64Ne,
             .i64NeAccB,
             .i64NeAccC,
             .i64LtS,
             .i64LtSAccB,
             .i64LtSAccC,
             .i64LtU,
             .i64LtUAccB,
             .i64LtUAccC,
             .i64GtS,
             .i64GtSAccB,
             .i64GtSAccC,
             .i64GtU,
             .i64GtUAccB,
             .i64GtUAccC,
             .i64LeS,
             .i64LeSAccB,
             .i64LeSAccC,
             .i64LeU,
             .i64LeUAccB,
             .i64LeUAccC,
             .i64GeS,
             .i64GeSAccB,
             .i64GeSAccC,
             .i64GeU,
             .i64GeUAccB,
             .i64GeUAccC,
             .f32Eq,
             .f32EqAccB,
             .f32EqAccC,
             .f32Ne,
             .f32NeAccB,
             .f32NeAccC,
             .f32Lt,
             .f32LtAccB,
             .f32LtAccC,
             .f32Gt,
             .f32GtAccB,
             .f32GtAccC,
             .f32Le,
             .f32LeAccB,
             .f32LeAccC,
             .f32Ge,
             .f32GeAccB,
             .f32GeAccC,
             .f64Eq,
             .f64EqAccB,
             .f64EqAccC,
             .f64Ne,
             .f64NeAccB,
             .f64NeAccC,
             .f64Lt,
             .f64LtAccB,
             .f64LtAccC,
             .f64Gt,
             .f64GtAccB,
             .f64GtAccC,
             .f64Le,
             .f64LeAccB,
             .f64LeAccC,
             .f64Ge,
             .f64GeAccB,
             .f64GeAccC,
             .i32Clz,
             .i32ClzAccB,
             .i32Ctz,
             .i32CtzAccB,
             .i32Popcnt,
             .i32PopcntAccB,
             .i64Clz,
             .i64ClzAccB,
             .i64Ctz,
             .i64CtzAccB,
             .i64Popcnt,
             .i64PopcntAccB,
             .f32Abs,
             .f32AbsAccB,
             .f32Neg,
             .f32NegAccB,
             .f32Ceil,
             .f32CeilAccB,
             .f32Floor,
             .f32FloorAccB,
             .f32Trunc,
             .f32TruncAccB,
             .f32Nearest,
             .f32NearestAccB,
             .f32Sqrt,
             .f32SqrtAccB,
             .f64Abs,
             .f64AbsAccB,
             .f64Neg,
             .f64NegAccB,
             .f64Ceil,
             .f64CeilAccB,
             .f64Floor,
             .f64FloorAccB,
             .f64Trunc,
             .f64TruncAccB,
             .f64Nearest,
             .f64NearestAccB,
             .f64Sqrt,
             .f64SqrtAccB,
             .i32Extend8S,
             .i32Extend8SAccB,
             .i32Extend16S,
             .i32Extend16SAccB,
             .i64Extend8S,
             .i64Extend8SAccB,
             .i64Extend16S,
             .i64Extend16SAccB,
             .i64Extend32S,
             .i64Extend32SAccB,
             .i32Add,
             .i32AddAccB,
             .i32AddAccC,
             .i32Sub,
             .i32SubAccB,
             .i32SubAccC,
             .i32Mul,
             .i32MulAccB,
             .i32MulAccC,
             .i32DivS,
             .i32DivSAccB,
             .i32DivSAccC,
             .i32DivU,
             .i32DivUAccB,
             .i32DivUAccC,
             .i32RemS,
             .i32RemSAccB,
             .i32RemSAccC,
             .i32RemU,
             .i32RemUAccB,
             .i32RemUAccC,
             .i32And,
             .i32AndAccB,
             .i32AndAccC,
             .i32Or,
             .i32OrAccB,
             .i32OrAccC,
             .i32Xor,
             .i32XorAccB,
             .i32XorAccC,
             .i32Shl,
             .i32ShlAccB,
             .i32ShlAccC,
             .i32ShrS,
             .i32ShrSAccB,
             .i32ShrSAccC,
             .i32ShrU,
             .i32ShrUAccB,
             .i32ShrUAccC,
             .i32Rotl,
             .i32RotlAccB,
             .i32RotlAccC,
             .i32Rotr,
             .i32RotrAccB,
             .i32RotrAccC,
             .i64Add,
             .i64AddAccB,
             .i64AddAccC,
             .i64Sub,
             .i64SubAccB,
             .i64SubAccC,
             .i64Mul,
             .i64MulAccB,
             .i64MulAccC,
             .i64DivS,
             .i64DivSAccB,
             .i64DivSAccC,
             .i64DivU,
             .i64DivUAccB,
             .i64DivUAccC,
             .i64RemS,
             .i64RemSAccB,
             .i64RemSAccC,
             .i64RemU,
             .i64RemUAccB,
             .i64RemUAccC,
             .i64And,
             .i64AndAccB,
             .i64AndAccC,
             .i64Or,
             .i64OrAccB,
             .i64OrAccC,
             .i64Xor,
             .i64XorAccB,
             .i64XorAccC,
             .i64Shl,
             .i64ShlAccB,
             .i64ShlAccC,
             .i64ShrS,
             .i64ShrSAccB,
             .i64ShrSAccC,
             .i64ShrU,
             .i64ShrUAccB,
             .i64ShrUAccC,
             .i64Rotl,
             .i64RotlAccB,
             .i64RotlAccC,
             .i64Rotr,
             .i64RotrAccB,
             .i64RotrAccC,
             .f32Add,
             .f32AddAccB,
             .f32AddAccC,
             .f32Sub,
             .f32SubAccB,
             .f32SubAccC,
             .f32Mul,
             .f32MulAccB,
             .f32MulAccC,
             .f32Div,
             .f32DivAccB,
             .f32DivAccC,
             .f32Min,
             .f32MinAccB,
             .f32MinAccC,
             .f32Max,
             .f32MaxAccB,
             .f32MaxAccC,
             .f32Copysign,
             .f32CopysignAccB,
             .f32CopysignAccC,
             .f64Add,
             .f64AddAccB,
             .f64AddAccC,
             .f64Sub,
             .f64SubAccB,
             .f64SubAccC,
             .f64Mul,
             .f64MulAccB,
             .f64MulAccC,
             .f64Div,
             .f64DivAccB,
             .f64DivAccC,
             .f64Min,
             .f64MinAccB,
             .f64MinAccC,
             .f64Max,
             .f64MaxAccB,
             .f64MaxAccC,
             .f64Copysign,
             .f64CopysignAccB,
             .f64CopysignAccC,
             .i32WrapI64,
             .i32WrapI64AccB,
             .i32TruncF32S,
             .i32TruncF32SAccB,
             .i32TruncF32U,
             .i32TruncF32UAccB,
             .i32TruncF64S,
             .i32TruncF64SAccB,
             .i32TruncF64U,
             .i32TruncF64UAccB,
             .i64ExtendI32S,
             .i64ExtendI32SAccB,
             .i64ExtendI32U,
             .i64ExtendI32UAccB,
             .i64TruncF32S,
             .i64TruncF32SAccB,
             .i64TruncF32U,
             .i64TruncF32UAccB,
             .i64TruncF64S,
             .i64TruncF64SAccB,
             .i64TruncF64U,
             .i64TruncF64UAccB,
             .f32ConvertI32S,
             .f32ConvertI32SAccB,
             .f32ConvertI32U,
             .f32ConvertI32UAccB,
             .f32ConvertI64S,
             .f32ConvertI64SAccB,
             .f32ConvertI64U,
             .f32ConvertI64UAccB,
             .f32DemoteF64,
             .f32DemoteF64AccB,
             .f64ConvertI32S,
             .f64ConvertI32SAccB,
             .f64ConvertI32U,
             .f64ConvertI32UAccB,
             .f64ConvertI64S,
             .f64ConvertI64SAccB,
             .f64ConvertI64U,
             .f64ConvertI64UAccB,
             .f64PromoteF32,
             .f64PromoteF32AccB,
             .i32TruncSatF32S,
             .i32TruncSatF32SAccB,
             .i32TruncSatF32U,
             .i32TruncSatF32UAccB,
             .i32TruncSatF64S,
             .i32TruncSatF64SAccB,
             .i32TruncSatF64U,
             .i32TruncSatF64UAccB,
             .i64TruncSatF32S,
             .i64TruncSatF32SAccB,
             .i64TruncSatF32U,
             .i64TruncSatF32UAccB,
             .i64TruncSatF64S,
             .i64TruncSatF64SAccB,
             .i64TruncSatF64U,
             .i64TruncSatF64UAccB:
            return true
        default:
            return false
        }
    }

    /// The variant that reads the operand in `field` from the accumulator, if there is one.
    func readingAccumulator(_ field: Inst.Field) -> Op? {
        switch (self, field) {
        case (.copy, .b): return .copyAccB
        case (.globalSet, .a): return .globalSetAccA
        case (.brIf, .a): return .brIfAccA
        case (.brIfNot, .a): return .brIfNotAccA
        case (.brIfI64Eqz, .a): return .brIfI64EqzAccA
        case (.brIfI64Nez, .a): return .brIfI64NezAccA
        case (.brIfI32Eq, .a): return .brIfI32EqAccA
        case (.brIfI32Eq, .b): return .brIfI32EqAccB
        case (.brIfI32Ne, .a): return .brIfI32NeAccA
        case (.brIfI32Ne, .b): return .brIfI32NeAccB
        case (.brIfI32LtS, .a): return .brIfI32LtSAccA
        case (.brIfI32LtS, .b): return .brIfI32LtSAccB
        case (.brIfI32LtU, .a): return .brIfI32LtUAccA
        case (.brIfI32LtU, .b): return .brIfI32LtUAccB
        case (.brIfI32GtS, .a): return .brIfI32GtSAccA
        case (.brIfI32GtS, .b): return .brIfI32GtSAccB
        case (.brIfI32GtU, .a): return .brIfI32GtUAccA
        case (.brIfI32GtU, .b): return .brIfI32GtUAccB
        case (.brIfI32LeS, .a): return .brIfI32LeSAccA
        case (.brIfI32LeS, .b): return .brIfI32LeSAccB
        case (.brIfI32LeU, .a): return .brIfI32LeUAccA
        case (.brIfI32LeU, .b): return .brIfI32LeUAccB
        case (.brIfI32GeS, .a): return .brIfI32GeSAccA
        case (.brIfI32GeS, .b): return .brIfI32GeSAccB
        case (.brIfI32GeU, .a): return .brIfI32GeUAccA
        case (.brIfI32GeU, .b): return .brIfI32GeUAccB
        case (.brIfI64Eq, .a): return .brIfI64EqAccA
        case (.brIfI64Eq, .b): return .brIfI64EqAccB
        case (.brIfI64Ne, .a): return .brIfI64NeAccA
        case (.brIfI64Ne, .b): return .brIfI64NeAccB
        case (.brIfI64LtS, .a): return .brIfI64LtSAccA
        case (.brIfI64LtS, .b): return .brIfI64LtSAccB
        case (.brIfI64LtU, .a): return .brIfI64LtUAccA
        case (.brIfI64LtU, .b): return .brIfI64LtUAccB
        case (.brIfI64GtS, .a): return .brIfI64GtSAccA
        case (.brIfI64GtS, .b): return .brIfI64GtSAccB
        case (.brIfI64GtU, .a): return .brIfI64GtUAccA
        case (.brIfI64GtU, .b): return .brIfI64GtUAccB
        case (.brIfI64LeS, .a): return .brIfI64LeSAccA
        case (.brIfI64LeS, .b): return .brIfI64LeSAccB
        case (.brIfI64LeU, .a): return .brIfI64LeUAccA
        case (.brIfI64LeU, .b): return .brIfI64LeUAccB
        case (.brIfI64GeS, .a): return .brIfI64GeSAccA
        case (.brIfI64GeS, .b): return .brIfI64GeSAccB
        case (.brIfI64GeU, .a): return .brIfI64GeUAccA
        case (.brIfI64GeU, .b): return .brIfI64GeUAccB
        case (.brIfF32Eq, .a): return .brIfF32EqAccA
        case (.brIfF32Eq, .b): return .brIfF32EqAccB
        case (.brIfNotF32Eq, .a): return .brIfNotF32EqAccA
        case (.brIfNotF32Eq, .b): return .brIfNotF32EqAccB
        case (.brIfF32Ne, .a): return .brIfF32NeAccA
        case (.brIfF32Ne, .b): return .brIfF32NeAccB
        case (.brIfNotF32Ne, .a): return .brIfNotF32NeAccA
        case (.brIfNotF32Ne, .b): return .brIfNotF32NeAccB
        case (.brIfF32Lt, .a): return .brIfF32LtAccA
        case (.brIfF32Lt, .b): return .brIfF32LtAccB
        case (.brIfNotF32Lt, .a): return .brIfNotF32LtAccA
        case (.brIfNotF32Lt, .b): return .brIfNotF32LtAccB
        case (.brIfF32Gt, .a): return .brIfF32GtAccA
        case (.brIfF32Gt, .b): return .brIfF32GtAccB
        case (.brIfNotF32Gt, .a): return .brIfNotF32GtAccA
        case (.brIfNotF32Gt, .b): return .brIfNotF32GtAccB
        case (.brIfF32Le, .a): return .brIfF32LeAccA
        case (.brIfF32Le, .b): return .brIfF32LeAccB
        case (.brIfNotF32Le, .a): return .brIfNotF32LeAccA
        case (.brIfNotF32Le, .b): return .brIfNotF32LeAccB
        case (.brIfF32Ge, .a): return .brIfF32GeAccA
        case (.brIfF32Ge, .b): return .brIfF32GeAccB
        case (.brIfNotF32Ge, .a): return .brIfNotF32GeAccA
        case (.brIfNotF32Ge, .b): return .brIfNotF32GeAccB
        case (.brIfF64Eq, .a): return .brIfF64EqAccA
        case (.brIfF64Eq, .b): return .brIfF64EqAccB
        case (.brIfNotF64Eq, .a): return .brIfNotF64EqAccA
        case (.brIfNotF64Eq, .b): return .brIfNotF64EqAccB
        case (.brIfF64Ne, .a): return .brIfF64NeAccA
        case (.brIfF64Ne, .b): return .brIfF64NeAccB
        case (.brIfNotF64Ne, .a): return .brIfNotF64NeAccA
        case (.brIfNotF64Ne, .b): return .brIfNotF64NeAccB
        case (.brIfF64Lt, .a): return .brIfF64LtAccA
        case (.brIfF64Lt, .b): return .brIfF64LtAccB
        case (.brIfNotF64Lt, .a): return .brIfNotF64LtAccA
        case (.brIfNotF64Lt, .b): return .brIfNotF64LtAccB
        case (.brIfF64Gt, .a): return .brIfF64GtAccA
        case (.brIfF64Gt, .b): return .brIfF64GtAccB
        case (.brIfNotF64Gt, .a): return .brIfNotF64GtAccA
        case (.brIfNotF64Gt, .b): return .brIfNotF64GtAccB
        case (.brIfF64Le, .a): return .brIfF64LeAccA
        case (.brIfF64Le, .b): return .brIfF64LeAccB
        case (.brIfNotF64Le, .a): return .brIfNotF64LeAccA
        case (.brIfNotF64Le, .b): return .brIfNotF64LeAccB
        case (.brIfF64Ge, .a): return .brIfF64GeAccA
        case (.brIfF64Ge, .b): return .brIfF64GeAccB
        case (.brIfNotF64Ge, .a): return .brIfNotF64GeAccA
        case (.brIfNotF64Ge, .b): return .brIfNotF64GeAccB
        case (.i32LoadIndexed, .b): return .i32LoadIndexedAccB
        case (.i32LoadIndexed, .c): return .i32LoadIndexedAccC
        case (.i64LoadIndexed, .b): return .i64LoadIndexedAccB
        case (.i64LoadIndexed, .c): return .i64LoadIndexedAccC
        case (.i32Load8SIndexed, .b): return .i32Load8SIndexedAccB
        case (.i32Load8SIndexed, .c): return .i32Load8SIndexedAccC
        case (.i32Load8UIndexed, .b): return .i32Load8UIndexedAccB
        case (.i32Load8UIndexed, .c): return .i32Load8UIndexedAccC
        case (.i32Load16SIndexed, .b): return .i32Load16SIndexedAccB
        case (.i32Load16SIndexed, .c): return .i32Load16SIndexedAccC
        case (.i32Load16UIndexed, .b): return .i32Load16UIndexedAccB
        case (.i32Load16UIndexed, .c): return .i32Load16UIndexedAccC
        case (.i64Load8SIndexed, .b): return .i64Load8SIndexedAccB
        case (.i64Load8SIndexed, .c): return .i64Load8SIndexedAccC
        case (.i64Load16SIndexed, .b): return .i64Load16SIndexedAccB
        case (.i64Load16SIndexed, .c): return .i64Load16SIndexedAccC
        case (.i64Load32SIndexed, .b): return .i64Load32SIndexedAccB
        case (.i64Load32SIndexed, .c): return .i64Load32SIndexedAccC
        case (.i32StoreIndexed, .a): return .i32StoreIndexedAccA
        case (.i32StoreIndexed, .b): return .i32StoreIndexedAccB
        case (.i32StoreIndexed, .c): return .i32StoreIndexedAccC
        case (.i64StoreIndexed, .a): return .i64StoreIndexedAccA
        case (.i64StoreIndexed, .b): return .i64StoreIndexedAccB
        case (.i64StoreIndexed, .c): return .i64StoreIndexedAccC
        case (.i32Store8Indexed, .a): return .i32Store8IndexedAccA
        case (.i32Store8Indexed, .b): return .i32Store8IndexedAccB
        case (.i32Store8Indexed, .c): return .i32Store8IndexedAccC
        case (.i32Store16Indexed, .a): return .i32Store16IndexedAccA
        case (.i32Store16Indexed, .b): return .i32Store16IndexedAccB
        case (.i32Store16Indexed, .c): return .i32Store16IndexedAccC
        case (.i32Load, .b): return .i32LoadAccB
        case (.i64Load, .b): return .i64LoadAccB
        case (.i32Load8S, .b): return .i32Load8SAccB
        case (.i32Load8U, .b): return .i32Load8UAccB
        case (.i32Load16S, .b): return .i32Load16SAccB
        case (.i32Load16U, .b): return .i32Load16UAccB
        case (.i64Load8S, .b): return .i64Load8SAccB
        case (.i64Load16S, .b): return .i64Load16SAccB
        case (.i64Load32S, .b): return .i64Load32SAccB
        case (.i32Store, .a): return .i32StoreAccA
        case (.i32Store, .b): return .i32StoreAccB
        case (.i64Store, .a): return .i64StoreAccA
        case (.i64Store, .b): return .i64StoreAccB
        case (.i32Store8, .a): return .i32Store8AccA
        case (.i32Store8, .b): return .i32Store8AccB
        case (.i32Store16, .a): return .i32Store16AccA
        case (.i32Store16, .b): return .i32Store16AccB
        case (.i32Eqz, .b): return .i32EqzAccB
        case (.i64Eqz, .b): return .i64EqzAccB
        case (.i32Eq, .b): return .i32EqAccB
        case (.i32Eq, .c): return .i32EqAccC
        case (.i32Ne, .b): return .i32NeAccB
        case (.i32Ne, .c): return .i32NeAccC
        case (.i32LtS, .b): return .i32LtSAccB
        case (.i32LtS, .c): return .i32LtSAccC
        case (.i32LtU, .b): return .i32LtUAccB
        case (.i32LtU, .c): return .i32LtUAccC
        case (.i32GtS, .b): return .i32GtSAccB
        case (.i32GtS, .c): return .i32GtSAccC
        case (.i32GtU, .b): return .i32GtUAccB
        case (.i32GtU, .c): return .i32GtUAccC
        case (.i32LeS, .b): return .i32LeSAccB
        case (.i32LeS, .c): return .i32LeSAccC
        case (.i32LeU, .b): return .i32LeUAccB
        case (.i32LeU, .c): return .i32LeUAccC
        case (.i32GeS, .b): return .i32GeSAccB
        case (.i32GeS, .c): return .i32GeSAccC
        case (.i32GeU, .b): return .i32GeUAccB
        case (.i32GeU, .c): return .i32GeUAccC
        case (.i64Eq, .b): return .i64EqAccB
        case (.i64Eq, .c): return .i64EqAccC
        case (.i64Ne, .b): return .i64NeAccB
        case (.i64Ne, .c): return .i64NeAccC
        case (.i64LtS, .b): return .i64LtSAccB
        case (.i64LtS, .c): return .i64LtSAccC
        case (.i64LtU, .b): return .i64LtUAccB
        case (.i64LtU, .c): return .i64LtUAccC
        case (.i64GtS, .b): return .i64GtSAccB
        case (.i64GtS, .c): return .i64GtSAccC
        case (.i64GtU, .b): return .i64GtUAccB
        case (.i64GtU, .c): return .i64GtUAccC
        case (.i64LeS, .b): return .i64LeSAccB
        case (.i64LeS, .c): return .i64LeSAccC
        case (.i64LeU, .b): return .i64LeUAccB
        case (.i64LeU, .c): return .i64LeUAccC
        case (.i64GeS, .b): return .i64GeSAccB
        case (.i64GeS, .c): return .i64GeSAccC
        case (.i64GeU, .b): return .i64GeUAccB
        case (.i64GeU, .c): return .i64GeUAccC
        case (.f32Eq, .b): return .f32EqAccB
        case (.f32Eq, .c): return .f32EqAccC
        case (.f32Ne, .b): return .f32NeAccB
        case (.f32Ne, .c): return .f32NeAccC
        case (.f32Lt, .b): return .f32LtAccB
        case (.f32Lt, .c): return .f32LtAccC
        case (.f32Gt, .b): return .f32GtAccB
        case (.f32Gt, .c): return .f32GtAccC
        case (.f32Le, .b): return .f32LeAccB
        case (.f32Le, .c): return .f32LeAccC
        case (.f32Ge, .b): return .f32GeAccB
        case (.f32Ge, .c): return .f32GeAccC
        case (.f64Eq, .b): return .f64EqAccB
        case (.f64Eq, .c): return .f64EqAccC
        case (.f64Ne, .b): return .f64NeAccB
        case (.f64Ne, .c): return .f64NeAccC
        case (.f64Lt, .b): return .f64LtAccB
        case (.f64Lt, .c): return .f64LtAccC
        case (.f64Gt, .b): return .f64GtAccB
        case (.f64Gt, .c): return .f64GtAccC
        case (.f64Le, .b): return .f64LeAccB
        case (.f64Le, .c): return .f64LeAccC
        case (.f64Ge, .b): return .f64GeAccB
        case (.f64Ge, .c): return .f64GeAccC
        case (.i32Clz, .b): return .i32ClzAccB
        case (.i32Ctz, .b): return .i32CtzAccB
        case (.i32Popcnt, .b): return .i32PopcntAccB
        case (.i64Clz, .b): return .i64ClzAccB
        case (.i64Ctz, .b): return .i64CtzAccB
        case (.i64Popcnt, .b): return .i64PopcntAccB
        case (.f32Abs, .b): return .f32AbsAccB
        case (.f32Neg, .b): return .f32NegAccB
        case (.f32Ceil, .b): return .f32CeilAccB
        case (.f32Floor, .b): return .f32FloorAccB
        case (.f32Trunc, .b): return .f32TruncAccB
        case (.f32Nearest, .b): return .f32NearestAccB
        case (.f32Sqrt, .b): return .f32SqrtAccB
        case (.f64Abs, .b): return .f64AbsAccB
        case (.f64Neg, .b): return .f64NegAccB
        case (.f64Ceil, .b): return .f64CeilAccB
        case (.f64Floor, .b): return .f64FloorAccB
        case (.f64Trunc, .b): return .f64TruncAccB
        case (.f64Nearest, .b): return .f64NearestAccB
        case (.f64Sqrt, .b): return .f64SqrtAccB
        case (.i32Extend8S, .b): return .i32Extend8SAccB
        case (.i32Extend16S, .b): return .i32Extend16SAccB
        case (.i64Extend8S, .b): return .i64Extend8SAccB
        case (.i64Extend16S, .b): return .i64Extend16SAccB
        case (.i64Extend32S, .b): return .i64Extend32SAccB
        case (.i32Add, .b): return .i32AddAccB
        case (.i32Add, .c): return .i32AddAccC
        case (.i32Sub, .b): return .i32SubAccB
        case (.i32Sub, .c): return .i32SubAccC
        case (.i32Mul, .b): return .i32MulAccB
        case (.i32Mul, .c): return .i32MulAccC
        case (.i32DivS, .b): return .i32DivSAccB
        case (.i32DivS, .c): return .i32DivSAccC
        case (.i32DivU, .b): return .i32DivUAccB
        case (.i32DivU, .c): return .i32DivUAccC
        case (.i32RemS, .b): return .i32RemSAccB
        case (.i32RemS, .c): return .i32RemSAccC
        case (.i32RemU, .b): return .i32RemUAccB
        case (.i32RemU, .c): return .i32RemUAccC
        case (.i32And, .b): return .i32AndAccB
        case (.i32And, .c): return .i32AndAccC
        case (.i32Or, .b): return .i32OrAccB
        case (.i32Or, .c): return .i32OrAccC
        case (.i32Xor, .b): return .i32XorAccB
        case (.i32Xor, .c): return .i32XorAccC
        case (.i32Shl, .b): return .i32ShlAccB
        case (.i32Shl, .c): return .i32ShlAccC
        case (.i32ShrS, .b): return .i32ShrSAccB
        case (.i32ShrS, .c): return .i32ShrSAccC
        case (.i32ShrU, .b): return .i32ShrUAccB
        case (.i32ShrU, .c): return .i32ShrUAccC
        case (.i32Rotl, .b): return .i32RotlAccB
        case (.i32Rotl, .c): return .i32RotlAccC
        case (.i32Rotr, .b): return .i32RotrAccB
        case (.i32Rotr, .c): return .i32RotrAccC
        case (.i64Add, .b): return .i64AddAccB
        case (.i64Add, .c): return .i64AddAccC
        case (.i64Sub, .b): return .i64SubAccB
        case (.i64Sub, .c): return .i64SubAccC
        case (.i64Mul, .b): return .i64MulAccB
        case (.i64Mul, .c): return .i64MulAccC
        case (.i64DivS, .b): return .i64DivSAccB
        case (.i64DivS, .c): return .i64DivSAccC
        case (.i64DivU, .b): return .i64DivUAccB
        case (.i64DivU, .c): return .i64DivUAccC
        case (.i64RemS, .b): return .i64RemSAccB
        case (.i64RemS, .c): return .i64RemSAccC
        case (.i64RemU, .b): return .i64RemUAccB
        case (.i64RemU, .c): return .i64RemUAccC
        case (.i64And, .b): return .i64AndAccB
        case (.i64And, .c): return .i64AndAccC
        case (.i64Or, .b): return .i64OrAccB
        case (.i64Or, .c): return .i64OrAccC
        case (.i64Xor, .b): return .i64XorAccB
        case (.i64Xor, .c): return .i64XorAccC
        case (.i64Shl, .b): return .i64ShlAccB
        case (.i64Shl, .c): return .i64ShlAccC
        case (.i64ShrS, .b): return .i64ShrSAccB
        case (.i64ShrS, .c): return .i64ShrSAccC
        case (.i64ShrU, .b): return .i64ShrUAccB
        case (.i64ShrU, .c): return .i64ShrUAccC
        case (.i64Rotl, .b): return .i64RotlAccB
        case (.i64Rotl, .c): return .i64RotlAccC
        case (.i64Rotr, .b): return .i64RotrAccB
        case (.i64Rotr, .c): return .i64RotrAccC
        case (.f32Add, .b): return .f32AddAccB
        case (.f32Add, .c): return .f32AddAccC
        case (.f32Sub, .b): return .f32SubAccB
        case (.f32Sub, .c): return .f32SubAccC
        case (.f32Mul, .b): return .f32MulAccB
        case (.f32Mul, .c): return .f32MulAccC
        case (.f32Div, .b): return .f32DivAccB
        case (.f32Div, .c): return .f32DivAccC
        case (.f32Min, .b): return .f32MinAccB
        case (.f32Min, .c): return .f32MinAccC
        case (.f32Max, .b): return .f32MaxAccB
        case (.f32Max, .c): return .f32MaxAccC
        case (.f32Copysign, .b): return .f32CopysignAccB
        case (.f32Copysign, .c): return .f32CopysignAccC
        case (.f64Add, .b): return .f64AddAccB
        case (.f64Add, .c): return .f64AddAccC
        case (.f64Sub, .b): return .f64SubAccB
        case (.f64Sub, .c): return .f64SubAccC
        case (.f64Mul, .b): return .f64MulAccB
        case (.f64Mul, .c): return .f64MulAccC
        case (.f64Div, .b): return .f64DivAccB
        case (.f64Div, .c): return .f64DivAccC
        case (.f64Min, .b): return .f64MinAccB
        case (.f64Min, .c): return .f64MinAccC
        case (.f64Max, .b): return .f64MaxAccB
        case (.f64Max, .c): return .f64MaxAccC
        case (.f64Copysign, .b): return .f64CopysignAccB
        case (.f64Copysign, .c): return .f64CopysignAccC
        case (.i32WrapI64, .b): return .i32WrapI64AccB
        case (.i32TruncF32S, .b): return .i32TruncF32SAccB
        case (.i32TruncF32U, .b): return .i32TruncF32UAccB
        case (.i32TruncF64S, .b): return .i32TruncF64SAccB
        case (.i32TruncF64U, .b): return .i32TruncF64UAccB
        case (.i64ExtendI32S, .b): return .i64ExtendI32SAccB
        case (.i64ExtendI32U, .b): return .i64ExtendI32UAccB
        case (.i64TruncF32S, .b): return .i64TruncF32SAccB
        case (.i64TruncF32U, .b): return .i64TruncF32UAccB
        case (.i64TruncF64S, .b): return .i64TruncF64SAccB
        case (.i64TruncF64U, .b): return .i64TruncF64UAccB
        case (.f32ConvertI32S, .b): return .f32ConvertI32SAccB
        case (.f32ConvertI32U, .b): return .f32ConvertI32UAccB
        case (.f32ConvertI64S, .b): return .f32ConvertI64SAccB
        case (.f32ConvertI64U, .b): return .f32ConvertI64UAccB
        case (.f32DemoteF64, .b): return .f32DemoteF64AccB
        case (.f64ConvertI32S, .b): return .f64ConvertI32SAccB
        case (.f64ConvertI32U, .b): return .f64ConvertI32UAccB
        case (.f64ConvertI64S, .b): return .f64ConvertI64SAccB
        case (.f64ConvertI64U, .b): return .f64ConvertI64UAccB
        case (.f64PromoteF32, .b): return .f64PromoteF32AccB
        case (.i32TruncSatF32S, .b): return .i32TruncSatF32SAccB
        case (.i32TruncSatF32U, .b): return .i32TruncSatF32UAccB
        case (.i32TruncSatF64S, .b): return .i32TruncSatF64SAccB
        case (.i32TruncSatF64U, .b): return .i32TruncSatF64UAccB
        case (.i64TruncSatF32S, .b): return .i64TruncSatF32SAccB
        case (.i64TruncSatF32U, .b): return .i64TruncSatF32UAccB
        case (.i64TruncSatF64S, .b): return .i64TruncSatF64SAccB
        case (.i64TruncSatF64U, .b): return .i64TruncSatF64UAccB
        default: return nil
        }
    }

    /// The instruction that adds and then branches like this branch on the accumulator, for a sum just computed.
    var afterAddition: Op? {
        switch self {
        case .brIfAccA: return .i32AddBrIf
        case .brIfNotAccA: return .i32AddBrIfNot
        case .brIfI32EqAccA: return .i32AddBrIfEq
        case .brIfI32NeAccA: return .i32AddBrIfNe
        case .brIfI32LtSAccA: return .i32AddBrIfLtS
        case .brIfI32LtUAccA: return .i32AddBrIfLtU
        case .brIfI32GtSAccA: return .i32AddBrIfGtS
        case .brIfI32GtUAccA: return .i32AddBrIfGtU
        case .brIfI32LeSAccA: return .i32AddBrIfLeS
        case .brIfI32LeUAccA: return .i32AddBrIfLeU
        case .brIfI32GeSAccA: return .i32AddBrIfGeS
        case .brIfI32GeUAccA: return .i32AddBrIfGeU
        default: return nil
        }
    }

    /// The load or store that adds its two address operands itself (for one without a static offset).
    var indexed: Op? {
        switch self {
        case .i32Load: return .i32LoadIndexed
        case .i64Load: return .i64LoadIndexed
        case .i32Load8S: return .i32Load8SIndexed
        case .i32Load8U: return .i32Load8UIndexed
        case .i32Load16S: return .i32Load16SIndexed
        case .i32Load16U: return .i32Load16UIndexed
        case .i64Load8S: return .i64Load8SIndexed
        case .i64Load16S: return .i64Load16SIndexed
        case .i64Load32S: return .i64Load32SIndexed
        case .i32Store: return .i32StoreIndexed
        case .i64Store: return .i64StoreIndexed
        case .i32Store8: return .i32Store8Indexed
        case .i32Store16: return .i32Store16Indexed
        default: return nil
        }
    }

    /// The instruction itself, whatever operand it reads from the accumulator.
    var withoutAccumulator: Op {
        switch self {
        case .copyAccB: return .copy
        case .globalSetAccA: return .globalSet
        case .brIfAccA: return .brIf
        case .brIfNotAccA: return .brIfNot
        case .brIfI64EqzAccA: return .brIfI64Eqz
        case .brIfI64NezAccA: return .brIfI64Nez
        case .brIfI32EqAccA, .brIfI32EqAccB: return .brIfI32Eq
        case .brIfI32NeAccA, .brIfI32NeAccB: return .brIfI32Ne
        case .brIfI32LtSAccA, .brIfI32LtSAccB: return .brIfI32LtS
        case .brIfI32LtUAccA, .brIfI32LtUAccB: return .brIfI32LtU
        case .brIfI32GtSAccA, .brIfI32GtSAccB: return .brIfI32GtS
        case .brIfI32GtUAccA, .brIfI32GtUAccB: return .brIfI32GtU
        case .brIfI32LeSAccA, .brIfI32LeSAccB: return .brIfI32LeS
        case .brIfI32LeUAccA, .brIfI32LeUAccB: return .brIfI32LeU
        case .brIfI32GeSAccA, .brIfI32GeSAccB: return .brIfI32GeS
        case .brIfI32GeUAccA, .brIfI32GeUAccB: return .brIfI32GeU
        case .brIfI64EqAccA, .brIfI64EqAccB: return .brIfI64Eq
        case .brIfI64NeAccA, .brIfI64NeAccB: return .brIfI64Ne
        case .brIfI64LtSAccA, .brIfI64LtSAccB: return .brIfI64LtS
        case .brIfI64LtUAccA, .brIfI64LtUAccB: return .brIfI64LtU
        case .brIfI64GtSAccA, .brIfI64GtSAccB: return .brIfI64GtS
        case .brIfI64GtUAccA, .brIfI64GtUAccB: return .brIfI64GtU
        case .brIfI64LeSAccA, .brIfI64LeSAccB: return .brIfI64LeS
        case .brIfI64LeUAccA, .brIfI64LeUAccB: return .brIfI64LeU
        case .brIfI64GeSAccA, .brIfI64GeSAccB: return .brIfI64GeS
        case .brIfI64GeUAccA, .brIfI64GeUAccB: return .brIfI64GeU
        case .brIfF32EqAccA, .brIfF32EqAccB: return .brIfF32Eq
        case .brIfNotF32EqAccA, .brIfNotF32EqAccB: return .brIfNotF32Eq
        case .brIfF32NeAccA, .brIfF32NeAccB: return .brIfF32Ne
        case .brIfNotF32NeAccA, .brIfNotF32NeAccB: return .brIfNotF32Ne
        case .brIfF32LtAccA, .brIfF32LtAccB: return .brIfF32Lt
        case .brIfNotF32LtAccA, .brIfNotF32LtAccB: return .brIfNotF32Lt
        case .brIfF32GtAccA, .brIfF32GtAccB: return .brIfF32Gt
        case .brIfNotF32GtAccA, .brIfNotF32GtAccB: return .brIfNotF32Gt
        case .brIfF32LeAccA, .brIfF32LeAccB: return .brIfF32Le
        case .brIfNotF32LeAccA, .brIfNotF32LeAccB: return .brIfNotF32Le
        case .brIfF32GeAccA, .brIfF32GeAccB: return .brIfF32Ge
        case .brIfNotF32GeAccA, .brIfNotF32GeAccB: return .brIfNotF32Ge
        case .brIfF64EqAccA, .brIfF64EqAccB: return .brIfF64Eq
        case .brIfNotF64EqAccA, .brIfNotF64EqAccB: return .brIfNotF64Eq
        case .brIfF64NeAccA, .brIfF64NeAccB: return .brIfF64Ne
        case .brIfNotF64NeAccA, .brIfNotF64NeAccB: return .brIfNotF64Ne
        case .brIfF64LtAccA, .brIfF64LtAccB: return .brIfF64Lt
        case .brIfNotF64LtAccA, .brIfNotF64LtAccB: return .brIfNotF64Lt
        case .brIfF64GtAccA, .brIfF64GtAccB: return .brIfF64Gt
        case .brIfNotF64GtAccA, .brIfNotF64GtAccB: return .brIfNotF64Gt
        case .brIfF64LeAccA, .brIfF64LeAccB: return .brIfF64Le
        case .brIfNotF64LeAccA, .brIfNotF64LeAccB: return .brIfNotF64Le
        case .brIfF64GeAccA, .brIfF64GeAccB: return .brIfF64Ge
        case .brIfNotF64GeAccA, .brIfNotF64GeAccB: return .brIfNotF64Ge
        case .i32LoadIndexedAccB, .i32LoadIndexedAccC: return .i32LoadIndexed
        case .i64LoadIndexedAccB, .i64LoadIndexedAccC: return .i64LoadIndexed
        case .i32Load8SIndexedAccB, .i32Load8SIndexedAccC: return .i32Load8SIndexed
        case .i32Load8UIndexedAccB, .i32Load8UIndexedAccC: return .i32Load8UIndexed
        case .i32Load16SIndexedAccB, .i32Load16SIndexedAccC: return .i32Load16SIndexed
        case .i32Load16UIndexedAccB, .i32Load16UIndexedAccC: return .i32Load16UIndexed
        case .i64Load8SIndexedAccB, .i64Load8SIndexedAccC: return .i64Load8SIndexed
        case .i64Load16SIndexedAccB, .i64Load16SIndexedAccC: return .i64Load16SIndexed
        case .i64Load32SIndexedAccB, .i64Load32SIndexedAccC: return .i64Load32SIndexed
        case .i32StoreIndexedAccA, .i32StoreIndexedAccB, .i32StoreIndexedAccC: return .i32StoreIndexed
        case .i64StoreIndexedAccA, .i64StoreIndexedAccB, .i64StoreIndexedAccC: return .i64StoreIndexed
        case .i32Store8IndexedAccA, .i32Store8IndexedAccB, .i32Store8IndexedAccC: return .i32Store8Indexed
        case .i32Store16IndexedAccA, .i32Store16IndexedAccB, .i32Store16IndexedAccC: return .i32Store16Indexed
        case .i32LoadAccB: return .i32Load
        case .i64LoadAccB: return .i64Load
        case .i32Load8SAccB: return .i32Load8S
        case .i32Load8UAccB: return .i32Load8U
        case .i32Load16SAccB: return .i32Load16S
        case .i32Load16UAccB: return .i32Load16U
        case .i64Load8SAccB: return .i64Load8S
        case .i64Load16SAccB: return .i64Load16S
        case .i64Load32SAccB: return .i64Load32S
        case .i32StoreAccA, .i32StoreAccB: return .i32Store
        case .i64StoreAccA, .i64StoreAccB: return .i64Store
        case .i32Store8AccA, .i32Store8AccB: return .i32Store8
        case .i32Store16AccA, .i32Store16AccB: return .i32Store16
        case .i32EqzAccB: return .i32Eqz
        case .i64EqzAccB: return .i64Eqz
        case .i32EqAccB, .i32EqAccC: return .i32Eq
        case .i32NeAccB, .i32NeAccC: return .i32Ne
        case .i32LtSAccB, .i32LtSAccC: return .i32LtS
        case .i32LtUAccB, .i32LtUAccC: return .i32LtU
        case .i32GtSAccB, .i32GtSAccC: return .i32GtS
        case .i32GtUAccB, .i32GtUAccC: return .i32GtU
        case .i32LeSAccB, .i32LeSAccC: return .i32LeS
        case .i32LeUAccB, .i32LeUAccC: return .i32LeU
        case .i32GeSAccB, .i32GeSAccC: return .i32GeS
        case .i32GeUAccB, .i32GeUAccC: return .i32GeU
        case .i64EqAccB, .i64EqAccC: return .i64Eq
        case .i64NeAccB, .i64NeAccC: return .i64Ne
        case .i64LtSAccB, .i64LtSAccC: return .i64LtS
        case .i64LtUAccB, .i64LtUAccC: return .i64LtU
        case .i64GtSAccB, .i64GtSAccC: return .i64GtS
        case .i64GtUAccB, .i64GtUAccC: return .i64GtU
        case .i64LeSAccB, .i64LeSAccC: return .i64LeS
        case .i64LeUAccB, .i64LeUAccC: return .i64LeU
        case .i64GeSAccB, .i64GeSAccC: return .i64GeS
        case .i64GeUAccB, .i64GeUAccC: return .i64GeU
        case .f32EqAccB, .f32EqAccC: return .f32Eq
        case .f32NeAccB, .f32NeAccC: return .f32Ne
        case .f32LtAccB, .f32LtAccC: return .f32Lt
        case .f32GtAccB, .f32GtAccC: return .f32Gt
        case .f32LeAccB, .f32LeAccC: return .f32Le
        case .f32GeAccB, .f32GeAccC: return .f32Ge
        case .f64EqAccB, .f64EqAccC: return .f64Eq
        case .f64NeAccB, .f64NeAccC: return .f64Ne
        case .f64LtAccB, .f64LtAccC: return .f64Lt
        case .f64GtAccB, .f64GtAccC: return .f64Gt
        case .f64LeAccB, .f64LeAccC: return .f64Le
        case .f64GeAccB, .f64GeAccC: return .f64Ge
        case .i32ClzAccB: return .i32Clz
        case .i32CtzAccB: return .i32Ctz
        case .i32PopcntAccB: return .i32Popcnt
        case .i64ClzAccB: return .i64Clz
        case .i64CtzAccB: return .i64Ctz
        case .i64PopcntAccB: return .i64Popcnt
        case .f32AbsAccB: return .f32Abs
        case .f32NegAccB: return .f32Neg
        case .f32CeilAccB: return .f32Ceil
        case .f32FloorAccB: return .f32Floor
        case .f32TruncAccB: return .f32Trunc
        case .f32NearestAccB: return .f32Nearest
        case .f32SqrtAccB: return .f32Sqrt
        case .f64AbsAccB: return .f64Abs
        case .f64NegAccB: return .f64Neg
        case .f64CeilAccB: return .f64Ceil
        case .f64FloorAccB: return .f64Floor
        case .f64TruncAccB: return .f64Trunc
        case .f64NearestAccB: return .f64Nearest
        case .f64SqrtAccB: return .f64Sqrt
        case .i32Extend8SAccB: return .i32Extend8S
        case .i32Extend16SAccB: return .i32Extend16S
        case .i64Extend8SAccB: return .i64Extend8S
        case .i64Extend16SAccB: return .i64Extend16S
        case .i64Extend32SAccB: return .i64Extend32S
        case .i32AddAccB, .i32AddAccC: return .i32Add
        case .i32SubAccB, .i32SubAccC: return .i32Sub
        case .i32MulAccB, .i32MulAccC: return .i32Mul
        case .i32DivSAccB, .i32DivSAccC: return .i32DivS
        case .i32DivUAccB, .i32DivUAccC: return .i32DivU
        case .i32RemSAccB, .i32RemSAccC: return .i32RemS
        case .i32RemUAccB, .i32RemUAccC: return .i32RemU
        case .i32AndAccB, .i32AndAccC: return .i32And
        case .i32OrAccB, .i32OrAccC: return .i32Or
        case .i32XorAccB, .i32XorAccC: return .i32Xor
        case .i32ShlAccB, .i32ShlAccC: return .i32Shl
        case .i32ShrSAccB, .i32ShrSAccC: return .i32ShrS
        case .i32ShrUAccB, .i32ShrUAccC: return .i32ShrU
        case .i32RotlAccB, .i32RotlAccC: return .i32Rotl
        case .i32RotrAccB, .i32RotrAccC: return .i32Rotr
        case .i64AddAccB, .i64AddAccC: return .i64Add
        case .i64SubAccB, .i64SubAccC: return .i64Sub
        case .i64MulAccB, .i64MulAccC: return .i64Mul
        case .i64DivSAccB, .i64DivSAccC: return .i64DivS
        case .i64DivUAccB, .i64DivUAccC: return .i64DivU
        case .i64RemSAccB, .i64RemSAccC: return .i64RemS
        case .i64RemUAccB, .i64RemUAccC: return .i64RemU
        case .i64AndAccB, .i64AndAccC: return .i64And
        case .i64OrAccB, .i64OrAccC: return .i64Or
        case .i64XorAccB, .i64XorAccC: return .i64Xor
        case .i64ShlAccB, .i64ShlAccC: return .i64Shl
        case .i64ShrSAccB, .i64ShrSAccC: return .i64ShrS
        case .i64ShrUAccB, .i64ShrUAccC: return .i64ShrU
        case .i64RotlAccB, .i64RotlAccC: return .i64Rotl
        case .i64RotrAccB, .i64RotrAccC: return .i64Rotr
        case .f32AddAccB, .f32AddAccC: return .f32Add
        case .f32SubAccB, .f32SubAccC: return .f32Sub
        case .f32MulAccB, .f32MulAccC: return .f32Mul
        case .f32DivAccB, .f32DivAccC: return .f32Div
        case .f32MinAccB, .f32MinAccC: return .f32Min
        case .f32MaxAccB, .f32MaxAccC: return .f32Max
        case .f32CopysignAccB, .f32CopysignAccC: return .f32Copysign
        case .f64AddAccB, .f64AddAccC: return .f64Add
        case .f64SubAccB, .f64SubAccC: return .f64Sub
        case .f64MulAccB, .f64MulAccC: return .f64Mul
        case .f64DivAccB, .f64DivAccC: return .f64Div
        case .f64MinAccB, .f64MinAccC: return .f64Min
        case .f64MaxAccB, .f64MaxAccC: return .f64Max
        case .f64CopysignAccB, .f64CopysignAccC: return .f64Copysign
        case .i32WrapI64AccB: return .i32WrapI64
        case .i32TruncF32SAccB: return .i32TruncF32S
        case .i32TruncF32UAccB: return .i32TruncF32U
        case .i32TruncF64SAccB: return .i32TruncF64S
        case .i32TruncF64UAccB: return .i32TruncF64U
        case .i64ExtendI32SAccB: return .i64ExtendI32S
        case .i64ExtendI32UAccB: return .i64ExtendI32U
        case .i64TruncF32SAccB: return .i64TruncF32S
        case .i64TruncF32UAccB: return .i64TruncF32U
        case .i64TruncF64SAccB: return .i64TruncF64S
        case .i64TruncF64UAccB: return .i64TruncF64U
        case .f32ConvertI32SAccB: return .f32ConvertI32S
        case .f32ConvertI32UAccB: return .f32ConvertI32U
        case .f32ConvertI64SAccB: return .f32ConvertI64S
        case .f32ConvertI64UAccB: return .f32ConvertI64U
        case .f32DemoteF64AccB: return .f32DemoteF64
        case .f64ConvertI32SAccB: return .f64ConvertI32S
        case .f64ConvertI32UAccB: return .f64ConvertI32U
        case .f64ConvertI64SAccB: return .f64ConvertI64S
        case .f64ConvertI64UAccB: return .f64ConvertI64U
        case .f64PromoteF32AccB: return .f64PromoteF32
        case .i32TruncSatF32SAccB: return .i32TruncSatF32S
        case .i32TruncSatF32UAccB: return .i32TruncSatF32U
        case .i32TruncSatF64SAccB: return .i32TruncSatF64S
        case .i32TruncSatF64UAccB: return .i32TruncSatF64U
        case .i64TruncSatF32SAccB: return .i64TruncSatF32S
        case .i64TruncSatF32UAccB: return .i64TruncSatF32U
        case .i64TruncSatF64SAccB: return .i64TruncSatF64S
        case .i64TruncSatF64UAccB: return .i64TruncSatF64U
        default: return self
        }
    }

    /// The branch that tests this comparison directly (`brIf` of its result), for compare-and-branch fusion.
    var fusedBranch: Op? {
        switch self {
        case .i32Eqz: return .brIfNot
        case .i64Eqz: return .brIfI64Eqz
        case .i32Eq: return .brIfI32Eq
        case .i32Ne: return .brIfI32Ne
        case .i32LtS: return .brIfI32LtS
        case .i32LtU: return .brIfI32LtU
        case .i32GtS: return .brIfI32GtS
        case .i32GtU: return .brIfI32GtU
        case .i32LeS: return .brIfI32LeS
        case .i32LeU: return .brIfI32LeU
        case .i32GeS: return .brIfI32GeS
        case .i32GeU: return .brIfI32GeU
        case .i64Eq: return .brIfI64Eq
        case .i64Ne: return .brIfI64Ne
        case .i64LtS: return .brIfI64LtS
        case .i64LtU: return .brIfI64LtU
        case .i64GtS: return .brIfI64GtS
        case .i64GtU: return .brIfI64GtU
        case .i64LeS: return .brIfI64LeS
        case .i64LeU: return .brIfI64LeU
        case .i64GeS: return .brIfI64GeS
        case .i64GeU: return .brIfI64GeU
        case .f32Eq: return .brIfF32Eq
        case .f32Ne: return .brIfF32Ne
        case .f32Lt: return .brIfF32Lt
        case .f32Gt: return .brIfF32Gt
        case .f32Le: return .brIfF32Le
        case .f32Ge: return .brIfF32Ge
        case .f64Eq: return .brIfF64Eq
        case .f64Ne: return .brIfF64Ne
        case .f64Lt: return .brIfF64Lt
        case .f64Gt: return .brIfF64Gt
        case .f64Le: return .brIfF64Le
        case .f64Ge: return .brIfF64Ge
        default: return nil
        }
    }

    /// The conditional branch taken exactly when this one is not (integer comparisons have exact negations).
    var negatedBranch: Op {
        switch self {
        case .brIf: return .brIfNot
        case .brIfNot: return .brIf
        case .brIfI64Eqz: return .brIfI64Nez
        case .brIfI64Nez: return .brIfI64Eqz
        case .brIfI32Eq: return .brIfI32Ne
        case .brIfI32Ne: return .brIfI32Eq
        case .brIfI32LtS: return .brIfI32GeS
        case .brIfI32LtU: return .brIfI32GeU
        case .brIfI32GtS: return .brIfI32LeS
        case .brIfI32GtU: return .brIfI32LeU
        case .brIfI32LeS: return .brIfI32GtS
        case .brIfI32LeU: return .brIfI32GtU
        case .brIfI32GeS: return .brIfI32LtS
        case .brIfI32GeU: return .brIfI32LtU
        case .brIfI64Eq: return .brIfI64Ne
        case .brIfI64Ne: return .brIfI64Eq
        case .brIfI64LtS: return .brIfI64GeS
        case .brIfI64LtU: return .brIfI64GeU
        case .brIfI64GtS: return .brIfI64LeS
        case .brIfI64GtU: return .brIfI64LeU
        case .brIfI64LeS: return .brIfI64GtS
        case .brIfI64LeU: return .brIfI64GtU
        case .brIfI64GeS: return .brIfI64LtS
        case .brIfI64GeU: return .brIfI64LtU
        case .brIfF32Eq: return .brIfNotF32Eq
        case .brIfNotF32Eq: return .brIfF32Eq
        case .brIfF32Ne: return .brIfNotF32Ne
        case .brIfNotF32Ne: return .brIfF32Ne
        case .brIfF32Lt: return .brIfNotF32Lt
        case .brIfNotF32Lt: return .brIfF32Lt
        case .brIfF32Gt: return .brIfNotF32Gt
        case .brIfNotF32Gt: return .brIfF32Gt
        case .brIfF32Le: return .brIfNotF32Le
        case .brIfNotF32Le: return .brIfF32Le
        case .brIfF32Ge: return .brIfNotF32Ge
        case .brIfNotF32Ge: return .brIfF32Ge
        case .brIfF64Eq: return .brIfNotF64Eq
        case .brIfNotF64Eq: return .brIfF64Eq
        case .brIfF64Ne: return .brIfNotF64Ne
        case .brIfNotF64Ne: return .brIfF64Ne
        case .brIfF64Lt: return .brIfNotF64Lt
        case .brIfNotF64Lt: return .brIfF64Lt
        case .brIfF64Gt: return .brIfNotF64Gt
        case .brIfNotF64Gt: return .brIfF64Gt
        case .brIfF64Le: return .brIfNotF64Le
        case .brIfNotF64Le: return .brIfF64Le
        case .brIfF64Ge: return .brIfNotF64Ge
        case .brIfNotF64Ge: return .brIfF64Ge
        default: preconditionFailure("not a conditional branch")
        }
    }
}
