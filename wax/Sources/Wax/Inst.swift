/// Wax's internal code: a register machine over the 64-bit slots of a frame. A frame holds the parameters, the
/// declared locals, the function's constants and then the operand stack (see `FunctionBody`); every operand is a
/// slot index relative to the frame, so `local.get` and constants cost nothing and most WebAssembly expressions
/// become one instruction. Instructions are 16 bytes: an opcode and three 32-bit fields whose meaning each `Op`
/// documents (`a` is the destination slot of every instruction that produces a value). Branch targets are
/// relative to the branch itself. A later compiler tier can start from the same form.
///
/// The accumulator: every instruction that produces a value into slot a (`Op.setsAccumulator`) also leaves it in a
/// register, and the instruction right after it reads an operand that is that value from the register instead of
/// the slot: the variant named `...AccA`, `...AccB` or `...AccC` after the field it replaces. This spares the
/// store-to-load round trip through memory between consecutive instructions of an expression.
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

    /// The fields of an instruction that may hold operand slots.
    enum Field { case a, b, c }

    subscript(field: Field) -> Int32 {
        switch field {
        case .a: return a
        case .b: return b
        case .c: return c
        }
    }
}

enum Op: UInt16 {
    // Control.
    case unreachable
    /// Forward jump to c.
    case jump
    /// Backward jump to c (a loop's back edge): counts a tick.
    case loopJump
    /// Branches to c when slot a (an i32) is not zero; a backward branch counts a tick.
    case brIf
    case brIfAccA
    /// Branches to c when slot a is zero.
    case brIfNot
    case brIfNotAccA
    /// Branches to c when slot a (an i64) is zero, or not zero.
    case brIfI64Eqz
    case brIfI64EqzAccA
    case brIfI64Nez
    case brIfI64NezAccA
    /// Branches to c when the comparison of slots a and b holds: a compare and a `br_if` in one.
    // generated: integer branches
    case brIfI32Eq
    case brIfI32EqAccA
    case brIfI32EqAccB
    case brIfI32Ne
    case brIfI32NeAccA
    case brIfI32NeAccB
    case brIfI32LtS
    case brIfI32LtSAccA
    case brIfI32LtSAccB
    case brIfI32LtU
    case brIfI32LtUAccA
    case brIfI32LtUAccB
    case brIfI32GtS
    case brIfI32GtSAccA
    case brIfI32GtSAccB
    case brIfI32GtU
    case brIfI32GtUAccA
    case brIfI32GtUAccB
    case brIfI32LeS
    case brIfI32LeSAccA
    case brIfI32LeSAccB
    case brIfI32LeU
    case brIfI32LeUAccA
    case brIfI32LeUAccB
    case brIfI32GeS
    case brIfI32GeSAccA
    case brIfI32GeSAccB
    case brIfI32GeU
    case brIfI32GeUAccA
    case brIfI32GeUAccB
    case brIfI64Eq
    case brIfI64EqAccA
    case brIfI64EqAccB
    case brIfI64Ne
    case brIfI64NeAccA
    case brIfI64NeAccB
    case brIfI64LtS
    case brIfI64LtSAccA
    case brIfI64LtSAccB
    case brIfI64LtU
    case brIfI64LtUAccA
    case brIfI64LtUAccB
    case brIfI64GtS
    case brIfI64GtSAccA
    case brIfI64GtSAccB
    case brIfI64GtU
    case brIfI64GtUAccA
    case brIfI64GtUAccB
    case brIfI64LeS
    case brIfI64LeSAccA
    case brIfI64LeSAccB
    case brIfI64LeU
    case brIfI64LeUAccA
    case brIfI64LeUAccB
    case brIfI64GeS
    case brIfI64GeSAccA
    case brIfI64GeSAccB
    case brIfI64GeU
    case brIfI64GeUAccA
    case brIfI64GeUAccB
    // end generated: integer branches
    /// Branches to c when the comparison of floats in slots a and b holds, or does not hold (NaN makes them
    /// differ).
    // generated: float branches
    case brIfF32Eq
    case brIfF32EqAccA
    case brIfF32EqAccB
    case brIfNotF32Eq
    case brIfNotF32EqAccA
    case brIfNotF32EqAccB
    case brIfF32Ne
    case brIfF32NeAccA
    case brIfF32NeAccB
    case brIfNotF32Ne
    case brIfNotF32NeAccA
    case brIfNotF32NeAccB
    case brIfF32Lt
    case brIfF32LtAccA
    case brIfF32LtAccB
    case brIfNotF32Lt
    case brIfNotF32LtAccA
    case brIfNotF32LtAccB
    case brIfF32Gt
    case brIfF32GtAccA
    case brIfF32GtAccB
    case brIfNotF32Gt
    case brIfNotF32GtAccA
    case brIfNotF32GtAccB
    case brIfF32Le
    case brIfF32LeAccA
    case brIfF32LeAccB
    case brIfNotF32Le
    case brIfNotF32LeAccA
    case brIfNotF32LeAccB
    case brIfF32Ge
    case brIfF32GeAccA
    case brIfF32GeAccB
    case brIfNotF32Ge
    case brIfNotF32GeAccA
    case brIfNotF32GeAccB
    case brIfF64Eq
    case brIfF64EqAccA
    case brIfF64EqAccB
    case brIfNotF64Eq
    case brIfNotF64EqAccA
    case brIfNotF64EqAccB
    case brIfF64Ne
    case brIfF64NeAccA
    case brIfF64NeAccB
    case brIfNotF64Ne
    case brIfNotF64NeAccA
    case brIfNotF64NeAccB
    case brIfF64Lt
    case brIfF64LtAccA
    case brIfF64LtAccB
    case brIfNotF64Lt
    case brIfNotF64LtAccA
    case brIfNotF64LtAccB
    case brIfF64Gt
    case brIfF64GtAccA
    case brIfF64GtAccB
    case brIfNotF64Gt
    case brIfNotF64GtAccA
    case brIfNotF64GtAccB
    case brIfF64Le
    case brIfF64LeAccA
    case brIfF64LeAccB
    case brIfNotF64Le
    case brIfNotF64LeAccA
    case brIfNotF64LeAccB
    case brIfF64Ge
    case brIfF64GeAccA
    case brIfF64GeAccB
    case brIfNotF64Ge
    case brIfNotF64GeAccA
    case brIfNotF64GeAccB
    // end generated: float branches
    /// Slot a = slot b + slot c (`i32.add`), then a branch to `next.c` when the sum compares (`brIf` / `brIfNot`: is
    /// not zero / is zero) with slot `next.a` (a loop's step and test in one instruction).
    // generated: additions and branches
    case i32AddBrIf
    case i32AddBrIfNot
    case i32AddBrIfEq
    case i32AddBrIfNe
    case i32AddBrIfLtS
    case i32AddBrIfLtU
    case i32AddBrIfGtS
    case i32AddBrIfGtU
    case i32AddBrIfLeS
    case i32AddBrIfLeU
    case i32AddBrIfGeS
    case i32AddBrIfGeU
    // end generated: additions and branches
    /// Slot a indexes the c entries of the module's branch table starting at b (the last one is the default);
    /// an entry is an absolute code position.
    case brTable
    /// Copies the b slots starting at a to the frame's first slots (the results) and returns.
    case ret
    /// Returns the accumulator, the only result.
    case retAccumulator
    /// Calls function a of the module's function index space; its arguments are the slots from b on, where the
    /// callee's frame starts and its results land.
    case call
    /// Calls through table c the function of type a whose table index is in slot `next.a`; arguments as `call`.
    /// With c = `Inst.referenceTable` (call_ref, and return_call_ref as `returnCallIndirect`), slot `next.a`
    /// holds the function's reference instead.
    case callIndirect
    /// Carries more operands for the instruction before it; never executed.
    case operand
    /// Throws a new exception of tag a (of the module's tags) with the payload in the slots from b on.
    case throwTag
    /// Throws the exception referenced by slot a again.
    case throwRef
    /// Throws on the exception a host function ended with (`Store.pendingThrow`); never in a module's code.
    case throwPending
    /// Runs the native code of defined function a on its frame, then returns from it: after a module's code, one
    /// per function, entered in place of the function's own code on the native engine (`NativeCode.bodies`).
    case native
    /// Slots a..<a+b = 0: the declared locals of a function with too many for its frame image.
    case zeroSlots
    /// Slots a..<a+c = slots b..<b+c, with a below b: a branch's values moved to its label.
    case copySlots

    // Slots, globals and memory.
    /// Slot a = slot b.
    case copy
    case copyAccB
    /// Slot a = the 64-bit constant b (low half) and c (high half).
    case const64
    /// Slot a = slot `next.a` (an i32) != 0 ? slot b : slot c.
    case select
    /// Slot a = global b.
    case globalGet
    /// Global b = slot a.
    case globalSet
    case globalSetAccA
    /// Slot a = memory at slot b (an address) + c (the static offset, unsigned). Floats load as the same-sized
    /// integers (a slot holds a float's bits); unsigned i64 loads as the i32 ones (slots are zero-extended).
    // generated: loads
    case i32Load
    case i32LoadAccB
    case i64Load
    case i64LoadAccB
    case i32Load8S
    case i32Load8SAccB
    case i32Load8U
    case i32Load8UAccB
    case i32Load16S
    case i32Load16SAccB
    case i32Load16U
    case i32Load16UAccB
    case i64Load8S
    case i64Load8SAccB
    case i64Load16S
    case i64Load16SAccB
    case i64Load32S
    case i64Load32SAccB
    // end generated: loads
    /// Slot a = memory at slot b + slot c (an i32 sum that wraps, as `i32.add` does); no static offset.
    // generated: indexed loads
    case i32LoadIndexed
    case i32LoadIndexedAccB
    case i32LoadIndexedAccC
    case i64LoadIndexed
    case i64LoadIndexedAccB
    case i64LoadIndexedAccC
    case i32Load8SIndexed
    case i32Load8SIndexedAccB
    case i32Load8SIndexedAccC
    case i32Load8UIndexed
    case i32Load8UIndexedAccB
    case i32Load8UIndexedAccC
    case i32Load16SIndexed
    case i32Load16SIndexedAccB
    case i32Load16SIndexedAccC
    case i32Load16UIndexed
    case i32Load16UIndexedAccB
    case i32Load16UIndexedAccC
    case i64Load8SIndexed
    case i64Load8SIndexedAccB
    case i64Load8SIndexedAccC
    case i64Load16SIndexed
    case i64Load16SIndexedAccB
    case i64Load16SIndexedAccC
    case i64Load32SIndexed
    case i64Load32SIndexedAccB
    case i64Load32SIndexedAccC
    // end generated: indexed loads
    /// Memory at slot a (an address) + c (the static offset) = slot b, truncated to the size; the same for every
    /// value type.
    // generated: stores
    case i32Store
    case i32StoreAccA
    case i32StoreAccB
    case i64Store
    case i64StoreAccA
    case i64StoreAccB
    case i32Store8
    case i32Store8AccA
    case i32Store8AccB
    case i32Store16
    case i32Store16AccA
    case i32Store16AccB
    // end generated: stores
    /// Memory at slot a + slot b (an i32 sum that wraps) = slot c; no static offset.
    // generated: indexed stores
    case i32StoreIndexed
    case i32StoreIndexedAccA
    case i32StoreIndexedAccB
    case i32StoreIndexedAccC
    case i64StoreIndexed
    case i64StoreIndexedAccA
    case i64StoreIndexedAccB
    case i64StoreIndexedAccC
    case i32Store8Indexed
    case i32Store8IndexedAccA
    case i32Store8IndexedAccB
    case i32Store8IndexedAccC
    case i32Store16Indexed
    case i32Store16IndexedAccA
    case i32Store16IndexedAccB
    case i32Store16IndexedAccC
    // end generated: indexed stores
    /// Slot a = the memory's size in pages.
    case memorySize
    /// Slot a = the old size of memory c after growing it by slot b pages, or -1.
    case memoryGrow
    /// The operands of these are the stack slots from a on, in WebAssembly's order; results go to a.
    case memoryFill
    case memoryCopy
    /// Data segment b into memory c.
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

    // Numeric instructions: slot a = op(slot b) or op(slot b, slot c); see NumericOp for their types and
    // NumericSemantics for what they compute.
    // generated: numeric instructions
    case i32Eqz
    case i32EqzAccB
    case i64Eqz
    case i64EqzAccB
    case i32Eq
    case i32EqAccB
    case i32EqAccC
    case i32Ne
    case i32NeAccB
    case i32NeAccC
    case i32LtS
    case i32LtSAccB
    case i32LtSAccC
    case i32LtU
    case i32LtUAccB
    case i32LtUAccC
    case i32GtS
    case i32GtSAccB
    case i32GtSAccC
    case i32GtU
    case i32GtUAccB
    case i32GtUAccC
    case i32LeS
    case i32LeSAccB
    case i32LeSAccC
    case i32LeU
    case i32LeUAccB
    case i32LeUAccC
    case i32GeS
    case i32GeSAccB
    case i32GeSAccC
    case i32GeU
    case i32GeUAccB
    case i32GeUAccC
    case i64Eq
    case i64EqAccB
    case i64EqAccC
    case i64Ne
    case i64NeAccB
    case i64NeAccC
    case i64LtS
    case i64LtSAccB
    case i64LtSAccC
    case i64LtU
    case i64LtUAccB
    case i64LtUAccC
    case i64GtS
    case i64GtSAccB
    case i64GtSAccC
    case i64GtU
    case i64GtUAccB
    case i64GtUAccC
    case i64LeS
    case i64LeSAccB
    case i64LeSAccC
    case i64LeU
    case i64LeUAccB
    case i64LeUAccC
    case i64GeS
    case i64GeSAccB
    case i64GeSAccC
    case i64GeU
    case i64GeUAccB
    case i64GeUAccC
    case f32Eq
    case f32EqAccB
    case f32EqAccC
    case f32Ne
    case f32NeAccB
    case f32NeAccC
    case f32Lt
    case f32LtAccB
    case f32LtAccC
    case f32Gt
    case f32GtAccB
    case f32GtAccC
    case f32Le
    case f32LeAccB
    case f32LeAccC
    case f32Ge
    case f32GeAccB
    case f32GeAccC
    case f64Eq
    case f64EqAccB
    case f64EqAccC
    case f64Ne
    case f64NeAccB
    case f64NeAccC
    case f64Lt
    case f64LtAccB
    case f64LtAccC
    case f64Gt
    case f64GtAccB
    case f64GtAccC
    case f64Le
    case f64LeAccB
    case f64LeAccC
    case f64Ge
    case f64GeAccB
    case f64GeAccC
    case i32Clz
    case i32ClzAccB
    case i32Ctz
    case i32CtzAccB
    case i32Popcnt
    case i32PopcntAccB
    case i64Clz
    case i64ClzAccB
    case i64Ctz
    case i64CtzAccB
    case i64Popcnt
    case i64PopcntAccB
    case f32Abs
    case f32AbsAccB
    case f32Neg
    case f32NegAccB
    case f32Ceil
    case f32CeilAccB
    case f32Floor
    case f32FloorAccB
    case f32Trunc
    case f32TruncAccB
    case f32Nearest
    case f32NearestAccB
    case f32Sqrt
    case f32SqrtAccB
    case f64Abs
    case f64AbsAccB
    case f64Neg
    case f64NegAccB
    case f64Ceil
    case f64CeilAccB
    case f64Floor
    case f64FloorAccB
    case f64Trunc
    case f64TruncAccB
    case f64Nearest
    case f64NearestAccB
    case f64Sqrt
    case f64SqrtAccB
    case i32Extend8S
    case i32Extend8SAccB
    case i32Extend16S
    case i32Extend16SAccB
    case i64Extend8S
    case i64Extend8SAccB
    case i64Extend16S
    case i64Extend16SAccB
    case i64Extend32S
    case i64Extend32SAccB
    case i32Add
    case i32AddAccB
    case i32AddAccC
    case i32Sub
    case i32SubAccB
    case i32SubAccC
    case i32Mul
    case i32MulAccB
    case i32MulAccC
    case i32DivS
    case i32DivSAccB
    case i32DivSAccC
    case i32DivU
    case i32DivUAccB
    case i32DivUAccC
    case i32RemS
    case i32RemSAccB
    case i32RemSAccC
    case i32RemU
    case i32RemUAccB
    case i32RemUAccC
    case i32And
    case i32AndAccB
    case i32AndAccC
    case i32Or
    case i32OrAccB
    case i32OrAccC
    case i32Xor
    case i32XorAccB
    case i32XorAccC
    case i32Shl
    case i32ShlAccB
    case i32ShlAccC
    case i32ShrS
    case i32ShrSAccB
    case i32ShrSAccC
    case i32ShrU
    case i32ShrUAccB
    case i32ShrUAccC
    case i32Rotl
    case i32RotlAccB
    case i32RotlAccC
    case i32Rotr
    case i32RotrAccB
    case i32RotrAccC
    case i64Add
    case i64AddAccB
    case i64AddAccC
    case i64Sub
    case i64SubAccB
    case i64SubAccC
    case i64Mul
    case i64MulAccB
    case i64MulAccC
    case i64DivS
    case i64DivSAccB
    case i64DivSAccC
    case i64DivU
    case i64DivUAccB
    case i64DivUAccC
    case i64RemS
    case i64RemSAccB
    case i64RemSAccC
    case i64RemU
    case i64RemUAccB
    case i64RemUAccC
    case i64And
    case i64AndAccB
    case i64AndAccC
    case i64Or
    case i64OrAccB
    case i64OrAccC
    case i64Xor
    case i64XorAccB
    case i64XorAccC
    case i64Shl
    case i64ShlAccB
    case i64ShlAccC
    case i64ShrS
    case i64ShrSAccB
    case i64ShrSAccC
    case i64ShrU
    case i64ShrUAccB
    case i64ShrUAccC
    case i64Rotl
    case i64RotlAccB
    case i64RotlAccC
    case i64Rotr
    case i64RotrAccB
    case i64RotrAccC
    case f32Add
    case f32AddAccB
    case f32AddAccC
    case f32Sub
    case f32SubAccB
    case f32SubAccC
    case f32Mul
    case f32MulAccB
    case f32MulAccC
    case f32Div
    case f32DivAccB
    case f32DivAccC
    case f32Min
    case f32MinAccB
    case f32MinAccC
    case f32Max
    case f32MaxAccB
    case f32MaxAccC
    case f32Copysign
    case f32CopysignAccB
    case f32CopysignAccC
    case f64Add
    case f64AddAccB
    case f64AddAccC
    case f64Sub
    case f64SubAccB
    case f64SubAccC
    case f64Mul
    case f64MulAccB
    case f64MulAccC
    case f64Div
    case f64DivAccB
    case f64DivAccC
    case f64Min
    case f64MinAccB
    case f64MinAccC
    case f64Max
    case f64MaxAccB
    case f64MaxAccC
    case f64Copysign
    case f64CopysignAccB
    case f64CopysignAccC
    case i32WrapI64
    case i32WrapI64AccB
    case i32TruncF32S
    case i32TruncF32SAccB
    case i32TruncF32U
    case i32TruncF32UAccB
    case i32TruncF64S
    case i32TruncF64SAccB
    case i32TruncF64U
    case i32TruncF64UAccB
    case i64ExtendI32S
    case i64ExtendI32SAccB
    case i64ExtendI32U
    case i64ExtendI32UAccB
    case i64TruncF32S
    case i64TruncF32SAccB
    case i64TruncF32U
    case i64TruncF32UAccB
    case i64TruncF64S
    case i64TruncF64SAccB
    case i64TruncF64U
    case i64TruncF64UAccB
    case f32ConvertI32S
    case f32ConvertI32SAccB
    case f32ConvertI32U
    case f32ConvertI32UAccB
    case f32ConvertI64S
    case f32ConvertI64SAccB
    case f32ConvertI64U
    case f32ConvertI64UAccB
    case f32DemoteF64
    case f32DemoteF64AccB
    case f64ConvertI32S
    case f64ConvertI32SAccB
    case f64ConvertI32U
    case f64ConvertI32UAccB
    case f64ConvertI64S
    case f64ConvertI64SAccB
    case f64ConvertI64U
    case f64ConvertI64UAccB
    case f64PromoteF32
    case f64PromoteF32AccB
    case i32TruncSatF32S
    case i32TruncSatF32SAccB
    case i32TruncSatF32U
    case i32TruncSatF32UAccB
    case i32TruncSatF64S
    case i32TruncSatF64SAccB
    case i32TruncSatF64U
    case i32TruncSatF64UAccB
    case i64TruncSatF32S
    case i64TruncSatF32SAccB
    case i64TruncSatF32U
    case i64TruncSatF32UAccB
    case i64TruncSatF64S
    case i64TruncSatF64SAccB
    case i64TruncSatF64U
    case i64TruncSatF64UAccB
    // end generated: numeric instructions

    // WebAssembly 3.0, rare enough to be out of line.
    /// Tail calls: as `call` and `callIndirect` (whose element slot is `next.a`), with the number of arguments
    /// in c (in `next.b` for return_call_indirect); the callee takes over the frame and the return address.
    case returnCall
    case returnCallIndirect
    /// Typed function references: a trap when slot a is null. (call_ref and return_call_ref are `callIndirect`
    /// and `returnCallIndirect` through table `Inst.referenceTable`.)
    case refAsNonNull
    /// Memory `next.a` other than memory 0, accessed as the memory-0 instruction `next.b` (an `Op` raw value:
    /// `i32Load`...`i64Load32S`, `i32Store`...`i32Store16`) with its fields.
    case memoryLoad
    case memoryStore
    /// Slot a = the size in pages of memory b.
    case memorySizeOf
    /// memory.fill of memory c; operands from slot a on.
    case memoryFillOf
    /// memory.copy from memory b to memory c; operands from slot a on.
    case memoryCopyBetween
    /// A SIMD instruction or a move of v128 values, three words (see `SimdInstruction`).
    case simd
    /// A GC instruction, two words (see `GCOp`).
    case gc
}
