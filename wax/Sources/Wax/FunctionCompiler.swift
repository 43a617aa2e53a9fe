import WasmParser
import WasmTypes

/// Validates one function body (the algorithm of the spec's validation appendix) and translates it to `Inst` in
/// the same pass: the operand stack heights the validator tracks are the slot positions the interpreter uses.
struct FunctionCompiler: AnyInstructionVisitor {
    typealias VisitorError = ModuleError

    /// An operand type; `nil` in the stack is the unknown type of unreachable code.
    typealias Operand = ValueType?

    enum FrameKind { case function, block, loop, `if`, `else` }

    /// Where a forward branch must receive its target once the block's end is known.
    enum Patch {
        case code(Int)
        case branchTable(Int)
    }

    struct ControlFrame {
        var kind: FrameKind
        var parameters: [ValueType]
        var results: [ValueType]
        /// Operand stack height below the block's parameters.
        var height: Int
        var unreachable = false
        /// Code position of a loop's first instruction (its branch target).
        var start: Int
        /// Position of an `if`'s conditional jump, patched at `else` or `end`.
        var ifJump: Int?
        var patches: [Patch] = []

        var labelTypes: [ValueType] { kind == .loop ? parameters : results }
    }

    var binaryOffset: Int = 0
    let parts: ModuleParts
    let functionIndex: Int
    let type: FunctionType
    var locals: [ValueType]
    var operands: [Operand] = []
    var controls: [ControlFrame] = []
    var code: [Inst]
    var branchTables: [BranchTarget]
    let entry: Int
    var maxOperands = 0

    init(parts: ModuleParts, functionIndex: Int, code: [Inst], branchTables: [BranchTarget],
         locals declared: [WasmTypes.ValueType]) throws(ModuleError) {
        self.parts = parts
        self.functionIndex = functionIndex
        self.type = parts.types[parts.functionTypes[functionIndex]]
        self.code = code
        self.branchTables = branchTables
        self.entry = code.count
        locals = type.parameters
        for local in declared { locals.append(try TypeConversion.valueType(local)) }
        controls.append(ControlFrame(kind: .function, parameters: [], results: type.results, height: 0, start: code.count))
    }

    /// Checks that the body ended where it should and returns the translated function.
    func finish() throws(ModuleError) -> (body: FunctionBody, code: [Inst], branchTables: [BranchTarget]) {
        guard controls.isEmpty else {
            throw ModuleError(.malformed, "unexpected end of function body: END opcode expected", offset: binaryOffset)
        }
        let body = FunctionBody(
            entry: Int32(entry), parameterCount: Int32(type.parameters.count),
            localCount: Int32(locals.count - type.parameters.count), resultCount: Int32(type.results.count),
            frameSize: Int32(locals.count + maxOperands))
        return (body, code, branchTables)
    }

    // MARK: Operand stack

    func error(_ reason: String) -> ModuleError { ModuleError(.invalid, reason, offset: binaryOffset) }

    mutating func push(_ type: Operand) {
        operands.append(type)
        if operands.count > maxOperands { maxOperands = operands.count }
    }

    mutating func push(_ types: [ValueType]) {
        for t in types { push(t) }
    }

    mutating func pop() throws(ModuleError) -> Operand {
        let frame = controls[controls.count - 1]
        if operands.count == frame.height {
            if frame.unreachable { return nil }
            throw error("type mismatch: operand stack underflow")
        }
        return operands.removeLast()
    }

    @discardableResult
    mutating func pop(_ expected: ValueType) throws(ModuleError) -> Operand {
        let actual = try pop()
        if let actual, actual != expected {
            throw error("type mismatch: expected \(expected.name), found \(actual.name)")
        }
        return actual ?? expected
    }

    mutating func pop(_ types: [ValueType]) throws(ModuleError) {
        for t in types.reversed() { try pop(t) }
    }

    mutating func popReference() throws(ModuleError) -> Operand {
        let actual = try pop()
        if let actual, !actual.isReference { throw error("type mismatch: expected a reference, found \(actual.name)") }
        return actual
    }

    mutating func markUnreachable() {
        operands.removeLast(operands.count - controls[controls.count - 1].height)
        controls[controls.count - 1].unreachable = true
    }

    var frameBase: Int { locals.count }

    // MARK: Control

    mutating func blockSignature(_ blockType: BlockType) throws(ModuleError) -> ([ValueType], [ValueType]) {
        switch blockType {
        case .empty: return ([], [])
        case .type(let t): return ([], [try TypeConversion.valueType(t)])
        case .funcType(let index):
            guard Int(index) < parts.types.count else { throw error("unknown type \(index)") }
            let t = parts.types[Int(index)]
            return (t.parameters, t.results)
        }
    }

    mutating func pushControl(_ kind: FrameKind, _ parameters: [ValueType], _ results: [ValueType]) {
        controls.append(ControlFrame(kind: kind, parameters: parameters, results: results, height: operands.count, start: code.count))
        push(parameters)
    }

    func labelIndex(_ depth: UInt32) throws(ModuleError) -> Int {
        guard Int(depth) < controls.count else { throw error("unknown label \(depth)") }
        return controls.count - 1 - Int(depth)
    }

    /// Emits a branch to `label`, whose values are on top of the operand stack (already type-checked).
    mutating func emitBranch(to label: Int, conditional: Bool) {
        let frame = controls[label]
        if frame.kind == .function && !conditional {
            code.append(.ret)
            return
        }
        let arity = frame.labelTypes.count
        let height = frameBase + frame.height
        let current = frameBase + operands.count
        let noMove = current - arity == height || !conditional && controls[controls.count - 1].unreachable
        let position = code.count
        if frame.kind == .function {
            // A conditional branch to the function's label returns: jump to a `ret` emitted at the end.
            code.append(.brIf(target: 0, height: Int32(height), arity: Int32(arity)))
        } else if conditional {
            code.append(noMove ? .brIfJump(Int32(frame.start)) : .brIf(target: Int32(frame.start), height: Int32(height), arity: Int32(arity)))
        } else {
            code.append(noMove ? .jump(Int32(frame.start)) : .br(target: Int32(frame.start), height: Int32(height), arity: Int32(arity)))
        }
        if frame.kind != .loop { controls[label].patches.append(.code(position)) }
    }

    mutating func patch(_ patch: Patch, to target: Int) {
        switch patch {
        case .branchTable(let i):
            branchTables[i].target = Int32(target)
        case .code(let position):
            let t = Int32(target)
            switch code[position] {
            case .jump: code[position] = .jump(t)
            case .br(_, let h, let a): code[position] = .br(target: t, height: h, arity: a)
            case .brIf(_, let h, let a): code[position] = .brIf(target: t, height: h, arity: a)
            case .brIfJump: code[position] = .brIfJump(t)
            case .brUnless: code[position] = .brUnless(t)
            default: break
            }
        }
    }

    // MARK: Instructions

    mutating func visit(_ instruction: Instruction) throws(ModuleError) {
        guard !controls.isEmpty else {
            throw ModuleError(.malformed, "operators remaining after the end of the function", offset: binaryOffset)
        }
        switch instruction {
        case .unreachable:
            code.append(.unreachable)
            markUnreachable()
        case .nop:
            break
        case .block(let blockType):
            let (p, r) = try blockSignature(blockType)
            try pop(p)
            pushControl(.block, p, r)
        case .loop(let blockType):
            let (p, r) = try blockSignature(blockType)
            try pop(p)
            pushControl(.loop, p, r)
        case .if(let blockType):
            let (p, r) = try blockSignature(blockType)
            try pop(.i32)
            try pop(p)
            pushControl(.if, p, r)
            controls[controls.count - 1].ifJump = code.count
            code.append(.brUnless(0))
        case .else:
            let frame = controls[controls.count - 1]
            guard frame.kind == .if else { throw error("else without matching if") }
            try pop(frame.results)
            guard operands.count == frame.height else { throw error("type mismatch: values remaining at the end of a block") }
            controls[controls.count - 1].patches.append(.code(code.count))
            code.append(.jump(0))
            if let jump = frame.ifJump { patch(.code(jump), to: code.count) }
            controls[controls.count - 1].ifJump = nil
            controls[controls.count - 1].kind = .else
            controls[controls.count - 1].unreachable = false
            push(frame.parameters)
        case .end:
            let frame = controls[controls.count - 1]
            try pop(frame.results)
            guard operands.count == frame.height else { throw error("type mismatch: values remaining at the end of a block") }
            if frame.kind == .if && frame.parameters != frame.results {
                throw error("type mismatch: if without else must leave its parameters as results")
            }
            if frame.kind == .function {
                let end = code.count
                code.append(.ret)
                for p in frame.patches { patch(p, to: end) }
                controls.removeLast()
                return
            }
            if let jump = frame.ifJump { patch(.code(jump), to: code.count) }
            for p in frame.patches { patch(p, to: code.count) }
            controls.removeLast()
            push(frame.results)
        case .br(let depth):
            let label = try labelIndex(depth)
            try pop(controls[label].labelTypes)
            push(controls[label].labelTypes)
            emitBranch(to: label, conditional: false)
            markUnreachable()
        case .brIf(let depth):
            let label = try labelIndex(depth)
            try pop(.i32)
            let types = controls[label].labelTypes
            try pop(types)
            push(types)
            emitBranch(to: label, conditional: true)
        case .brTable(let targets):
            try pop(.i32)
            let defaultLabel = try labelIndex(targets.defaultIndex)
            let arity = controls[defaultLabel].labelTypes.count
            var labels: [Int] = []
            for depth in targets.labelIndices { labels.append(try labelIndex(depth)) }
            labels.append(defaultLabel)
            for label in labels {
                let types = controls[label].labelTypes
                guard types.count == arity else { throw error("type mismatch: br_table targets of different arity") }
                // Check each target against the same stack without consuming it.
                let saved = operands
                try pop(types)
                operands = saved
            }
            let first = branchTables.count
            // A target that is the function's own label jumps to the `ret` emitted at the function's end.
            for label in labels {
                let frame = controls[label]
                branchTables.append(BranchTarget(target: Int32(frame.start), height: Int32(frameBase + frame.height), arity: Int32(arity)))
                if frame.kind != .loop { controls[label].patches.append(.branchTable(branchTables.count - 1)) }
            }
            code.append(.brTable(table: Int32(first), count: Int32(labels.count)))
            markUnreachable()
        case .return:
            try pop(type.results)
            code.append(.ret)
            markUnreachable()
        case .call(let index):
            guard Int(index) < parts.functionTypes.count else { throw error("unknown function \(index)") }
            let callee = parts.types[parts.functionTypes[Int(index)]]
            try pop(callee.parameters)
            push(callee.results)
            code.append(.call(Int32(index)))
        case .callIndirect(let typeIndex, let tableIndex):
            guard Int(tableIndex) < parts.tables.count else { throw error("unknown table \(tableIndex)") }
            guard parts.tables[Int(tableIndex)].element == .funcRef else { throw error("type mismatch: call_indirect through a table of externref") }
            guard Int(typeIndex) < parts.types.count else { throw error("unknown type \(typeIndex)") }
            let callee = parts.types[Int(typeIndex)]
            try pop(.i32)
            try pop(callee.parameters)
            push(callee.results)
            code.append(.callIndirect(type: Int32(typeIndex), table: Int32(tableIndex)))
        case .drop:
            _ = try pop()
            code.append(.drop)
        case .select:
            try pop(.i32)
            let a = try pop()
            let b = try pop()
            if let a, a.isReference { throw error("type mismatch: select without a type needs numeric operands") }
            if let b, b.isReference { throw error("type mismatch: select without a type needs numeric operands") }
            if let a, let b, a != b { throw error("type mismatch: select operands \(a.name) and \(b.name)") }
            push(a ?? b)
            code.append(.select)
        case .typedSelect(let t):
            let type = try TypeConversion.valueType(t)
            try pop(.i32)
            try pop(type)
            try pop(type)
            push(type)
            code.append(.select)
        case .localGet(let index):
            push(try local(index))
            code.append(.localGet(Int32(index)))
        case .localSet(let index):
            try pop(try local(index))
            code.append(.localSet(Int32(index)))
        case .localTee(let index):
            let t = try local(index)
            try pop(t)
            push(t)
            code.append(.localTee(Int32(index)))
        case .globalGet(let index):
            guard Int(index) < parts.globals.count else { throw error("unknown global \(index)") }
            push(parts.globals[Int(index)].value)
            code.append(.globalGet(Int32(index)))
        case .globalSet(let index):
            guard Int(index) < parts.globals.count else { throw error("unknown global \(index)") }
            let global = parts.globals[Int(index)]
            guard global.isMutable else { throw error("global is immutable") }
            try pop(global.value)
            code.append(.globalSet(Int32(index)))
        case .load(let kind, let memarg):
            try load(kind, memarg)
        case .store(let kind, let memarg):
            try store(kind, memarg)
        case .memorySize(let memory):
            try requireMemory(memory)
            push(.i32)
            code.append(.memorySize)
        case .memoryGrow(let memory):
            try requireMemory(memory)
            try pop(.i32)
            push(.i32)
            code.append(.memoryGrow)
        case .i32Const(let v):
            push(.i32)
            code.append(.const(UInt64(UInt32(bitPattern: v))))
        case .i64Const(let v):
            push(.i64)
            code.append(.const(UInt64(bitPattern: v)))
        case .f32Const(let v):
            push(.f32)
            code.append(.const(UInt64(v.bitPattern)))
        case .f64Const(let v):
            push(.f64)
            code.append(.const(v.bitPattern))
        case .refNull(let heap):
            push(try TypeConversion.heapType(heap))
            code.append(.const(Slot.null))
        case .refIsNull:
            _ = try popReference()
            push(.i32)
            code.append(.refIsNull)
        case .refFunc(let index):
            guard Int(index) < parts.functionTypes.count else { throw error("unknown function \(index)") }
            guard parts.isDeclaredReference(Int(index)) else { throw error("undeclared function reference \(index)") }
            push(.funcRef)
            code.append(.refFunc(Int32(index)))
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
            try requireMemory(memory)
            try requireData(dataIndex)
            try pop(.i32); try pop(.i32); try pop(.i32)
            code.append(.memoryInit(Int32(dataIndex)))
        case .dataDrop(let dataIndex):
            try requireData(dataIndex)
            code.append(.dataDrop(Int32(dataIndex)))
        case .memoryCopy(let destination, let source):
            try requireMemory(destination)
            try requireMemory(source)
            try pop(.i32); try pop(.i32); try pop(.i32)
            code.append(.memoryCopy)
        case .memoryFill(let memory):
            try requireMemory(memory)
            try pop(.i32); try pop(.i32); try pop(.i32)
            code.append(.memoryFill)
        case .tableInit(let elementIndex, let tableIndex):
            let table = try self.table(tableIndex)
            guard Int(elementIndex) < parts.elements.count else { throw error("unknown elem segment \(elementIndex)") }
            guard parts.elements[Int(elementIndex)].type == table.element else { throw error("type mismatch: table.init of a different reference type") }
            try pop(.i32); try pop(.i32); try pop(.i32)
            code.append(.tableInit(element: Int32(elementIndex), table: Int32(tableIndex)))
        case .elemDrop(let elementIndex):
            guard Int(elementIndex) < parts.elements.count else { throw error("unknown elem segment \(elementIndex)") }
            code.append(.elemDrop(Int32(elementIndex)))
        case .tableCopy(let destination, let source):
            let d = try table(destination)
            let s = try table(source)
            guard d.element == s.element else { throw error("type mismatch: table.copy between different reference types") }
            try pop(.i32); try pop(.i32); try pop(.i32)
            code.append(.tableCopy(destination: Int32(destination), source: Int32(source)))
        case .tableFill(let index):
            let t = try table(index)
            try pop(.i32); try pop(t.element); try pop(.i32)
            code.append(.tableFill(Int32(index)))
        case .tableGet(let index):
            let t = try table(index)
            try pop(.i32)
            push(t.element)
            code.append(.tableGet(Int32(index)))
        case .tableSet(let index):
            let t = try table(index)
            try pop(t.element); try pop(.i32)
            code.append(.tableSet(Int32(index)))
        case .tableGrow(let index):
            let t = try table(index)
            try pop(.i32); try pop(t.element)
            push(.i32)
            code.append(.tableGrow(Int32(index)))
        case .tableSize(let index):
            _ = try table(index)
            push(.i32)
            code.append(.tableSize(Int32(index)))
        default:
            throw ModuleError(.unsupported(feature: Self.feature(of: instruction)), "instruction not in WebAssembly 2.0", offset: binaryOffset)
        }
    }

    mutating func numeric(_ op: NumericOp) throws(ModuleError) {
        let signature = op.signature
        try pop(signature.operands)
        push(signature.result)
        code.append(Inst(op))
    }

    func local(_ index: UInt32) throws(ModuleError) -> ValueType {
        guard Int(index) < locals.count else { throw error("unknown local \(index)") }
        return locals[Int(index)]
    }

    func table(_ index: UInt32) throws(ModuleError) -> TableType {
        guard Int(index) < parts.tables.count else { throw error("unknown table \(index)") }
        return parts.tables[Int(index)]
    }

    func requireMemory(_ index: UInt32) throws(ModuleError) {
        guard Int(index) < parts.memories.count else { throw error("unknown memory \(index)") }
        if index != 0 { throw ModuleError(.unsupported(feature: "multi-memory"), "memory index \(index)", offset: binaryOffset) }
    }

    func requireData(_ index: UInt32) throws(ModuleError) {
        guard let count = parts.dataCount else {
            throw ModuleError(.malformed, "data count section required", offset: binaryOffset)
        }
        guard Int(index) < count else { throw error("unknown data segment \(index)") }
    }

    func checkMemarg(_ memarg: MemArg, naturalAlignment: UInt32) throws(ModuleError) {
        try requireMemory(memarg.memory)
        guard memarg.align <= naturalAlignment else { throw error("alignment must not be larger than natural") }
        guard memarg.offset <= UInt64(UInt32.max) else {
            throw ModuleError(.unsupported(feature: "memory64"), "offset beyond 32 bits", offset: binaryOffset)
        }
    }

    mutating func load(_ kind: Instruction.Load, _ memarg: MemArg) throws(ModuleError) {
        let offset = UInt32(truncatingIfNeeded: memarg.offset)
        let (result, alignment, inst): (ValueType, UInt32, Inst)
        switch kind {
        case .i32Load: (result, alignment, inst) = (.i32, 2, .i32Load(offset))
        case .i64Load: (result, alignment, inst) = (.i64, 3, .i64Load(offset))
        case .f32Load: (result, alignment, inst) = (.f32, 2, .f32Load(offset))
        case .f64Load: (result, alignment, inst) = (.f64, 3, .f64Load(offset))
        case .i32Load8S: (result, alignment, inst) = (.i32, 0, .i32Load8S(offset))
        case .i32Load8U: (result, alignment, inst) = (.i32, 0, .i32Load8U(offset))
        case .i32Load16S: (result, alignment, inst) = (.i32, 1, .i32Load16S(offset))
        case .i32Load16U: (result, alignment, inst) = (.i32, 1, .i32Load16U(offset))
        case .i64Load8S: (result, alignment, inst) = (.i64, 0, .i64Load8S(offset))
        case .i64Load8U: (result, alignment, inst) = (.i64, 0, .i64Load8U(offset))
        case .i64Load16S: (result, alignment, inst) = (.i64, 1, .i64Load16S(offset))
        case .i64Load16U: (result, alignment, inst) = (.i64, 1, .i64Load16U(offset))
        case .i64Load32S: (result, alignment, inst) = (.i64, 2, .i64Load32S(offset))
        case .i64Load32U: (result, alignment, inst) = (.i64, 2, .i64Load32U(offset))
        case .i32AtomicLoad, .i64AtomicLoad, .i32AtomicLoad8U, .i32AtomicLoad16U, .i64AtomicLoad8U, .i64AtomicLoad16U,
             .i64AtomicLoad32U:
            throw ModuleError(.unsupported(feature: "threads"), "atomic loads", offset: binaryOffset)
        default:
            throw ModuleError(.unsupported(feature: "simd"), "v128 loads", offset: binaryOffset)
        }
        try checkMemarg(memarg, naturalAlignment: alignment)
        try pop(.i32)
        push(result)
        code.append(inst)
    }

    mutating func store(_ kind: Instruction.Store, _ memarg: MemArg) throws(ModuleError) {
        let offset = UInt32(truncatingIfNeeded: memarg.offset)
        let (value, alignment, inst): (ValueType, UInt32, Inst)
        switch kind {
        case .i32Store: (value, alignment, inst) = (.i32, 2, .i32Store(offset))
        case .i64Store: (value, alignment, inst) = (.i64, 3, .i64Store(offset))
        case .f32Store: (value, alignment, inst) = (.f32, 2, .f32Store(offset))
        case .f64Store: (value, alignment, inst) = (.f64, 3, .f64Store(offset))
        case .i32Store8: (value, alignment, inst) = (.i32, 0, .i32Store8(offset))
        case .i32Store16: (value, alignment, inst) = (.i32, 1, .i32Store16(offset))
        case .i64Store8: (value, alignment, inst) = (.i64, 0, .i64Store8(offset))
        case .i64Store16: (value, alignment, inst) = (.i64, 1, .i64Store16(offset))
        case .i64Store32: (value, alignment, inst) = (.i64, 2, .i64Store32(offset))
        case .v128Store:
            throw ModuleError(.unsupported(feature: "simd"), "v128 stores", offset: binaryOffset)
        default:
            throw ModuleError(.unsupported(feature: "threads"), "atomic stores", offset: binaryOffset)
        }
        try checkMemarg(memarg, naturalAlignment: alignment)
        try pop(value)
        try pop(.i32)
        code.append(inst)
    }

    /// Names the proposal an instruction beyond WebAssembly 2.0 belongs to.
    static func feature(of instruction: Instruction) -> String {
        switch instruction {
        case .throw, .throwRef, .tryTable: return "exception-handling"
        case .returnCall, .returnCallIndirect: return "tail-call"
        case .returnCallRef: return "tail-call"
        case .callRef, .refAsNonNull, .brOnNull, .brOnNonNull: return "function-references"
        case .v128Const, .i8x16Shuffle, .simd, .simdLane, .simdMemLane: return "simd"
        case .atomicFence: return "threads"
        default: return "gc"
        }
    }
}
