/// A suspended caller: where to continue once the callee returns.
struct Frame {
    /// -1 marks the frame of a call from the host: returning to it ends the run.
    var returnPC: Int
    var fp: Int
    var resultCount: Int
    var instance: Unowned<Instance>
}

/// The interpreter's view of the running instance, reloaded when a call or return crosses instances.
struct ExecutionContext {
    var instance: Unowned<Instance>
    var code: UnsafeMutablePointer<Inst>
    var bodies: UnsafeMutablePointer<FunctionBody>
    var importedFunctionCount: Int
    var memoryBase: UnsafeMutableRawPointer
    var memorySize: UInt64

    /// Stands in for the base of a missing memory; never dereferenced because the size is 0.
    static var noMemory: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: 16)! }

    init(_ instance: Instance) {
        self.instance = Unowned(object: instance)
        code = instance.module.code.base
        bodies = instance.module.bodies.base
        importedFunctionCount = instance.module.importedFunctionCount
        memoryBase = ExecutionContext.noMemory
        memorySize = 0
        refreshMemory()
    }

    /// Memory may move when it grows: reloaded after memory.grow and after every call.
    @inline(__always)
    mutating func refreshMemory() {
        if let memory = instance.object.memories.first {
            memoryBase = memory.base
            memorySize = UInt64(memory.byteCount)
        }
    }

    /// Address of an access of `size` bytes at `address` + `offset`, or a trap when it leaves the memory.
    @inline(__always)
    func effectiveAddress(_ address: UInt64, _ offset: UInt32, _ size: UInt64) throws(Trap) -> UnsafeMutableRawPointer {
        let start = (address & 0xffff_ffff) &+ UInt64(offset)
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

    /// Calls host function `address` with the top stack values as arguments; returns the new stack pointer.
    func callHost(_ address: Int, _ body: HostFunctionBody, caller: Instance, sp: Int, depth: Int) throws(Trap) -> Int {
        let type = functions[address].type
        let argumentBase = sp &- type.parameters.count
        let savedStackTop = stackTop, savedFrameTop = frameTop
        stackTop = max(sp, argumentBase &+ type.results.count)
        frameTop = depth
        defer {
            stackTop = savedStackTop
            frameTop = savedFrameTop
        }
        guard stackTop <= limits.valueStackSlots else { throw .callStackExhausted }
        try body(HostCall(caller: caller, slots: stack + argumentBase, type: type))
        return argumentBase &+ type.results.count
    }

    /// The interpreter loop. Wasm calls never recurse on the host stack: frames live in `frames`, values in `stack`.
    func run(instance entry: Instance, body entryBody: Int, base: Int) throws(Trap) {
        let s = stack
        // Nested runs (a host function calling back in) share the frame array, so the depth limit is absolute.
        let maxDepth = limits.maxCallDepth
        let stackSlots = limits.valueStackSlots
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

        var pc = -1
        var fp = 0
        var sp = base &+ Int(ctx.bodies[entryBody].parameterCount)
        var resultCount = 0
        var callee = entryBody
        var caller = ctx.instance
        var returnPC = -1

        while true {
            // Entry of defined function `callee` of `ctx`'s instance; its arguments are the top stack values.
            let b = ctx.bodies[callee]
            let newFp = sp &- Int(b.parameterCount)
            guard depth < maxDepth, newFp &+ Int(b.frameSize) <= stackSlots else { throw .callStackExhausted }
            frames[depth] = Frame(returnPC: returnPC, fp: fp, resultCount: resultCount, instance: caller)
            depth &+= 1
            let localsStart = newFp &+ Int(b.parameterCount)
            (s + localsStart).initialize(repeating: 0, count: Int(b.localCount))
            sp = localsStart &+ Int(b.localCount)
            fp = newFp
            pc = Int(b.entry)
            resultCount = Int(b.resultCount)

            dispatch: while true {
            switch ctx.code[pc] {
            case .unreachable:
                throw .unreachable
            case .jump(let target):
                if Int(target) <= pc {
                    ticks &-= 1
                    if ticks <= 0 { try spendTicks(&window); ticks = window }
                }
                pc = Int(target)
                continue dispatch
            case .br(let target, let height, let arity):
                let destination = fp &+ Int(height)
                let n = Int(arity)
                for i in 0..<n { s[destination &+ i] = s[sp &- n &+ i] }
                sp = destination &+ n
                if Int(target) <= pc {
                    ticks &-= 1
                    if ticks <= 0 { try spendTicks(&window); ticks = window }
                }
                pc = Int(target)
                continue dispatch
            case .brIf(let target, let height, let arity):
                sp &-= 1
                if s[sp] & 0xffff_ffff != 0 {
                    let destination = fp &+ Int(height)
                    let n = Int(arity)
                    for i in 0..<n { s[destination &+ i] = s[sp &- n &+ i] }
                    sp = destination &+ n
                    if Int(target) <= pc {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    pc = Int(target)
                    continue dispatch
                }
            case .brIfJump(let target):
                sp &-= 1
                if s[sp] & 0xffff_ffff != 0 {
                    if Int(target) <= pc {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    pc = Int(target)
                    continue dispatch
                }
            case .brUnless(let target):
                sp &-= 1
                if s[sp] & 0xffff_ffff == 0 {
                    pc = Int(target)
                    continue dispatch
                }
            case .brTable(let table, let count):
                sp &-= 1
                let index = Int(s[sp] & 0xffff_ffff)
                let entry = ctx.instance.object.module.branchTables.base[Int(table) &+ min(index, Int(count) &- 1)]
                let destination = fp &+ Int(entry.height)
                let n = Int(entry.arity)
                for i in 0..<n { s[destination &+ i] = s[sp &- n &+ i] }
                sp = destination &+ n
                if Int(entry.target) <= pc {
                    ticks &-= 1
                    if ticks <= 0 { try spendTicks(&window); ticks = window }
                }
                pc = Int(entry.target)
                continue dispatch
            case .ret:
                let n = resultCount
                for i in 0..<n { s[fp &+ i] = s[sp &- n &+ i] }
                sp = fp &+ n
                depth &-= 1
                let frame = frames[depth]
                if frame.returnPC < 0 { return }
                pc = frame.returnPC
                fp = frame.fp
                resultCount = frame.resultCount
                if frame.instance.object !== ctx.instance.object {
                    ctx = ExecutionContext(frame.instance.object)
                } else {
                    ctx.refreshMemory()
                }
                continue dispatch
            case .call(let index):
                ticks &-= 1
                if ticks <= 0 { try spendTicks(&window); ticks = window }
                let i = Int(index)
                caller = ctx.instance
                returnPC = pc &+ 1
                if i >= ctx.importedFunctionCount {
                    callee = i &- ctx.importedFunctionCount
                    break dispatch
                }
                let address = ctx.instance.object.functions[i]
                switch functions[address].kind {
                case .wasm(let instance, let body):
                    ctx = ExecutionContext(instance.object)
                    callee = body
                    break dispatch
                case .host(let body):
                    sp = try callHost(address, body, caller: ctx.instance.object, sp: sp, depth: depth)
                    ctx.refreshMemory()
                }
            case .callIndirect(let typeIndex, let tableIndex):
                ticks &-= 1
                if ticks <= 0 { try spendTicks(&window); ticks = window }
                sp &-= 1
                let elementIndex = Int(s[sp] & 0xffff_ffff)
                let table = ctx.instance.object.tables[Int(tableIndex)]
                guard elementIndex < table.elements.count else { throw .undefinedElement }
                let reference = table.elements[elementIndex]
                guard reference != Slot.null else { throw .uninitializedElement }
                let address = Int(reference &- 1)
                let function = functions[address]
                guard function.type == ctx.instance.object.module.types[Int(typeIndex)] else {
                    throw .indirectCallTypeMismatch
                }
                caller = ctx.instance
                returnPC = pc &+ 1
                switch function.kind {
                case .wasm(let instance, let body):
                    if instance.object !== ctx.instance.object { ctx = ExecutionContext(instance.object) }
                    callee = body
                    break dispatch
                case .host(let body):
                    sp = try callHost(address, body, caller: ctx.instance.object, sp: sp, depth: depth)
                    ctx.refreshMemory()
                }
            case .drop:
                sp &-= 1
            case .select:
                sp &-= 2
                if s[sp &+ 1] & 0xffff_ffff == 0 { s[sp &- 1] = s[sp] }
            case .localGet(let index):
                s[sp] = s[fp &+ Int(index)]
                sp &+= 1
            case .localSet(let index):
                sp &-= 1
                s[fp &+ Int(index)] = s[sp]
            case .localTee(let index):
                s[fp &+ Int(index)] = s[sp &- 1]
            case .globalGet(let index):
                s[sp] = ctx.instance.object.globals[Int(index)].slot
                sp &+= 1
            case .globalSet(let index):
                sp &-= 1
                ctx.instance.object.globals[Int(index)].slot = s[sp]
            case .const(let value):
                s[sp] = value
                sp &+= 1
            case .i32Load(let offset):
                s[sp &- 1] = UInt64(try ctx.effectiveAddress(s[sp &- 1], offset, 4).loadUnaligned(as: UInt32.self))
            case .i64Load(let offset):
                s[sp &- 1] = try ctx.effectiveAddress(s[sp &- 1], offset, 8).loadUnaligned(as: UInt64.self)
            case .f32Load(let offset):
                s[sp &- 1] = UInt64(try ctx.effectiveAddress(s[sp &- 1], offset, 4).loadUnaligned(as: UInt32.self))
            case .f64Load(let offset):
                s[sp &- 1] = try ctx.effectiveAddress(s[sp &- 1], offset, 8).loadUnaligned(as: UInt64.self)
            case .i32Load8S(let offset):
                s[sp &- 1] = UInt64(UInt32(bitPattern: Int32(try ctx.effectiveAddress(s[sp &- 1], offset, 1).load(as: Int8.self))))
            case .i32Load8U(let offset):
                s[sp &- 1] = UInt64(try ctx.effectiveAddress(s[sp &- 1], offset, 1).load(as: UInt8.self))
            case .i32Load16S(let offset):
                s[sp &- 1] = UInt64(UInt32(bitPattern: Int32(try ctx.effectiveAddress(s[sp &- 1], offset, 2).loadUnaligned(as: Int16.self))))
            case .i32Load16U(let offset):
                s[sp &- 1] = UInt64(try ctx.effectiveAddress(s[sp &- 1], offset, 2).loadUnaligned(as: UInt16.self))
            case .i64Load8S(let offset):
                s[sp &- 1] = UInt64(bitPattern: Int64(try ctx.effectiveAddress(s[sp &- 1], offset, 1).load(as: Int8.self)))
            case .i64Load8U(let offset):
                s[sp &- 1] = UInt64(try ctx.effectiveAddress(s[sp &- 1], offset, 1).load(as: UInt8.self))
            case .i64Load16S(let offset):
                s[sp &- 1] = UInt64(bitPattern: Int64(try ctx.effectiveAddress(s[sp &- 1], offset, 2).loadUnaligned(as: Int16.self)))
            case .i64Load16U(let offset):
                s[sp &- 1] = UInt64(try ctx.effectiveAddress(s[sp &- 1], offset, 2).loadUnaligned(as: UInt16.self))
            case .i64Load32S(let offset):
                s[sp &- 1] = UInt64(bitPattern: Int64(try ctx.effectiveAddress(s[sp &- 1], offset, 4).loadUnaligned(as: Int32.self)))
            case .i64Load32U(let offset):
                s[sp &- 1] = UInt64(try ctx.effectiveAddress(s[sp &- 1], offset, 4).loadUnaligned(as: UInt32.self))
            case .i32Store(let offset), .f32Store(let offset):
                sp &-= 2
                try ctx.effectiveAddress(s[sp], offset, 4).storeBytes(of: UInt32(truncatingIfNeeded: s[sp &+ 1]), as: UInt32.self)
            case .i64Store(let offset), .f64Store(let offset):
                sp &-= 2
                try ctx.effectiveAddress(s[sp], offset, 8).storeBytes(of: s[sp &+ 1], as: UInt64.self)
            case .i32Store8(let offset), .i64Store8(let offset):
                sp &-= 2
                try ctx.effectiveAddress(s[sp], offset, 1).storeBytes(of: UInt8(truncatingIfNeeded: s[sp &+ 1]), as: UInt8.self)
            case .i32Store16(let offset), .i64Store16(let offset):
                sp &-= 2
                try ctx.effectiveAddress(s[sp], offset, 2).storeBytes(of: UInt16(truncatingIfNeeded: s[sp &+ 1]), as: UInt16.self)
            case .i64Store32(let offset):
                sp &-= 2
                try ctx.effectiveAddress(s[sp], offset, 4).storeBytes(of: UInt32(truncatingIfNeeded: s[sp &+ 1]), as: UInt32.self)
            case .memorySize:
                s[sp] = ctx.memorySize / UInt64(Memory.pageSize)
                sp &+= 1
            case .memoryGrow:
                let memory = ctx.instance.object.memories[0]
                let old = memory.grow(by: s[sp &- 1] & 0xffff_ffff)
                s[sp &- 1] = old.map { $0 } ?? 0xffff_ffff
                ctx.refreshMemory()
            case .memoryFill:
                sp &-= 3
                let count = s[sp &+ 2] & 0xffff_ffff
                let destination = try ctx.effectiveAddress(s[sp], 0, count)
                destination.initializeMemory(as: UInt8.self, repeating: UInt8(truncatingIfNeeded: s[sp &+ 1]), count: Int(count))
            case .memoryCopy:
                sp &-= 3
                let count = s[sp &+ 2] & 0xffff_ffff
                let destination = try ctx.effectiveAddress(s[sp], 0, count)
                let source = try ctx.effectiveAddress(s[sp &+ 1], 0, count)
                destination.copyMemory(from: source, byteCount: Int(count))
            case .memoryInit(let segment):
                sp &-= 3
                let count = s[sp &+ 2] & 0xffff_ffff
                let sourceOffset = s[sp &+ 1] & 0xffff_ffff
                let instance = ctx.instance.object
                let bytes = instance.module.data[Int(segment)].bytes
                let available = instance.dataDropped[Int(segment)] ? 0 : UInt64(bytes.count)
                guard sourceOffset &+ count <= available else { throw .memoryOutOfBounds }
                let destination = try ctx.effectiveAddress(s[sp], 0, count)
                if count > 0 {
                    bytes.withUnsafeBytes { source in
                        destination.copyMemory(from: source.baseAddress! + Int(sourceOffset), byteCount: Int(count))
                    }
                }
            case .dataDrop(let segment):
                ctx.instance.object.dataDropped[Int(segment)] = true
            case .refIsNull:
                s[sp &- 1] = bool(s[sp &- 1] == Slot.null)
            case .refFunc(let index):
                s[sp] = Slot.reference(UInt64(ctx.instance.object.functions[Int(index)]))
                sp &+= 1
            case .tableGet(let index):
                let table = ctx.instance.object.tables[Int(index)]
                let i = s[sp &- 1] & 0xffff_ffff
                guard i < UInt64(table.elements.count) else { throw .tableOutOfBounds }
                s[sp &- 1] = table.elements[Int(i)]
            case .tableSet(let index):
                sp &-= 2
                let table = ctx.instance.object.tables[Int(index)]
                let i = s[sp] & 0xffff_ffff
                guard i < UInt64(table.elements.count) else { throw .tableOutOfBounds }
                table.elements[Int(i)] = s[sp &+ 1]
            case .tableSize(let index):
                s[sp] = UInt64(ctx.instance.object.tables[Int(index)].elements.count)
                sp &+= 1
            case .tableGrow(let index):
                sp &-= 1
                let table = ctx.instance.object.tables[Int(index)]
                let old = table.grow(by: s[sp] & 0xffff_ffff, initial: s[sp &- 1])
                s[sp &- 1] = old.map { $0 } ?? 0xffff_ffff
            case .tableFill(let index):
                sp &-= 3
                let table = ctx.instance.object.tables[Int(index)]
                let start = s[sp] & 0xffff_ffff, count = s[sp &+ 2] & 0xffff_ffff
                guard start &+ count <= UInt64(table.elements.count) else { throw .tableOutOfBounds }
                for i in Int(start)..<Int(start &+ count) { table.elements[i] = s[sp &+ 1] }
            case .tableCopy(let destinationIndex, let sourceIndex):
                sp &-= 3
                let instance = ctx.instance.object
                let destination = instance.tables[Int(destinationIndex)], source = instance.tables[Int(sourceIndex)]
                let d = s[sp] & 0xffff_ffff, from = s[sp &+ 1] & 0xffff_ffff, count = s[sp &+ 2] & 0xffff_ffff
                guard d &+ count <= UInt64(destination.elements.count), from &+ count <= UInt64(source.elements.count) else {
                    throw .tableOutOfBounds
                }
                if count > 0 {
                    let items = Array(source.elements[Int(from)..<Int(from &+ count)])
                    destination.elements.replaceSubrange(Int(d)..<Int(d &+ count), with: items)
                }
            case .tableInit(let segment, let index):
                sp &-= 3
                let instance = ctx.instance.object
                let table = instance.tables[Int(index)]
                let items = instance.elements[Int(segment)]
                let d = s[sp] & 0xffff_ffff, from = s[sp &+ 1] & 0xffff_ffff, count = s[sp &+ 2] & 0xffff_ffff
                guard d &+ count <= UInt64(table.elements.count), from &+ count <= UInt64(items.count) else {
                    throw .tableOutOfBounds
                }
                for i in 0..<Int(count) { table.elements[Int(d) &+ i] = items[Int(from) &+ i] }
            case .elemDrop(let segment):
                ctx.instance.object.elements[Int(segment)] = []
            case .i32Eqz:
                let a = s[sp &- 1]
                s[sp &- 1] = bool(u32(a) == 0)
            case .i64Eqz:
                let a = s[sp &- 1]
                s[sp &- 1] = bool(u64(a) == 0)
            case .i32Eq:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(u32(a) == u32(b))
            case .i32Ne:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(u32(a) != u32(b))
            case .i32LtS:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(Int32(bitPattern: u32(a)) < Int32(bitPattern: u32(b)))
            case .i32LtU:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(u32(a) < u32(b))
            case .i32GtS:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(Int32(bitPattern: u32(a)) > Int32(bitPattern: u32(b)))
            case .i32GtU:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(u32(a) > u32(b))
            case .i32LeS:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(Int32(bitPattern: u32(a)) <= Int32(bitPattern: u32(b)))
            case .i32LeU:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(u32(a) <= u32(b))
            case .i32GeS:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(Int32(bitPattern: u32(a)) >= Int32(bitPattern: u32(b)))
            case .i32GeU:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(u32(a) >= u32(b))
            case .i64Eq:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(u64(a) == u64(b))
            case .i64Ne:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(u64(a) != u64(b))
            case .i64LtS:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(Int64(bitPattern: u64(a)) < Int64(bitPattern: u64(b)))
            case .i64LtU:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(u64(a) < u64(b))
            case .i64GtS:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(Int64(bitPattern: u64(a)) > Int64(bitPattern: u64(b)))
            case .i64GtU:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(u64(a) > u64(b))
            case .i64LeS:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(Int64(bitPattern: u64(a)) <= Int64(bitPattern: u64(b)))
            case .i64LeU:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(u64(a) <= u64(b))
            case .i64GeS:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(Int64(bitPattern: u64(a)) >= Int64(bitPattern: u64(b)))
            case .i64GeU:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(u64(a) >= u64(b))
            case .f32Eq:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(f32(a) == f32(b))
            case .f32Ne:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(f32(a) != f32(b))
            case .f32Lt:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(f32(a) < f32(b))
            case .f32Gt:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(f32(a) > f32(b))
            case .f32Le:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(f32(a) <= f32(b))
            case .f32Ge:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(f32(a) >= f32(b))
            case .f64Eq:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(f64(a) == f64(b))
            case .f64Ne:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(f64(a) != f64(b))
            case .f64Lt:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(f64(a) < f64(b))
            case .f64Gt:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(f64(a) > f64(b))
            case .f64Le:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(f64(a) <= f64(b))
            case .f64Ge:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = bool(f64(a) >= f64(b))
            case .i32Clz:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u32(a).leadingZeroBitCount)
            case .i32Ctz:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u32(a).trailingZeroBitCount)
            case .i32Popcnt:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u32(a).nonzeroBitCount)
            case .i64Clz:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u64(a).leadingZeroBitCount)
            case .i64Ctz:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u64(a).trailingZeroBitCount)
            case .i64Popcnt:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u64(a).nonzeroBitCount)
            case .f32Abs:
                let a = s[sp &- 1]
                s[sp &- 1] = a & 0x7fff_ffff
            case .f32Neg:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u32(a) ^ 0x8000_0000)
            case .f32Ceil:
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(f32(a).rounded(.up))
            case .f32Floor:
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(f32(a).rounded(.down))
            case .f32Trunc:
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(f32(a).rounded(.towardZero))
            case .f32Nearest:
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(f32(a).rounded(.toNearestOrEven))
            case .f32Sqrt:
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(f32(a).squareRoot())
            case .f64Abs:
                let a = s[sp &- 1]
                s[sp &- 1] = a & 0x7fff_ffff_ffff_ffff
            case .f64Neg:
                let a = s[sp &- 1]
                s[sp &- 1] = a ^ 0x8000_0000_0000_0000
            case .f64Ceil:
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(f64(a).rounded(.up))
            case .f64Floor:
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(f64(a).rounded(.down))
            case .f64Trunc:
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(f64(a).rounded(.towardZero))
            case .f64Nearest:
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(f64(a).rounded(.toNearestOrEven))
            case .f64Sqrt:
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(f64(a).squareRoot())
            case .i32Extend8S:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: a))))
            case .i32Extend16S:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: a))))
            case .i64Extend8S:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: a)))
            case .i64Extend16S:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: a)))
            case .i64Extend32S:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: a)))
            case .i32Add:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u32(a) &+ u32(b))
            case .i32Sub:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u32(a) &- u32(b))
            case .i32Mul:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u32(a) &* u32(b))
            case .i32DivS:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(try Numerics.divS32(u32(a), u32(b)))
            case .i32DivU:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(try Numerics.divU32(u32(a), u32(b)))
            case .i32RemS:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(try Numerics.remS32(u32(a), u32(b)))
            case .i32RemU:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(try Numerics.remU32(u32(a), u32(b)))
            case .i32And:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u32(a) & u32(b))
            case .i32Or:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u32(a) | u32(b))
            case .i32Xor:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u32(a) ^ u32(b))
            case .i32Shl:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u32(a) &<< u32(b))
            case .i32ShrS:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(UInt32(bitPattern: Int32(bitPattern: u32(a)) &>> Int32(bitPattern: u32(b))))
            case .i32ShrU:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u32(a) &>> u32(b))
            case .i32Rotl:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(Numerics.rotateLeft(u32(a), u32(b)))
            case .i32Rotr:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(Numerics.rotateLeft(u32(a), 0 &- u32(b)))
            case .i64Add:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = u64(a) &+ u64(b)
            case .i64Sub:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = u64(a) &- u64(b)
            case .i64Mul:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = u64(a) &* u64(b)
            case .i64DivS:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = try Numerics.divS64(u64(a), u64(b))
            case .i64DivU:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = try Numerics.divU64(u64(a), u64(b))
            case .i64RemS:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = try Numerics.remS64(u64(a), u64(b))
            case .i64RemU:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = try Numerics.remU64(u64(a), u64(b))
            case .i64And:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = u64(a) & u64(b)
            case .i64Or:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = u64(a) | u64(b)
            case .i64Xor:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = u64(a) ^ u64(b)
            case .i64Shl:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = u64(a) &<< u64(b)
            case .i64ShrS:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(bitPattern: Int64(bitPattern: u64(a)) &>> Int64(bitPattern: u64(b)))
            case .i64ShrU:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = u64(a) &>> u64(b)
            case .i64Rotl:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = Numerics.rotateLeft(u64(a), u64(b))
            case .i64Rotr:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = Numerics.rotateLeft(u64(a), 0 &- u64(b))
            case .f32Add:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(f32(a) + f32(b))
            case .f32Sub:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(f32(a) - f32(b))
            case .f32Mul:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(f32(a) * f32(b))
            case .f32Div:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(f32(a) / f32(b))
            case .f32Min:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(Numerics.minimum(f32(a), f32(b)))
            case .f32Max:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(Numerics.maximum(f32(a), f32(b)))
            case .f32Copysign:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = (a & 0x7fff_ffff) | (b & 0x8000_0000)
            case .f64Add:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(f64(a) + f64(b))
            case .f64Sub:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(f64(a) - f64(b))
            case .f64Mul:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(f64(a) * f64(b))
            case .f64Div:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(f64(a) / f64(b))
            case .f64Min:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(Numerics.minimum(f64(a), f64(b)))
            case .f64Max:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(Numerics.maximum(f64(a), f64(b)))
            case .f64Copysign:
                let b = s[sp &- 1]
                sp &-= 1
                let a = s[sp &- 1]
                s[sp &- 1] = (a & 0x7fff_ffff_ffff_ffff) | (b & 0x8000_0000_0000_0000)
            case .i32WrapI64:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u32(a))
            case .i32TruncF32S:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(UInt32(bitPattern: try Numerics.truncate(f32(a), to: Int32.self)))
            case .i32TruncF32U:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(try Numerics.truncate(f32(a), to: UInt32.self))
            case .i32TruncF64S:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(UInt32(bitPattern: try Numerics.truncate(f64(a), to: Int32.self)))
            case .i32TruncF64U:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(try Numerics.truncate(f64(a), to: UInt32.self))
            case .i64ExtendI32S:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(bitPattern: Int64(Int32(bitPattern: u32(a))))
            case .i64ExtendI32U:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(u32(a))
            case .i64TruncF32S:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(bitPattern: try Numerics.truncate(f32(a), to: Int64.self))
            case .i64TruncF32U:
                let a = s[sp &- 1]
                s[sp &- 1] = try Numerics.truncate(f32(a), to: UInt64.self)
            case .i64TruncF64S:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(bitPattern: try Numerics.truncate(f64(a), to: Int64.self))
            case .i64TruncF64U:
                let a = s[sp &- 1]
                s[sp &- 1] = try Numerics.truncate(f64(a), to: UInt64.self)
            case .f32ConvertI32S:
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(Float(Int32(bitPattern: u32(a))))
            case .f32ConvertI32U:
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(Float(u32(a)))
            case .f32ConvertI64S:
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(Float(Int64(bitPattern: a)))
            case .f32ConvertI64U:
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(Float(a))
            case .f32DemoteF64:
                let a = s[sp &- 1]
                s[sp &- 1] = slot32(Float(f64(a)))
            case .f64ConvertI32S:
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(Double(Int32(bitPattern: u32(a))))
            case .f64ConvertI32U:
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(Double(u32(a)))
            case .f64ConvertI64S:
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(Double(Int64(bitPattern: a)))
            case .f64ConvertI64U:
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(Double(a))
            case .f64PromoteF32:
                let a = s[sp &- 1]
                s[sp &- 1] = slot64(Double(f32(a)))
            case .i32ReinterpretF32: break
            case .i64ReinterpretF64: break
            case .f32ReinterpretI32: break
            case .f64ReinterpretI64: break
            case .i32TruncSatF32S:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(UInt32(bitPattern: Numerics.truncateSaturating(f32(a), to: Int32.self)))
            case .i32TruncSatF32U:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(Numerics.truncateSaturating(f32(a), to: UInt32.self))
            case .i32TruncSatF64S:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(UInt32(bitPattern: Numerics.truncateSaturating(f64(a), to: Int32.self)))
            case .i32TruncSatF64U:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(Numerics.truncateSaturating(f64(a), to: UInt32.self))
            case .i64TruncSatF32S:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(bitPattern: Numerics.truncateSaturating(f32(a), to: Int64.self))
            case .i64TruncSatF32U:
                let a = s[sp &- 1]
                s[sp &- 1] = Numerics.truncateSaturating(f32(a), to: UInt64.self)
            case .i64TruncSatF64S:
                let a = s[sp &- 1]
                s[sp &- 1] = UInt64(bitPattern: Numerics.truncateSaturating(f64(a), to: Int64.self))
            case .i64TruncSatF64U:
                let a = s[sp &- 1]
                s[sp &- 1] = Numerics.truncateSaturating(f64(a), to: UInt64.self)
            }
            pc &+= 1
            }
        }
    }
}
