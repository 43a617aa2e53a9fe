/// The tail-call proposal in the function compiler: `return_call` and `return_call_indirect` leave their arguments
/// where `call` does and end the function; the interpreter moves the arguments to the frame's first slots and
/// the callee takes over the frame and the return address (`Op.returnCall`). The `ret` after them returns a host
/// callee's results, which it leaves in place.
extension FunctionCompiler {
    mutating func returnCall(function index: UInt32) throws(ModuleError) {
        guard Int(index) < parts.functionTypes.count else { throw error("unknown function \(index)") }
        let callee = parts.types[parts.functionTypes[Int(index)]]
        try requireTailCallResults(callee)
        if emitting { materializeTop(callee.parameters.count) }
        try pop(callee.parameters)
        emit(Inst(.returnCall, Int32(index), slot(ofPosition: operands.count), Int32(callee.parameters.count)))
        emit(Inst(.ret))
        markUnreachable()
    }

    mutating func returnCallIndirect(type typeIndex: UInt32, table tableIndex: UInt32) throws(ModuleError) {
        let table = try self.table(tableIndex)
        guard table.element == .funcRef else { throw error("type mismatch: return_call_indirect through a table of externref") }
        guard Int(typeIndex) < parts.types.count else { throw error("unknown type \(typeIndex)") }
        let callee = parts.types[Int(typeIndex)]
        try requireTailCallResults(callee)
        let element = try pop(.i32)
        if emitting { materializeTop(callee.parameters.count) }
        try pop(callee.parameters)
        emit(Inst(.returnCallIndirect, Int32(typeIndex), slot(ofPosition: operands.count), Int32(tableIndex)))
        emit(Inst(.operand, element.slot, Int32(callee.parameters.count)))
        emit(Inst(.ret))
        markUnreachable()
    }

    /// A tail callee returns to this function's caller: its results must be this function's.
    func requireTailCallResults(_ callee: FunctionType) throws(ModuleError) {
        guard callee.results == type.results else {
            throw error("type mismatch: tail call of a function returning \(callee.results.count) values of other types")
        }
    }
}

extension Store {
    /// return_call and return_call_indirect (`next` is the latter's operand word): moves the arguments to the
    /// frame's first slots, then returns the body of the wasm function to enter there, with `ctx` switched to its
    /// instance, or nil for a host function, which has then run and left its results in those slots.
    @inline(never)
    func tailCall(_ i: Inst, _ next: Inst, _ fp: UnsafeMutablePointer<UInt64>, _ ctx: inout ExecutionContext,
                  depth: Int) throws(Trap) -> Int? {
        let arguments = fp + Int(i.b)
        if i.op == .returnCall {
            // Forward: the arguments lie above the frame's first slots.
            for k in 0..<Int(i.c) { fp[k] = arguments[k] }
            let index = Int(i.a)
            if index >= ctx.importedFunctionCount { return index &- ctx.importedFunctionCount }
            return try callImport(index, &ctx, arguments: fp, depth: depth)
        }
        let element = fp[Int(next.a)]
        for k in 0..<Int(next.b) { fp[k] = arguments[k] }
        return try callIndirect(type: Int(i.a), table: Int(i.c), element: element, &ctx, arguments: fp, depth: depth)
    }
}
