/// A suspended caller: where to continue once the callee returns.
struct Frame {
    /// nil marks the frame of a call from the host: returning to it ends the run.
    var returnAddress: UnsafeMutablePointer<Inst>?
    var fp: UnsafeMutablePointer<UInt64>
    var instance: Unowned<Instance>
}

/// The interpreter's view of the running instance, reloaded when a call or return crosses instances.
struct ExecutionContext {
    var instance: Unowned<Instance>
    var code: UnsafeMutablePointer<Inst>
    var bodies: UnsafeMutablePointer<FunctionBody>
    var frameImages: UnsafeMutablePointer<UInt64>
    var branchTables: UnsafeMutablePointer<Int32>
    var globals: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    var importedFunctionCount: Int
    var memory: UnsafeMutablePointer<MemoryBounds>?
    var memoryBase: UnsafeMutableRawPointer
    var memorySize: UInt64

    /// Stands in for the base of a missing memory; never dereferenced because the size is 0.
    static var noMemory: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: 16)! }

    init(_ instance: Instance) {
        self.instance = Unowned(object: instance)
        let module = instance.module
        code = module.code.base
        bodies = module.bodies.base
        frameImages = module.frameImages.base
        branchTables = module.branchTables.base
        globals = instance.globalSlots
        importedFunctionCount = module.importedFunctionCount
        memory = instance.memories.first?.bounds
        memoryBase = ExecutionContext.noMemory
        memorySize = 0
        refreshMemory()
    }

    /// Memory may move when it grows: reloaded after memory.grow and after every call.
    @inline(__always)
    mutating func refreshMemory() {
        if let memory {
            memoryBase = memory.pointee.base
            memorySize = UInt64(memory.pointee.byteCount)
        }
    }

    /// Address of an access of `size` bytes at the i32 in `slot` + `offset`, or a trap when it leaves the memory.
    @inline(__always)
    func address(_ slot: UInt64, _ offset: Int32, _ size: UInt64) throws(Trap) -> UnsafeMutableRawPointer {
        let start = UInt64(u32(slot)) &+ UInt64(UInt32(bitPattern: offset))
        guard start &+ size <= memorySize else { throw .memoryOutOfBounds }
        return memoryBase + Int(start)
    }
}

extension Store {
    /// Runs the function at `address` with its arguments in stack[base...]; its results replace them.
    func execute(function address: Int, base: Int) throws(Trap) {
        let function = functions[address]
        switch function.kind {
        case .host(let body):
            stackTop = base + max(function.type.parameters.count, function.type.results.count)
            try body(HostCall(caller: nil, slots: stack + base, type: function.type))
        case .wasm(let instance, let body):
            try run(instance: instance.object, body: body, base: base)
        }
    }

    static let tickWindow = 1024

    /// Called every `tickWindow` loop iterations and calls: the cheap hook that lets the embedder stop a guest.
    func spendTicks(_ window: inout Int) throws(Trap) {
        if interruptRequested {
            interruptRequested = false
            throw .interrupted
        }
        if let remaining = fuel {
            let spent = UInt64(window)
            if remaining <= spent {
                fuel = 0
                throw .outOfFuel
            }
            fuel = remaining - spent
            window = Int(min(fuel!, UInt64(Store.tickWindow)))
        }
    }

    /// Calls host function `address` with its arguments in the slots from `arguments` on, where its results go.
    func callHost(_ address: Int, _ body: HostFunctionBody, caller: Instance, arguments: UnsafeMutablePointer<UInt64>,
                  depth: Int) throws(Trap) {
        let type = functions[address].type
        let savedStackTop = stackTop, savedFrameTop = frameTop
        // The caller's live values end at its arguments: nested runs start above them.
        stackTop = (arguments - stack) + max(type.parameters.count, type.results.count)
        frameTop = depth
        defer {
            stackTop = savedStackTop
            frameTop = savedFrameTop
        }
        guard stackTop <= limits.valueStackSlots else { throw .callStackExhausted }
        try body(HostCall(caller: caller, slots: arguments, type: type))
    }

    /// The interpreter loop. Wasm calls never recurse on the host stack: frames live in `frames`, values in `stack`.
    func run(instance entry: Instance, body entryBody: Int, base: Int) throws(Trap) {
        let stackEnd = stack + limits.valueStackSlots
        // Nested runs (a host function calling back in) share the frame array, so the depth limit is absolute.
        let maxDepth = limits.maxCallDepth
        var ctx = ExecutionContext(entry)
        var depth = frameTop
        var window = Store.tickWindow
        if let remaining = fuel {
            if remaining == 0 { throw .outOfFuel }
            window = Int(min(remaining, UInt64(Store.tickWindow)))
        }
        var ticks = window
        defer {
            if let remaining = fuel { fuel = remaining - min(remaining, UInt64(window - ticks)) }
        }

        var fp = stack + base
        var ip = ctx.code
        // The function to enter next, the frame it starts at and what its return resumes.
        var callee = entryBody
        var calleeFp = fp
        var returnAddress: UnsafeMutablePointer<Inst>? = nil
        var caller = ctx.instance

        while true {
            // Entry of defined function `callee` of `ctx`'s instance; its arguments are in its first slots.
            let body = ctx.bodies[callee]
            guard depth < maxDepth, calleeFp + Int(body.frameSize) <= stackEnd else { throw .callStackExhausted }
            frames[depth] = Frame(returnAddress: returnAddress, fp: fp, instance: caller)
            depth &+= 1
            fp = calleeFp
            (fp + Int(body.parameterCount)).update(from: ctx.frameImages + Int(body.image), count: Int(body.imageCount))
            ip = ctx.code + Int(body.entry)

            dispatch: while true {
            let i = ip.pointee
            switch i.op {
            case .unreachable, .operand:
                throw .unreachable
            case .jump:
                ip += Int(i.c)
                continue dispatch
            case .loopJump:
                ticks &-= 1
                if ticks <= 0 { try spendTicks(&window); ticks = window }
                ip += Int(i.c)
                continue dispatch
            case .brIf:
                if u32(fp[Int(i.a)]) != 0 {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfNot:
                if u32(fp[Int(i.a)]) == 0 {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI64Eqz:
                if fp[Int(i.a)] == 0 {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI64Nez:
                if fp[Int(i.a)] != 0 {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI32Eq:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if u32(x) == u32(y) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI32Ne:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if u32(x) != u32(y) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI32LtS:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if Int32(bitPattern: u32(x)) < Int32(bitPattern: u32(y)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI32LtU:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if u32(x) < u32(y) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI32GtS:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if Int32(bitPattern: u32(x)) > Int32(bitPattern: u32(y)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI32GtU:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if u32(x) > u32(y) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI32LeS:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if Int32(bitPattern: u32(x)) <= Int32(bitPattern: u32(y)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI32LeU:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if u32(x) <= u32(y) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI32GeS:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if Int32(bitPattern: u32(x)) >= Int32(bitPattern: u32(y)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI32GeU:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if u32(x) >= u32(y) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI64Eq:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if u64(x) == u64(y) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI64Ne:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if u64(x) != u64(y) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI64LtS:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if Int64(bitPattern: u64(x)) < Int64(bitPattern: u64(y)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI64LtU:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if u64(x) < u64(y) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI64GtS:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if Int64(bitPattern: u64(x)) > Int64(bitPattern: u64(y)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI64GtU:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if u64(x) > u64(y) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI64LeS:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if Int64(bitPattern: u64(x)) <= Int64(bitPattern: u64(y)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI64LeU:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if u64(x) <= u64(y) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI64GeS:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if Int64(bitPattern: u64(x)) >= Int64(bitPattern: u64(y)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brIfI64GeU:
                let x = fp[Int(i.a)], y = fp[Int(i.b)]
                if u64(x) >= u64(y) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
            case .brTable:
                let index = Int(u32(fp[Int(i.a)]))
                let destination = ctx.code + Int(ctx.branchTables[Int(i.b) &+ min(index, Int(i.c) &- 1)])
                if destination <= ip {
                    ticks &-= 1
                    if ticks <= 0 { try spendTicks(&window); ticks = window }
                }
                ip = destination
                continue dispatch
            case .ret:
                let from = Int(i.a)
                for k in 0..<Int(i.b) { fp[k] = fp[from &+ k] }
                depth &-= 1
                let frame = frames[depth]
                guard let back = frame.returnAddress else { return }
                ip = back
                fp = frame.fp
                if frame.instance.object !== ctx.instance.object {
                    ctx = ExecutionContext(frame.instance.object)
                } else {
                    ctx.refreshMemory()
                }
                continue dispatch
            case .call:
                ticks &-= 1
                if ticks <= 0 { try spendTicks(&window); ticks = window }
                let index = Int(i.a)
                calleeFp = fp + Int(i.b)
                returnAddress = ip + 1
                caller = ctx.instance
                if index >= ctx.importedFunctionCount {
                    callee = index &- ctx.importedFunctionCount
                    break dispatch
                }
                let address = ctx.instance.object.functions[index]
                switch functions[address].kind {
                case .wasm(let instance, let body):
                    ctx = ExecutionContext(instance.object)
                    callee = body
                    break dispatch
                case .host(let body):
                    try callHost(address, body, caller: ctx.instance.object, arguments: calleeFp, depth: depth)
                    ctx.refreshMemory()
                }
            case .callIndirect:
                ticks &-= 1
                if ticks <= 0 { try spendTicks(&window); ticks = window }
                let elementIndex = Int(u32(fp[Int(ip[1].a)]))
                let table = ctx.instance.object.tables[Int(i.c)]
                guard elementIndex < table.elements.count else { throw .undefinedElement }
                let reference = table.elements[elementIndex]
                guard reference != Slot.null else { throw .uninitializedElement }
                let address = Int(reference &- 1)
                let function = functions[address]
                guard function.type == ctx.instance.object.module.types[Int(i.a)] else {
                    throw .indirectCallTypeMismatch
                }
                calleeFp = fp + Int(i.b)
                returnAddress = ip + 2
                caller = ctx.instance
                switch function.kind {
                case .wasm(let instance, let body):
                    if instance.object !== ctx.instance.object { ctx = ExecutionContext(instance.object) }
                    callee = body
                    break dispatch
                case .host(let body):
                    try callHost(address, body, caller: ctx.instance.object, arguments: calleeFp, depth: depth)
                    ctx.refreshMemory()
                    ip += 1
                }
            case .copy:
                fp[Int(i.a)] = fp[Int(i.b)]
            case .const64:
                fp[Int(i.a)] = UInt64(UInt32(bitPattern: i.b)) | UInt64(UInt32(bitPattern: i.c)) << 32
            case .select:
                let condition = u32(fp[Int(ip[1].a)])
                fp[Int(i.a)] = condition != 0 ? fp[Int(i.b)] : fp[Int(i.c)]
                ip += 1
            case .globalGet:
                fp[Int(i.a)] = ctx.globals[Int(i.b)].pointee
            case .globalSet:
                ctx.globals[Int(i.b)].pointee = fp[Int(i.a)]
            case .i32Load:
                fp[Int(i.a)] = UInt64(try ctx.address(fp[Int(i.b)], i.c, 4).loadUnaligned(as: UInt32.self))
            case .i64Load:
                fp[Int(i.a)] = try ctx.address(fp[Int(i.b)], i.c, 8).loadUnaligned(as: UInt64.self)
            case .i32Load8S:
                fp[Int(i.a)] = UInt64(UInt32(bitPattern: Int32(try ctx.address(fp[Int(i.b)], i.c, 1).load(as: Int8.self))))
            case .i32Load8U:
                fp[Int(i.a)] = UInt64(try ctx.address(fp[Int(i.b)], i.c, 1).load(as: UInt8.self))
            case .i32Load16S:
                fp[Int(i.a)] = UInt64(UInt32(bitPattern: Int32(try ctx.address(fp[Int(i.b)], i.c, 2).loadUnaligned(as: Int16.self))))
            case .i32Load16U:
                fp[Int(i.a)] = UInt64(try ctx.address(fp[Int(i.b)], i.c, 2).loadUnaligned(as: UInt16.self))
            case .i64Load8S:
                fp[Int(i.a)] = UInt64(bitPattern: Int64(try ctx.address(fp[Int(i.b)], i.c, 1).load(as: Int8.self)))
            case .i64Load8U:
                fp[Int(i.a)] = UInt64(try ctx.address(fp[Int(i.b)], i.c, 1).load(as: UInt8.self))
            case .i64Load16S:
                fp[Int(i.a)] = UInt64(bitPattern: Int64(try ctx.address(fp[Int(i.b)], i.c, 2).loadUnaligned(as: Int16.self)))
            case .i64Load16U:
                fp[Int(i.a)] = UInt64(try ctx.address(fp[Int(i.b)], i.c, 2).loadUnaligned(as: UInt16.self))
            case .i64Load32S:
                fp[Int(i.a)] = UInt64(bitPattern: Int64(try ctx.address(fp[Int(i.b)], i.c, 4).loadUnaligned(as: Int32.self)))
            case .i64Load32U:
                fp[Int(i.a)] = UInt64(try ctx.address(fp[Int(i.b)], i.c, 4).loadUnaligned(as: UInt32.self))
            case .i32Store:
                try ctx.address(fp[Int(i.a)], i.c, 4).storeBytes(of: u32(fp[Int(i.b)]), as: UInt32.self)
            case .i64Store:
                try ctx.address(fp[Int(i.a)], i.c, 8).storeBytes(of: fp[Int(i.b)], as: UInt64.self)
            case .i32Store8, .i64Store8:
                try ctx.address(fp[Int(i.a)], i.c, 1).storeBytes(of: UInt8(truncatingIfNeeded: fp[Int(i.b)]), as: UInt8.self)
            case .i32Store16, .i64Store16:
                try ctx.address(fp[Int(i.a)], i.c, 2).storeBytes(of: UInt16(truncatingIfNeeded: fp[Int(i.b)]), as: UInt16.self)
            case .i64Store32:
                try ctx.address(fp[Int(i.a)], i.c, 4).storeBytes(of: u32(fp[Int(i.b)]), as: UInt32.self)
            case .memorySize:
                fp[Int(i.a)] = ctx.memorySize / UInt64(Memory.pageSize)
            case .memoryGrow:
                let memory = ctx.instance.object.memories[0]
                fp[Int(i.a)] = memory.grow(by: UInt64(u32(fp[Int(i.b)]))) ?? 0xffff_ffff
                ctx.refreshMemory()
            case .memoryFill:
                let operands = fp + Int(i.a)
                let count = UInt64(u32(operands[2]))
                let destination = try ctx.address(operands[0], 0, count)
                destination.initializeMemory(as: UInt8.self, repeating: UInt8(truncatingIfNeeded: operands[1]), count: Int(count))
            case .memoryCopy:
                let operands = fp + Int(i.a)
                let count = UInt64(u32(operands[2]))
                let destination = try ctx.address(operands[0], 0, count)
                let source = try ctx.address(operands[1], 0, count)
                destination.copyMemory(from: source, byteCount: Int(count))
            case .memoryInit:
                let operands = fp + Int(i.a)
                let count = UInt64(u32(operands[2]))
                let sourceOffset = UInt64(u32(operands[1]))
                let instance = ctx.instance.object
                let segment = Int(i.b)
                let bytes = instance.module.data[segment].bytes
                let available = instance.dataDropped[segment] ? 0 : UInt64(bytes.count)
                guard sourceOffset &+ count <= available else { throw .memoryOutOfBounds }
                let destination = try ctx.address(operands[0], 0, count)
                if count > 0 {
                    bytes.withUnsafeBytes { source in
                        destination.copyMemory(from: source.baseAddress! + Int(sourceOffset), byteCount: Int(count))
                    }
                }
            case .dataDrop:
                ctx.instance.object.dataDropped[Int(i.b)] = true
            case .refIsNull:
                fp[Int(i.a)] = bool(fp[Int(i.b)] == Slot.null)
            case .refFunc:
                fp[Int(i.a)] = Slot.reference(UInt64(ctx.instance.object.functions[Int(i.b)]))
            case .tableGet:
                let table = ctx.instance.object.tables[Int(i.c)]
                let index = UInt64(u32(fp[Int(i.b)]))
                guard index < UInt64(table.elements.count) else { throw .tableOutOfBounds }
                fp[Int(i.a)] = table.elements[Int(index)]
            case .tableSet:
                let table = ctx.instance.object.tables[Int(i.c)]
                let index = UInt64(u32(fp[Int(i.a)]))
                guard index < UInt64(table.elements.count) else { throw .tableOutOfBounds }
                table.elements[Int(index)] = fp[Int(i.b)]
            case .tableSize:
                fp[Int(i.a)] = UInt64(ctx.instance.object.tables[Int(i.c)].elements.count)
            case .tableGrow:
                let operands = fp + Int(i.a)
                let table = ctx.instance.object.tables[Int(i.c)]
                operands[0] = table.grow(by: UInt64(u32(operands[1])), initial: operands[0]) ?? 0xffff_ffff
            case .tableFill:
                let operands = fp + Int(i.a)
                let table = ctx.instance.object.tables[Int(i.c)]
                let start = UInt64(u32(operands[0])), count = UInt64(u32(operands[2]))
                guard start &+ count <= UInt64(table.elements.count) else { throw .tableOutOfBounds }
                for k in Int(start)..<Int(start &+ count) { table.elements[k] = operands[1] }
            case .tableCopy:
                let operands = fp + Int(i.a)
                let instance = ctx.instance.object
                let destination = instance.tables[Int(i.c)], source = instance.tables[Int(i.b)]
                let d = UInt64(u32(operands[0])), from = UInt64(u32(operands[1])), count = UInt64(u32(operands[2]))
                guard d &+ count <= UInt64(destination.elements.count), from &+ count <= UInt64(source.elements.count) else {
                    throw .tableOutOfBounds
                }
                if count > 0 {
                    let items = Array(source.elements[Int(from)..<Int(from &+ count)])
                    destination.elements.replaceSubrange(Int(d)..<Int(d &+ count), with: items)
                }
            case .tableInit:
                let operands = fp + Int(i.a)
                let instance = ctx.instance.object
                let table = instance.tables[Int(i.c)]
                let items = instance.elements[Int(i.b)]
                let d = UInt64(u32(operands[0])), from = UInt64(u32(operands[1])), count = UInt64(u32(operands[2]))
                guard d &+ count <= UInt64(table.elements.count), from &+ count <= UInt64(items.count) else {
                    throw .tableOutOfBounds
                }
                for k in 0..<Int(count) { table.elements[Int(d) &+ k] = items[Int(from) &+ k] }
            case .elemDrop:
                ctx.instance.object.elements[Int(i.b)] = []
            case .i32Eqz:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = bool(u32(x) == 0)
            case .i64Eqz:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = bool(u64(x) == 0)
            case .i32Eq:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(u32(x) == u32(y))
            case .i32Ne:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(u32(x) != u32(y))
            case .i32LtS:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(Int32(bitPattern: u32(x)) < Int32(bitPattern: u32(y)))
            case .i32LtU:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(u32(x) < u32(y))
            case .i32GtS:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(Int32(bitPattern: u32(x)) > Int32(bitPattern: u32(y)))
            case .i32GtU:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(u32(x) > u32(y))
            case .i32LeS:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(Int32(bitPattern: u32(x)) <= Int32(bitPattern: u32(y)))
            case .i32LeU:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(u32(x) <= u32(y))
            case .i32GeS:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(Int32(bitPattern: u32(x)) >= Int32(bitPattern: u32(y)))
            case .i32GeU:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(u32(x) >= u32(y))
            case .i64Eq:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(u64(x) == u64(y))
            case .i64Ne:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(u64(x) != u64(y))
            case .i64LtS:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(Int64(bitPattern: u64(x)) < Int64(bitPattern: u64(y)))
            case .i64LtU:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(u64(x) < u64(y))
            case .i64GtS:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(Int64(bitPattern: u64(x)) > Int64(bitPattern: u64(y)))
            case .i64GtU:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(u64(x) > u64(y))
            case .i64LeS:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(Int64(bitPattern: u64(x)) <= Int64(bitPattern: u64(y)))
            case .i64LeU:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(u64(x) <= u64(y))
            case .i64GeS:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(Int64(bitPattern: u64(x)) >= Int64(bitPattern: u64(y)))
            case .i64GeU:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(u64(x) >= u64(y))
            case .f32Eq:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(f32(x) == f32(y))
            case .f32Ne:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(f32(x) != f32(y))
            case .f32Lt:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(f32(x) < f32(y))
            case .f32Gt:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(f32(x) > f32(y))
            case .f32Le:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(f32(x) <= f32(y))
            case .f32Ge:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(f32(x) >= f32(y))
            case .f64Eq:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(f64(x) == f64(y))
            case .f64Ne:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(f64(x) != f64(y))
            case .f64Lt:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(f64(x) < f64(y))
            case .f64Gt:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(f64(x) > f64(y))
            case .f64Le:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(f64(x) <= f64(y))
            case .f64Ge:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = bool(f64(x) >= f64(y))
            case .i32Clz:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(u32(x).leadingZeroBitCount)
            case .i32Ctz:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(u32(x).trailingZeroBitCount)
            case .i32Popcnt:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(u32(x).nonzeroBitCount)
            case .i64Clz:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(u64(x).leadingZeroBitCount)
            case .i64Ctz:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(u64(x).trailingZeroBitCount)
            case .i64Popcnt:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(u64(x).nonzeroBitCount)
            case .f32Abs:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = x & 0x7fff_ffff
            case .f32Neg:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(u32(x) ^ 0x8000_0000)
            case .f32Ceil:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot32(f32(x).rounded(.up))
            case .f32Floor:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot32(f32(x).rounded(.down))
            case .f32Trunc:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot32(f32(x).rounded(.towardZero))
            case .f32Nearest:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot32(f32(x).rounded(.toNearestOrEven))
            case .f32Sqrt:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot32(f32(x).squareRoot())
            case .f64Abs:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = x & 0x7fff_ffff_ffff_ffff
            case .f64Neg:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = x ^ 0x8000_0000_0000_0000
            case .f64Ceil:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot64(f64(x).rounded(.up))
            case .f64Floor:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot64(f64(x).rounded(.down))
            case .f64Trunc:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot64(f64(x).rounded(.towardZero))
            case .f64Nearest:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot64(f64(x).rounded(.toNearestOrEven))
            case .f64Sqrt:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot64(f64(x).squareRoot())
            case .i32Extend8S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: x))))
            case .i32Extend16S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: x))))
            case .i64Extend8S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: x)))
            case .i64Extend16S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: x)))
            case .i64Extend32S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: x)))
            case .i32Add:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(u32(x) &+ u32(y))
            case .i32Sub:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(u32(x) &- u32(y))
            case .i32Mul:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(u32(x) &* u32(y))
            case .i32DivS:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(try Numerics.divS32(u32(x), u32(y)))
            case .i32DivU:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(try Numerics.divU32(u32(x), u32(y)))
            case .i32RemS:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(try Numerics.remS32(u32(x), u32(y)))
            case .i32RemU:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(try Numerics.remU32(u32(x), u32(y)))
            case .i32And:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(u32(x) & u32(y))
            case .i32Or:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(u32(x) | u32(y))
            case .i32Xor:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(u32(x) ^ u32(y))
            case .i32Shl:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(u32(x) &<< u32(y))
            case .i32ShrS:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(UInt32(bitPattern: Int32(bitPattern: u32(x)) &>> Int32(bitPattern: u32(y))))
            case .i32ShrU:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(u32(x) &>> u32(y))
            case .i32Rotl:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(Numerics.rotateLeft(u32(x), u32(y)))
            case .i32Rotr:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(Numerics.rotateLeft(u32(x), 0 &- u32(y)))
            case .i64Add:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = u64(x) &+ u64(y)
            case .i64Sub:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = u64(x) &- u64(y)
            case .i64Mul:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = u64(x) &* u64(y)
            case .i64DivS:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = try Numerics.divS64(u64(x), u64(y))
            case .i64DivU:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = try Numerics.divU64(u64(x), u64(y))
            case .i64RemS:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = try Numerics.remS64(u64(x), u64(y))
            case .i64RemU:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = try Numerics.remU64(u64(x), u64(y))
            case .i64And:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = u64(x) & u64(y)
            case .i64Or:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = u64(x) | u64(y)
            case .i64Xor:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = u64(x) ^ u64(y)
            case .i64Shl:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = u64(x) &<< u64(y)
            case .i64ShrS:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = UInt64(bitPattern: Int64(bitPattern: u64(x)) &>> Int64(bitPattern: u64(y)))
            case .i64ShrU:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = u64(x) &>> u64(y)
            case .i64Rotl:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = Numerics.rotateLeft(u64(x), u64(y))
            case .i64Rotr:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = Numerics.rotateLeft(u64(x), 0 &- u64(y))
            case .f32Add:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = slot32(f32(x) + f32(y))
            case .f32Sub:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = slot32(f32(x) - f32(y))
            case .f32Mul:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = slot32(f32(x) * f32(y))
            case .f32Div:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = slot32(f32(x) / f32(y))
            case .f32Min:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = slot32(Numerics.minimum(f32(x), f32(y)))
            case .f32Max:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = slot32(Numerics.maximum(f32(x), f32(y)))
            case .f32Copysign:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = (x & 0x7fff_ffff) | (y & 0x8000_0000)
            case .f64Add:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = slot64(f64(x) + f64(y))
            case .f64Sub:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = slot64(f64(x) - f64(y))
            case .f64Mul:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = slot64(f64(x) * f64(y))
            case .f64Div:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = slot64(f64(x) / f64(y))
            case .f64Min:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = slot64(Numerics.minimum(f64(x), f64(y)))
            case .f64Max:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = slot64(Numerics.maximum(f64(x), f64(y)))
            case .f64Copysign:
                let x = fp[Int(i.b)], y = fp[Int(i.c)]
                fp[Int(i.a)] = (x & 0x7fff_ffff_ffff_ffff) | (y & 0x8000_0000_0000_0000)
            case .i32WrapI64:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(u32(x))
            case .i32TruncF32S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(UInt32(bitPattern: try Numerics.truncate(f32(x), to: Int32.self)))
            case .i32TruncF32U:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(try Numerics.truncate(f32(x), to: UInt32.self))
            case .i32TruncF64S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(UInt32(bitPattern: try Numerics.truncate(f64(x), to: Int32.self)))
            case .i32TruncF64U:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(try Numerics.truncate(f64(x), to: UInt32.self))
            case .i64ExtendI32S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(bitPattern: Int64(Int32(bitPattern: u32(x))))
            case .i64ExtendI32U:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(u32(x))
            case .i64TruncF32S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(bitPattern: try Numerics.truncate(f32(x), to: Int64.self))
            case .i64TruncF32U:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = try Numerics.truncate(f32(x), to: UInt64.self)
            case .i64TruncF64S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(bitPattern: try Numerics.truncate(f64(x), to: Int64.self))
            case .i64TruncF64U:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = try Numerics.truncate(f64(x), to: UInt64.self)
            case .f32ConvertI32S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot32(Float(Int32(bitPattern: u32(x))))
            case .f32ConvertI32U:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot32(Float(u32(x)))
            case .f32ConvertI64S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot32(Float(Int64(bitPattern: x)))
            case .f32ConvertI64U:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot32(Float(x))
            case .f32DemoteF64:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot32(Float(f64(x)))
            case .f64ConvertI32S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot64(Double(Int32(bitPattern: u32(x))))
            case .f64ConvertI32U:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot64(Double(u32(x)))
            case .f64ConvertI64S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot64(Double(Int64(bitPattern: x)))
            case .f64ConvertI64U:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot64(Double(x))
            case .f64PromoteF32:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = slot64(Double(f32(x)))
            case .i32TruncSatF32S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(UInt32(bitPattern: Numerics.truncateSaturating(f32(x), to: Int32.self)))
            case .i32TruncSatF32U:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(Numerics.truncateSaturating(f32(x), to: UInt32.self))
            case .i32TruncSatF64S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(UInt32(bitPattern: Numerics.truncateSaturating(f64(x), to: Int32.self)))
            case .i32TruncSatF64U:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(Numerics.truncateSaturating(f64(x), to: UInt32.self))
            case .i64TruncSatF32S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(bitPattern: Numerics.truncateSaturating(f32(x), to: Int64.self))
            case .i64TruncSatF32U:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = Numerics.truncateSaturating(f32(x), to: UInt64.self)
            case .i64TruncSatF64S:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = UInt64(bitPattern: Numerics.truncateSaturating(f64(x), to: Int64.self))
            case .i64TruncSatF64U:
                let x = fp[Int(i.b)]
                fp[Int(i.a)] = Numerics.truncateSaturating(f64(x), to: UInt64.self)
            }
            ip += 1
            }
        }
    }
}
