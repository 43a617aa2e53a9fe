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
        guard table.element.top(in: parts.definedTypes) == .function else { throw error("type mismatch: return_call_indirect through a table of externref") }
        let callee = try functionType(typeIndex)
        try requireTailCallResults(callee)
        let element = try pop(table.limits.addressType)
        if emitting { materializeTop(callee.parameters.count) }
        try pop(callee.parameters)
        emit(Inst(.returnCallIndirect, Int32(typeIndex), slot(ofPosition: operands.count), Int32(tableIndex)))
        emit(Inst(.operand, element.slot, Int32(callee.parameters.count)))
        emit(Inst(.ret))
        markUnreachable()
    }

    /// A tail callee returns to this function's caller: its results must be this function's.
    func requireTailCallResults(_ callee: FunctionType) throws(ModuleError) {
        guard isSubtype(callee.results, of: type.results) else {
            throw error("type mismatch: tail call of a function returning \(callee.results.count) values of other types")
        }
    }
}

extension Store {
    /// return_call and return_call_indirect at `ip`: moves the arguments to the frame's first slots and enters
    /// the callee there, in the same frame (depth and return address stay), with `ctx` switched to its instance;
    /// returns where to continue: the callee's entry, or for a host function, which has then run and left its
    /// results in those slots, the `ret` after the call. Entering here rather than through the interpreter
    /// loop's own function entry leaves the loop's call path as it was.
    @inline(never)
    func tailCall(_ ip: UnsafeMutablePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>, _ ctx: inout ExecutionContext,
                  depth: Int) throws(Trap) -> UnsafeMutablePointer<Inst> {
        let i = ip.pointee
        let arguments = fp + Int(i.b)
        let body: Int?
        let width: Int
        // Forward copies: the arguments lie above the frame's first slots.
        if i.op == .returnCall {
            for k in 0..<Int(i.c) { fp[k] = arguments[k] }
            if hasShadowStack { moveShadows(fp, arguments, Int(i.c)) }
            let index = Int(i.a)
            width = 1
            if index >= ctx.importedFunctionCount {
                body = index &- ctx.importedFunctionCount
            } else {
                body = try callImport(index, &ctx, arguments: fp, depth: depth)
            }
        } else {
            let element = fp[Int(ip[1].a)]
            for k in 0..<Int(ip[1].b) { fp[k] = arguments[k] }
            if hasShadowStack { moveShadows(fp, arguments, Int(ip[1].b)) }
            width = 2
            body = try callIndirect(type: Int(i.a), table: Int(i.c), element: element, &ctx, arguments: fp, depth: depth)
        }
        guard let body else { return ip + width }
        let function = ctx.bodies[body]
        // The frame keeps its place among the frames (depth - 1); the callee's may need more value stack.
        guard makeRoom(depth: depth - 1, slots: (fp - stack) + Int(function.frameSize)) else { throw .callStackExhausted }
        (fp + Int(function.imageSlot)).update(from: ctx.frameImages + Int(function.image), count: Int(function.imageCount))
        return ctx.code + Int(function.entry)
    }

    /// The high halves of v128 arguments follow them (forward copies, as the arguments' own).
    func moveShadows(_ to: UnsafeMutablePointer<UInt64>, _ from: UnsafeMutablePointer<UInt64>, _ count: Int) {
        for k in 0..<count { to[k + shadowDelta] = from[k + shadowDelta] }
    }
}
