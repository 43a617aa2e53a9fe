import WASIPreview1
import Wax

/// The WASI functions of one process as Wax host functions under "wasi_snapshot_preview1", and walos's own
/// under "walos" (WalosFunctions: only a module that imports them sees them). proc_exit unwinds the guest with a
/// trap; the context keeps its code, where `WASIProcess` finds it. Any call made while the host is stopping the
/// process (a wait it cut short with EINTR, or any other) traps with `Trap.interrupted`. A call the host cannot
/// serve for want of memory (WASIHost.enterCall) is ENOMEM.
public final class WASIImports {
    public let context: WASIContext

    public init(context: WASIContext) {
        self.context = context
    }

    /// Creates a host function in `store` for each WASI function `module` imports and offers them in `imports`;
    /// its other imports are left for instantiation to report. Making only those, rather than all fifty each
    /// time, took this from 185k guest instructions to 17k for a hello process. A call goes straight to the
    /// function's body with the caller's memory and arguments in place, nothing copied (make bench-wasi measures
    /// the whole path against Linux system calls).
    public func define(in store: Store, imports: inout Imports, for module: Module) {
        for entry in module.imports {
            guard case .function = entry.kind else { continue }
            let functions: [WASIFunction]
            if sameName(entry.module, WASIFunctions.moduleName) {
                functions = WASIFunctions.all
            } else if sameName(entry.module, WalosFunctions.moduleName) {
                functions = WalosFunctions.all
            } else {
                continue
            }
            guard let function = functions.first(where: { sameName($0.name, entry.name) }) else { continue }
            define(function, module: entry.module, in: store, imports: &imports)
        }
    }

    private func define(_ function: WASIFunction, module: String, in store: Store, imports: inout Imports) {
        let context = self.context
        do {
            let type = FunctionType(parameters: function.parameters.map { $0 == .i32 ? ValueType.i32 : .i64 },
                                    results: function.returnsErrno ? [.i32] : [])
            let body = function.body
            let kind = function.kind
            let handle = store.hostFunction(type: type) { call throws(Trap) in
                let outcome: WASIOutcome
                if kind == .own {
                    outcome = body(context, GuestMemory(call.memoryBytes), call.argumentSlots)
                } else {
                    let served = context.host.enterCall() || kind == .givesBack
                    outcome = served ? body(context, GuestMemory(call.memoryBytes), call.argumentSlots)
                                     : WASIOutcome.errno(.noMemory)
                    context.host.leaveCall()
                }
                // A process being stopped goes no further than the call it is in (a wait cut short, a write
                // that got part of the way): the guest ends here.
                if context.host.isStopping() { throw .interrupted }
                switch outcome {
                case .errno(let errno):
                    call.setResult(0, .i32(UInt32(errno.rawValue)))
                case .exit:
                    throw .host("proc_exit")
                }
            }
            imports.define(module: module, name: function.name, .function(handle))
        }
    }
}
