/// A suspended caller: where to continue once the callee returns.
struct Frame {
    /// nil marks the frame of a call from the host: returning to it ends the run.
    var returnAddress: UnsafeMutablePointer<Inst>?
    var fp: UnsafeMutablePointer<UInt64>
    /// The caller's instance, as `ExecutionContext.identity`.
    var instance: UnsafeMutableRawPointer
}

/// The interpreter's view of the running instance, reloaded when a call or return crosses instances.
struct ExecutionContext {
    var instance: Unowned<Instance>
    /// The instance's address: compared on every return, without touching its reference count.
    var identity: UnsafeMutableRawPointer
    var code: UnsafeMutablePointer<Inst>
    var bodies: UnsafeMutablePointer<FunctionBody>
    var frameImages: UnsafeMutablePointer<UInt64>
    var branchTables: UnsafeMutablePointer<Int32>
    var globals: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    var importedFunctionCount: Int
    var directImports: UnsafeMutablePointer<DirectImport>
    var memory: UnsafeMutablePointer<MemoryBounds>?
    var memoryBase: UnsafeMutableRawPointer
    var memorySize: UInt64

    /// Stands in for the base of a missing memory; never dereferenced because the size is 0.
    static var noMemory: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: 16)! }

    init(_ instance: Instance) {
        self.instance = Unowned(object: instance)
        identity = Unmanaged.passUnretained(instance).toOpaque()
        let module = instance.module
        code = module.code.base
        bodies = module.bodies.base
        frameImages = module.frameImages.base
        branchTables = module.branchTables.base
        globals = instance.globalSlots
        importedFunctionCount = module.importedFunctionCount
        directImports = instance.directImports
        memory = instance.memories.first?.bounds
        memoryBase = ExecutionContext.noMemory
        memorySize = 0
        // On the native engine, a compiled function's body enters its `native` instruction (see `NativeCode`).
        if let native = instance.nativeCode() { bodies = native.bodies }
        refreshMemory()
    }

    /// The context of a run that goes on at a handler in `instance`: its code is a lone `ret` (function 0 of
    /// `body`, with a frame of nothing) whose return goes to the handler and switches to `instance`'s context,
    /// since no instance has this identity.
    init(resuming instance: Instance, leave: UnsafeMutablePointer<Inst>, body: UnsafeMutablePointer<FunctionBody>) {
        self.init(instance)
        code = leave
        bodies = body
        identity = UnsafeMutableRawPointer(leave)
    }

    /// Memory may move when it grows: reloaded after memory.grow and after every call.
    @inline(__always)
    mutating func refreshMemory() {
        if let memory {
            memoryBase = memory.pointee.base
            // A byte count is never negative: no check of the conversion, on every call and return.
            memorySize = UInt64(truncatingIfNeeded: memory.pointee.byteCount)
        }
    }

    /// Address of an access of `size` bytes at the i32 in `slot` + `offset`, or a trap when it leaves the memory.
    @inline(__always)
    func address(_ slot: UInt64, _ offset: Int32, _ size: UInt64) throws(Trap) -> UnsafeMutableRawPointer {
        let start = UInt64(u32(slot)) &+ UInt64(UInt32(bitPattern: offset))
        guard start &+ size <= memorySize else { throw .memoryOutOfBounds }
        return memoryBase + Int(start)
    }

    @inline(__always)
    func load<T: FixedWidthInteger>(_ slot: UInt64, _ offset: Int32, as type: T.Type) throws(Trap) -> T {
        try address(slot, offset, UInt64(MemoryLayout<T>.size)).loadUnaligned(as: T.self)
    }

    @inline(__always)
    func store<T: FixedWidthInteger>(_ slot: UInt64, _ offset: Int32, _ value: T) throws(Trap) {
        try address(slot, offset, UInt64(MemoryLayout<T>.size)).storeBytes(of: value, as: T.self)
    }

    /// memory.fill with its operands (destination, byte, count) in slots from `operands` on.
    @inline(__always)
    func fill(_ operands: UnsafeMutablePointer<UInt64>) throws(Trap) {
        let count = UInt64(u32(operands[2]))
        let destination = try address(operands[0], 0, count)
        destination.initializeMemory(as: UInt8.self, repeating: UInt8(truncatingIfNeeded: operands[1]), count: Int(count))
    }

    /// memory.copy with its operands (destination, source, count) in slots from `operands` on.
    @inline(__always)
    func copy(_ operands: UnsafeMutablePointer<UInt64>) throws(Trap) {
        let count = UInt64(u32(operands[2]))
        let destination = try address(operands[0], 0, count)
        let source = try address(operands[1], 0, count)
        destination.copyMemory(from: source, byteCount: Int(count))
    }
}

extension Store {
    /// Runs the function at `address` with its arguments in stack[base...]; its results replace them.
    func execute(function address: Int, base: Int) throws(Trap) {
        let function = functions[address]
        switch function.kind {
        case .host(let body):
            stackTop = base + function.slotCount
            try body(HostCall(caller: nil, function: function, slots: stack + base,
                              memoryBytes: UnsafeMutableRawBufferPointer(start: nil, count: 0), shadowDelta: shadowDelta))
        case .direct(let direct):
            stackTop = base + function.slotCount
            try direct.call(stack + base, memoryBase: ExecutionContext.noMemory, memorySize: 0)
        case .wasm(let instance, let body):
            try run(instance: instance.object, body: body, base: base)
        }
    }

    /// Loop back-edges and calls between two looks at the interruption flag and the fuel: the preemption latency
    /// (make bench-wasi) against the cost of a look (one call every 256, under 0.5% of a tight loop).
    static let tickWindow = 256

    /// Where the value stack and the frames are and how far they are committed, for the interpreter.
    @inline(never)
    func committed() -> (stack: UnsafeMutablePointer<UInt64>, stackEnd: UnsafeMutablePointer<UInt64>,
                         frames: UnsafeMutablePointer<Frame>, frameEnd: Int) {
        (stack, stack + stackBuffer.count, frames, frameBuffer.count)
    }

    /// Commits frame `depth` and the value stack up to `slots`, or traps when the limits or the account refuse;
    /// returns the new ends.
    @inline(never)
    func growStack(depth: Int, slots: Int) throws(Trap) -> (stackEnd: UnsafeMutablePointer<UInt64>, frameEnd: Int) {
        guard makeRoom(depth: depth, slots: slots) else { throw .callStackExhausted }
        return (stack + stackBuffer.count, frameBuffer.count)
    }

    /// Called every `tickWindow` loop iterations and calls: the cheap hook that lets the embedder stop a guest.
    @inline(never)
    func spendTicks(_ window: inout Int) throws(Trap) {
        if interruptRequested {
            interruptRequested = false
            guard let handler = interruptionHandler else { throw .interrupted }
            try handler()
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

    /// Runs defined function `body` of `entry` with its arguments from stack[base...]. A throw caught in a caller
    /// of the thrower leaves the interpreter loop, which starts again at the handler: the loop changes frames
    /// only by calls and returns (a throw case of its own that moved to the handler's frame, tried, made 2.0 code
    /// execute 4-6% more instructions on bench/wasm's fib and sieve).
    func run(instance entry: Instance, body: Int, base: Int) throws(Trap) {
        var resuming: Resumption? = nil
        repeat {
            do throws(Trap) {
                try interpret(instance: entry, body: body, base: base, resuming: resuming)
            } catch {
                // A trap in native code happened at its instruction, not at the `native` one that ran it.
                if let site = nativeTrapSite { exitInstruction = site }
                nativeTrapSite = nil
                throw error
            }
            resuming = resumption
            resumption = nil
        } while resuming != nil
    }

    /// The interpreter loop. Wasm calls never recurse on the host stack: frames live in `frames`, values in `stack`.
    /// It enters `entryBody`, or goes on at a handler (`resuming`) by entering the resumption's function, a lone
    /// `ret` that returns to the handler: the loop needs no way in of its own.
    func interpret(instance entry: Instance, body entryBody: Int, base: Int, resuming: Resumption?) throws(Trap) {
        var ctx = ExecutionContext(entry)
        var depth = frameTop
        // The stack and the frames are committed as calls need them (a nested run, from a host function calling
        // back in, may commit more meanwhile); they never move.
        let (stack, committedStack, frames, committedFrames) = committed()
        var stackEnd = committedStack, frameEnd = committedFrames
        var window = Store.tickWindow
        if let remaining = fuel {
            if remaining == 0 { throw .outOfFuel }
            window = Int(min(remaining, UInt64(Store.tickWindow)))
        }
        // Loop back-edges and calls count down `ticks` (every branch case writes the two lines out: an inlined
        // helper for them, tried, made the compiled loop execute 2-6% more instructions on bench/wasm).
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
        var caller = ctx.identity
        if let resuming {
            ctx = ExecutionContext(resuming: resuming.instance, leave: leaveInstruction, body: leaveBody)
            (depth, fp, calleeFp) = (resuming.depth, resuming.fp, resuming.fp)
            (callee, returnAddress, caller) = (0, resuming.ip, Unmanaged.passUnretained(resuming.instance).toOpaque())
        }
        // The value the previous instruction wrote to its slot a, when it `setsAccumulator`.
        var acc: UInt64 = 0
        // Noted on every way out, a trap included: one store per run, none per instruction.
        defer {
            exitInstruction = ip
            exitInstance = ctx.instance
        }

        while true {
            // Entry of defined function `callee` of `ctx`'s instance; its arguments are in its first slots.
            let body = ctx.bodies[callee]
            if depth >= frameEnd || calleeFp + Int(body.frameSize) > stackEnd {
                (stackEnd, frameEnd) = try growStack(depth: depth, slots: calleeFp + Int(body.frameSize) - stack)
            }
            frames[depth] = Frame(returnAddress: returnAddress, fp: fp, instance: caller)
            depth &+= 1
            fp = calleeFp
            // Two slots at a time (images have an even length): short frames need no memmove call.
            var slot = fp + Int(body.imageSlot), image = ctx.frameImages + Int(body.image)
            let imageEnd = slot + Int(body.imageCount)
            while slot < imageEnd {
                slot[0] = image[0]
                slot[1] = image[1]
                slot += 2
                image += 2
            }
            ip = ctx.code + Int(body.entry)

            dispatch: while true {
            let i = ip.pointee
            // Instructions that produce a value leave it here; the rest continue the loop themselves.
            let r: UInt64
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
            // The frequent instructions.
            // generated: frequent instructions
            case .i32AddBrIf:
                let sum = UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)]))
                fp[Int(i.a)] = sum
                let test = ip[1]
                if u32(sum) != 0 {
                    if test.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += 1 &+ Int(test.c)
                    continue dispatch
                }
                ip += 2
                continue dispatch
            case .i32AddBrIfNot:
                let sum = UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)]))
                fp[Int(i.a)] = sum
                let test = ip[1]
                if u32(sum) == 0 {
                    if test.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += 1 &+ Int(test.c)
                    continue dispatch
                }
                ip += 2
                continue dispatch
            case .i32AddBrIfEq:
                let sum = UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)]))
                fp[Int(i.a)] = sum
                let test = ip[1]
                if u32(sum) == u32(fp[Int(test.a)]) {
                    if test.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += 1 &+ Int(test.c)
                    continue dispatch
                }
                ip += 2
                continue dispatch
            case .i32AddBrIfNe:
                let sum = UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)]))
                fp[Int(i.a)] = sum
                let test = ip[1]
                if u32(sum) != u32(fp[Int(test.a)]) {
                    if test.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += 1 &+ Int(test.c)
                    continue dispatch
                }
                ip += 2
                continue dispatch
            case .i32AddBrIfLtS:
                let sum = UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)]))
                fp[Int(i.a)] = sum
                let test = ip[1]
                if Int32(bitPattern: u32(sum)) < Int32(bitPattern: u32(fp[Int(test.a)])) {
                    if test.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += 1 &+ Int(test.c)
                    continue dispatch
                }
                ip += 2
                continue dispatch
            case .i32AddBrIfLtU:
                let sum = UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)]))
                fp[Int(i.a)] = sum
                let test = ip[1]
                if u32(sum) < u32(fp[Int(test.a)]) {
                    if test.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += 1 &+ Int(test.c)
                    continue dispatch
                }
                ip += 2
                continue dispatch
            case .i32AddBrIfGtS:
                let sum = UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)]))
                fp[Int(i.a)] = sum
                let test = ip[1]
                if Int32(bitPattern: u32(sum)) > Int32(bitPattern: u32(fp[Int(test.a)])) {
                    if test.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += 1 &+ Int(test.c)
                    continue dispatch
                }
                ip += 2
                continue dispatch
            case .i32AddBrIfGtU:
                let sum = UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)]))
                fp[Int(i.a)] = sum
                let test = ip[1]
                if u32(sum) > u32(fp[Int(test.a)]) {
                    if test.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += 1 &+ Int(test.c)
                    continue dispatch
                }
                ip += 2
                continue dispatch
            case .i32AddBrIfLeS:
                let sum = UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)]))
                fp[Int(i.a)] = sum
                let test = ip[1]
                if Int32(bitPattern: u32(sum)) <= Int32(bitPattern: u32(fp[Int(test.a)])) {
                    if test.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += 1 &+ Int(test.c)
                    continue dispatch
                }
                ip += 2
                continue dispatch
            case .i32AddBrIfLeU:
                let sum = UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)]))
                fp[Int(i.a)] = sum
                let test = ip[1]
                if u32(sum) <= u32(fp[Int(test.a)]) {
                    if test.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += 1 &+ Int(test.c)
                    continue dispatch
                }
                ip += 2
                continue dispatch
            case .i32AddBrIfGeS:
                let sum = UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)]))
                fp[Int(i.a)] = sum
                let test = ip[1]
                if Int32(bitPattern: u32(sum)) >= Int32(bitPattern: u32(fp[Int(test.a)])) {
                    if test.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += 1 &+ Int(test.c)
                    continue dispatch
                }
                ip += 2
                continue dispatch
            case .i32AddBrIfGeU:
                let sum = UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)]))
                fp[Int(i.a)] = sum
                let test = ip[1]
                if u32(sum) >= u32(fp[Int(test.a)]) {
                    if test.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += 1 &+ Int(test.c)
                    continue dispatch
                }
                ip += 2
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
                ip += 1
                continue dispatch
            case .brIfAccA:
                if u32(acc) != 0 {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNot:
                if u32(fp[Int(i.a)]) == 0 {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotAccA:
                if u32(acc) == 0 {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32Eq:
                if u32(fp[Int(i.a)]) == u32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32EqAccA:
                if u32(acc) == u32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32EqAccB:
                if u32(fp[Int(i.a)]) == u32(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32Ne:
                if u32(fp[Int(i.a)]) != u32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32NeAccA:
                if u32(acc) != u32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32NeAccB:
                if u32(fp[Int(i.a)]) != u32(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32LtS:
                if Int32(bitPattern: u32(fp[Int(i.a)])) < Int32(bitPattern: u32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32LtSAccA:
                if Int32(bitPattern: u32(acc)) < Int32(bitPattern: u32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32LtSAccB:
                if Int32(bitPattern: u32(fp[Int(i.a)])) < Int32(bitPattern: u32(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32LtU:
                if u32(fp[Int(i.a)]) < u32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32LtUAccA:
                if u32(acc) < u32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32LtUAccB:
                if u32(fp[Int(i.a)]) < u32(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32GtS:
                if Int32(bitPattern: u32(fp[Int(i.a)])) > Int32(bitPattern: u32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32GtSAccA:
                if Int32(bitPattern: u32(acc)) > Int32(bitPattern: u32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32GtSAccB:
                if Int32(bitPattern: u32(fp[Int(i.a)])) > Int32(bitPattern: u32(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32GtU:
                if u32(fp[Int(i.a)]) > u32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32GtUAccA:
                if u32(acc) > u32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32GtUAccB:
                if u32(fp[Int(i.a)]) > u32(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32LeS:
                if Int32(bitPattern: u32(fp[Int(i.a)])) <= Int32(bitPattern: u32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32LeSAccA:
                if Int32(bitPattern: u32(acc)) <= Int32(bitPattern: u32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32LeSAccB:
                if Int32(bitPattern: u32(fp[Int(i.a)])) <= Int32(bitPattern: u32(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32LeU:
                if u32(fp[Int(i.a)]) <= u32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32LeUAccA:
                if u32(acc) <= u32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32LeUAccB:
                if u32(fp[Int(i.a)]) <= u32(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32GeS:
                if Int32(bitPattern: u32(fp[Int(i.a)])) >= Int32(bitPattern: u32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32GeSAccA:
                if Int32(bitPattern: u32(acc)) >= Int32(bitPattern: u32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32GeSAccB:
                if Int32(bitPattern: u32(fp[Int(i.a)])) >= Int32(bitPattern: u32(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32GeU:
                if u32(fp[Int(i.a)]) >= u32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32GeUAccA:
                if u32(acc) >= u32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI32GeUAccB:
                if u32(fp[Int(i.a)]) >= u32(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .copy:
                r = fp[Int(i.b)]
            case .copyAccB:
                r = acc
            case .const64:
                r = UInt64(UInt32(bitPattern: i.b)) | UInt64(UInt32(bitPattern: i.c)) << 32
            case .globalGet:
                r = ctx.globals[Int(i.b)].pointee
            case .globalSet:
                ctx.globals[Int(i.b)].pointee = fp[Int(i.a)]
                ip += 1
                continue dispatch
            case .globalSetAccA:
                ctx.globals[Int(i.b)].pointee = acc
                ip += 1
                continue dispatch
            case .i32Load:
                r = UInt64(try ctx.load(fp[Int(i.b)], i.c, as: UInt32.self))
            case .i32LoadAccB:
                r = UInt64(try ctx.load(acc, i.c, as: UInt32.self))
            case .i32LoadIndexed:
                r = UInt64(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)])), 0, as: UInt32.self))
            case .i32LoadIndexedAccB:
                r = UInt64(try ctx.load(UInt64(u32(acc) &+ u32(fp[Int(i.c)])), 0, as: UInt32.self))
            case .i32LoadIndexedAccC:
                r = UInt64(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(acc)), 0, as: UInt32.self))
            case .i64Load:
                r = try ctx.load(fp[Int(i.b)], i.c, as: UInt64.self)
            case .i64LoadAccB:
                r = try ctx.load(acc, i.c, as: UInt64.self)
            case .i64LoadIndexed:
                r = try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)])), 0, as: UInt64.self)
            case .i64LoadIndexedAccB:
                r = try ctx.load(UInt64(u32(acc) &+ u32(fp[Int(i.c)])), 0, as: UInt64.self)
            case .i64LoadIndexedAccC:
                r = try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(acc)), 0, as: UInt64.self)
            case .i32Load8U:
                r = UInt64(try ctx.load(fp[Int(i.b)], i.c, as: UInt8.self))
            case .i32Load8UAccB:
                r = UInt64(try ctx.load(acc, i.c, as: UInt8.self))
            case .i32Load8UIndexed:
                r = UInt64(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)])), 0, as: UInt8.self))
            case .i32Load8UIndexedAccB:
                r = UInt64(try ctx.load(UInt64(u32(acc) &+ u32(fp[Int(i.c)])), 0, as: UInt8.self))
            case .i32Load8UIndexedAccC:
                r = UInt64(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(acc)), 0, as: UInt8.self))
            case .i32Load8S:
                r = UInt64(UInt32(bitPattern: Int32(try ctx.load(fp[Int(i.b)], i.c, as: Int8.self))))
            case .i32Load8SAccB:
                r = UInt64(UInt32(bitPattern: Int32(try ctx.load(acc, i.c, as: Int8.self))))
            case .i32Load8SIndexed:
                r = UInt64(UInt32(bitPattern: Int32(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)])), 0, as: Int8.self))))
            case .i32Load8SIndexedAccB:
                r = UInt64(UInt32(bitPattern: Int32(try ctx.load(UInt64(u32(acc) &+ u32(fp[Int(i.c)])), 0, as: Int8.self))))
            case .i32Load8SIndexedAccC:
                r = UInt64(UInt32(bitPattern: Int32(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(acc)), 0, as: Int8.self))))
            case .i32Load16U:
                r = UInt64(try ctx.load(fp[Int(i.b)], i.c, as: UInt16.self))
            case .i32Load16UAccB:
                r = UInt64(try ctx.load(acc, i.c, as: UInt16.self))
            case .i32Load16UIndexed:
                r = UInt64(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)])), 0, as: UInt16.self))
            case .i32Load16UIndexedAccB:
                r = UInt64(try ctx.load(UInt64(u32(acc) &+ u32(fp[Int(i.c)])), 0, as: UInt16.self))
            case .i32Load16UIndexedAccC:
                r = UInt64(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(acc)), 0, as: UInt16.self))
            case .i32Load16S:
                r = UInt64(UInt32(bitPattern: Int32(try ctx.load(fp[Int(i.b)], i.c, as: Int16.self))))
            case .i32Load16SAccB:
                r = UInt64(UInt32(bitPattern: Int32(try ctx.load(acc, i.c, as: Int16.self))))
            case .i32Load16SIndexed:
                r = UInt64(UInt32(bitPattern: Int32(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)])), 0, as: Int16.self))))
            case .i32Load16SIndexedAccB:
                r = UInt64(UInt32(bitPattern: Int32(try ctx.load(UInt64(u32(acc) &+ u32(fp[Int(i.c)])), 0, as: Int16.self))))
            case .i32Load16SIndexedAccC:
                r = UInt64(UInt32(bitPattern: Int32(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(acc)), 0, as: Int16.self))))
            case .i32Store:
                try ctx.store(fp[Int(i.a)], i.c, u32(fp[Int(i.b)]))
                ip += 1
                continue dispatch
            case .i32StoreAccA:
                try ctx.store(acc, i.c, u32(fp[Int(i.b)]))
                ip += 1
                continue dispatch
            case .i32StoreAccB:
                try ctx.store(fp[Int(i.a)], i.c, u32(acc))
                ip += 1
                continue dispatch
            case .i32StoreIndexed:
                try ctx.store(UInt64(u32(fp[Int(i.a)]) &+ u32(fp[Int(i.b)])), 0, u32(fp[Int(i.c)]))
                ip += 1
                continue dispatch
            case .i32StoreIndexedAccA:
                try ctx.store(UInt64(u32(acc) &+ u32(fp[Int(i.b)])), 0, u32(fp[Int(i.c)]))
                ip += 1
                continue dispatch
            case .i32StoreIndexedAccB:
                try ctx.store(UInt64(u32(fp[Int(i.a)]) &+ u32(acc)), 0, u32(fp[Int(i.c)]))
                ip += 1
                continue dispatch
            case .i32StoreIndexedAccC:
                try ctx.store(UInt64(u32(fp[Int(i.a)]) &+ u32(fp[Int(i.b)])), 0, u32(acc))
                ip += 1
                continue dispatch
            case .i64Store:
                try ctx.store(fp[Int(i.a)], i.c, fp[Int(i.b)])
                ip += 1
                continue dispatch
            case .i64StoreAccA:
                try ctx.store(acc, i.c, fp[Int(i.b)])
                ip += 1
                continue dispatch
            case .i64StoreAccB:
                try ctx.store(fp[Int(i.a)], i.c, acc)
                ip += 1
                continue dispatch
            case .i64StoreIndexed:
                try ctx.store(UInt64(u32(fp[Int(i.a)]) &+ u32(fp[Int(i.b)])), 0, fp[Int(i.c)])
                ip += 1
                continue dispatch
            case .i64StoreIndexedAccA:
                try ctx.store(UInt64(u32(acc) &+ u32(fp[Int(i.b)])), 0, fp[Int(i.c)])
                ip += 1
                continue dispatch
            case .i64StoreIndexedAccB:
                try ctx.store(UInt64(u32(fp[Int(i.a)]) &+ u32(acc)), 0, fp[Int(i.c)])
                ip += 1
                continue dispatch
            case .i64StoreIndexedAccC:
                try ctx.store(UInt64(u32(fp[Int(i.a)]) &+ u32(fp[Int(i.b)])), 0, acc)
                ip += 1
                continue dispatch
            case .i32Store8:
                try ctx.store(fp[Int(i.a)], i.c, UInt8(truncatingIfNeeded: fp[Int(i.b)]))
                ip += 1
                continue dispatch
            case .i32Store8AccA:
                try ctx.store(acc, i.c, UInt8(truncatingIfNeeded: fp[Int(i.b)]))
                ip += 1
                continue dispatch
            case .i32Store8AccB:
                try ctx.store(fp[Int(i.a)], i.c, UInt8(truncatingIfNeeded: acc))
                ip += 1
                continue dispatch
            case .i32Store8Indexed:
                try ctx.store(UInt64(u32(fp[Int(i.a)]) &+ u32(fp[Int(i.b)])), 0, UInt8(truncatingIfNeeded: fp[Int(i.c)]))
                ip += 1
                continue dispatch
            case .i32Store8IndexedAccA:
                try ctx.store(UInt64(u32(acc) &+ u32(fp[Int(i.b)])), 0, UInt8(truncatingIfNeeded: fp[Int(i.c)]))
                ip += 1
                continue dispatch
            case .i32Store8IndexedAccB:
                try ctx.store(UInt64(u32(fp[Int(i.a)]) &+ u32(acc)), 0, UInt8(truncatingIfNeeded: fp[Int(i.c)]))
                ip += 1
                continue dispatch
            case .i32Store8IndexedAccC:
                try ctx.store(UInt64(u32(fp[Int(i.a)]) &+ u32(fp[Int(i.b)])), 0, UInt8(truncatingIfNeeded: acc))
                ip += 1
                continue dispatch
            case .i32Store16:
                try ctx.store(fp[Int(i.a)], i.c, UInt16(truncatingIfNeeded: fp[Int(i.b)]))
                ip += 1
                continue dispatch
            case .i32Store16AccA:
                try ctx.store(acc, i.c, UInt16(truncatingIfNeeded: fp[Int(i.b)]))
                ip += 1
                continue dispatch
            case .i32Store16AccB:
                try ctx.store(fp[Int(i.a)], i.c, UInt16(truncatingIfNeeded: acc))
                ip += 1
                continue dispatch
            case .i32Store16Indexed:
                try ctx.store(UInt64(u32(fp[Int(i.a)]) &+ u32(fp[Int(i.b)])), 0, UInt16(truncatingIfNeeded: fp[Int(i.c)]))
                ip += 1
                continue dispatch
            case .i32Store16IndexedAccA:
                try ctx.store(UInt64(u32(acc) &+ u32(fp[Int(i.b)])), 0, UInt16(truncatingIfNeeded: fp[Int(i.c)]))
                ip += 1
                continue dispatch
            case .i32Store16IndexedAccB:
                try ctx.store(UInt64(u32(fp[Int(i.a)]) &+ u32(acc)), 0, UInt16(truncatingIfNeeded: fp[Int(i.c)]))
                ip += 1
                continue dispatch
            case .i32Store16IndexedAccC:
                try ctx.store(UInt64(u32(fp[Int(i.a)]) &+ u32(fp[Int(i.b)])), 0, UInt16(truncatingIfNeeded: acc))
                ip += 1
                continue dispatch
            case .i32Add:
                r = NumericSemantics.i32Add(fp[Int(i.b)], fp[Int(i.c)])
            case .i32AddAccB:
                r = NumericSemantics.i32Add(acc, fp[Int(i.c)])
            case .i32AddAccC:
                r = NumericSemantics.i32Add(fp[Int(i.b)], acc)
            case .i32Sub:
                r = NumericSemantics.i32Sub(fp[Int(i.b)], fp[Int(i.c)])
            case .i32SubAccB:
                r = NumericSemantics.i32Sub(acc, fp[Int(i.c)])
            case .i32SubAccC:
                r = NumericSemantics.i32Sub(fp[Int(i.b)], acc)
            case .i32Mul:
                r = NumericSemantics.i32Mul(fp[Int(i.b)], fp[Int(i.c)])
            case .i32MulAccB:
                r = NumericSemantics.i32Mul(acc, fp[Int(i.c)])
            case .i32MulAccC:
                r = NumericSemantics.i32Mul(fp[Int(i.b)], acc)
            case .i32And:
                r = NumericSemantics.i32And(fp[Int(i.b)], fp[Int(i.c)])
            case .i32AndAccB:
                r = NumericSemantics.i32And(acc, fp[Int(i.c)])
            case .i32AndAccC:
                r = NumericSemantics.i32And(fp[Int(i.b)], acc)
            case .i32Or:
                r = NumericSemantics.i32Or(fp[Int(i.b)], fp[Int(i.c)])
            case .i32OrAccB:
                r = NumericSemantics.i32Or(acc, fp[Int(i.c)])
            case .i32OrAccC:
                r = NumericSemantics.i32Or(fp[Int(i.b)], acc)
            case .i32Xor:
                r = NumericSemantics.i32Xor(fp[Int(i.b)], fp[Int(i.c)])
            case .i32XorAccB:
                r = NumericSemantics.i32Xor(acc, fp[Int(i.c)])
            case .i32XorAccC:
                r = NumericSemantics.i32Xor(fp[Int(i.b)], acc)
            case .i32Shl:
                r = NumericSemantics.i32Shl(fp[Int(i.b)], fp[Int(i.c)])
            case .i32ShlAccB:
                r = NumericSemantics.i32Shl(acc, fp[Int(i.c)])
            case .i32ShlAccC:
                r = NumericSemantics.i32Shl(fp[Int(i.b)], acc)
            case .i32ShrS:
                r = NumericSemantics.i32ShrS(fp[Int(i.b)], fp[Int(i.c)])
            case .i32ShrSAccB:
                r = NumericSemantics.i32ShrS(acc, fp[Int(i.c)])
            case .i32ShrSAccC:
                r = NumericSemantics.i32ShrS(fp[Int(i.b)], acc)
            case .i32ShrU:
                r = NumericSemantics.i32ShrU(fp[Int(i.b)], fp[Int(i.c)])
            case .i32ShrUAccB:
                r = NumericSemantics.i32ShrU(acc, fp[Int(i.c)])
            case .i32ShrUAccC:
                r = NumericSemantics.i32ShrU(fp[Int(i.b)], acc)
            case .i32Rotl:
                r = NumericSemantics.i32Rotl(fp[Int(i.b)], fp[Int(i.c)])
            case .i32RotlAccB:
                r = NumericSemantics.i32Rotl(acc, fp[Int(i.c)])
            case .i32RotlAccC:
                r = NumericSemantics.i32Rotl(fp[Int(i.b)], acc)
            case .i32Eqz:
                r = NumericSemantics.i32Eqz(fp[Int(i.b)])
            case .i32EqzAccB:
                r = NumericSemantics.i32Eqz(acc)
            case .i32Eq:
                r = NumericSemantics.i32Eq(fp[Int(i.b)], fp[Int(i.c)])
            case .i32EqAccB:
                r = NumericSemantics.i32Eq(acc, fp[Int(i.c)])
            case .i32EqAccC:
                r = NumericSemantics.i32Eq(fp[Int(i.b)], acc)
            case .i32Ne:
                r = NumericSemantics.i32Ne(fp[Int(i.b)], fp[Int(i.c)])
            case .i32NeAccB:
                r = NumericSemantics.i32Ne(acc, fp[Int(i.c)])
            case .i32NeAccC:
                r = NumericSemantics.i32Ne(fp[Int(i.b)], acc)
            case .i32LtS:
                r = NumericSemantics.i32LtS(fp[Int(i.b)], fp[Int(i.c)])
            case .i32LtSAccB:
                r = NumericSemantics.i32LtS(acc, fp[Int(i.c)])
            case .i32LtSAccC:
                r = NumericSemantics.i32LtS(fp[Int(i.b)], acc)
            case .i32LtU:
                r = NumericSemantics.i32LtU(fp[Int(i.b)], fp[Int(i.c)])
            case .i32LtUAccB:
                r = NumericSemantics.i32LtU(acc, fp[Int(i.c)])
            case .i32LtUAccC:
                r = NumericSemantics.i32LtU(fp[Int(i.b)], acc)
            case .i32GtS:
                r = NumericSemantics.i32GtS(fp[Int(i.b)], fp[Int(i.c)])
            case .i32GtSAccB:
                r = NumericSemantics.i32GtS(acc, fp[Int(i.c)])
            case .i32GtSAccC:
                r = NumericSemantics.i32GtS(fp[Int(i.b)], acc)
            case .i32GtU:
                r = NumericSemantics.i32GtU(fp[Int(i.b)], fp[Int(i.c)])
            case .i32GtUAccB:
                r = NumericSemantics.i32GtU(acc, fp[Int(i.c)])
            case .i32GtUAccC:
                r = NumericSemantics.i32GtU(fp[Int(i.b)], acc)
            case .i32LeS:
                r = NumericSemantics.i32LeS(fp[Int(i.b)], fp[Int(i.c)])
            case .i32LeSAccB:
                r = NumericSemantics.i32LeS(acc, fp[Int(i.c)])
            case .i32LeSAccC:
                r = NumericSemantics.i32LeS(fp[Int(i.b)], acc)
            case .i32LeU:
                r = NumericSemantics.i32LeU(fp[Int(i.b)], fp[Int(i.c)])
            case .i32LeUAccB:
                r = NumericSemantics.i32LeU(acc, fp[Int(i.c)])
            case .i32LeUAccC:
                r = NumericSemantics.i32LeU(fp[Int(i.b)], acc)
            case .i32GeS:
                r = NumericSemantics.i32GeS(fp[Int(i.b)], fp[Int(i.c)])
            case .i32GeSAccB:
                r = NumericSemantics.i32GeS(acc, fp[Int(i.c)])
            case .i32GeSAccC:
                r = NumericSemantics.i32GeS(fp[Int(i.b)], acc)
            case .i32GeU:
                r = NumericSemantics.i32GeU(fp[Int(i.b)], fp[Int(i.c)])
            case .i32GeUAccB:
                r = NumericSemantics.i32GeU(acc, fp[Int(i.c)])
            case .i32GeUAccC:
                r = NumericSemantics.i32GeU(fp[Int(i.b)], acc)
            case .brIfI64Eqz:
                if fp[Int(i.a)] == 0 {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64EqzAccA:
                if acc == 0 {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64Nez:
                if fp[Int(i.a)] != 0 {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64NezAccA:
                if acc != 0 {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64Eq:
                if u64(fp[Int(i.a)]) == u64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64EqAccA:
                if u64(acc) == u64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64EqAccB:
                if u64(fp[Int(i.a)]) == u64(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64Ne:
                if u64(fp[Int(i.a)]) != u64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64NeAccA:
                if u64(acc) != u64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64NeAccB:
                if u64(fp[Int(i.a)]) != u64(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64LtS:
                if Int64(bitPattern: u64(fp[Int(i.a)])) < Int64(bitPattern: u64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64LtSAccA:
                if Int64(bitPattern: u64(acc)) < Int64(bitPattern: u64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64LtSAccB:
                if Int64(bitPattern: u64(fp[Int(i.a)])) < Int64(bitPattern: u64(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64LtU:
                if u64(fp[Int(i.a)]) < u64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64LtUAccA:
                if u64(acc) < u64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64LtUAccB:
                if u64(fp[Int(i.a)]) < u64(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64GtS:
                if Int64(bitPattern: u64(fp[Int(i.a)])) > Int64(bitPattern: u64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64GtSAccA:
                if Int64(bitPattern: u64(acc)) > Int64(bitPattern: u64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64GtSAccB:
                if Int64(bitPattern: u64(fp[Int(i.a)])) > Int64(bitPattern: u64(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64GtU:
                if u64(fp[Int(i.a)]) > u64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64GtUAccA:
                if u64(acc) > u64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64GtUAccB:
                if u64(fp[Int(i.a)]) > u64(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64LeS:
                if Int64(bitPattern: u64(fp[Int(i.a)])) <= Int64(bitPattern: u64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64LeSAccA:
                if Int64(bitPattern: u64(acc)) <= Int64(bitPattern: u64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64LeSAccB:
                if Int64(bitPattern: u64(fp[Int(i.a)])) <= Int64(bitPattern: u64(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64LeU:
                if u64(fp[Int(i.a)]) <= u64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64LeUAccA:
                if u64(acc) <= u64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64LeUAccB:
                if u64(fp[Int(i.a)]) <= u64(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64GeS:
                if Int64(bitPattern: u64(fp[Int(i.a)])) >= Int64(bitPattern: u64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64GeSAccA:
                if Int64(bitPattern: u64(acc)) >= Int64(bitPattern: u64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64GeSAccB:
                if Int64(bitPattern: u64(fp[Int(i.a)])) >= Int64(bitPattern: u64(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64GeU:
                if u64(fp[Int(i.a)]) >= u64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64GeUAccA:
                if u64(acc) >= u64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfI64GeUAccB:
                if u64(fp[Int(i.a)]) >= u64(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .i64Add:
                r = NumericSemantics.i64Add(fp[Int(i.b)], fp[Int(i.c)])
            case .i64AddAccB:
                r = NumericSemantics.i64Add(acc, fp[Int(i.c)])
            case .i64AddAccC:
                r = NumericSemantics.i64Add(fp[Int(i.b)], acc)
            case .i64Sub:
                r = NumericSemantics.i64Sub(fp[Int(i.b)], fp[Int(i.c)])
            case .i64SubAccB:
                r = NumericSemantics.i64Sub(acc, fp[Int(i.c)])
            case .i64SubAccC:
                r = NumericSemantics.i64Sub(fp[Int(i.b)], acc)
            case .i64Mul:
                r = NumericSemantics.i64Mul(fp[Int(i.b)], fp[Int(i.c)])
            case .i64MulAccB:
                r = NumericSemantics.i64Mul(acc, fp[Int(i.c)])
            case .i64MulAccC:
                r = NumericSemantics.i64Mul(fp[Int(i.b)], acc)
            case .i64And:
                r = NumericSemantics.i64And(fp[Int(i.b)], fp[Int(i.c)])
            case .i64AndAccB:
                r = NumericSemantics.i64And(acc, fp[Int(i.c)])
            case .i64AndAccC:
                r = NumericSemantics.i64And(fp[Int(i.b)], acc)
            case .i64Or:
                r = NumericSemantics.i64Or(fp[Int(i.b)], fp[Int(i.c)])
            case .i64OrAccB:
                r = NumericSemantics.i64Or(acc, fp[Int(i.c)])
            case .i64OrAccC:
                r = NumericSemantics.i64Or(fp[Int(i.b)], acc)
            case .i64Xor:
                r = NumericSemantics.i64Xor(fp[Int(i.b)], fp[Int(i.c)])
            case .i64XorAccB:
                r = NumericSemantics.i64Xor(acc, fp[Int(i.c)])
            case .i64XorAccC:
                r = NumericSemantics.i64Xor(fp[Int(i.b)], acc)
            case .i64Shl:
                r = NumericSemantics.i64Shl(fp[Int(i.b)], fp[Int(i.c)])
            case .i64ShlAccB:
                r = NumericSemantics.i64Shl(acc, fp[Int(i.c)])
            case .i64ShlAccC:
                r = NumericSemantics.i64Shl(fp[Int(i.b)], acc)
            case .i64ShrS:
                r = NumericSemantics.i64ShrS(fp[Int(i.b)], fp[Int(i.c)])
            case .i64ShrSAccB:
                r = NumericSemantics.i64ShrS(acc, fp[Int(i.c)])
            case .i64ShrSAccC:
                r = NumericSemantics.i64ShrS(fp[Int(i.b)], acc)
            case .i64ShrU:
                r = NumericSemantics.i64ShrU(fp[Int(i.b)], fp[Int(i.c)])
            case .i64ShrUAccB:
                r = NumericSemantics.i64ShrU(acc, fp[Int(i.c)])
            case .i64ShrUAccC:
                r = NumericSemantics.i64ShrU(fp[Int(i.b)], acc)
            case .i64Eqz:
                r = NumericSemantics.i64Eqz(fp[Int(i.b)])
            case .i64EqzAccB:
                r = NumericSemantics.i64Eqz(acc)
            case .i64Eq:
                r = NumericSemantics.i64Eq(fp[Int(i.b)], fp[Int(i.c)])
            case .i64EqAccB:
                r = NumericSemantics.i64Eq(acc, fp[Int(i.c)])
            case .i64EqAccC:
                r = NumericSemantics.i64Eq(fp[Int(i.b)], acc)
            case .i64Ne:
                r = NumericSemantics.i64Ne(fp[Int(i.b)], fp[Int(i.c)])
            case .i64NeAccB:
                r = NumericSemantics.i64Ne(acc, fp[Int(i.c)])
            case .i64NeAccC:
                r = NumericSemantics.i64Ne(fp[Int(i.b)], acc)
            case .i64ExtendI32U:
                r = NumericSemantics.i64ExtendI32U(fp[Int(i.b)])
            case .i64ExtendI32UAccB:
                r = NumericSemantics.i64ExtendI32U(acc)
            case .i64ExtendI32S:
                r = NumericSemantics.i64ExtendI32S(fp[Int(i.b)])
            case .i64ExtendI32SAccB:
                r = NumericSemantics.i64ExtendI32S(acc)
            case .i32WrapI64:
                r = NumericSemantics.i32WrapI64(fp[Int(i.b)])
            case .i32WrapI64AccB:
                r = NumericSemantics.i32WrapI64(acc)
            case .f64Add:
                r = NumericSemantics.f64Add(fp[Int(i.b)], fp[Int(i.c)])
            case .f64AddAccB:
                r = NumericSemantics.f64Add(acc, fp[Int(i.c)])
            case .f64AddAccC:
                r = NumericSemantics.f64Add(fp[Int(i.b)], acc)
            case .f64Sub:
                r = NumericSemantics.f64Sub(fp[Int(i.b)], fp[Int(i.c)])
            case .f64SubAccB:
                r = NumericSemantics.f64Sub(acc, fp[Int(i.c)])
            case .f64SubAccC:
                r = NumericSemantics.f64Sub(fp[Int(i.b)], acc)
            case .f64Mul:
                r = NumericSemantics.f64Mul(fp[Int(i.b)], fp[Int(i.c)])
            case .f64MulAccB:
                r = NumericSemantics.f64Mul(acc, fp[Int(i.c)])
            case .f64MulAccC:
                r = NumericSemantics.f64Mul(fp[Int(i.b)], acc)
            case .f64Div:
                r = NumericSemantics.f64Div(fp[Int(i.b)], fp[Int(i.c)])
            case .f64DivAccB:
                r = NumericSemantics.f64Div(acc, fp[Int(i.c)])
            case .f64DivAccC:
                r = NumericSemantics.f64Div(fp[Int(i.b)], acc)
            case .f64Lt:
                r = NumericSemantics.f64Lt(fp[Int(i.b)], fp[Int(i.c)])
            case .f64LtAccB:
                r = NumericSemantics.f64Lt(acc, fp[Int(i.c)])
            case .f64LtAccC:
                r = NumericSemantics.f64Lt(fp[Int(i.b)], acc)
            case .f64Gt:
                r = NumericSemantics.f64Gt(fp[Int(i.b)], fp[Int(i.c)])
            case .f64GtAccB:
                r = NumericSemantics.f64Gt(acc, fp[Int(i.c)])
            case .f64GtAccC:
                r = NumericSemantics.f64Gt(fp[Int(i.b)], acc)
            case .f64Le:
                r = NumericSemantics.f64Le(fp[Int(i.b)], fp[Int(i.c)])
            case .f64LeAccB:
                r = NumericSemantics.f64Le(acc, fp[Int(i.c)])
            case .f64LeAccC:
                r = NumericSemantics.f64Le(fp[Int(i.b)], acc)
            case .f64Ge:
                r = NumericSemantics.f64Ge(fp[Int(i.b)], fp[Int(i.c)])
            case .f64GeAccB:
                r = NumericSemantics.f64Ge(acc, fp[Int(i.c)])
            case .f64GeAccC:
                r = NumericSemantics.f64Ge(fp[Int(i.b)], acc)
            case .f64Eq:
                r = NumericSemantics.f64Eq(fp[Int(i.b)], fp[Int(i.c)])
            case .f64EqAccB:
                r = NumericSemantics.f64Eq(acc, fp[Int(i.c)])
            case .f64EqAccC:
                r = NumericSemantics.f64Eq(fp[Int(i.b)], acc)
            case .f64ConvertI32S:
                r = NumericSemantics.f64ConvertI32S(fp[Int(i.b)])
            case .f64ConvertI32SAccB:
                r = NumericSemantics.f64ConvertI32S(acc)
            case .f64ConvertI32U:
                r = NumericSemantics.f64ConvertI32U(fp[Int(i.b)])
            case .f64ConvertI32UAccB:
                r = NumericSemantics.f64ConvertI32U(acc)
            case .i32TruncF64S:
                r = try NumericSemantics.i32TruncF64S(fp[Int(i.b)])
            case .i32TruncF64SAccB:
                r = try NumericSemantics.i32TruncF64S(acc)
            case .f64Sqrt:
                r = NumericSemantics.f64Sqrt(fp[Int(i.b)])
            case .f64SqrtAccB:
                r = NumericSemantics.f64Sqrt(acc)
            case .f64Neg:
                r = NumericSemantics.f64Neg(fp[Int(i.b)])
            case .f64NegAccB:
                r = NumericSemantics.f64Neg(acc)
            case .f64Abs:
                r = NumericSemantics.f64Abs(fp[Int(i.b)])
            case .f64AbsAccB:
                r = NumericSemantics.f64Abs(acc)
            // end generated: frequent instructions
            case .brTable:
                let index = Int(u32(fp[Int(i.a)]))
                let destination = ctx.code + Int(ctx.branchTables[Int(i.b) &+ min(index, Int(i.c) &- 1)])
                if destination <= ip {
                    ticks &-= 1
                    if ticks <= 0 { try spendTicks(&window); ticks = window }
                }
                ip = destination
                continue dispatch
            case .retAccumulator:
                fp[0] = acc
                fallthrough
            case .ret:
                let from = Int(i.a)
                for k in 0..<Int(i.b) { fp[k] = fp[from &+ k] }
                depth &-= 1
                let frame = frames[depth]
                guard let back = frame.returnAddress else { return }
                ip = back
                fp = frame.fp
                if frame.instance != ctx.identity {
                    ctx = ExecutionContext(Unmanaged<Instance>.fromOpaque(frame.instance).takeUnretainedValue())
                } else {
                    ctx.refreshMemory()
                }
                continue dispatch
            case .call:
                ticks &-= 1
                if ticks <= 0 { try spendTicks(&window); ticks = window }
                let index = Int(i.a)
                // A direct host function: its entry, with no trip through the store (see `DirectImport`), and
                // none of the bookkeeping of a call that enters a frame.
                if index < ctx.importedFunctionCount, let entry = ctx.directImports[index].entry {
                    // SAFETY: `data` is the function's own, kept by the embedder as long as the store; the entry
                    // reads its arguments from the callee's slots, inside the value stack.
                    let status = entry(ctx.directImports[index].data.unsafelyUnwrapped, fp + Int(i.b), ctx.memoryBase,
                                       ctx.memorySize)
                    if status != 0 {
                        try directTrap(index, status, ctx.instance)
                        ip = pendingThrow(at: ip)
                        continue dispatch
                    }
                    ctx.refreshMemory()
                    ip += 1
                    continue dispatch
                }
                calleeFp = fp + Int(i.b)
                returnAddress = ip + 1
                caller = ctx.identity
                if index >= ctx.importedFunctionCount {
                    callee = index &- ctx.importedFunctionCount
                    break dispatch
                }
                if let body = try callImport(index, &ctx, arguments: calleeFp, depth: depth) {
                    callee = body
                    break dispatch
                }
                if pendingException.pointee != nil {
                    ip = pendingThrow(at: ip)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .callIndirect:
                ticks &-= 1
                if ticks <= 0 { try spendTicks(&window); ticks = window }
                calleeFp = fp + Int(i.b)
                returnAddress = ip + 2
                caller = ctx.identity
                if let body = try callIndirect(type: Int(i.a), table: Int(i.c), element: fp[Int(ip[1].a)], &ctx,
                                               arguments: calleeFp, depth: depth) {
                    callee = body
                    break dispatch
                }
                if pendingException.pointee != nil {
                    ip = pendingThrow(at: ip)
                    continue dispatch
                }
                ip += 2
                continue dispatch
            case .select:
                let condition = u32(fp[Int(ip[1].a)])
                fp[Int(i.a)] = condition != 0 ? fp[Int(i.b)] : fp[Int(i.c)]
                ip += 2
                continue dispatch
            case .memoryFill:
                try ctx.fill(fp + Int(i.a))
                ip += 1
                continue dispatch
            case .memoryCopy:
                try ctx.copy(fp + Int(i.a))
                ip += 1
                continue dispatch
            case .memoryGrow, .memoryInit, .dataDrop, .refFunc, .tableGet, .tableSet, .tableSize, .tableGrow, .tableFill,
                 .tableCopy, .tableInit, .elemDrop, .zeroSlots, .copySlots:
                try executeOutOfLine(i, fp, ctx.instance, ctx)
                ctx.refreshMemory()
                ip += 1
                continue dispatch
            case .returnCall, .returnCallIndirect, .refAsNonNull, .throwTag, .throwRef, .throwPending, .native, .memoryLoad, .memoryStore, .memorySizeOf, .memoryFillOf,
                 .memoryCopyBetween, .gc:
                ip = try executeOutOfLine(ip, fp, &ctx, depth: depth)
                continue dispatch
            case .simd:
                try executeSimd(ip, fp, ctx.instance)
                ip += SimdInstruction.width
                continue dispatch
            // The others, in an arbitrary order. Reordering cases moves code around, and that can halve the
            // speed on AMD Zen (see README.md, Performance): check `make bench-wasm` after changing the loop.
            // generated: other instructions
            case .f32Copysign:
                r = NumericSemantics.f32Copysign(fp[Int(i.b)], fp[Int(i.c)])
            case .f32CopysignAccB:
                r = NumericSemantics.f32Copysign(acc, fp[Int(i.c)])
            case .f32CopysignAccC:
                r = NumericSemantics.f32Copysign(fp[Int(i.b)], acc)
            case .f64Trunc:
                r = NumericSemantics.f64Trunc(fp[Int(i.b)])
            case .f64TruncAccB:
                r = NumericSemantics.f64Trunc(acc)
            case .i64GeU:
                r = NumericSemantics.i64GeU(fp[Int(i.b)], fp[Int(i.c)])
            case .i64GeUAccB:
                r = NumericSemantics.i64GeU(acc, fp[Int(i.c)])
            case .i64GeUAccC:
                r = NumericSemantics.i64GeU(fp[Int(i.b)], acc)
            case .brIfNotF64Ge:
                if !(f64(fp[Int(i.a)]) >= f64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF64GeAccA:
                if !(f64(acc) >= f64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF64GeAccB:
                if !(f64(fp[Int(i.a)]) >= f64(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .i64Popcnt:
                r = NumericSemantics.i64Popcnt(fp[Int(i.b)])
            case .i64PopcntAccB:
                r = NumericSemantics.i64Popcnt(acc)
            case .i32TruncSatF64U:
                r = NumericSemantics.i32TruncSatF64U(fp[Int(i.b)])
            case .i32TruncSatF64UAccB:
                r = NumericSemantics.i32TruncSatF64U(acc)
            case .i64Load32SIndexed:
                r = UInt64(bitPattern: Int64(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)])), 0, as: Int32.self)))
            case .i64Load32SIndexedAccB:
                r = UInt64(bitPattern: Int64(try ctx.load(UInt64(u32(acc) &+ u32(fp[Int(i.c)])), 0, as: Int32.self)))
            case .i64Load32SIndexedAccC:
                r = UInt64(bitPattern: Int64(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(acc)), 0, as: Int32.self)))
            case .f32Le:
                r = NumericSemantics.f32Le(fp[Int(i.b)], fp[Int(i.c)])
            case .f32LeAccB:
                r = NumericSemantics.f32Le(acc, fp[Int(i.c)])
            case .f32LeAccC:
                r = NumericSemantics.f32Le(fp[Int(i.b)], acc)
            case .i64Rotl:
                r = NumericSemantics.i64Rotl(fp[Int(i.b)], fp[Int(i.c)])
            case .i64RotlAccB:
                r = NumericSemantics.i64Rotl(acc, fp[Int(i.c)])
            case .i64RotlAccC:
                r = NumericSemantics.i64Rotl(fp[Int(i.b)], acc)
            case .f32ConvertI64S:
                r = NumericSemantics.f32ConvertI64S(fp[Int(i.b)])
            case .f32ConvertI64SAccB:
                r = NumericSemantics.f32ConvertI64S(acc)
            case .i64GtU:
                r = NumericSemantics.i64GtU(fp[Int(i.b)], fp[Int(i.c)])
            case .i64GtUAccB:
                r = NumericSemantics.i64GtU(acc, fp[Int(i.c)])
            case .i64GtUAccC:
                r = NumericSemantics.i64GtU(fp[Int(i.b)], acc)
            case .i64Load32S:
                r = UInt64(bitPattern: Int64(try ctx.load(fp[Int(i.b)], i.c, as: Int32.self)))
            case .i64Load32SAccB:
                r = UInt64(bitPattern: Int64(try ctx.load(acc, i.c, as: Int32.self)))
            case .i64Extend16S:
                r = NumericSemantics.i64Extend16S(fp[Int(i.b)])
            case .i64Extend16SAccB:
                r = NumericSemantics.i64Extend16S(acc)
            case .f32Ge:
                r = NumericSemantics.f32Ge(fp[Int(i.b)], fp[Int(i.c)])
            case .f32GeAccB:
                r = NumericSemantics.f32Ge(acc, fp[Int(i.c)])
            case .f32GeAccC:
                r = NumericSemantics.f32Ge(fp[Int(i.b)], acc)
            case .f32Ceil:
                r = NumericSemantics.f32Ceil(fp[Int(i.b)])
            case .f32CeilAccB:
                r = NumericSemantics.f32Ceil(acc)
            case .f32Lt:
                r = NumericSemantics.f32Lt(fp[Int(i.b)], fp[Int(i.c)])
            case .f32LtAccB:
                r = NumericSemantics.f32Lt(acc, fp[Int(i.c)])
            case .f32LtAccC:
                r = NumericSemantics.f32Lt(fp[Int(i.b)], acc)
            case .i64RemS:
                r = try NumericSemantics.i64RemS(fp[Int(i.b)], fp[Int(i.c)])
            case .i64RemSAccB:
                r = try NumericSemantics.i64RemS(acc, fp[Int(i.c)])
            case .i64RemSAccC:
                r = try NumericSemantics.i64RemS(fp[Int(i.b)], acc)
            case .f32Abs:
                r = NumericSemantics.f32Abs(fp[Int(i.b)])
            case .f32AbsAccB:
                r = NumericSemantics.f32Abs(acc)
            case .i32RemS:
                r = try NumericSemantics.i32RemS(fp[Int(i.b)], fp[Int(i.c)])
            case .i32RemSAccB:
                r = try NumericSemantics.i32RemS(acc, fp[Int(i.c)])
            case .i32RemSAccC:
                r = try NumericSemantics.i32RemS(fp[Int(i.b)], acc)
            case .brIfNotF32Le:
                if !(f32(fp[Int(i.a)]) <= f32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF32LeAccA:
                if !(f32(acc) <= f32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF32LeAccB:
                if !(f32(fp[Int(i.a)]) <= f32(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF32Eq:
                if f32(fp[Int(i.a)]) == f32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF32EqAccA:
                if f32(acc) == f32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF32EqAccB:
                if f32(fp[Int(i.a)]) == f32(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .f32Min:
                r = NumericSemantics.f32Min(fp[Int(i.b)], fp[Int(i.c)])
            case .f32MinAccB:
                r = NumericSemantics.f32Min(acc, fp[Int(i.c)])
            case .f32MinAccC:
                r = NumericSemantics.f32Min(fp[Int(i.b)], acc)
            case .i64Extend32S:
                r = NumericSemantics.i64Extend32S(fp[Int(i.b)])
            case .i64Extend32SAccB:
                r = NumericSemantics.i64Extend32S(acc)
            case .refIsNull:
                r = bool(fp[Int(i.b)] == Slot.null)
            case .brIfNotF32Ge:
                if !(f32(fp[Int(i.a)]) >= f32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF32GeAccA:
                if !(f32(acc) >= f32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF32GeAccB:
                if !(f32(fp[Int(i.a)]) >= f32(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .i64TruncSatF64U:
                r = NumericSemantics.i64TruncSatF64U(fp[Int(i.b)])
            case .i64TruncSatF64UAccB:
                r = NumericSemantics.i64TruncSatF64U(acc)
            case .f64Min:
                r = NumericSemantics.f64Min(fp[Int(i.b)], fp[Int(i.c)])
            case .f64MinAccB:
                r = NumericSemantics.f64Min(acc, fp[Int(i.c)])
            case .f64MinAccC:
                r = NumericSemantics.f64Min(fp[Int(i.b)], acc)
            case .f32Trunc:
                r = NumericSemantics.f32Trunc(fp[Int(i.b)])
            case .f32TruncAccB:
                r = NumericSemantics.f32Trunc(acc)
            case .f32Sqrt:
                r = NumericSemantics.f32Sqrt(fp[Int(i.b)])
            case .f32SqrtAccB:
                r = NumericSemantics.f32Sqrt(acc)
            case .brIfNotF64Ne:
                if !(f64(fp[Int(i.a)]) != f64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF64NeAccA:
                if !(f64(acc) != f64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF64NeAccB:
                if !(f64(fp[Int(i.a)]) != f64(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF32Ne:
                if f32(fp[Int(i.a)]) != f32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF32NeAccA:
                if f32(acc) != f32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF32NeAccB:
                if f32(fp[Int(i.a)]) != f32(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF32Gt:
                if !(f32(fp[Int(i.a)]) > f32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF32GtAccA:
                if !(f32(acc) > f32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF32GtAccB:
                if !(f32(fp[Int(i.a)]) > f32(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF64Gt:
                if f64(fp[Int(i.a)]) > f64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF64GtAccA:
                if f64(acc) > f64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF64GtAccB:
                if f64(fp[Int(i.a)]) > f64(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .f32Ne:
                r = NumericSemantics.f32Ne(fp[Int(i.b)], fp[Int(i.c)])
            case .f32NeAccB:
                r = NumericSemantics.f32Ne(acc, fp[Int(i.c)])
            case .f32NeAccC:
                r = NumericSemantics.f32Ne(fp[Int(i.b)], acc)
            case .brIfNotF64Eq:
                if !(f64(fp[Int(i.a)]) == f64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF64EqAccA:
                if !(f64(acc) == f64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF64EqAccB:
                if !(f64(fp[Int(i.a)]) == f64(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF32Gt:
                if f32(fp[Int(i.a)]) > f32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF32GtAccA:
                if f32(acc) > f32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF32GtAccB:
                if f32(fp[Int(i.a)]) > f32(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .i64Ctz:
                r = NumericSemantics.i64Ctz(fp[Int(i.b)])
            case .i64CtzAccB:
                r = NumericSemantics.i64Ctz(acc)
            case .f32Nearest:
                r = NumericSemantics.f32Nearest(fp[Int(i.b)])
            case .f32NearestAccB:
                r = NumericSemantics.f32Nearest(acc)
            case .i32TruncSatF32S:
                r = NumericSemantics.i32TruncSatF32S(fp[Int(i.b)])
            case .i32TruncSatF32SAccB:
                r = NumericSemantics.i32TruncSatF32S(acc)
            case .brIfF32Ge:
                if f32(fp[Int(i.a)]) >= f32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF32GeAccA:
                if f32(acc) >= f32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF32GeAccB:
                if f32(fp[Int(i.a)]) >= f32(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .f64ConvertI64S:
                r = NumericSemantics.f64ConvertI64S(fp[Int(i.b)])
            case .f64ConvertI64SAccB:
                r = NumericSemantics.f64ConvertI64S(acc)
            case .i32Extend16S:
                r = NumericSemantics.i32Extend16S(fp[Int(i.b)])
            case .i32Extend16SAccB:
                r = NumericSemantics.i32Extend16S(acc)
            case .f32Mul:
                r = NumericSemantics.f32Mul(fp[Int(i.b)], fp[Int(i.c)])
            case .f32MulAccB:
                r = NumericSemantics.f32Mul(acc, fp[Int(i.c)])
            case .f32MulAccC:
                r = NumericSemantics.f32Mul(fp[Int(i.b)], acc)
            case .f64PromoteF32:
                r = NumericSemantics.f64PromoteF32(fp[Int(i.b)])
            case .f64PromoteF32AccB:
                r = NumericSemantics.f64PromoteF32(acc)
            case .brIfNotF64Le:
                if !(f64(fp[Int(i.a)]) <= f64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF64LeAccA:
                if !(f64(acc) <= f64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF64LeAccB:
                if !(f64(fp[Int(i.a)]) <= f64(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF64Ne:
                if f64(fp[Int(i.a)]) != f64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF64NeAccA:
                if f64(acc) != f64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF64NeAccB:
                if f64(fp[Int(i.a)]) != f64(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .i32Ctz:
                r = NumericSemantics.i32Ctz(fp[Int(i.b)])
            case .i32CtzAccB:
                r = NumericSemantics.i32Ctz(acc)
            case .i32TruncF64U:
                r = try NumericSemantics.i32TruncF64U(fp[Int(i.b)])
            case .i32TruncF64UAccB:
                r = try NumericSemantics.i32TruncF64U(acc)
            case .i64LeU:
                r = NumericSemantics.i64LeU(fp[Int(i.b)], fp[Int(i.c)])
            case .i64LeUAccB:
                r = NumericSemantics.i64LeU(acc, fp[Int(i.c)])
            case .i64LeUAccC:
                r = NumericSemantics.i64LeU(fp[Int(i.b)], acc)
            case .i64Rotr:
                r = NumericSemantics.i64Rotr(fp[Int(i.b)], fp[Int(i.c)])
            case .i64RotrAccB:
                r = NumericSemantics.i64Rotr(acc, fp[Int(i.c)])
            case .i64RotrAccC:
                r = NumericSemantics.i64Rotr(fp[Int(i.b)], acc)
            case .brIfF64Ge:
                if f64(fp[Int(i.a)]) >= f64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF64GeAccA:
                if f64(acc) >= f64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF64GeAccB:
                if f64(fp[Int(i.a)]) >= f64(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .i64LeS:
                r = NumericSemantics.i64LeS(fp[Int(i.b)], fp[Int(i.c)])
            case .i64LeSAccB:
                r = NumericSemantics.i64LeS(acc, fp[Int(i.c)])
            case .i64LeSAccC:
                r = NumericSemantics.i64LeS(fp[Int(i.b)], acc)
            case .i64TruncF64U:
                r = try NumericSemantics.i64TruncF64U(fp[Int(i.b)])
            case .i64TruncF64UAccB:
                r = try NumericSemantics.i64TruncF64U(acc)
            case .i64LtS:
                r = NumericSemantics.i64LtS(fp[Int(i.b)], fp[Int(i.c)])
            case .i64LtSAccB:
                r = NumericSemantics.i64LtS(acc, fp[Int(i.c)])
            case .i64LtSAccC:
                r = NumericSemantics.i64LtS(fp[Int(i.b)], acc)
            case .i64Load8S:
                r = UInt64(bitPattern: Int64(try ctx.load(fp[Int(i.b)], i.c, as: Int8.self)))
            case .i64Load8SAccB:
                r = UInt64(bitPattern: Int64(try ctx.load(acc, i.c, as: Int8.self)))
            case .f32Max:
                r = NumericSemantics.f32Max(fp[Int(i.b)], fp[Int(i.c)])
            case .f32MaxAccB:
                r = NumericSemantics.f32Max(acc, fp[Int(i.c)])
            case .f32MaxAccC:
                r = NumericSemantics.f32Max(fp[Int(i.b)], acc)
            case .i32RemU:
                r = try NumericSemantics.i32RemU(fp[Int(i.b)], fp[Int(i.c)])
            case .i32RemUAccB:
                r = try NumericSemantics.i32RemU(acc, fp[Int(i.c)])
            case .i32RemUAccC:
                r = try NumericSemantics.i32RemU(fp[Int(i.b)], acc)
            case .f32Eq:
                r = NumericSemantics.f32Eq(fp[Int(i.b)], fp[Int(i.c)])
            case .f32EqAccB:
                r = NumericSemantics.f32Eq(acc, fp[Int(i.c)])
            case .f32EqAccC:
                r = NumericSemantics.f32Eq(fp[Int(i.b)], acc)
            case .i32Rotr:
                r = NumericSemantics.i32Rotr(fp[Int(i.b)], fp[Int(i.c)])
            case .i32RotrAccB:
                r = NumericSemantics.i32Rotr(acc, fp[Int(i.c)])
            case .i32RotrAccC:
                r = NumericSemantics.i32Rotr(fp[Int(i.b)], acc)
            case .i32Extend8S:
                r = NumericSemantics.i32Extend8S(fp[Int(i.b)])
            case .i32Extend8SAccB:
                r = NumericSemantics.i32Extend8S(acc)
            case .f32Gt:
                r = NumericSemantics.f32Gt(fp[Int(i.b)], fp[Int(i.c)])
            case .f32GtAccB:
                r = NumericSemantics.f32Gt(acc, fp[Int(i.c)])
            case .f32GtAccC:
                r = NumericSemantics.f32Gt(fp[Int(i.b)], acc)
            case .f64Floor:
                r = NumericSemantics.f64Floor(fp[Int(i.b)])
            case .f64FloorAccB:
                r = NumericSemantics.f64Floor(acc)
            case .i64TruncSatF32S:
                r = NumericSemantics.i64TruncSatF32S(fp[Int(i.b)])
            case .i64TruncSatF32SAccB:
                r = NumericSemantics.i64TruncSatF32S(acc)
            case .i64Load16S:
                r = UInt64(bitPattern: Int64(try ctx.load(fp[Int(i.b)], i.c, as: Int16.self)))
            case .i64Load16SAccB:
                r = UInt64(bitPattern: Int64(try ctx.load(acc, i.c, as: Int16.self)))
            case .f64Nearest:
                r = NumericSemantics.f64Nearest(fp[Int(i.b)])
            case .f64NearestAccB:
                r = NumericSemantics.f64Nearest(acc)
            case .i64TruncF32S:
                r = try NumericSemantics.i64TruncF32S(fp[Int(i.b)])
            case .i64TruncF32SAccB:
                r = try NumericSemantics.i64TruncF32S(acc)
            case .brIfF32Lt:
                if f32(fp[Int(i.a)]) < f32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF32LtAccA:
                if f32(acc) < f32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF32LtAccB:
                if f32(fp[Int(i.a)]) < f32(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF64Eq:
                if f64(fp[Int(i.a)]) == f64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF64EqAccA:
                if f64(acc) == f64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF64EqAccB:
                if f64(fp[Int(i.a)]) == f64(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .f64Ne:
                r = NumericSemantics.f64Ne(fp[Int(i.b)], fp[Int(i.c)])
            case .f64NeAccB:
                r = NumericSemantics.f64Ne(acc, fp[Int(i.c)])
            case .f64NeAccC:
                r = NumericSemantics.f64Ne(fp[Int(i.b)], acc)
            case .brIfNotF64Lt:
                if !(f64(fp[Int(i.a)]) < f64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF64LtAccA:
                if !(f64(acc) < f64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF64LtAccB:
                if !(f64(fp[Int(i.a)]) < f64(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .f32Floor:
                r = NumericSemantics.f32Floor(fp[Int(i.b)])
            case .f32FloorAccB:
                r = NumericSemantics.f32Floor(acc)
            case .i32TruncF32S:
                r = try NumericSemantics.i32TruncF32S(fp[Int(i.b)])
            case .i32TruncF32SAccB:
                r = try NumericSemantics.i32TruncF32S(acc)
            case .f32Neg:
                r = NumericSemantics.f32Neg(fp[Int(i.b)])
            case .f32NegAccB:
                r = NumericSemantics.f32Neg(acc)
            case .f32Div:
                r = NumericSemantics.f32Div(fp[Int(i.b)], fp[Int(i.c)])
            case .f32DivAccB:
                r = NumericSemantics.f32Div(acc, fp[Int(i.c)])
            case .f32DivAccC:
                r = NumericSemantics.f32Div(fp[Int(i.b)], acc)
            case .i64TruncF64S:
                r = try NumericSemantics.i64TruncF64S(fp[Int(i.b)])
            case .i64TruncF64SAccB:
                r = try NumericSemantics.i64TruncF64S(acc)
            case .i64GtS:
                r = NumericSemantics.i64GtS(fp[Int(i.b)], fp[Int(i.c)])
            case .i64GtSAccB:
                r = NumericSemantics.i64GtS(acc, fp[Int(i.c)])
            case .i64GtSAccC:
                r = NumericSemantics.i64GtS(fp[Int(i.b)], acc)
            case .brIfNotF32Ne:
                if !(f32(fp[Int(i.a)]) != f32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF32NeAccA:
                if !(f32(acc) != f32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF32NeAccB:
                if !(f32(fp[Int(i.a)]) != f32(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .i64GeS:
                r = NumericSemantics.i64GeS(fp[Int(i.b)], fp[Int(i.c)])
            case .i64GeSAccB:
                r = NumericSemantics.i64GeS(acc, fp[Int(i.c)])
            case .i64GeSAccC:
                r = NumericSemantics.i64GeS(fp[Int(i.b)], acc)
            case .brIfNotF32Lt:
                if !(f32(fp[Int(i.a)]) < f32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF32LtAccA:
                if !(f32(acc) < f32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF32LtAccB:
                if !(f32(fp[Int(i.a)]) < f32(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .i64TruncSatF64S:
                r = NumericSemantics.i64TruncSatF64S(fp[Int(i.b)])
            case .i64TruncSatF64SAccB:
                r = NumericSemantics.i64TruncSatF64S(acc)
            case .brIfF64Le:
                if f64(fp[Int(i.a)]) <= f64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF64LeAccA:
                if f64(acc) <= f64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF64LeAccB:
                if f64(fp[Int(i.a)]) <= f64(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .f64ConvertI64U:
                r = NumericSemantics.f64ConvertI64U(fp[Int(i.b)])
            case .f64ConvertI64UAccB:
                r = NumericSemantics.f64ConvertI64U(acc)
            case .f32DemoteF64:
                r = NumericSemantics.f32DemoteF64(fp[Int(i.b)])
            case .f32DemoteF64AccB:
                r = NumericSemantics.f32DemoteF64(acc)
            case .i32Popcnt:
                r = NumericSemantics.i32Popcnt(fp[Int(i.b)])
            case .i32PopcntAccB:
                r = NumericSemantics.i32Popcnt(acc)
            case .i64Extend8S:
                r = NumericSemantics.i64Extend8S(fp[Int(i.b)])
            case .i64Extend8SAccB:
                r = NumericSemantics.i64Extend8S(acc)
            case .f64Max:
                r = NumericSemantics.f64Max(fp[Int(i.b)], fp[Int(i.c)])
            case .f64MaxAccB:
                r = NumericSemantics.f64Max(acc, fp[Int(i.c)])
            case .f64MaxAccC:
                r = NumericSemantics.f64Max(fp[Int(i.b)], acc)
            case .f64Copysign:
                r = NumericSemantics.f64Copysign(fp[Int(i.b)], fp[Int(i.c)])
            case .f64CopysignAccB:
                r = NumericSemantics.f64Copysign(acc, fp[Int(i.c)])
            case .f64CopysignAccC:
                r = NumericSemantics.f64Copysign(fp[Int(i.b)], acc)
            case .f32ConvertI32S:
                r = NumericSemantics.f32ConvertI32S(fp[Int(i.b)])
            case .f32ConvertI32SAccB:
                r = NumericSemantics.f32ConvertI32S(acc)
            case .brIfNotF64Gt:
                if !(f64(fp[Int(i.a)]) > f64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF64GtAccA:
                if !(f64(acc) > f64(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF64GtAccB:
                if !(f64(fp[Int(i.a)]) > f64(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .f32Sub:
                r = NumericSemantics.f32Sub(fp[Int(i.b)], fp[Int(i.c)])
            case .f32SubAccB:
                r = NumericSemantics.f32Sub(acc, fp[Int(i.c)])
            case .f32SubAccC:
                r = NumericSemantics.f32Sub(fp[Int(i.b)], acc)
            case .i64Clz:
                r = NumericSemantics.i64Clz(fp[Int(i.b)])
            case .i64ClzAccB:
                r = NumericSemantics.i64Clz(acc)
            case .i64TruncF32U:
                r = try NumericSemantics.i64TruncF32U(fp[Int(i.b)])
            case .i64TruncF32UAccB:
                r = try NumericSemantics.i64TruncF32U(acc)
            case .f32ConvertI32U:
                r = NumericSemantics.f32ConvertI32U(fp[Int(i.b)])
            case .f32ConvertI32UAccB:
                r = NumericSemantics.f32ConvertI32U(acc)
            case .i64TruncSatF32U:
                r = NumericSemantics.i64TruncSatF32U(fp[Int(i.b)])
            case .i64TruncSatF32UAccB:
                r = NumericSemantics.i64TruncSatF32U(acc)
            case .f32ConvertI64U:
                r = NumericSemantics.f32ConvertI64U(fp[Int(i.b)])
            case .f32ConvertI64UAccB:
                r = NumericSemantics.f32ConvertI64U(acc)
            case .i32TruncF32U:
                r = try NumericSemantics.i32TruncF32U(fp[Int(i.b)])
            case .i32TruncF32UAccB:
                r = try NumericSemantics.i32TruncF32U(acc)
            case .memorySize:
                r = ctx.memorySize / UInt64(Memory.pageSize)
            case .i64Load8SIndexed:
                r = UInt64(bitPattern: Int64(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)])), 0, as: Int8.self)))
            case .i64Load8SIndexedAccB:
                r = UInt64(bitPattern: Int64(try ctx.load(UInt64(u32(acc) &+ u32(fp[Int(i.c)])), 0, as: Int8.self)))
            case .i64Load8SIndexedAccC:
                r = UInt64(bitPattern: Int64(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(acc)), 0, as: Int8.self)))
            case .i32DivU:
                r = try NumericSemantics.i32DivU(fp[Int(i.b)], fp[Int(i.c)])
            case .i32DivUAccB:
                r = try NumericSemantics.i32DivU(acc, fp[Int(i.c)])
            case .i32DivUAccC:
                r = try NumericSemantics.i32DivU(fp[Int(i.b)], acc)
            case .i64LtU:
                r = NumericSemantics.i64LtU(fp[Int(i.b)], fp[Int(i.c)])
            case .i64LtUAccB:
                r = NumericSemantics.i64LtU(acc, fp[Int(i.c)])
            case .i64LtUAccC:
                r = NumericSemantics.i64LtU(fp[Int(i.b)], acc)
            case .i32TruncSatF32U:
                r = NumericSemantics.i32TruncSatF32U(fp[Int(i.b)])
            case .i32TruncSatF32UAccB:
                r = NumericSemantics.i32TruncSatF32U(acc)
            case .brIfNotF32Eq:
                if !(f32(fp[Int(i.a)]) == f32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF32EqAccA:
                if !(f32(acc) == f32(fp[Int(i.b)])) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfNotF32EqAccB:
                if !(f32(fp[Int(i.a)]) == f32(acc)) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .i32TruncSatF64S:
                r = NumericSemantics.i32TruncSatF64S(fp[Int(i.b)])
            case .i32TruncSatF64SAccB:
                r = NumericSemantics.i32TruncSatF64S(acc)
            case .brIfF32Le:
                if f32(fp[Int(i.a)]) <= f32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF32LeAccA:
                if f32(acc) <= f32(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF32LeAccB:
                if f32(fp[Int(i.a)]) <= f32(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .i64DivS:
                r = try NumericSemantics.i64DivS(fp[Int(i.b)], fp[Int(i.c)])
            case .i64DivSAccB:
                r = try NumericSemantics.i64DivS(acc, fp[Int(i.c)])
            case .i64DivSAccC:
                r = try NumericSemantics.i64DivS(fp[Int(i.b)], acc)
            case .f32Add:
                r = NumericSemantics.f32Add(fp[Int(i.b)], fp[Int(i.c)])
            case .f32AddAccB:
                r = NumericSemantics.f32Add(acc, fp[Int(i.c)])
            case .f32AddAccC:
                r = NumericSemantics.f32Add(fp[Int(i.b)], acc)
            case .f64Ceil:
                r = NumericSemantics.f64Ceil(fp[Int(i.b)])
            case .f64CeilAccB:
                r = NumericSemantics.f64Ceil(acc)
            case .i64RemU:
                r = try NumericSemantics.i64RemU(fp[Int(i.b)], fp[Int(i.c)])
            case .i64RemUAccB:
                r = try NumericSemantics.i64RemU(acc, fp[Int(i.c)])
            case .i64RemUAccC:
                r = try NumericSemantics.i64RemU(fp[Int(i.b)], acc)
            case .i32Clz:
                r = NumericSemantics.i32Clz(fp[Int(i.b)])
            case .i32ClzAccB:
                r = NumericSemantics.i32Clz(acc)
            case .brIfF64Lt:
                if f64(fp[Int(i.a)]) < f64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF64LtAccA:
                if f64(acc) < f64(fp[Int(i.b)]) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .brIfF64LtAccB:
                if f64(fp[Int(i.a)]) < f64(acc) {
                    if i.c <= 0 {
                        ticks &-= 1
                        if ticks <= 0 { try spendTicks(&window); ticks = window }
                    }
                    ip += Int(i.c)
                    continue dispatch
                }
                ip += 1
                continue dispatch
            case .i32DivS:
                r = try NumericSemantics.i32DivS(fp[Int(i.b)], fp[Int(i.c)])
            case .i32DivSAccB:
                r = try NumericSemantics.i32DivS(acc, fp[Int(i.c)])
            case .i32DivSAccC:
                r = try NumericSemantics.i32DivS(fp[Int(i.b)], acc)
            case .i64DivU:
                r = try NumericSemantics.i64DivU(fp[Int(i.b)], fp[Int(i.c)])
            case .i64DivUAccB:
                r = try NumericSemantics.i64DivU(acc, fp[Int(i.c)])
            case .i64DivUAccC:
                r = try NumericSemantics.i64DivU(fp[Int(i.b)], acc)
            case .i64Load16SIndexed:
                r = UInt64(bitPattern: Int64(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(fp[Int(i.c)])), 0, as: Int16.self)))
            case .i64Load16SIndexedAccB:
                r = UInt64(bitPattern: Int64(try ctx.load(UInt64(u32(acc) &+ u32(fp[Int(i.c)])), 0, as: Int16.self)))
            case .i64Load16SIndexedAccC:
                r = UInt64(bitPattern: Int64(try ctx.load(UInt64(u32(fp[Int(i.b)]) &+ u32(acc)), 0, as: Int16.self)))
            // end generated: other instructions
            }
            fp[Int(i.a)] = r
            acc = r
            ip += 1
            }
        }
    }
}
