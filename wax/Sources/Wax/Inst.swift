/// Wax's internal code: a register machine over the 64-bit slots of a frame. A frame holds the parameters, the
/// declared locals, the function's constants and then the operand stack (see `FunctionBody`); every operand is a
/// slot index relative to the frame, so `local.get` and constants cost nothing and most WebAssembly expressions
/// become one instruction. Instructions are 16 bytes: an opcode and three 32-bit fields whose meaning each `Op`
/// documents (`a` is the destination slot of every instruction that produces a value). Branch targets are
/// relative to the branch itself. A later compiler tier can start from the same form.
struct Inst {
    var op: Op
    var a: Int32
    var b: Int32
    var c: Int32

    init(_ op: Op, _ a: Int32 = 0, _ b: Int32 = 0, _ c: Int32 = 0) {
        self.op = op
        self.a = a
        self.b = b
        self.c = c
    }
}

enum Op: UInt8 {
    // Control.
    case unreachable
    /// Forward jump to c.
    case jump
    /// Backward jump to c (a loop's back edge): counts a tick.
    case loopJump
    /// Branches to c when slot a (an i32) is not zero; a backward branch counts a tick.
    case brIf
    /// Branches to c when slot a is zero.
    case brIfNot
    /// Branches to c when slot a (an i64) is zero, or not zero.
    case brIfI64Eqz
    case brIfI64Nez
    /// Branches to c when the comparison of slots a and b holds: a compare and a `br_if` in one.
    case brIfI32Eq
    case brIfI32Ne
    case brIfI32LtS
    case brIfI32LtU
    case brIfI32GtS
    case brIfI32GtU
    case brIfI32LeS
    case brIfI32LeU
    case brIfI32GeS
    case brIfI32GeU
    case brIfI64Eq
    case brIfI64Ne
    case brIfI64LtS
    case brIfI64LtU
    case brIfI64GtS
    case brIfI64GtU
    case brIfI64LeS
    case brIfI64LeU
    case brIfI64GeS
    case brIfI64GeU
    /// Slot a indexes the c entries of the module's branch table starting at b (the last one is the default);
    /// an entry is an absolute code position.
    case brTable
    /// Copies the b slots starting at a to the frame's first slots (the results) and returns.
    case ret
    /// Calls function a of the module's function index space; its arguments are the slots from b on, where the
    /// callee's frame starts and its results land.
    case call
    /// Calls through table c the function of type a whose table index is in slot `next.a`; arguments as `call`.
    case callIndirect
    /// Carries more operands for the instruction before it; never executed.
    case operand

    // Slots, globals and memory.
    /// Slot a = slot b.
    case copy
    /// Slot a = the 64-bit constant b (low half) and c (high half).
    case const64
    /// Slot a = slot `next.a` (an i32) != 0 ? slot b : slot c.
    case select
    /// Slot a = global b.
    case globalGet
    /// Global b = slot a.
    case globalSet
    /// Slot a = memory at slot b (an address) + c (the static offset, unsigned). (f32 and f64 use the i32 and i64
    /// forms: a slot holds a float's bits.)
    case i32Load
    case i64Load
    case i32Load8S
    case i32Load8U
    case i32Load16S
    case i32Load16U
    case i64Load8S
    case i64Load8U
    case i64Load16S
    case i64Load16U
    case i64Load32S
    case i64Load32U
    /// Memory at slot a (an address) + c (the static offset) = slot b. (f32 and f64 use the i32 and i64 forms.)
    case i32Store
    case i64Store
    case i32Store8
    case i32Store16
    case i64Store8
    case i64Store16
    case i64Store32
    /// Slot a = the memory's size in pages.
    case memorySize
    /// Slot a = the old size after growing by slot b pages, or -1.
    case memoryGrow
    /// The operands of these are the stack slots from a on, in WebAssembly's order; results go to a.
    case memoryFill
    case memoryCopy
    /// Data segment b.
    case memoryInit
    /// Drops data segment b.
    case dataDrop
    /// Slot a = slot b is a null reference.
    case refIsNull
    /// Slot a = a reference to function b.
    case refFunc
    /// Slot a = element slot b of table c.
    case tableGet
    /// Element slot a of table c = slot b.
    case tableSet
    /// Slot a = the size of table c.
    case tableSize
    /// Table c; operands from slot a on, like memoryFill.
    case tableGrow
    case tableFill
    /// From table b to table c.
    case tableCopy
    /// Element segment b into table c.
    case tableInit
    /// Drops element segment b.
    case elemDrop

    // Numeric instructions: slot a = op(slot b) or op(slot b, slot c); see NumericOp for their types.
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
    case i32TruncSatF32S
    case i32TruncSatF32U
    case i32TruncSatF64S
    case i32TruncSatF64U
    case i64TruncSatF32S
    case i64TruncSatF32U
    case i64TruncSatF64S
    case i64TruncSatF64U
}

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
}

extension Op {
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
        case .brIfI32GeS: return .brIfI32LtS
        case .brIfI32LtU: return .brIfI32GeU
        case .brIfI32GeU: return .brIfI32LtU
        case .brIfI32GtS: return .brIfI32LeS
        case .brIfI32LeS: return .brIfI32GtS
        case .brIfI32GtU: return .brIfI32LeU
        case .brIfI32LeU: return .brIfI32GtU
        case .brIfI64Eq: return .brIfI64Ne
        case .brIfI64Ne: return .brIfI64Eq
        case .brIfI64LtS: return .brIfI64GeS
        case .brIfI64GeS: return .brIfI64LtS
        case .brIfI64LtU: return .brIfI64GeU
        case .brIfI64GeU: return .brIfI64LtU
        case .brIfI64GtS: return .brIfI64LeS
        case .brIfI64LeS: return .brIfI64GtS
        case .brIfI64GtU: return .brIfI64LeU
        case .brIfI64LeU: return .brIfI64GtU
        default: preconditionFailure("not a conditional branch")
        }
    }
}
