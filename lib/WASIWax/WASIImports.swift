import WASIPreview1
import Wax

/// The WASI functions of one process as Wax host functions under "wasi_snapshot_preview1". proc_exit unwinds
/// the guest with a trap; the context keeps its code, where `WASIProcess` finds it.
public final class WASIImports {
    public let context: WASIContext

    public init(context: WASIContext) {
        self.context = context
    }

    /// Creates a host function in `store` for every WASI function and offers them all in `imports`.
    public func define(in store: Store, imports: inout Imports) {
        for function in WASIFunctions.all {
            let type = FunctionType(parameters: function.parameters.map { $0 == .i32 ? ValueType.i32 : .i64 },
                                    results: function.returnsErrno ? [.i32] : [])
            let handle = store.hostFunction(type: type) { call throws(Trap) in
                try self.call(function, call)
            }
            imports.define(module: WASIFunctions.moduleName, name: function.name, .function(handle))
        }
    }

    private func call(_ function: WASIFunction, _ call: HostCall) throws(Trap) {
        let outcome = withGuestMemory(call.memory) { memory in function.body(context, memory, call.argumentSlots) }
        switch outcome {
        case .errno(let errno):
            call.setResult(0, .i32(UInt32(errno.rawValue)))
        case .exit:
            throw .host("proc_exit")
        }
    }
}

/// Runs `body` on a direct view of the caller's memory (an empty one when the module has no memory: every
/// access then faults). No WASI function grows the memory, so the view stays valid for the whole call.
private func withGuestMemory(_ memory: Memory?, _ body: (GuestMemory) -> WASIOutcome) -> WASIOutcome {
    guard let memory, memory.byteCount > 0 else { return body(.empty) }
    return memory.withUnsafeMutableBytes { body(GuestMemory($0)) }
}
