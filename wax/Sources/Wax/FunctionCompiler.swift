import WasmParser
import WasmTypes

/// Validates one function body (the algorithm of the spec's validation appendix) and translates it to register
/// code (`Inst`) in the same pass. Every operand the validator tracks also records the slot that holds its value:
/// its own stack slot, or the local or constant it was read from, so that `local.get` and constants emit nothing
/// and the instruction that consumes them reads the local or constant directly. A local read stays lazy only
/// until something could change the local (a write to it, the start of a block); then it is copied to its own
/// slot. Results are written to the next stack slot, or straight into the local a following `local.set` names.
/// An instruction whose result the next one consumes at once may merge into it: a comparison into `br_if` or `if`
/// (compare-and-branch), an `i32.add` into a memory access without offset (indexed access) or into a branch on the
/// sum (a loop's step and test); otherwise the next instruction reads that result from the accumulator (`emit`).
struct FunctionCompiler: AnyInstructionVisitor {
    typealias VisitorError = ModuleError

    struct Operand {
        /// nil: the unknown type of unreachable code.
        var type: ValueType?
        /// Where the value is: its own stack slot, a local's slot or a constant's slot.
        var slot: Int32
    }

    enum FrameKind { case function, block, loop, `if`, `else`, tryTable, legacyTry, legacyCatch, legacyCatchAll }

    /// Where a forward branch must receive its target once the block's end is known.
    enum Patch {
        case code(Int)
        case branchTable(Int)
        /// A catch clause's target (an index into `tryTables.catches`).
        case handler(Int)
    }

    struct ControlFrame {
        var kind: FrameKind
        var parameters: [ValueType]
        var results: [ValueType]
        /// Operand stack height below the block's parameters.
        var height: Int
        var unreachable = false
        /// False for a block entered in unreachable code: nothing in it is emitted.
        var live: Bool
        /// Code position of a loop's first instruction (its branch target).
        var start: Int
        /// Position of an `if`'s conditional branch, patched at `else` or `end`.
        var ifJump: Int?
        var patches: [Patch] = []
        /// The br_table (`brTables`) that last visited this label, and what it found: whether the values are in
        /// place for it, and its stub (see `brTable`).
        var brTableMark = 0
        var brTableInPlace = false
        var brTableStub = -1
        /// How many entries of `initializedLocals` were there when the block began.
        var initialized = 0
        /// How many legacy catch frames are below this one: the level of its catches' reference slot.
        var catchesBelow = 0

        var labelTypes: [ValueType] { kind == .loop ? parameters : results }
    }

    /// What a conditional branch tests: a branch opcode and its operand slots.
    struct Condition {
        var op: Op
        var a: Int32
        var b: Int32 = 0

        var negated: Condition { Condition(op: op.negatedBranch, a: a, b: b) }
    }

    /// Lazy local reads only below this stack height, which bounds the search for them on every local write.
    static let lazyLocalHeight = 64
    /// At most this many distinct constants get a slot of their own (copied into every frame of the function).
    static let maxConstants = 64

    var binaryOffset: Int = 0
    let parts: ModuleParts
    let functionIndex: Int
    let type: FunctionType
    /// Parameters and declared locals: their types, by local index.
    let locals: LocalTypes
    /// The constants with a slot, ascending; constant i is in slot `locals.count + i`.
    let constants: [UInt64]
    /// Slot of operand stack position 0.
    let stackBase: Int
    var operands: [Operand] = []
    var controls: [ControlFrame] = []
    var code: [Inst]
    /// The accumulator variants in `code` whose operand read from the accumulator is a stack temporary that nothing
    /// reads after them (not left on the operand stack), so that its slot need not hold it: the native tier then
    /// leaves the producer's store out. Every instruction removed from the end of `code` takes its bit with it
    /// (`removeLastInstruction`), so that the bits follow the fusions.
    var accumulatorDies: PositionBits
    var branchTables: [Int32]
    let entry: Int
    var maxOperands = 0
    /// Code position of the latest branch target: instructions on either side of it are never merged.
    var label = 0
    /// Counts the passes over br_table labels, to mark the labels a pass has seen.
    var brTables = 0
    /// The function's try_tables, closed ones (see `ExceptionHandlers`), and the open ones (`OpenTryTables`).
    var tryTables = ExceptionHandlers()
    var openTryTables = OpenTryTables()
    /// The module's legacy exception instructions and the next one to meet (see `LegacyExceptions`).
    let legacy: LegacyExceptions
    var legacyCursor: LegacyExceptions.Cursor
    /// The open legacy `try`s, and the slots where catches keep their exceptions: after the constants.
    var legacyTries: [LegacyTry] = []
    let legacyReferenceBase: Int
    let legacyReferenceSlots: Int
    /// The locals without a default value set so far in the open blocks (see `initialize`).
    var initializedLocals: [Int] = []
    /// Whether the function may hold v128 values: then every move of a value moves its shadow too (a
    /// `SimdInstruction`), the accumulator is not used, and the native tier leaves the function to the
    /// interpreter (it does not compile `Op.simd`, which such a function starts with).
    let wide: Bool

    init(parts: ModuleParts, functionIndex: Int, code: [Inst], accumulatorDies: PositionBits, branchTables: [Int32],
         locals declared: [(count: Int, type: WasmTypes.ValueType)], constants: [UInt64],
         holdsVectors: Bool = false, legacy: LegacyExceptions = LegacyExceptions(),
         legacyCursor: LegacyExceptions.Cursor = LegacyExceptions.Cursor(), legacyReferenceSlots: Int = 0)
        throws(ModuleError) {
        self.parts = parts
        self.legacy = legacy
        self.legacyCursor = legacyCursor
        self.functionIndex = functionIndex
        self.type = parts.types[parts.functionTypes[functionIndex]]
        self.code = code
        self.accumulatorDies = accumulatorDies
        self.branchTables = branchTables
        self.entry = code.count
        self.constants = constants
        locals = try LocalTypes(parameters: type.parameters, declared: declared)
        for run in declared {
            try TypeConversion.checkIndexes([try TypeConversion.valueType(run.type)], below: parts.types.count)
        }
        legacyReferenceBase = locals.count + constants.count
        self.legacyReferenceSlots = legacyReferenceSlots
        stackBase = legacyReferenceBase + legacyReferenceSlots
        let declaredCount = locals.count - type.parameters.count
        var wide = holdsVectors
        for run in declared where run.type == .v128 { wide = true }
        self.wide = wide
        if declaredCount > FunctionCompiler.imageLocals {
            self.code.append(Inst(.zeroSlots, Int32(type.parameters.count), Int32(declaredCount)))
        }
        if wide {
            self.code += SimdInstruction.make(.zeroShadows, a: Int32(type.parameters.count), imm: Int32(declaredCount))
        }
        label = self.code.count
        controls.append(ControlFrame(kind: .function, parameters: [], results: type.results, height: 0, live: true,
                                     start: self.code.count))
    }

    /// Declared locals up to this many are zeroed by the frame image, copied on every call with the constants;
    /// beyond it, by a `zeroSlots` instruction at the function's entry, so that the image (kept for the module's
    /// life) never grows with the declared locals (4,000 functions of 50,000 locals would take 1.6 GB).
    static let imageLocals = 16

    /// Checks that the body ended where it should and returns the translated function with its frame image
    /// (zeroed declared locals unless `zeroSlots` clears them, then the constants).
    func finish() throws(ModuleError)
        -> (body: FunctionBody, image: [UInt64], code: [Inst], accumulatorDies: PositionBits, branchTables: [Int32]) {
        guard controls.isEmpty else {
            throw ModuleError(.malformed, "unexpected end of function body: END opcode expected", offset: binaryOffset)
        }
        let declaredCount = locals.count - type.parameters.count
        let zeroedByImage = declaredCount <= FunctionCompiler.imageLocals ? declaredCount : 0
        var image = [UInt64](repeating: 0, count: zeroedByImage) + constants
        // An even length, which the interpreter copies two slots at a time; the extra slot is the first operand's.
        if image.count % 2 == 1 { image.append(0) }
        let imageSlot = locals.count - zeroedByImage
        let body = FunctionBody(
            entry: Int32(entry), imageSlot: Int32(imageSlot), image: 0, imageCount: Int32(image.count),
            frameSize: Int32(max(stackBase + maxOperands, imageSlot + image.count)))
        return (body, image, code, accumulatorDies, branchTables)
    }

    /// The constants of a body worth a slot: the most frequent ones, at most `maxConstants`, ascending.
    static func constants(of body: Code) -> (values: [UInt64], usesSimd: Bool) {
        var collector = ConstantCollector()
        var expression = ExpressionParser(code: body)
        // Errors are left to the translating pass, which reports them.
        while let visit = try? expression.parse() { visit(visitor: &collector) }
        var values = collector.values
        values.sort()
        var counted: [(value: UInt64, count: Int)] = []
        for value in values {
            if let last = counted.last, last.value == value {
                counted[counted.count - 1].count += 1
            } else {
                counted.append((value, 1))
            }
        }
        if counted.count > maxConstants {
            counted.sort { $0.count > $1.count || ($0.count == $1.count && $0.value < $1.value) }
            counted.removeLast(counted.count - maxConstants)
            counted.sort { $0.value < $1.value }
        }
        return (counted.map { $0.value }, collector.usesSimd)
    }

    // MARK: Operand stack

    func error(_ reason: String) -> ModuleError { ModuleError(.invalid, reason, offset: binaryOffset) }

    /// Whether code at this point can run; unreachable code is validated but not emitted.
    var emitting: Bool {
        let frame = controls[controls.count - 1]
        return frame.live && !frame.unreachable
    }

    func slot(ofPosition position: Int) -> Int32 { Int32(stackBase + position) }

    func isLocal(_ slot: Int32) -> Bool { Int(slot) < locals.count }

    mutating func push(_ operand: Operand) {
        // A value pushed back after the last instruction read it from the accumulator (local.tee keeps it, a
        // check passes it on) is read again from its slot.
        if let last = code.indices.last, accumulatorDies[last], code[last - 1].a == operand.slot {
            accumulatorDies[last] = false
        }
        pushProduced(operand)
    }

    /// Pushes a value the last instruction wrote (which may reuse the slot of an operand it consumed).
    private mutating func pushProduced(_ operand: Operand) {
        operands.append(operand)
        if operands.count > maxOperands { maxOperands = operands.count }
    }

    /// Pushes a value computed into its own slot.
    mutating func push(_ type: ValueType?) {
        push(Operand(type: type, slot: slot(ofPosition: operands.count)))
    }

    mutating func push(_ types: [ValueType]) {
        for t in types { push(t) }
    }

    mutating func pop() throws(ModuleError) -> Operand {
        let frame = controls[controls.count - 1]
        if operands.count == frame.height {
            if frame.unreachable { return Operand(type: nil, slot: slot(ofPosition: operands.count)) }
            throw error("type mismatch: operand stack underflow")
        }
        return operands.removeLast()
    }

    @discardableResult
    mutating func pop(_ expected: ValueType) throws(ModuleError) -> Operand {
        var operand = try pop()
        if let actual = operand.type, !actual.isSubtype(of: expected, types: parts.definedTypes) {
            throw error("type mismatch: expected \(expected.name), found \(actual.name)")
        }
        operand.type = expected
        return operand
    }

    mutating func pop(_ types: [ValueType]) throws(ModuleError) {
        for t in types.reversed() { try pop(t) }
    }

    /// Type-checks the top values against `types` and leaves them in place, slots included.
    mutating func checkTop(_ types: [ValueType]) throws(ModuleError) {
        var values: [Operand] = []
        for t in types.reversed() { values.append(try pop(t)) }
        for value in values.reversed() { push(value) }
    }

    mutating func popReference() throws(ModuleError) -> Operand {
        let operand = try pop()
        if let actual = operand.type, !actual.isReference {
            throw error("type mismatch: expected a reference, found \(actual.name)")
        }
        return operand
    }

    mutating func markUnreachable() {
        operands.removeLast(operands.count - controls[controls.count - 1].height)
        controls[controls.count - 1].unreachable = true
    }

    // MARK: Emission

    /// Appends an instruction (in reachable code), reading from the accumulator an operand that the instruction
    /// before it has just computed, unless a branch can land between the two.
    mutating func emit(_ instruction: Inst) {
        guard emitting else { return }
        if wide {
            switch instruction.op {
            case .copy:
                code += SimdInstruction.make(.copy, a: instruction.a, b: instruction.b)
                return
            case .copySlots:
                code += SimdInstruction.make(.copySlots, a: instruction.a, b: instruction.b, imm: instruction.c)
                return
            default:
                break
            }
        }
        var instruction = instruction
        if let computed = accumulatorSlot {
            for field in [Inst.Field.b, .c, .a] where instruction[field] == computed {
                if let variant = instruction.op.readingAccumulator(field) {
                    instruction.op = variant
                    accumulatorDies[code.count] = Int(computed) >= stackBase
                        && !operands.contains { $0.slot == computed }
                    break
                }
            }
        }
        code.append(instruction)
    }

    /// The slot the instruction before the next one has just computed, whose value the accumulator then holds;
    /// nil when that instruction leaves none or a branch can land between the two.
    var accumulatorSlot: Int32? {
        guard !wide, label < code.count, let last = code.last, last.op.setsAccumulator else { return nil }
        return last.a
    }

    /// Emits `op` computing a value of `type` into the next stack slot, and pushes that value.
    mutating func produce(_ op: Op, _ type: ValueType?, _ b: Int32 = 0, _ c: Int32 = 0) {
        let destination = slot(ofPosition: operands.count)
        emit(Inst(op, destination, b, c))
        pushProduced(Operand(type: type, slot: destination))
    }

    /// The last instruction, when it computed `operand` (just popped from stack position `operands.count`) into the
    /// operand's own slot and no branch can land after it: nothing else reads that result, so the instruction may
    /// write it elsewhere or merge into the one that consumes it.
    func lastInstruction(computing operand: Operand) -> Int? {
        guard emitting, let computed = accumulatorSlot, operand.slot == slot(ofPosition: operands.count),
              computed == operand.slot else { return nil }
        return code.count - 1
    }

    /// Makes operand `position` hold its value in its own slot.
    mutating func materialize(_ position: Int) {
        let own = slot(ofPosition: position)
        if operands[position].slot != own {
            emit(Inst(.copy, own, operands[position].slot))
            operands[position].slot = own
        }
    }

    /// Makes the top `count` operands of the current block hold their values in their own slots.
    mutating func materializeTop(_ count: Int) {
        let from = max(controls[controls.count - 1].height, operands.count - count)
        for position in from..<operands.count { materialize(position) }
    }

    /// Copies lazy reads of locals in the current block to their own slots, before code that may write them.
    mutating func materializeLocalReads() {
        let from = controls[controls.count - 1].height
        for position in from..<min(operands.count, FunctionCompiler.lazyLocalHeight) where isLocal(operands[position].slot) {
            materialize(position)
        }
    }

    mutating func pushLocal(_ index: Int, _ type: ValueType) {
        if operands.count < FunctionCompiler.lazyLocalHeight {
            push(Operand(type: type, slot: Int32(index)))
        } else {
            produce(.copy, type, Int32(index))
        }
    }

    mutating func pushConstant(_ bits: UInt64, _ type: ValueType) {
        if let index = constantIndex(bits) {
            push(Operand(type: type, slot: Int32(locals.count + index)))
        } else {
            produce(.const64, type, Int32(bitPattern: UInt32(truncatingIfNeeded: bits)), Int32(bitPattern: UInt32(truncatingIfNeeded: bits >> 32)))
        }
    }

    func constantIndex(_ bits: UInt64) -> Int? { constants.index(ofSorted: bits) }

    /// Stores `value` (just popped) into local `index`, redirecting the instruction that computed it when nothing
    /// else reads the local and the value itself is not needed any more (`keepsValue` false).
    mutating func writeLocal(_ index: Int, _ value: Operand, keepsValue: Bool = false) {
        guard emitting else { return }
        let local = Int32(index)
        let from = controls[controls.count - 1].height
        let readers = (from..<min(operands.count, FunctionCompiler.lazyLocalHeight)).filter { operands[$0].slot == local }
        if readers.isEmpty, !keepsValue, let producer = lastInstruction(computing: value) {
            code[producer].a = local
            return
        }
        for position in readers { materialize(position) }
        if value.slot != local { emit(Inst(.copy, local, value.slot)) }
    }

    /// The branch condition for an i32 operand just popped: its comparison itself when that was the last
    /// instruction (which is then removed).
    mutating func condition(_ operand: Operand) -> Condition {
        if let producer = lastInstruction(computing: operand), let fused = code[producer].op.withoutAccumulator.fusedBranch {
            let compare = removeLastInstruction()
            return Condition(op: fused, a: compare.b, b: compare.c)
        }
        return Condition(op: .brIf, a: operand.slot)
    }

    /// The `i32.add` that computed an address operand just popped, removed so that the memory access adds itself.
    mutating func addition(computing address: Operand) -> Inst? {
        guard let producer = lastInstruction(computing: address), code[producer].op.withoutAccumulator == .i32Add else {
            return nil
        }
        return removeLastInstruction()
    }

    /// Removes the last instruction, fused into the one that replaces it, with its bit of `accumulatorDies`.
    mutating func removeLastInstruction() -> Inst {
        accumulatorDies[code.count - 1] = false
        return code.removeLast()
    }

    /// Emits a conditional branch whose target is patched later; returns its position.
    mutating func emitBranch(_ condition: Condition) -> Int {
        emit(Inst(condition.op, condition.a, condition.b, 0))
        // A branch on a sum just computed by a plain `i32.add` (a loop's counter) joins it: the add keeps its
        // fields, the branch's other operand and its target move to an operand word, which is what gets patched.
        let count = code.count
        if count >= 2, let fused = code[count - 1].op.afterAddition, code[count - 2].op == .i32Add {
            let branch = removeLastInstruction()
            code[count - 2].op = fused
            code.append(Inst(.operand, branch.b))
        }
        return code.count - 1
    }

    /// Emits a conditional branch to `label`.
    mutating func emitBranch(_ condition: Condition, to label: Int) {
        let position = emitBranch(condition)
        target(position, label: label)
    }

    /// Emits an unconditional jump to `label`.
    mutating func emitJump(to label: Int) {
        let position = code.count
        code.append(Inst(controls[label].kind == .loop ? .loopJump : .jump))
        target(position, label: label)
    }

    /// Points the branch at `position` to `label`: a loop's start now, a block's end once known.
    mutating func target(_ position: Int, label: Int) {
        if controls[label].kind == .loop {
            patch(.code(position), to: controls[label].start)
        } else {
            controls[label].patches.append(.code(position))
        }
    }

    mutating func patch(_ patch: Patch, to target: Int) {
        switch patch {
        case .branchTable(let i): branchTables[i] = Int32(target)
        case .code(let position): code[position].c = Int32(target - position)
        case .handler(let i): tryTables.catches[i].target = Int32(target)
        }
    }

    /// Marks the current code position as a branch target.
    mutating func placeLabel() { label = code.count }

    /// Whether the top values are already where a branch to `label` must leave them.
    func valuesInPlace(for label: Int) -> Bool {
        let frame = controls[label]
        let count = frame.labelTypes.count
        for i in 0..<count where operands[operands.count - count + i].slot != slot(ofPosition: frame.height + i) {
            return false
        }
        return true
    }

    /// Copies the top values to where `label` expects them (its height): branches leave them there. Several
    /// values move in one `copySlots` when they are in their own slots, as `settleValues` leaves them, so that a
    /// branch costs the same code whatever its arity.
    mutating func emitMoves(to label: Int) {
        let frame = controls[label]
        let count = frame.labelTypes.count
        let first = operands.count - count
        if count > 1 && (first..<operands.count).allSatisfy({ operands[$0].slot == slot(ofPosition: $0) }) {
            if first != frame.height {
                emit(Inst(.copySlots, slot(ofPosition: frame.height), slot(ofPosition: first), Int32(count)))
            }
            return
        }
        for i in 0..<count {
            let source = operands[operands.count - count + i].slot
            let destination = slot(ofPosition: frame.height + i)
            if source != destination { emit(Inst(.copy, destination, source)) }
        }
    }

    /// Returns the top values as the function's results.
    mutating func emitReturn() {
        let count = type.results.count
        if wide {
            // As below: one value from wherever it is (a br_if's fall-through path must not see it moved), several
            // from their own slots, where the caller has put them on both paths.
            if count == 1 {
                emitReturn(from: operands[operands.count - 1].slot, count: 1)
            } else {
                materializeTop(count)
                emitReturn(from: slot(ofPosition: operands.count - count), count: count)
            }
            return
        }
        if count == 1 {
            let value = operands[operands.count - 1].slot
            if accumulatorSlot == value {
                code.append(Inst(.retAccumulator))
            } else {
                code.append(Inst(.ret, value, 1))
            }
        } else {
            // Several results come from consecutive slots.
            materializeTop(count)
            code.append(Inst(.ret, slot(ofPosition: operands.count - count), Int32(count)))
        }
    }

    /// A return of the `count` values from slot `from` on; in a wide function their shadows move first.
    mutating func emitReturn(from: Int32, count: Int) {
        if wide && count > 0 && from != 0 {
            code += SimdInstruction.make(.moveShadows, a: 0, b: from, imm: Int32(count))
        }
        code.append(Inst(.ret, from, Int32(count)))
    }

    /// Before a branch that may need to move several values: puts them in their own slots, on the path that
    /// does not branch too, so that the moves are one `copySlots` (each value read lazily is copied once, not once
    /// per branch; a branch of arity 1,000 repeated would otherwise emit 1,000 copies a time).
    mutating func settleValues(for label: Int) {
        let count = controls[label].labelTypes.count
        if count > 1 && !valuesInPlace(for: label) { materializeTop(count) }
    }

    /// Emits a branch to `label` taken when `condition` holds.
    mutating func emitConditionalBranch(_ condition: Condition, to label: Int) {
        settleValues(for: label)
        if controls[label].kind == .function {
            if type.results.count > 1 { materializeTop(type.results.count) }
            let skip = emitBranch(condition.negated)
            emitReturn()
            patch(.code(skip), to: code.count)
            placeLabel()
        } else if valuesInPlace(for: label) {
            emitBranch(condition, to: label)
        } else {
            let skip = emitBranch(condition.negated)
            emitMoves(to: label)
            emitJump(to: label)
            patch(.code(skip), to: code.count)
            placeLabel()
        }
    }

    // MARK: Control

    mutating func blockSignature(_ blockType: BlockType) throws(ModuleError) -> ([ValueType], [ValueType]) {
        switch blockType {
        case .empty: return ([], [])
        case .type(let t):
            let type = try TypeConversion.valueType(t)
            try checkHeapType(type)
            return ([], [type])
        case .funcType(let index):
            let t = try functionType(index)
            return (t.parameters, t.results)
        }
    }

    /// Checks a block's parameters and settles the stack for code that may branch and write locals: no value
    /// below the block reads a local lazily, and the parameters are in their own slots.
    mutating func enterBlock(_ parameters: [ValueType]) throws(ModuleError) {
        try checkTop(parameters)
        if emitting {
            materializeLocalReads()
            materializeTop(parameters.count)
        }
    }

    mutating func pushControl(_ kind: FrameKind, _ parameters: [ValueType], _ results: [ValueType], ifJump: Int? = nil) {
        let live = emitting
        // enterBlock left the parameters on top of the stack.
        operands.removeLast(parameters.count)
        let parent = controls.last
        let catchesBelow = (parent?.catchesBelow ?? 0)
            + (parent?.kind == .legacyCatch || parent?.kind == .legacyCatchAll ? 1 : 0)
        controls.append(ControlFrame(kind: kind, parameters: parameters, results: results, height: operands.count,
                                     live: live, start: code.count, ifJump: ifJump, initialized: initializedLocals.count,
                                     catchesBelow: catchesBelow))
        push(parameters)
    }

    func labelIndex(_ depth: UInt32) throws(ModuleError) -> Int {
        guard Int(depth) < controls.count else { throw error("unknown label \(depth)") }
        return controls.count - 1 - Int(depth)
    }

    /// The end of a block's arm (before `end`, `else`, a legacy `catch`): its results in their slots, and nothing
    /// else left.
    mutating func endArm(_ frame: ControlFrame) throws(ModuleError) {
        if emitting { materializeTop(frame.results.count) }
        try pop(frame.results)
        guard operands.count == frame.height else { throw error("type mismatch: values remaining at the end of a block") }
    }

    /// `end` (and a legacy `delegate`, which ends its `try`).
    mutating func endBlock() throws(ModuleError) {
        let frame = controls[controls.count - 1]
        try checkTop(frame.results)
        if frame.kind == .function {
            if emitting { emitReturn() }
            emitCatchReturn(frame)
            try pop(frame.results)
            guard operands.count == frame.height else { throw error("type mismatch: values remaining at the end of a block") }
            controls.removeLast()
            return
        }
        try endArm(frame)
        if frame.kind == .if && !isSubtype(frame.parameters, of: frame.results) {
            throw error("type mismatch: if without else must leave its parameters as results")
        }
        if let jump = frame.ifJump { patch(.code(jump), to: code.count) }
        switch frame.kind {
        case .tryTable: closeTryTable()
        case .legacyTry, .legacyCatch, .legacyCatchAll: endLegacyTry(frame.kind)
        default: break
        }
        for p in frame.patches { patch(p, to: code.count) }
        placeLabel()
        controls.removeLast()
        initializedLocals.removeLast(initializedLocals.count - frame.initialized)
        push(frame.results)
    }

    // MARK: Instructions

    mutating func visit(_ instruction: Instruction) throws(ModuleError) {
        guard !controls.isEmpty else {
            throw ModuleError(.malformed, "operators remaining after the end of the function", offset: binaryOffset)
        }
        if let kind = try legacyCursor.kind(at: binaryOffset, in: legacy) {
            try visitLegacy(kind, instruction)
            return
        }
        switch instruction {
        case .unreachable:
            emit(Inst(.unreachable))
            markUnreachable()
        case .nop:
            break
        case .block(let blockType):
            let (p, r) = try blockSignature(blockType)
            try enterBlock(p)
            pushControl(.block, p, r)
        case .loop(let blockType):
            let (p, r) = try blockSignature(blockType)
            try enterBlock(p)
            pushControl(.loop, p, r)
            placeLabel()
        case .if(let blockType):
            let (p, r) = try blockSignature(blockType)
            let operand = try pop(.i32)
            var condition: Condition?
            if emitting { condition = self.condition(operand) }
            try enterBlock(p)
            var ifJump: Int?
            if let condition, emitting { ifJump = emitBranch(condition.negated) }
            pushControl(.if, p, r, ifJump: ifJump)
        case .else:
            let frame = controls[controls.count - 1]
            guard frame.kind == .if else { throw error("else without matching if") }
            try endArm(frame)
            if emitting {
                controls[controls.count - 1].patches.append(.code(code.count))
                code.append(Inst(.jump))
            }
            if let jump = frame.ifJump { patch(.code(jump), to: code.count) }
            placeLabel()
            controls[controls.count - 1].ifJump = nil
            controls[controls.count - 1].kind = .else
            initializedLocals.removeLast(initializedLocals.count - frame.initialized)
            controls[controls.count - 1].unreachable = false
            push(frame.parameters)
        case .end:
            try endBlock()
        case .br(let depth):
            let label = try labelIndex(depth)
            try checkTop(controls[label].labelTypes)
            if emitting {
                if controls[label].kind == .function {
                    emitReturn()
                } else {
                    settleValues(for: label)
                    emitMoves(to: label)
                    emitJump(to: label)
                }
            }
            markUnreachable()
        case .brIf(let depth):
            let label = try labelIndex(depth)
            let operand = try pop(.i32)
            try checkTop(controls[label].labelTypes)
            if emitting { emitConditionalBranch(condition(operand), to: label) }
        case .brTable(let targets):
            try brTable(targets)
        case .return:
            try checkTop(type.results)
            if emitting { emitReturn() }
            markUnreachable()
        case .call(let index):
            guard Int(index) < parts.functionTypes.count else { throw error("unknown function \(index)") }
            let callee = parts.types[parts.functionTypes[Int(index)]]
            if emitting { materializeTop(callee.parameters.count) }
            try pop(callee.parameters)
            emit(Inst(.call, Int32(index), slot(ofPosition: operands.count)))
            push(callee.results)
        case .callIndirect(let typeIndex, let tableIndex):
            guard Int(tableIndex) < parts.tables.count else { throw error("unknown table \(tableIndex)") }
            guard parts.tables[Int(tableIndex)].element.top(in: parts.definedTypes) == .function else { throw error("type mismatch: call_indirect through a table of externref") }
            let callee = try functionType(typeIndex)
            let element = try pop(parts.tables[Int(tableIndex)].limits.addressType)
            if emitting { materializeTop(callee.parameters.count) }
            try pop(callee.parameters)
            emit(Inst(.callIndirect, Int32(typeIndex), slot(ofPosition: operands.count), Int32(tableIndex)))
            emit(Inst(.operand, element.slot))
            push(callee.results)
        case .drop:
            _ = try pop()
        case .select:
            let condition = try pop(.i32)
            let b = try pop()
            let a = try pop()
            if let t = a.type, t.isReference { throw error("type mismatch: select without a type needs numeric operands") }
            if let t = b.type, t.isReference { throw error("type mismatch: select without a type needs numeric operands") }
            if let ta = a.type, let tb = b.type, ta != tb { throw error("type mismatch: select operands \(ta.name) and \(tb.name)") }
            try select(a.type ?? b.type, a, b, condition)
        case .typedSelect(let t):
            let type = try TypeConversion.valueType(t)
            try checkHeapType(type)
            let condition = try pop(.i32)
            let b = try pop(type)
            let a = try pop(type)
            try select(type, a, b, condition)
        case .localGet(let index):
            let t = try local(index)
            if !t.isDefaultable, Int(index) >= type.parameters.count, !initializedLocals.contains(Int(index)) { throw error("uninitialized local \(index)") }
            pushLocal(Int(index), t)
        case .localSet(let index):
            let t = try local(index)
            let value = try pop(t)
            initialize(Int(index), t)
            writeLocal(Int(index), value)
        case .localTee(let index):
            let t = try local(index)
            let value = try pop(t)
            initialize(Int(index), t)
            if operands.count < FunctionCompiler.lazyLocalHeight {
                writeLocal(Int(index), value)
                push(Operand(type: t, slot: Int32(index)))
            } else {
                writeLocal(Int(index), value, keepsValue: true)
                push(value)
            }
        case .globalGet(let index):
            guard Int(index) < parts.globals.count else { throw error("unknown global \(index)") }
            if parts.globals[Int(index)].value == .v128 {
                produceSimd(.globalGet, .v128, imm: Int32(index))
            } else {
                produce(.globalGet, parts.globals[Int(index)].value, Int32(index))
            }
        case .globalSet(let index):
            guard Int(index) < parts.globals.count else { throw error("unknown global \(index)") }
            let global = parts.globals[Int(index)]
            guard global.isMutable else { throw error("global is immutable") }
            let value = try pop(global.value)
            if global.value == .v128 {
                emitSimd(SimdInstruction.make(.globalSet, b: value.slot, imm: Int32(index)))
            } else {
                emit(Inst(.globalSet, value.slot, Int32(index)))
            }
        case .load(let kind, let memarg):
            try load(kind, memarg)
        case .store(let kind, let memarg):
            try store(kind, memarg)
        case .memorySize(let memory):
            let address = try self.memory(memory).addressType
            produce(memory == 0 ? .memorySize : .memorySizeOf, address, Int32(memory))
        case .memoryGrow(let memory):
            let address = try self.memory(memory).addressType
            let delta = try pop(address)
            produce(.memoryGrow, address, delta.slot, Int32(memory))
        case .i32Const(let v):
            pushConstant(UInt64(UInt32(bitPattern: v)), .i32)
        case .i64Const(let v):
            pushConstant(UInt64(bitPattern: v), .i64)
        case .f32Const(let v):
            pushConstant(UInt64(v.bitPattern), .f32)
        case .f64Const(let v):
            pushConstant(v.bitPattern, .f64)
        case .refNull(let heap):
            let type = try TypeConversion.nullType(heap)
            try checkHeapType(type)
            pushConstant(Slot.null, type)
        case .refIsNull:
            let reference = try popReference()
            produce(.refIsNull, .i32, reference.slot)
        case .refFunc(let index):
            guard Int(index) < parts.functionTypes.count else { throw error("unknown function \(index)") }
            guard parts.isDeclaredReference(Int(index)) else { throw error("undeclared function reference \(index)") }
            produce(.refFunc, .ref(nullable: false, heap: .index(parts.functionTypes[Int(index)])), Int32(index))
        case .i32Eqz:
            try numeric(.i32Eqz)
        case .i64Eqz:
            try numeric(.i64Eqz)
        case .cmp(let op):
            try numeric(NumericOp(op))
        case .unary(let op):
            try numeric(NumericOp(op))
        case .binary(let op):
            try numeric(NumericOp(op))
        case .conversion(let op):
            try numeric(NumericOp(op))
        case .memoryInit(let dataIndex, let memory):
            let address = try self.memory(memory).addressType
            try requireData(dataIndex)
            try stackOperation(.memoryInit, [address, .i32, .i32], b: Int32(dataIndex), c: Int32(memory))
        case .dataDrop(let dataIndex):
            try requireData(dataIndex)
            emit(Inst(.dataDrop, 0, Int32(dataIndex)))
        case .memoryCopy(let destination, let source):
            let d = try memory(destination), s = try memory(source)
            // The length has the smaller of the two address types; 64-bit memories take the out-of-line case.
            let inline = destination == 0 && source == 0 && !d.is64
            try stackOperation(inline ? .memoryCopy : .memoryCopyBetween,
                               [d.addressType, s.addressType, d.is64 && s.is64 ? .i64 : .i32],
                               b: Int32(source), c: Int32(destination))
        case .memoryFill(let memory):
            let m = try self.memory(memory)
            try stackOperation(memory == 0 && !m.is64 ? .memoryFill : .memoryFillOf, [m.addressType, .i32, m.addressType],
                               c: Int32(memory))
        case .tableInit(let elementIndex, let tableIndex):
            let table = try self.table(tableIndex)
            guard Int(elementIndex) < parts.elements.count else { throw error("unknown elem segment \(elementIndex)") }
            guard parts.elements[Int(elementIndex)].type.isSubtype(of: table.element, types: parts.definedTypes) else { throw error("type mismatch: table.init of a different reference type") }
            try stackOperation(.tableInit, [table.limits.addressType, .i32, .i32], b: Int32(elementIndex), c: Int32(tableIndex))
        case .elemDrop(let elementIndex):
            guard Int(elementIndex) < parts.elements.count else { throw error("unknown elem segment \(elementIndex)") }
            emit(Inst(.elemDrop, 0, Int32(elementIndex)))
        case .tableCopy(let destination, let source):
            let d = try table(destination)
            let s = try table(source)
            guard s.element.isSubtype(of: d.element, types: parts.definedTypes) else { throw error("type mismatch: table.copy between different reference types") }
            // The length has the smaller of the two address types.
            let length: ValueType = d.limits.is64 && s.limits.is64 ? .i64 : .i32
            try stackOperation(.tableCopy, [d.limits.addressType, s.limits.addressType, length],
                               b: Int32(source), c: Int32(destination))
        case .tableFill(let index):
            let t = try table(index)
            try stackOperation(.tableFill, [t.limits.addressType, t.element, t.limits.addressType], c: Int32(index))
        case .tableGet(let index):
            let t = try table(index)
            let element = try pop(t.limits.addressType)
            produce(.tableGet, t.element, element.slot, Int32(index))
        case .tableSet(let index):
            let t = try table(index)
            let value = try pop(t.element)
            let element = try pop(t.limits.addressType)
            emit(Inst(.tableSet, element.slot, value.slot, Int32(index)))
        case .tableGrow(let index):
            let t = try table(index)
            try stackOperation(.tableGrow, [t.element, t.limits.addressType], c: Int32(index))
            push(t.limits.addressType)
        case .tableSize(let index):
            let t = try table(index)
            produce(.tableSize, t.limits.addressType, 0, Int32(index))
        case .returnCall(let index):
            try returnCall(function: index)
        case .returnCallIndirect(let typeIndex, let tableIndex):
            try returnCallIndirect(type: typeIndex, table: tableIndex)
        case .callRef(let typeIndex):
            try callReference(type: typeIndex)
        case .returnCallRef(let typeIndex):
            try returnCallReference(type: typeIndex)
        case .refAsNonNull:
            try referenceAsNonNull()
        case .brOnNull(let depth):
            try branchOnNull(depth, whenNull: true)
        case .brOnNonNull(let depth):
            try branchOnNull(depth, whenNull: false)
        case .throw(let tag):
            try throwException(tag)
        case .throwRef:
            try throwReference()
        case .tryTable(let blockType, let clauses):
            try openTryTable(blockType, clauses.catches)
        case .v128Const, .i8x16Shuffle, .simd, .simdLane, .simdMemLane:
            try simd(instruction)
        case .refI31, .i31GetS, .i31GetU, .structNew, .structNewDefault, .structGet, .structGetS, .structGetU,
             .structSet, .arrayNew, .arrayNewDefault, .arrayNewFixed, .arrayGet, .arrayGetS, .arrayGetU, .arraySet,
             .arrayLen, .refEq, .anyConvertExtern, .externConvertAny, .arrayNewData, .arrayNewElem, .arrayFill,
             .arrayCopy, .arrayInitData, .arrayInitElem, .refTest, .refCast, .brOnCast, .brOnCastFail:
            try gcInstruction(instruction)
        default:
            throw ModuleError(.unsupported(feature: Self.feature(of: instruction)), "instruction not in WebAssembly 2.0", offset: binaryOffset)
        }
    }

    /// A br_table visits each distinct label once, however many entries name it: the type check, whether the
    /// values are in place and the stub are per label, so that its cost is its entries plus its labels' arities.
    mutating func brTable(_ targets: BrTable) throws(ModuleError) {
        let index = try pop(.i32)
        let defaultLabel = try labelIndex(targets.defaultIndex)
        let arity = controls[defaultLabel].labelTypes.count
        brTables += 1
        let mark = brTables
        for k in 0...targets.labelIndices.count {
            let label = k < targets.labelIndices.count ? try labelIndex(targets.labelIndices[k]) : defaultLabel
            guard controls[label].brTableMark != mark else { continue }
            controls[label].brTableMark = mark
            let types = controls[label].labelTypes
            guard types.count == arity else { throw error("type mismatch: br_table targets of different arity") }
            try checkTopTypes(types)
        }
        if emitting {
            if arity > 1 { materializeTop(arity) }
            brTables += 1
            let mark = brTables
            let first = branchTables.count
            code.append(Inst(.brTable, index.slot, Int32(first), Int32(targets.labelIndices.count + 1)))
            branchTables.reserveCapacity(first + targets.labelIndices.count + 1)
            // Targets that need values moved (or a return) get a stub after the table: its moves, then a jump.
            var stubs: [(label: Int, entries: [Int])] = []
            for k in 0...targets.labelIndices.count {
                let label = k < targets.labelIndices.count ? try labelIndex(targets.labelIndices[k]) : defaultLabel
                if controls[label].brTableMark != mark {
                    controls[label].brTableMark = mark
                    controls[label].brTableInPlace = controls[label].kind != .function && valuesInPlace(for: label)
                    controls[label].brTableStub = -1
                }
                let entry = branchTables.count
                branchTables.append(0)
                if controls[label].brTableInPlace {
                    if controls[label].kind == .loop {
                        patch(.branchTable(entry), to: controls[label].start)
                    } else {
                        controls[label].patches.append(.branchTable(entry))
                    }
                } else if controls[label].brTableStub >= 0 {
                    stubs[controls[label].brTableStub].entries.append(entry)
                } else {
                    controls[label].brTableStub = stubs.count
                    stubs.append((label, [entry]))
                }
            }
            for stub in stubs {
                for entry in stub.entries { patch(.branchTable(entry), to: code.count) }
                placeLabel()
                if controls[stub.label].kind == .function {
                    emitReturn()
                } else {
                    emitMoves(to: stub.label)
                    emitJump(to: stub.label)
                }
            }
        }
        markUnreachable()
    }

    /// Type-checks the top values against `types` without taking them, as a br_table does for each of its labels.
    func checkTopTypes(_ types: [ValueType]) throws(ModuleError) {
        let frame = controls[controls.count - 1]
        for (k, expected) in types.reversed().enumerated() {
            let position = operands.count - 1 - k
            guard position >= frame.height else {
                if frame.unreachable { return }
                throw error("type mismatch: operand stack underflow")
            }
            if let actual = operands[position].type, !actual.isSubtype(of: expected, types: parts.definedTypes) {
                throw error("type mismatch: expected \(expected.name), found \(actual.name)")
            }
        }
    }

    /// An instruction whose operands are consecutive stack slots (the bulk memory and table operations): the
    /// operands are moved to their own slots and the instruction gets the first one in `a`.
    mutating func stackOperation(_ op: Op, _ types: [ValueType], b: Int32 = 0, c: Int32 = 0) throws(ModuleError) {
        if emitting { materializeTop(types.count) }
        try pop(types)
        emit(Inst(op, slot(ofPosition: operands.count), b, c))
    }

    mutating func numeric(_ op: NumericOp) throws(ModuleError) {
        let signature = op.signature
        guard let instruction = Op(op) else {
            // A reinterpretation: the same bits in the same slot.
            let x = try pop(signature.operands[0])
            push(Operand(type: signature.result, slot: x.slot))
            return
        }
        if signature.operands.count == 1 {
            let x = try pop(signature.operands[0])
            produce(instruction, signature.result, x.slot)
        } else {
            let y = try pop(signature.operands[1])
            let x = try pop(signature.operands[0])
            produce(instruction, signature.result, x.slot, y.slot)
        }
    }

    func local(_ index: UInt32) throws(ModuleError) -> ValueType {
        guard Int(index) < locals.count else { throw error("unknown local \(index)") }
        return locals.type(of: Int(index))
    }

    func table(_ index: UInt32) throws(ModuleError) -> TableType {
        guard Int(index) < parts.tables.count else { throw error("unknown table \(index)") }
        return parts.tables[Int(index)]
    }

    func memory(_ index: UInt32) throws(ModuleError) -> Limits {
        guard Int(index) < parts.memories.count else { throw error("unknown memory \(index)") }
        return parts.memories[Int(index)]
    }

    func requireData(_ index: UInt32) throws(ModuleError) {
        guard let count = parts.dataCount else {
            throw ModuleError(.malformed, "data count section required", offset: binaryOffset)
        }
        guard Int(index) < count else { throw error("unknown data segment \(index)") }
    }

    /// Checks a load's or store's memory argument; returns its memory's limits.
    func checkMemarg(_ memarg: MemArg, naturalAlignment: UInt32) throws(ModuleError) -> Limits {
        // The flags are an alignment below 2^6, or one below 2^6 plus 2^6 when a memory index follows; WasmParser
        // refuses the second form past 2^7 but passes the first with any value, which is malformed all the same.
        guard memarg.align < 0x80 else { throw ModuleError(.malformed, "malformed memop flags", offset: binaryOffset) }
        let memory = try self.memory(memarg.memory)
        guard memarg.align <= naturalAlignment else { throw error("alignment must not be larger than natural") }
        guard memory.is64 || memarg.offset <= UInt64(UInt32.max) else { throw error("offset out of range") }
        return memory
    }

    /// The operand word of a `memoryLoad` or `memoryStore`: the memory, the memory-0 access it makes and the high
    /// half of its offset (the low half is the instruction's c). A 64-bit memory's accesses all take this form,
    /// memory 0's too, so that the inline accesses of 32-bit memory 0 stay as they are.
    func memoryOperand(_ memarg: MemArg, _ op: Op) -> Inst {
        Inst(.operand, Int32(memarg.memory), Int32(op.rawValue), Int32(bitPattern: UInt32(truncatingIfNeeded: memarg.offset >> 32)))
    }

    mutating func load(_ kind: Instruction.Load, _ memarg: MemArg) throws(ModuleError) {
        let (result, alignment, op): (ValueType, UInt32, Op)
        switch kind {
        case .i32Load: (result, alignment, op) = (.i32, 2, .i32Load)
        case .i64Load: (result, alignment, op) = (.i64, 3, .i64Load)
        case .f32Load: (result, alignment, op) = (.f32, 2, .i32Load)
        case .f64Load: (result, alignment, op) = (.f64, 3, .i64Load)
        case .i32Load8S: (result, alignment, op) = (.i32, 0, .i32Load8S)
        case .i32Load8U: (result, alignment, op) = (.i32, 0, .i32Load8U)
        case .i32Load16S: (result, alignment, op) = (.i32, 1, .i32Load16S)
        case .i32Load16U: (result, alignment, op) = (.i32, 1, .i32Load16U)
        case .i64Load8S: (result, alignment, op) = (.i64, 0, .i64Load8S)
        case .i64Load8U: (result, alignment, op) = (.i64, 0, .i32Load8U)
        case .i64Load16S: (result, alignment, op) = (.i64, 1, .i64Load16S)
        case .i64Load16U: (result, alignment, op) = (.i64, 1, .i32Load16U)
        case .i64Load32S: (result, alignment, op) = (.i64, 2, .i64Load32S)
        case .i64Load32U: (result, alignment, op) = (.i64, 2, .i32Load)
        case .i32AtomicLoad, .i64AtomicLoad, .i32AtomicLoad8U, .i32AtomicLoad16U, .i64AtomicLoad8U, .i64AtomicLoad16U,
             .i64AtomicLoad32U:
            throw ModuleError(.unsupported(feature: "threads"), "atomic loads", offset: binaryOffset)
        default:
            try vectorLoad(kind, memarg)
            return
        }
        let memory = try checkMemarg(memarg, naturalAlignment: alignment)
        let address = try pop(memory.addressType)
        if memarg.memory != 0 || memory.is64 {
            produce(.memoryLoad, result, address.slot, Int32(bitPattern: UInt32(truncatingIfNeeded: memarg.offset)))
            emit(memoryOperand(memarg, op))
        } else if memarg.offset == 0, let indexed = op.indexed, let sum = addition(computing: address) {
            produce(indexed, result, sum.b, sum.c)
        } else {
            produce(op, result, address.slot, Int32(bitPattern: UInt32(truncatingIfNeeded: memarg.offset)))
        }
    }

    mutating func store(_ kind: Instruction.Store, _ memarg: MemArg) throws(ModuleError) {
        let (value, alignment, op): (ValueType, UInt32, Op)
        switch kind {
        case .i32Store: (value, alignment, op) = (.i32, 2, .i32Store)
        case .i64Store: (value, alignment, op) = (.i64, 3, .i64Store)
        case .f32Store: (value, alignment, op) = (.f32, 2, .i32Store)
        case .f64Store: (value, alignment, op) = (.f64, 3, .i64Store)
        case .i32Store8: (value, alignment, op) = (.i32, 0, .i32Store8)
        case .i32Store16: (value, alignment, op) = (.i32, 1, .i32Store16)
        case .i64Store8: (value, alignment, op) = (.i64, 0, .i32Store8)
        case .i64Store16: (value, alignment, op) = (.i64, 1, .i32Store16)
        case .i64Store32: (value, alignment, op) = (.i64, 2, .i32Store)
        case .v128Store:
            try vectorStore(memarg)
            return
        default:
            throw ModuleError(.unsupported(feature: "threads"), "atomic stores", offset: binaryOffset)
        }
        let memory = try checkMemarg(memarg, naturalAlignment: alignment)
        let stored = try pop(value)
        let address = try pop(memory.addressType)
        if memarg.memory != 0 || memory.is64 {
            emit(Inst(.memoryStore, address.slot, stored.slot, Int32(bitPattern: UInt32(truncatingIfNeeded: memarg.offset))))
            emit(memoryOperand(memarg, op))
        } else if memarg.offset == 0, let indexed = op.indexed, let sum = addition(computing: address) {
            emit(Inst(indexed, sum.b, sum.c, stored.slot))
        } else {
            emit(Inst(op, address.slot, stored.slot, Int32(bitPattern: UInt32(truncatingIfNeeded: memarg.offset))))
        }
    }

    /// Names the proposal an instruction beyond WebAssembly 2.0 belongs to.
    static func feature(of instruction: Instruction) -> String {
        switch instruction {
        case .throw, .throwRef, .tryTable: return "exception-handling"
        case .v128Const, .i8x16Shuffle, .simd, .simdLane, .simdMemLane: return "simd"
        case .refI31, .i31GetS, .i31GetU, .structNew, .structNewDefault, .structGet, .structGetS, .structGetU,
             .structSet, .arrayNew, .arrayNewDefault, .arrayNewFixed, .arrayGet, .arrayGetS, .arrayGetU, .arraySet,
             .arrayLen, .refEq, .anyConvertExtern, .externConvertAny, .arrayNewData, .arrayNewElem, .arrayFill,
             .arrayCopy, .arrayInitData, .arrayInitElem, .refTest, .refCast, .brOnCast, .brOnCastFail:
            return "gc"
        // What WasmParser 0.4.2 decodes beyond those: the atomics of the threads proposal (0xFE prefix).
        default: return "threads"
        }
    }
}

/// The types of a function's locals as runs of one type, as the binary declares them: looked up by binary search,
/// never expanded to one entry per local (a function may declare 100,000).
struct LocalTypes {
    /// The local index after each run, ascending.
    private var ends: [Int] = []
    private var types: [ValueType] = []

    init(parameters: [ValueType], declared: [(count: Int, type: WasmTypes.ValueType)]) throws(ModuleError) {
        for parameter in parameters { append(1, parameter) }
        for run in declared where run.count > 0 { append(run.count, try TypeConversion.valueType(run.type)) }
    }

    private mutating func append(_ count: Int, _ type: ValueType) {
        ends.append(count + (ends.last ?? 0))
        types.append(type)
    }

    var count: Int { ends.last ?? 0 }

    func type(of index: Int) -> ValueType {
        var low = 0, high = ends.count - 1
        while low < high {
            let middle = (low + high) / 2
            if ends[middle] <= index { low = middle + 1 } else { high = middle }
        }
        return types[low]
    }
}

/// The first pass over a body: the constants it uses, with repetitions, in their slot encoding.
struct ConstantCollector: AnyInstructionVisitor {
    typealias VisitorError = Never

    var binaryOffset = 0
    var values: [UInt64] = []
    /// Whether the body has a SIMD instruction (then the function is `FunctionCompiler.wide`).
    var usesSimd = false

    mutating func visit(_ instruction: Instruction) {
        switch instruction {
        case .v128Const, .i8x16Shuffle, .simd, .simdLane, .simdMemLane, .store(.v128Store, _): usesSimd = true
        case .load(let kind, _): if FunctionCompiler.isVectorLoad(kind) { usesSimd = true }
        case .i32Const(let v): values.append(UInt64(UInt32(bitPattern: v)))
        case .i64Const(let v): values.append(UInt64(bitPattern: v))
        case .f32Const(let v): values.append(UInt64(v.bitPattern))
        case .f64Const(let v): values.append(v.bitPattern)
        default: break
        }
    }
}
