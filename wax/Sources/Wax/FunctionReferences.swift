/// Typed function references (WebAssembly 3.0) in the function compiler and the interpreter: `call_ref`,
/// `return_call_ref`, `ref.as_non_null`, `br_on_null`, `br_on_non_null`, and the initialization of locals that
/// have no default value (a non-nullable reference must be set before it is read; validation tracks which are,
/// per block). call_ref and return_call_ref are call_indirect and return_call_indirect through no table
/// (`Inst.referenceTable`): the interpreter loop and the native tier run them as those. References keep their slot encoding (`Slot`): a typed reference is a funcref at run time, and
/// the type checks are all static, so `call_ref` needs no signature check where `call_indirect` does.
extension FunctionCompiler {
    mutating func callReference(type typeIndex: UInt32) throws(ModuleError) {
        let callee = try functionType(typeIndex)
        let reference = try pop(.ref(nullable: true, heap: .index(Int(typeIndex))))
        if emitting { materializeTop(callee.parameters.count) }
        try pop(callee.parameters)
        emit(Inst(.callIndirect, Int32(typeIndex), slot(ofPosition: operands.count), Inst.referenceTable))
        emit(Inst(.operand, reference.slot))
        push(callee.results)
    }

    mutating func returnCallReference(type typeIndex: UInt32) throws(ModuleError) {
        let callee = try functionType(typeIndex)
        try requireTailCallResults(callee)
        let reference = try pop(.ref(nullable: true, heap: .index(Int(typeIndex))))
        if emitting { materializeTop(callee.parameters.count) }
        try pop(callee.parameters)
        emit(Inst(.returnCallIndirect, Int32(typeIndex), slot(ofPosition: operands.count), Inst.referenceTable))
        emit(Inst(.operand, reference.slot, Int32(callee.parameters.count)))
        emit(Inst(.ret))
        markUnreachable()
    }

    /// The reference stays in its slot: only its type changes.
    mutating func referenceAsNonNull() throws(ModuleError) {
        var reference = try popReference()
        emit(Inst(.refAsNonNull, reference.slot))
        reference.type = reference.type?.nonNullable
        push(reference)
    }

    /// br_on_null branches with the values below the reference; br_on_non_null with the reference on top of
    /// them, as the last of its label's types.
    mutating func branchOnNull(_ depth: UInt32, whenNull: Bool) throws(ModuleError) {
        let label = try labelIndex(depth)
        var reference = try popReference()
        reference.type = reference.type?.nonNullable
        var carried = controls[label].labelTypes
        if !whenNull {
            guard let last = carried.popLast(), last.isReference else {
                throw error("type mismatch: br_on_non_null to a label without a reference last")
            }
            if let actual = reference.type, !actual.isSubtype(of: last, types: parts.definedTypes) {
                throw error("type mismatch: expected \(last.name), found \(actual.name)")
            }
        }
        try checkTop(carried)
        push(reference)
        // The test goes one slot above the reference, which keeps its own.
        produce(.refIsNull, .i32, reference.slot)
        let isNull = try pop(.i32)
        if whenNull { _ = operands.removeLast() }
        if emitting {
            let test = condition(isNull)
            emitConditionalBranch(whenNull ? test : test.negated, to: label)
        }
        if whenNull { push(reference) } else { _ = operands.removeLast() }
    }

    func functionType(_ typeIndex: UInt32) throws(ModuleError) -> FunctionType {
        do {
            return try parts.functionType(Int(typeIndex))
        } catch {
            throw self.error(error.reason)
        }
    }

    /// A concrete heap type must name a type of the module.
    func checkHeapType(_ type: ValueType) throws(ModuleError) {
        if case .index(let index)? = type.heap, index >= parts.types.count { throw error("unknown type \(index)") }
    }

    /// Whether values of `types` may stand for values of `expected`, one by one.
    func isSubtype(_ types: [ValueType], of expected: [ValueType]) -> Bool {
        types.count == expected.count && zip(types, expected).allSatisfy { $0.isSubtype(of: $1, types: parts.definedTypes) }
    }

    /// Records that local `index`, without a default value, has been set in the current block.
    mutating func initialize(_ index: Int, _ type: ValueType) {
        if !type.isDefaultable, !initializedLocals.contains(index) { initializedLocals.append(index) }
    }
}

extension Inst {
    /// The table index of a call_indirect that is a call_ref (see `Op.callIndirect`).
    static let referenceTable: Int32 = -1
}

extension Store {
    /// call_ref and return_call_ref: like `callIndirect` with the function's reference in a slot.
    @inline(never)
    func callReference(_ reference: UInt64, _ ctx: inout ExecutionContext, arguments: UnsafeMutablePointer<UInt64>,
                       depth: Int) throws(Trap) -> Int? {
        guard reference != Slot.null else { throw .nullFunctionReference }
        return try call(Int(reference &- 1), &ctx, arguments: arguments, depth: depth)
    }
}

extension Store {
    /// Whether an embedder's argument fits a parameter: a value of its type, or for a typed reference a non-null
    /// one where null is not allowed and, for a concrete type, a function of that type.
    func accepts(_ parameter: ValueType, _ argument: Value, _ callee: FunctionHandle) -> Bool {
        if argument.type == parameter { return true }
        let ids = functions[callee.address].typeIds
        guard parameter.isReference, let heap = parameter.heap, argument.type.top == types.top(of: parameter, ids) else { return false }
        return test(argument.slot, heap: Int(GCOp.heapCode(heap)), nullable: parameter.isNullable, ids)
    }
}
