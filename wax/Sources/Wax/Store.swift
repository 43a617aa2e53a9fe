/// Limits a store imposes on everything instantiated in it.
public struct StoreLimits: Sendable {
    /// Most pages one memory may have, whatever its declared maximum.
    public var maxMemoryPages: UInt64
    /// Most elements one table may have.
    public var maxTableElements: UInt64
    /// Most elements all the tables the store makes may have together.
    public var maxTotalTableElements: UInt64
    /// Deepest nesting of wasm calls; deeper calls trap with "call stack exhausted".
    public var maxCallDepth: Int
    /// Slots of the value stack shared by all frames (parameters, locals, operands). The stack is reserved at
    /// this size and grows as calls need it.
    public var valueStackSlots: Int
    /// Most memories one instance may define (multi-memory): each may reserve address space for its maximum.
    public var maxMemories: Int
    /// Most bytes the exceptions a guest has thrown and may still throw again may hold at once; a throw beyond
    /// traps with "exceptions exhausted".
    public var maxExceptionBytes: Int
    /// Most bytes the GC structs and arrays of a guest may hold at once (see `GCHeap`); an allocation that does
    /// not fit after a collection traps with "GC heap exhausted".
    public var maxGCBytes: Int
    /// Most bytes of the embedder's own stack that native code, and the runs it nests (its calls out to host
    /// functions and the interpreter), may use below the outermost native entry; deeper calls trap with "call
    /// stack exhausted". The embedder's stack must have this much room, and what a host function needs, beside.
    public var maxNativeStackBytes: Int

    public init(maxMemoryPages: UInt64 = 65536, maxTableElements: UInt64 = 10_000_000,
                maxTotalTableElements: UInt64 = 10_000_000, maxCallDepth: Int = 10_000,
                valueStackSlots: Int = 1 << 20, maxMemories: Int = 16, maxExceptionBytes: Int = 16 << 20,
                maxNativeStackBytes: Int = 4 << 20, maxGCBytes: Int = 64 << 20) {
        self.maxGCBytes = maxGCBytes
        self.maxNativeStackBytes = maxNativeStackBytes
        self.maxMemories = maxMemories
        self.maxExceptionBytes = maxExceptionBytes
        self.maxMemoryPages = maxMemoryPages
        self.maxTableElements = maxTableElements
        self.maxTotalTableElements = maxTotalTableElements
        self.maxCallDepth = maxCallDepth
        self.valueStackSlots = valueStackSlots
    }
}

/// Imports for one instantiation, looked up by position (`define(import:_:)`) and then by module and name.
public struct Imports {
    var entries: [(module: String, name: String, value: External)] = []
    /// Values given for one module's imports by position (`define(import:_:)`), nil where none was.
    var byPosition: [External?] = []

    public init() {}

    public mutating func define(module: String, name: String, _ value: External) {
        entries.append((module, name, value))
    }

    /// Offers `value` for the import at `index` of the module about to be instantiated, whatever its name: an
    /// embedder that matched the names itself (once per module) spares instantiation matching them again.
    public mutating func define(import index: Int, _ value: External) {
        if byPosition.count <= index { byPosition += Array(repeating: nil, count: index + 1 - byPosition.count) }
        byPosition[index] = value
    }

    /// Offers every export of `instance` under the module name `module`.
    public mutating func define(module: String, instance: Instance) {
        for export in instance.module.exports {
            if let value = instance.export(export.name) { define(module: module, name: export.name, value) }
        }
    }

    /// The latest definition of `module`.`name`. Names first: most differ in length, while every WASI import
    /// shares its module's name, which took a whole comparison per entry.
    func lookup(index: Int, module: String, name: String) -> External? {
        if index < byPosition.count, let value = byPosition[index] { return value }
        for entry in entries.reversed() where sameName(entry.name, name) && sameName(entry.module, module) { return entry.value }
        return nil
    }
}

/// Owns functions, instances and the execution stack. Single-threaded: one call runs at a time; host functions
/// may call back into the store.
public final class Store {
    public let limits: StoreLimits
    var functions: [Function] = []
    var instances: [Instance] = []
    /// The type of every tag, by address.
    var tags: [FunctionType] = []
    /// The id of every tag's type in `types`, by address.
    var tagTypeIds: [Int] = []
    /// Every type of every instance, by id (see `TypeRegistry`).
    let types = TypeRegistry()
    let exceptions: ExceptionHeap
    /// GC structs and arrays (see `GCHeap`).
    let gcHeap: GCHeap
    /// Objects the running instantiation has made so far: roots until it ends (see `Instantiation.evaluate`).
    var gcPinned: [UInt64] = []
    /// An exception a host function ended with, to be thrown on in its wasm caller (see `unwind`). Behind a
    /// pointer so that the interpreter loop reads it without the exclusivity checks of a stored property.
    let pendingException: UnsafeMutablePointer<Int?>
    /// The call that ended so, and the instruction that throws the exception on there (see `pendingThrow`).
    var pendingSite: UnsafeMutablePointer<Inst>?
    let pendingThrowInstruction: UnsafeMutablePointer<Inst>
    /// A `ret` of nothing, in no module's code either: it leaves a run after a throw (`throwException`), returns
    /// from a function that ran natively (`enterNative`), and is the code of the one function (`leaveBody`) a run
    /// that resumes at a handler enters (`ExecutionContext`).
    let leaveInstruction: UnsafeMutablePointer<Inst>
    let leaveBody: UnsafeMutablePointer<FunctionBody>
    /// Where the run goes on after a throw caught inside it (see `Store.run`).
    var resumption: Resumption?
    /// The value stack and the frames of suspended callers, reserved for `limits.valueStackSlots` slots and
    /// `limits.maxCallDepth` frames and committed as calls need them (`makeRoom`): they never move.
    var stackBuffer: CommittedBuffer<UInt64>
    var frameBuffer: CommittedBuffer<Frame>
    /// The high halves of v128 values: the shadow of stack slot s is `(stack + s + shadowDelta).pointee`, so a v128
    /// takes one slot like every other value and scalar code never sees the shadow. Reserved and committed like
    /// the stack, only once a module that uses SIMD is instantiated (`enableShadowStack`).
    var shadowBuffer: CommittedBuffer<UInt64>
    /// The distance in slots from the stack to its shadow; valid once `hasShadowStack`.
    var shadowDelta = 0
    var hasShadowStack = false
    /// First free stack slot and frame for the next (possibly nested) invocation.
    var stackTop = 0
    var frameTop = 0

    /// Set from anywhere (a timer, a scheduler) to stop the running guest at its next loop iteration or call.
    /// The flag lives where the embedder says (a kernel thread's own word, which its scheduler sets from an
    /// interrupt on any processor without touching the store), else in the store.
    public var interruptRequested: Bool {
        get { interruptFlag.pointee }
        set { interruptFlag.pointee = newValue }
    }
    private let interruptFlag: UnsafeMutablePointer<Bool>
    /// Where the flag is, for native code, which tests it at loop back-edges and calls.
    var interruptFlagAddress: UnsafeMutablePointer<Bool> { interruptFlag }
    /// The interpreter, or native code where the compiler supports a function (Native/NativeRuntime.swift).
    public var engine: Engine = .interpreter
    /// Functions of the instances that ran natively: compiled, and left to the interpreter.
    public internal(set) var nativeFunctionCounts = (compiled: 0, interpreted: 0)
    /// How many times native code asked the callout for something it does not do itself (NativeCalloutKind).
    public internal(set) var nativeCallouts = 0
    var nativeRun = NativeRunState()
    /// The instruction a trap in native code happened at, for `lastTrapSite` (see `run`).
    var nativeTrapSite: UnsafeMutablePointer<Inst>?
    private let ownsInterruptFlag: Bool
    /// What the guest does at that point, on its own thread: without a handler it traps with `Trap.interrupted`;
    /// a handler may instead let other work run first and return (a scheduler's preemption), or throw. It must not
    /// grow the guest's memories: native code keeps their bounds in registers across calls that cannot grow them.
    public var interruptionHandler: (() throws(Trap) -> Void)? = nil
    /// Remaining fuel, in units of loop iterations and calls; nil for no budget.
    public var fuel: UInt64?
    /// Where the last interpreter run left off (the instruction and its instance), for `lastTrapSite`.
    var exitInstruction: UnsafeMutablePointer<Inst>?
    var exitInstance: Unowned<Instance>?

    /// Where this store's linear memories and value stack get their bytes.
    public let memoryAllocator: MemoryAllocator
    /// What the store has charged to its embedder's account.
    let ledger: Ledger

    public init(limits: StoreLimits = StoreLimits(), memoryAllocator: MemoryAllocator = .heap,
                account: ResourceAccount = .unlimited, interruptFlag: UnsafeMutablePointer<Bool>? = nil) {
        self.limits = limits
        self.memoryAllocator = memoryAllocator
        ledger = Ledger(account: account, maxTableElements: limits.maxTotalTableElements)
        exceptions = ExceptionHeap(limit: limits.maxExceptionBytes, ledger: ledger)
        gcHeap = GCHeap(limit: limits.maxGCBytes, ledger: ledger)
        pendingException = UnsafeMutablePointer<Int?>.allocate(capacity: 1)
        pendingException.initialize(to: nil)
        pendingThrowInstruction = UnsafeMutablePointer<Inst>.allocate(capacity: 2)
        pendingThrowInstruction.initialize(to: Inst(.throwPending))
        leaveInstruction = pendingThrowInstruction + 1
        leaveInstruction.initialize(to: Inst(.ret))
        leaveBody = UnsafeMutablePointer<FunctionBody>.allocate(capacity: 1)
        leaveBody.initialize(to: FunctionBody(entry: 0, imageSlot: 0, image: 0, imageCount: 0, frameSize: 0))
        stackBuffer = CommittedBuffer(capacity: limits.valueStackSlots)
        frameBuffer = CommittedBuffer(capacity: limits.maxCallDepth)
        shadowBuffer = CommittedBuffer(capacity: limits.valueStackSlots)
        ownsInterruptFlag = interruptFlag == nil
        self.interruptFlag = interruptFlag ?? UnsafeMutablePointer<Bool>.allocate(capacity: 1)
        if ownsInterruptFlag { self.interruptFlag.initialize(to: false) }
    }

    deinit {
        stackBuffer.deallocate(memoryAllocator)
        frameBuffer.deallocate(memoryAllocator)
        shadowBuffer.deallocate(memoryAllocator)
        if ownsInterruptFlag { interruptFlag.deallocate() }
        pendingThrowInstruction.deallocate()
        pendingException.deallocate()
        leaveBody.deallocate()
    }

    /// The bytes the store holds in its account now.
    public var chargedBytes: Int { ledger.charged }
    /// Bytes the GC structs and arrays hold now (at most `limits.maxGCBytes`).
    public var gcHeldBytes: Int { gcHeap.heldBytes }
    /// Bytes the exceptions hold now (at most `limits.maxExceptionBytes`).
    public var exceptionHeldBytes: Int { exceptions.heldBytes }

    /// The value stack's base and the frames' (valid once `makeRoom` has succeeded).
    var stack: UnsafeMutablePointer<UInt64> { stackBuffer.base.unsafelyUnwrapped }
    var frames: UnsafeMutablePointer<Frame> { frameBuffer.base.unsafelyUnwrapped }

    /// Commits frame `depth` and the value stack up to `slots`; false when the limits, the account or the
    /// allocator refuse.
    func makeRoom(depth: Int, slots: Int) -> Bool {
        frameBuffer.commit(depth + 1, allocator: memoryAllocator, ledger: ledger)
            && stackBuffer.commit(slots, allocator: memoryAllocator, ledger: ledger)
            && (!hasShadowStack || shadowBuffer.commit(stackBuffer.count, allocator: memoryAllocator, ledger: ledger))
    }

    /// Gives the value stack its shadow (the high halves of v128 values), committed as far as the stack; false
    /// when the account or the allocator refuse.
    func enableShadowStack() -> Bool {
        if hasShadowStack { return true }
        guard stackBuffer.commit(max(stackBuffer.count, 1), allocator: memoryAllocator, ledger: ledger),
              shadowBuffer.commit(stackBuffer.count, allocator: memoryAllocator, ledger: ledger) else { return false }
        // SAFETY: both buffers are reserved once and never move, so the distance between them holds for their life.
        shadowDelta = shadowBuffer.base.unsafelyUnwrapped - stack
        hasShadowStack = true
        return true
    }

    /// The shadow of a stack slot (see `shadowBuffer`).
    func shadow(_ slot: UnsafeMutablePointer<UInt64>) -> UnsafeMutablePointer<UInt64> { slot + shadowDelta }

    /// Raises the interruption flag; soon after, the guest calls `interruptionHandler` or traps.
    public func requestInterruption() { interruptRequested = true }

    /// Adds a host function that modules can import.
    public func hostFunction(type: FunctionType, _ body: @escaping HostFunctionBody) -> FunctionHandle {
        functions.append(Function(type: type, typeId: types.register(plain: type), kind: .host(body)))
        return FunctionHandle(address: functions.count - 1, type: type)
    }

    /// Adds a host function that modules can import and call directly (see `DirectHostFunction`).
    public func hostFunction(type: FunctionType, direct: DirectHostFunction) -> FunctionHandle {
        precondition(direct.clock == nil || TimestampClock.serves(type), "a clock on a function of another type")
        functions.append(Function(type: type, typeId: types.register(plain: type), kind: .direct(direct)))
        return FunctionHandle(address: functions.count - 1, type: type)
    }

    /// A table owned by the host, to be passed as an import. Its elements are counted like a guest's, but the
    /// embedder's own tables are not refused.
    public func table(_ type: TableType) -> Table {
        Table(type: type, elementCap: tableCap(type), ledger: ledger, refusable: false)!
    }

    /// A table for a module's definition; nil when the store's limits or account refuse its elements.
    func guestTable(_ type: TableType) -> Table? {
        let cap = tableCap(type)
        guard type.limits.min <= cap else { return nil }
        return Table(type: type, elementCap: cap, ledger: ledger, refusable: true)
    }

    private func tableCap(_ type: TableType) -> UInt64 {
        min(type.limits.max ?? (type.limits.is64 ? UInt64.max : UInt64(UInt32.max)), limits.maxTableElements)
    }

    /// A memory owned by the host, to be passed as an import; nil when the allocator has no room for it. `guarded`:
    /// whether it may be a module's memory 0 under guarded native code (see `Memory.isGuarded`); a memory the host
    /// makes may be imported as any module's memory 0, so it is guarded unless the host knows better.
    public func memory(_ memoryLimits: Limits, guarded: Bool = true) -> Memory? {
        Memory(limits: memoryLimits, pageCap: min(memoryLimits.max ?? (memoryLimits.is64 ? 1 << 48 : 65536), limits.maxMemoryPages),
               allocator: memoryAllocator, guarded: guarded)
    }

    /// The function behind a funcref value.
    public func function(at address: Int) -> FunctionHandle? {
        guard address >= 0, address < functions.count else { return nil }
        return FunctionHandle(address: address, type: functions[address].type)
    }

    public func instantiate(_ module: Module, imports: Imports = Imports()) throws(InstantiationError) -> Instance {
        try Instantiation.run(module, imports: imports, store: self)
    }

    /// Calls a function with arguments of its parameter types.
    public func invoke(_ function: FunctionHandle, _ arguments: [Value]) throws(Trap) -> [Value] {
        let type = function.type
        guard arguments.count == type.parameters.count else { throw .host("expected \(type.parameters.count) arguments") }
        for (argument, parameter) in zip(arguments, type.parameters) where !accepts(parameter, argument, function) {
            throw .host("argument of type \(argument.type.name) for a parameter of type \(parameter.name)")
        }
        let base = stackTop
        if (type.parameters.contains(.v128) || type.results.contains(.v128)) && !enableShadowStack() {
            throw .callStackExhausted
        }
        guard makeRoom(depth: frameTop, slots: base + max(arguments.count, type.results.count)) else {
            throw .callStackExhausted
        }
        for (i, argument) in arguments.enumerated() {
            stack[base + i] = argument.slot
            if case .v128 = argument { shadow(stack + base + i).pointee = argument.shadow }
        }
        let savedFrameTop = frameTop
        defer {
            stackTop = base
            frameTop = savedFrameTop
        }
        try execute(function: function.address, base: base)
        var results: [Value] = []
        for (i, t) in type.results.enumerated() {
            results.append(Value(slot: stack[base + i], shadow: t == .v128 ? shadow(stack + base + i).pointee : 0, type: t,
                                 top: types.top(of: t, functions[function.address].typeIds)))
        }
        return results
    }
}

/// An instantiated module.
public final class Instance {
    public let module: Module
    /// The store owns its instances; an instance must not be used after its store is gone.
    unowned(unsafe) let store: Store
    var functions: [Int] = []
    var tables: [Table] = []
    var memories: [Memory] = []
    var globals: [Global] = []
    /// The store's id (`Store.types`) of each of the module's types.
    var typeIds: [Int] = []
    /// Store address of every tag.
    var tags: [Int] = []
    /// The storage of each global, for the interpreter; filled once all globals exist.
    let globalSlots: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    /// Each imported function's direct entry, for the interpreter (see `DirectImport`); filled as imports link.
    let directImports: UnsafeMutablePointer<DirectImport>
    /// Element segments as reference slots; emptied by elem.drop.
    var elements: [[UInt64]] = []
    var dataDropped: [Bool] = []
    /// Its native context, made when it first runs with the native engine.
    var native: NativeInstance?

    init(module: Module, store: Store) {
        self.module = module
        self.store = store
        globalSlots = UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>.allocate(capacity: max(module.globals.count, 1))
        directImports = UnsafeMutablePointer<DirectImport>.allocate(capacity: max(module.importedFunctionCount, 1))
        directImports.initialize(repeating: DirectImport(entry: nil, data: nil), count: max(module.importedFunctionCount, 1))
    }

    deinit {
        globalSlots.deallocate()
        directImports.deallocate()
    }

    public func export(_ name: String) -> External? {
        for export in module.exports where sameName(export.name, name) {
            switch export.kind {
            case .function(let i): return .function(FunctionHandle(address: functions[i], type: module.functionType(ofFunction: i)))
            case .table(let i): return .table(tables[i])
            case .memory(let i): return .memory(memories[i])
            case .global(let i): return .global(globals[i])
            case .tag(let i): return .tag(TagHandle(address: tags[i], type: store.tags[tags[i]]))
            }
        }
        return nil
    }

    /// Drops element segment `index` (elem.drop, or an active segment once applied), releasing its slots.
    func dropElements(_ index: Int) {
        guard !elements[index].isEmpty else { return }
        store.ledger.release(8 * elements[index].count)
        elements[index] = []
    }

    public func exportedFunction(_ name: String) -> FunctionHandle? {
        if case .function(let f)? = export(name) { return f }
        return nil
    }

    public func exportedGlobal(_ name: String) -> Global? {
        if case .global(let g)? = export(name) { return g }
        return nil
    }

    public func exportedMemory(_ name: String) -> Memory? {
        if case .memory(let m)? = export(name) { return m }
        return nil
    }

    /// Calls the exported function `name`.
    public func invoke(_ name: String, _ arguments: [Value]) throws(Trap) -> [Value] {
        guard let function = exportedFunction(name) else { throw .host("no exported function \"\(name)\"") }
        return try store.invoke(function, arguments)
    }
}
