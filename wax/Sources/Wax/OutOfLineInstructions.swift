/// What the interpreter runs out of line: calls through imports and tables, memory growth, the reference, table
/// and segment instructions, and the zeroing and moving of many slots at once. These touch the store's and
/// instance's objects, whose reference counting and exclusivity checks would otherwise be paid around the whole
/// interpreter loop; they are rare enough not to miss being inline.
extension Store {
    /// Calls host function `function` with its arguments in the slots from `arguments` on, where its results go.
    /// Takes the caller's memory as two words rather than its whole `ExecutionContext`, which would be copied, and
    /// reads the body from `function` itself (passed in, the closure would be retained and released).
    func callHost(_ function: Function, caller: Unowned<Instance>,
                  memoryBase: UnsafeMutableRawPointer, memorySize: UInt64, arguments: UnsafeMutablePointer<UInt64>,
                  depth: Int) throws(Trap) {
        if case .direct(let direct) = function.kind {
            return try direct.call(arguments, memoryBase: memoryBase, memorySize: memorySize)
        }
        let savedStackTop = stackTop, savedFrameTop = frameTop
        // The caller's live values end at its arguments: nested runs start above them.
        stackTop = (arguments - stack) + function.slotCount
        frameTop = depth
        defer {
            stackTop = savedStackTop
            frameTop = savedFrameTop
        }
        guard stackTop <= limits.valueStackSlots else { throw .callStackExhausted }
        let memoryBytes = memorySize == 0 ? UnsafeMutableRawBufferPointer(start: nil, count: 0)
            : UnsafeMutableRawBufferPointer(start: memoryBase, count: Int(memorySize))
        guard case .host(let body) = function.kind else { return }
        try body(HostCall(caller: caller, function: function, slots: arguments, memoryBytes: memoryBytes, shadowDelta: shadowDelta))
    }

    /// A call of function `index` of the running instance that is not one of its own: returns the body of a wasm
    /// function to enter, with `ctx` switched to its instance, or nil for a host function, which has then run.
    @inline(never)
    func callImport(_ index: Int, _ ctx: inout ExecutionContext, arguments: UnsafeMutablePointer<UInt64>,
                    depth: Int) throws(Trap) -> Int? {
        // The running instance, borrowed through its address: reading its function table counts no references.
        let address = Unmanaged<Instance>.fromOpaque(ctx.identity)._withUnsafeGuaranteedRef { $0.functions[index] }
        return try call(address, &ctx, arguments: arguments, depth: depth)
    }

    /// The trap of status `status` from direct import `index` of `caller`, as `call` makes it: an exception goes
    /// pending in the wasm caller, any other trap is thrown.
    @inline(never)
    func directTrap(_ index: Int, _ status: UInt32, _ caller: Unowned<Instance>) throws(Trap) {
        guard case .direct(let direct) = functions[caller.object.functions[index]].kind else {
            preconditionFailure("a direct import that is not a direct host function")
        }
        let trap = direct.trap(status)
        guard case .exception(let exception) = trap else { throw trap }
        pendingException.pointee = exception
    }

    func call(_ address: Int, _ ctx: inout ExecutionContext, arguments: UnsafeMutablePointer<UInt64>,
              depth: Int) throws(Trap) -> Int? {
        // The store keeps every function until it goes: the call borrows it, with no reference counting.
        var entry: Int? = nil
        let trap: Trap? = Unmanaged.passUnretained(functions[address])._withUnsafeGuaranteedRef { function in
            if let clock = function.clock,
               clock.read(arguments, memoryBase: ctx.memoryBase, memorySize: ctx.memorySize) { return nil }
            switch function.kind {
            case .wasm(let instance, let body):
                if instance.object !== ctx.instance.object { ctx = ExecutionContext(instance.object) }
                entry = body
            case .host, .direct:
                do throws(Trap) {
                    try callHost(function, caller: ctx.instance, memoryBase: ctx.memoryBase,
                                 memorySize: ctx.memorySize, arguments: arguments, depth: depth)
                } catch {
                    return error
                }
                ctx.refreshMemory()
            }
            return nil
        }
        if let trap {
            // An exception from a host function goes on in its wasm caller.
            if case .exception(let exception) = trap {
                pendingException.pointee = exception
                return nil
            }
            throw trap
        }
        return entry
    }

    /// Like `callImport` for call_indirect of type `typeIndex` through element `element` (an i32 slot) of table
    /// `tableIndex`, with its checks.
    @inline(never)
    func callIndirect(type typeIndex: Int, table tableIndex: Int, element: UInt64, _ ctx: inout ExecutionContext,
                      arguments: UnsafeMutablePointer<UInt64>, depth: Int) throws(Trap) -> Int? {
        if tableIndex == Inst.referenceTable { return try callReference(element, &ctx, arguments: arguments, depth: depth) }
        let caller = ctx.instance.object
        let table = caller.tables[tableIndex]
        let elementIndex = table.index(element)
        guard elementIndex < UInt64(table.count) else { throw .undefinedElement }
        let reference = table[Int(elementIndex)]
        guard reference != Slot.null else { throw .uninitializedElement }
        let address = Int(reference &- 1)
        // The same type, or (on the slow path) one that declares the expected type as a supertype.
        let expected = caller.typeIds[typeIndex]
        guard functions[address].typeId == expected || types.isSubtype(functions[address].typeId, of: expected) else {
            throw .indirectCallTypeMismatch
        }
        return try call(address, &ctx, arguments: arguments, depth: depth)
    }

    @inline(never)
    func executeOutOfLine(_ i: Inst, _ fp: UnsafeMutablePointer<UInt64>, _ caller: Unowned<Instance>,
                          _ ctx: ExecutionContext) throws(Trap) {
        let instance = caller.object
        switch i.op {
        case .memoryGrow:
            let memory = instance.memories[Int(i.c)]
            fp[Int(i.a)] = memory.grow(by: memory.address(fp[Int(i.b)])) ?? memory.growFailure
        case .memoryInit:
            let operands = fp + Int(i.a)
            let count = UInt64(u32(operands[2]))
            let sourceOffset = UInt64(u32(operands[1]))
            let segment = Int(i.b)
            let bytes = instance.module.data[segment].bytes
            let available = instance.dataDropped[segment] ? 0 : UInt64(bytes.count)
            guard sourceOffset &+ count <= available else { throw .memoryOutOfBounds }
            let memory = instance.memories[Int(i.c)]
            let destination = try memory.pointer(memory.address(operands[0]), count)
            if count > 0 {
                bytes.withUnsafeBytes { source in
                    destination.copyMemory(from: source.baseAddress! + Int(sourceOffset), byteCount: Int(count))
                }
            }
        case .dataDrop:
            instance.dataDropped[Int(i.b)] = true
        case .refFunc:
            fp[Int(i.a)] = Slot.reference(UInt64(instance.functions[Int(i.b)]))
        case .tableGet:
            let table = instance.tables[Int(i.c)]
            let index = table.index(fp[Int(i.b)])
            guard index < UInt64(table.count) else { throw .tableOutOfBounds }
            fp[Int(i.a)] = table[Int(index)]
        case .tableSet:
            let table = instance.tables[Int(i.c)]
            let index = table.index(fp[Int(i.a)])
            guard index < UInt64(table.count) else { throw .tableOutOfBounds }
            table[Int(index)] = fp[Int(i.b)]
        case .tableSize:
            fp[Int(i.a)] = UInt64(instance.tables[Int(i.c)].count)
        case .tableGrow:
            let operands = fp + Int(i.a)
            let table = instance.tables[Int(i.c)]
            operands[0] = table.grow(by: table.index(operands[1]), initial: operands[0]) ?? table.growFailure
        case .tableFill:
            let operands = fp + Int(i.a)
            let table = instance.tables[Int(i.c)]
            let start = table.index(operands[0]), count = table.index(operands[2])
            guard start <= UInt64(table.count), count <= UInt64(table.count) - start else { throw .tableOutOfBounds }
            table.fill(from: Int(start), count: Int(count), with: operands[1])
        case .tableCopy:
            let operands = fp + Int(i.a)
            let destination = instance.tables[Int(i.c)], source = instance.tables[Int(i.b)]
            // The length has the smaller address type of the two.
            let length = destination.is64 && source.is64 ? operands[2] : UInt64(u32(operands[2]))
            guard let (d, from, count) = Self.ranges(destination.index(operands[0]), destination.count,
                                                     source.index(operands[1]), source.count, length) else {
                throw .tableOutOfBounds
            }
            // In the direction that reads every entry before it is overwritten, when the ranges overlap.
            if d <= from {
                for k in 0..<count { destination[d &+ k] = source[from &+ k] }
            } else {
                for k in (0..<count).reversed() { destination[d &+ k] = source[from &+ k] }
            }
        case .tableInit:
            let operands = fp + Int(i.a)
            let table = instance.tables[Int(i.c)]
            let items = instance.elements[Int(i.b)]
            guard let (d, from, count) = Self.ranges(table.index(operands[0]), table.count,
                                                     UInt64(u32(operands[1])), items.count, UInt64(u32(operands[2]))) else {
                throw .tableOutOfBounds
            }
            for k in 0..<count { table[d &+ k] = items[from &+ k] }
        case .elemDrop:
            instance.dropElements(Int(i.b))
        case .zeroSlots:
            (fp + Int(i.a)).initialize(repeating: 0, count: Int(i.b))
        case .copySlots:
            for k in 0..<Int(i.c) { fp[Int(i.a) &+ k] = fp[Int(i.b) &+ k] }
        default:
            break
        }
    }

    /// The starts and length of a copy of `count` entries from `from` in a sequence of `fromCount` to `to` in one of
    /// `toCount`, or nil when either range leaves its sequence (indexes of any address type, without wrapping).
    static func ranges(_ to: UInt64, _ toCount: Int, _ from: UInt64, _ fromCount: Int,
                       _ count: UInt64) -> (to: Int, from: Int, count: Int)? {
        guard to <= UInt64(toCount), count <= UInt64(toCount) - to,
              from <= UInt64(fromCount), count <= UInt64(fromCount) - from else { return nil }
        return (Int(to), Int(from), Int(count))
    }
}
