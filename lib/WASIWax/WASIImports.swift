import WASIPreview1
import Wax

/// The WASI functions of one process as Wax host functions under "wasi_snapshot_preview1", and walos's own
/// under "walos" (WalosFunctions: only a module that imports them sees them). proc_exit unwinds the guest with a
/// trap; the context keeps its code, where `WASIProcess` finds it. Any call made while the host is stopping the
/// process (a wait it cut short with EINTR, or any other) traps with `Trap.interrupted`. A call the host cannot
/// serve for want of memory (CallLock.refusing) is ENOMEM.
public final class WASIImports {
    public let context: WASIContext
    /// The clocks the engine reads itself for clock_time_get, by WASI's clock ids (0 realtime, 1 monotonic): the
    /// same time as the host's `realtime` and `monotonic`; the other ids, and bad addresses, go to the function.
    let clock: TimestampClock?

    public init(context: WASIContext, clock: TimestampClock? = nil) {
        self.context = context
        self.clock = clock
    }

    /// Creates a direct host function in `store` for each WASI function `module` imports and offers them in
    /// `imports` by position; its other imports are left for instantiation to report. Making only those, rather
    /// than all fifty each time, took this from 185k guest instructions to 17k for a hello process; matching the
    /// names once per module (`resolve`) rather than per process took another ~4k. Interpreted and generated code
    /// call a function's body through `callBound` with the caller's memory and arguments in place, nothing copied,
    /// no closure of Wax's in between (make bench-wasi measures the whole path against Linux system calls).
    public func define(in store: Store, imports: inout Imports, for module: Module) {
        let resolution = module.importResolution ?? Self.resolution(of: module)
        let catalog = WASICatalog.entries
        let chosen = resolution.indices.filter { resolution[$0] >= 0 }
        let bound = BoundWASIFunctions(context: context, chosen.map { catalog[resolution[$0]].function })
        // The store keeps the bound functions through their trap closures, as long as it can call them.
        let trap: (UInt32) -> Trap = { status in
            _ = bound
            return status == BoundWASIFunctions.exited ? .host("proc_exit") : .interrupted
        }
        for (position, importIndex) in chosen.enumerated() {
            let entry = catalog[resolution[importIndex]]
            let direct = DirectHostFunction(entry: callBound, data: UnsafeMutableRawPointer(bound.functions + position),
                                            clock: entry.isClock ? clock : nil, trap: trap)
            imports.define(import: importIndex, .function(store.hostFunction(type: entry.type, direct: direct)))
        }
    }

    /// Matches `module`'s imports with the WASI functions once, for every process that will run it: the kernel
    /// resolves each module it shares between processes before it shares it (`Module.importResolution`).
    public static func resolve(_ module: Module) {
        module.importResolution = resolution(of: module)
    }

    /// For each of `module`'s imports, the catalog index of the WASI or walos function it names, or -1.
    static func resolution(of module: Module) -> [Int] {
        let catalog = WASICatalog.entries
        return module.imports.map { entry in
            guard case .function = entry.kind else { return -1 }
            let isWASI = sameName(entry.module, WASIFunctions.moduleName)
            guard isWASI || sameName(entry.module, WalosFunctions.moduleName) else { return -1 }
            let range = isWASI ? 0..<WASIFunctions.all.count : WASIFunctions.all.count..<catalog.count
            return range.first { sameName(catalog[$0].function.name, entry.name) } ?? -1
        }
    }
}

/// The functions WASIImports offers, WASI's and then walos's, each with its Wax type. Made once and never changed,
/// so processors share it.
enum WASICatalog {
    struct Entry {
        let function: WASIFunction
        let type: FunctionType
        /// clock_time_get, which the engine may serve itself (`WASIImports.clock`).
        let isClock: Bool
    }

    nonisolated(unsafe) static let entries: [Entry] = (WASIFunctions.all + WalosFunctions.all).map { function in
        Entry(function: function,
              type: FunctionType(parameters: function.parameters.map { $0 == .i32 ? ValueType.i32 : .i64 },
                                 results: function.returnsErrno ? [.i32] : []),
              isClock: function.name == "clock_time_get")
    }
}

/// One WASI function of one process, as the engine calls it (`callBound`).
struct BoundWASIFunction {
    let context: Unmanaged<WASIContext>
    let body: WASIFunctionBody
    let kind: WASICallKind
}

/// The WASI functions bound to one process's imports, in memory that does not move while the store calls them.
final class BoundWASIFunctions {
    /// `callBound`'s status for a call that ended the process (proc_exit); any other non-zero status: the host
    /// is stopping the process.
    static let exited: UInt32 = 2
    static let interrupted: UInt32 = 1

    let context: WASIContext
    let functions: UnsafeMutablePointer<BoundWASIFunction>
    let count: Int

    init(context: WASIContext, _ chosen: [WASIFunction]) {
        self.context = context
        count = chosen.count
        functions = .allocate(capacity: max(count, 1))
        for (index, function) in chosen.enumerated() {
            (functions + index).initialize(to: BoundWASIFunction(context: Unmanaged.passUnretained(context),
                                                                 body: function.body, kind: function.kind))
        }
    }

    deinit {
        functions.deinitialize(count: count)
        functions.deallocate()
    }
}

/// Serves a call of a bound WASI function: the body with the caller's memory and arguments, holding the host's
/// lock unless it touches only the process's own state. A process being stopped goes no further
/// than the call it is in (a wait cut short, a write that got part of the way): the guest ends here.
// SAFETY: `data` is one of a `BoundWASIFunctions`' entries, which the store keeps alive with the function; `slots`
// holds the call's arguments, the first of which takes the errno; the memory bounds are the caller's memory 0.
private let callBound: DirectHostFunction.Entry = { data, slots, memoryBase, memorySize in
    let function = data.assumingMemoryBound(to: BoundWASIFunction.self)
    let memory = GuestMemory(base: memoryBase, size: memorySize)
    return function.pointee.context._withUnsafeGuaranteedRef { context in
        let outcome: WASIOutcome
        let kind = function.pointee.kind
        if kind == .own {
            outcome = function.pointee.body(context, memory, UnsafePointer(slots))
        } else {
            context.lock.acquire(as: context.lockHolder)
            let served = !context.lock.refusing.load(ordering: .relaxed) || kind == .givesBack
            outcome = served ? function.pointee.body(context, memory, UnsafePointer(slots))
                             : WASIOutcome.errno(.noMemory)
            context.lock.release()
        }
        if context.isStopping { return BoundWASIFunctions.interrupted }
        switch outcome {
        case .errno(let errno):
            slots[0] = UInt64(errno.rawValue)
            return 0
        case .exit:
            return BoundWASIFunctions.exited
        }
    }
}
