/// Which engine runs a store's functions.
public enum Engine: Sendable {
    case interpreter
    /// Native code where the compiler supports the function, the interpreter elsewhere. Without a fuel budget
    /// only (native code does not count fuel); the interpreter runs everything when `Store.fuel` is set.
    case native

    /// `interp` or `native`, as `--engine` spells them.
    public init?(name: String) {
        switch name {
        case "interp": self = .interpreter
        case "native": self = .native
        default: return nil
        }
    }
}

/// A store's native runs in progress.
struct NativeRunState {
    /// The lowest rsp native code may reach, set by the outermost entry.
    var stackLimit: UInt = 0
    /// Where the outermost entry started: nested Swift runs stop short of a fixed budget below it.
    var stackStart: UInt = 0
    var nesting = 0
    /// The interpreter's frame depth at the innermost native entry, for runs the callout nests.
    var depth = 0
    /// The trap a callout threw, which native code passes on as `NativeStatus.pending`.
    var pendingTrap: Trap? = nil
}

/// An instance's native state: its module's code and its context (see `NativeContextField`).
final class NativeInstance {
    let code: NativeCode
    let context: UnsafeMutablePointer<UInt64>
    /// What the context charges to its store's ledger: it grows with the module (its imports, tables and
    /// call_indirect sites), so a guest could otherwise make an instance hold kernel memory no limit sees.
    private let ledger: Ledger
    private let chargedBytes: Int

    /// The words of `instance`'s context for `code`: the fields, the bounds of a missing memory, the direct
    /// calls of the imported functions, the tables' change counts and the call_indirect caches.
    static func contextWords(code: NativeCode, instance: Instance) -> Int {
        NativeContextField.allCases.count + 2 + 3 * instance.module.importedFunctionCount + instance.tables.count
            + NativeIndirectCalls.words * code.indirectCallSites.count
    }

    // SAFETY: the context holds addresses the generated code dereferences: the memory's bounds and the globals
    // (owned by the instance, which owns this), the store's interruption flag (which outlives its instances), the
    // callout (a global function) and the instance itself, unretained, as the interpreter refers to it.
    /// Called once `words` (`contextWords`) have been charged to `ledger`.
    init(code: NativeCode, instance: Instance, words: Int, chargedTo ledger: Ledger) {
        self.code = code
        self.ledger = ledger
        chargedBytes = words * 8
        // The fields, then the bounds of a missing memory (size 0: no access passes the check), the direct calls
        // of the imported functions, the tables' change counts and the call_indirect caches.
        let fields = NativeContextField.allCases.count, imports = instance.module.importedFunctionCount
        let tables = instance.tables.count, sites = code.indirectCallSites.count
        context = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
        context.initialize(repeating: 0, count: words)
        context[fields] = UInt64(UInt(bitPattern: ExecutionContext.noMemory))
        func set(_ field: NativeContextField, _ pointer: UnsafeRawPointer) {
            context[Int(field.rawValue)] = UInt64(UInt(bitPattern: pointer))
        }
        let directCalls = context + fields + 2
        for index in 0..<imports {
            guard case .direct(let direct) = instance.store.functions[instance.functions[index]].kind else { continue }
            directCalls[3 * index] = UInt64(UInt(bitPattern: unsafeBitCast(direct.entry, to: UnsafeRawPointer.self)))
            directCalls[3 * index + 1] = UInt64(UInt(bitPattern: direct.data))
            directCalls[3 * index + 2] = UInt64(UInt(bitPattern: direct.clock?.words))
        }
        set(.directCalls, directCalls)
        let tableChanges = directCalls + 3 * imports
        for (index, table) in instance.tables.enumerated() {
            tableChanges[index] = UInt64(UInt(bitPattern: table.changes))
        }
        set(.tableChanges, tableChanges)
        let indirectCalls = tableChanges + tables
        NativeIndirectCalls.clear(indirectCalls, sites: sites)
        set(.indirectCalls, indirectCalls)
        set(.memoryBounds,
            instance.memories.first.map { UnsafeRawPointer($0.bounds) } ?? UnsafeRawPointer(context + fields))
        set(.globals, instance.globalSlots)
        set(.interruptFlag, instance.store.interruptFlagAddress)
        set(.callout, unsafeBitCast(nativeCallout, to: UnsafeRawPointer.self))
        set(.instance, Unmanaged.passUnretained(instance).toOpaque())
    }

    deinit {
        context.deallocate()
        ledger.release(chargedBytes)
    }

    subscript(field: NativeContextField) -> UInt64 {
        get { context[Int(field.rawValue)] }
        set { context[Int(field.rawValue)] = newValue }
    }
}

/// Native stack per wasm call: the return address and the alignment word.
private let nativeFrameBytes = 16

extension Instance {
    /// The native entries of this instance's functions, compiling the module on first use; nil when the store
    /// interprets (or counts fuel) or the compiler could not run.
    func nativeCode() -> NativeCode? {
        guard store.engine == .native, store.fuel == nil else { return nil }
        if let native { return native.code }
        module.compileNative()
        // Guarded code runs only on a guarded memory 0 (an imported one may not be: then the instance interprets).
        guard let code = module.native, !code.guardedMemory || memories.first?.isGuarded ?? true else {
            return nil
        }
        // A context the store's account refuses leaves the instance interpreted.
        let words = NativeInstance.contextWords(code: code, instance: self)
        guard store.ledger.charge(words * 8) else { return nil }
        native = NativeInstance(code: code, instance: self, words: words, chargedTo: store.ledger)
        store.nativeFunctionCounts.compiled += code.compiledCount
        store.nativeFunctionCounts.interpreted += code.interpretedCount
        return code
    }
}

extension Store {
    /// The `native` instruction at `ip`: runs its function's native code on the frame at `fp`, then returns from
    /// the function by the `ret` that leaves nothing to move (the results are in the frame's first slots). An
    /// exception from below is thrown on from here, where no handler is: its search goes on at the caller.
    func enterNative(_ ip: UnsafeMutablePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                     _ ctx: inout ExecutionContext, depth: Int) throws(Trap) -> UnsafeMutablePointer<Inst> {
        let instance = ctx.instance.object
        guard let entry = instance.native?.code.entries[Int(ip.pointee.a)] else { throw .unreachable }
        let (status, site) = runNative(entry, instance, frame: fp, depth: depth)
        ctx.refreshMemory()
        switch status {
        case .returned:
            return leaveInstruction
        case .pending:
            guard let trap = nativeRun.pendingTrap else { throw .unreachable }
            nativeRun.pendingTrap = nil
            guard case .exception(let exception) = trap else { throw trap }
            pendingException.pointee = exception
            return pendingThrow(at: ip)
        default:
            nativeTrapSite = ctx.code + site
            throw status.trap ?? .unreachable
        }
    }

    /// Runs native function `code` of `instance` on the frame at `frame`; returns its status and the position of
    /// the instruction that trapped.
    func runNative(_ code: UnsafeRawPointer, _ instance: Instance, frame: UnsafeMutablePointer<UInt64>,
                   depth: Int) -> (NativeStatus, Int) {
        guard let native = instance.native else { return (.returned, 0) }
        var marker = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        let saved = nativeRun
        if nativeRun.nesting == 0 {
            nativeRun.stackStart = here
            nativeRun.stackLimit = here - UInt(min(nativeFrameBytes * max(limits.maxCallDepth - depth, 0),
                                                   limits.maxNativeStackBytes))
        }
        nativeRun.nesting += 1
        nativeRun.depth = depth
        defer {
            nativeRun.nesting = saved.nesting
            nativeRun.depth = saved.depth
        }
        native[.stackLimit] = UInt64(nativeRun.stackLimit)
        native[.frameEnd] = frameEnd
        // SAFETY: `code` is an entry of this instance's native code, compiled for the function whose frame (committed
        // up to the context's stackEnd, which the prologue checks) starts at `frame`.
        let status = native.code.entryStub(frame, native.context, code)
        return (NativeStatus(rawValue: status) ?? .pending, Int(native[.site]))
    }

    /// The context's `frameEnd` for the value stack committed now (an address below the stack when less than
    /// the reserve is committed: every frame then takes the growth path).
    var frameEnd: UInt64 {
        UInt64(UInt(bitPattern: stack + stackBuffer.count)) &- UInt64(8 * NativeContextField.frameReserve)
    }

    /// What native code asks of Swift (see `NativeCalloutKind`), from the instance's native `context`.
    func serveCallout(_ kind: NativeCalloutKind, site: Int, frame: UnsafeMutablePointer<UInt64>,
                      context: UnsafeMutablePointer<UInt64>, _ instance: Instance) throws(Trap) {
        nativeCallouts += 1
        var marker = 0
        let stackPosition = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        // A trap the callout raises itself happened at the instruction that called out (one from a run it nests
        // has its own site).
        let here = instance.module.code.base + site
        guard stackPosition > nativeRun.stackStart - UInt(limits.maxNativeStackBytes) else {
            nativeTrapSite = here
            throw .callStackExhausted
        }
        let inst = here.pointee
        switch kind {
        case .call:
            let address = instance.functions[Int(inst.a)]
            if try callHost(address, fromNative: context, frame: frame, instance) { return }
            try callFromNative(instance, arguments: frame) { (ctx: inout ExecutionContext) throws(Trap) -> Int? in
                try call(address, &ctx, arguments: frame, depth: nativeRun.depth)
            }
        case .callIndirect:
            let arguments = frame + Int(inst.b), element = frame[Int(instance.module.code.base[site + 1].a)]
            instance.native?[.callTarget] = 0
            try callFromNative(instance, arguments: arguments) { (ctx: inout ExecutionContext) throws(Trap) -> Int? in
                let body = try callIndirect(type: Int(inst.a), table: Int(inst.c), element: element, &ctx,
                                            arguments: arguments, depth: nativeRun.depth)
                if let body, ctx.identity == Unmanaged.passUnretained(instance).toOpaque(),
                   let native = instance.native, let target = native.code.entries[body] {
                    native[.callTarget] = UInt64(UInt(bitPattern: target))
                    NativeIndirectCalls.remember(target, for: element, at: site, table: Int(inst.c), in: native,
                                                 of: instance)
                    return nil
                }
                return body
            }
        case .outOfLine:
            let ctx = ExecutionContext(instance)
            switch inst.op {
            case .memoryFill: try ctx.fill(frame + Int(inst.a))
            case .memoryCopy: try ctx.copy(frame + Int(inst.a))
            case .memoryLoad, .memoryStore, .memorySizeOf, .memoryFillOf, .memoryCopyBetween:
                // Memories other than a 32-bit memory 0 (multi-memory, memory64), as the interpreter runs them.
                _ = try executeOnMemory(inst, instance.module.code.base[site + 1], frame, Unowned(object: instance))
            default: try executeOutOfLine(inst, frame, Unowned(object: instance), ctx)
            }
        case .interrupt:
            guard interruptRequested else { return }
            interruptRequested = false
            nativeTrapSite = here
            guard let handler = interruptionHandler else { throw .interrupted }
            try handler()
            nativeTrapSite = nil
        case .directTrap:
            nativeTrapSite = here
            guard case .direct(let direct) = functions[instance.functions[Int(inst.a)]].kind else { throw .unreachable }
            throw direct.trap(UInt32(truncatingIfNeeded: frame[0]))
        case .growStack:
            let module = instance.module
            let frameSize = module.definedFunction(at: site).map { Int(module.bodies.base[$0].frameSize) } ?? 0
            // The reserve too, so that the calls after this one pass their checks; only the frame when the stack
            // cannot grow that far (calls near its end then take this path, as the interpreter would find room).
            let reserve = Int(NativeContextField.frameReserve)
            guard makeRoom(depth: nativeRun.depth, slots: frame - stack + max(frameSize, reserve))
                    || makeRoom(depth: nativeRun.depth, slots: frame - stack + frameSize) else {
                nativeTrapSite = here
                throw .callStackExhausted
            }
            instance.native?[.frameEnd] = frameEnd
        }
    }
}

extension Store {
    /// A call from native code through the interpreter's call paths: `resolve` runs a host function or returns
    /// the body of a wasm one (with `ctx` switched to its instance), which then runs (natively, if it can).
    func callFromNative(_ instance: Instance, arguments: UnsafeMutablePointer<UInt64>,
                        _ resolve: (inout ExecutionContext) throws(Trap) -> Int?) throws(Trap) {
        var ctx = ExecutionContext(instance)
        let savedStackTop = stackTop, savedFrameTop = frameTop
        stackTop = arguments - stack
        frameTop = nativeRun.depth
        defer {
            stackTop = savedStackTop
            frameTop = savedFrameTop
        }
        if let body = try resolve(&ctx) {
            try run(instance: ctx.instance.object, body: body, base: arguments - stack)
        }
    }
}

/// The callout generated code calls: decodes its arguments and passes a thrown trap on as `.pending`.
// SAFETY: generated code passes the context of a live instance (its `instance` field is that instance) and a
// frame on the store's value stack.
private let nativeCallout: NativeCallout = { context, kind, site, frame in
    let instance = Unmanaged<Instance>.fromOpaque(
        UnsafeRawPointer(bitPattern: UInt(context[Int(NativeContextField.instance.rawValue)]))!)
    guard let kind = NativeCalloutKind(rawValue: kind) else { return NativeStatus.pending.rawValue }
    // The instance is borrowed: its store keeps it while its code runs, so the call counts no references.
    return instance._withUnsafeGuaranteedRef { instance in
        do throws(Trap) {
            try instance.store.serveCallout(kind, site: Int(site), frame: frame, context: context, instance)
            return NativeStatus.returned.rawValue
        } catch {
            instance.store.nativeRun.pendingTrap = error
            return NativeStatus.pending.rawValue
        }
    }
}

extension Store {
    /// A call of function `address` when it is a host function (a WASI call, say), made straight from native
    /// code with the memory bounds its `context` holds: no interpreter context is made for it. False when it is a
    /// wasm function. A trap, an exception included, ends the native run as `NativeStatus.pending`, which passes
    /// it on where the native code was entered.
    func callHost(_ address: Int, fromNative context: UnsafeMutablePointer<UInt64>, frame: UnsafeMutablePointer<UInt64>,
                  _ instance: Instance) throws(Trap) -> Bool {
        // The store keeps every function until it goes: the call borrows it, with no reference counting.
        let trap: Trap?? = Unmanaged.passUnretained(functions[address])._withUnsafeGuaranteedRef { function in
            if case .wasm = function.kind { return .none }
            // SAFETY: the context's memoryBounds field points at the bounds of the instance's memory 0 (or of none).
            let bounds = UnsafePointer<MemoryBounds>(
                bitPattern: UInt(context[Int(NativeContextField.memoryBounds.rawValue)]))!.pointee
            do throws(Trap) {
                try callHost(function, caller: Unowned(object: instance), memoryBase: bounds.base,
                             memorySize: UInt64(bounds.byteCount), arguments: frame, depth: nativeRun.depth)
            } catch {
                return .some(error)
            }
            return .some(nil)
        }
        guard let trap else { return false }
        if let trap { throw trap }
        return true
    }
}
