import WASIPreview1
import Wax

/// How a WASI program ended.
public enum WASIExit: Equatable {
    /// proc_exit with this code, or 0 when _start returned.
    case exited(UInt32)
    /// The guest trapped.
    case trapped(String)
    /// The program could not start (no _start, an import WASI does not offer, a failed instantiation).
    case failed(String)

    /// The exit status wasmtime's command line gives for this ending: the code when it is below 126 (codes from
    /// 126 up are reserved to the shell: "exit with invalid exit status", 1), 134 for a trap (SIGABRT's
    /// status), 1 for a program that could not start. With `message`, what it prints on stderr (nil: nothing).
    public var status: (code: Int32, message: String?) {
        switch self {
        case .exited(let code) where code < 126: return (Int32(code), nil)
        case .exited: return (1, "Error: exit with invalid exit status outside of [0..126)")
        case .trapped(let text): return (134, "Error: wasm trap: \(text)")
        case .failed(let text): return (1, "Error: \(text)")
        }
    }
}

/// What a run calls once the module is instantiated (and its `_initialize` has run, when it exports one), as
/// wasmtime's command line does.
public enum WASIEntry {
    /// The command's entry: the export "" or `_start`; nothing when the module has neither.
    case command
    /// An export by name (`--invoke`), with its arguments as bit patterns of its parameter types.
    case export(String, arguments: [UInt64])
}

/// Runs WASI programs: instantiates a module with the WASI imports of a context and calls its entry.
public enum WASIProcess {
    /// `results` receives what the entry returned, when it returned. `clock`: see `WASIImports`.
    public static func run(_ module: Module, context: WASIContext, store: Store = Store(), clock: TimestampClock? = nil,
                           entry: WASIEntry = .command, results: ([Value]) -> Void = { _ in }) -> WASIExit {
        let wasi = WASIImports(context: context, clock: clock)
        var imports = Imports()
        wasi.define(in: store, imports: &imports, for: module)
        let instance: Instance
        do {
            instance = try store.instantiate(module, imports: imports)
        } catch {
            if case .trap(let trap) = error { return ending(trap, wasi) }
            return .failed(error.message)
        }
        if let initialize = instance.exportedFunction("_initialize") {
            do {
                _ = try store.invoke(initialize, [])
            } catch {
                return ending(error, wasi)
            }
        }
        let function: FunctionHandle
        var arguments: [Value] = []
        switch entry {
        case .command:
            guard let start = instance.exportedFunction("") ?? instance.exportedFunction("_start") else {
                return .exited(0)
            }
            guard start.type.parameters.isEmpty else { return .failed("not enough arguments for command default") }
            function = start
        case .export(let name, let bits):
            guard let export = instance.exportedFunction(name) else {
                return .failed("no func export named `\(name)` found")
            }
            guard bits.count >= export.type.parameters.count else {
                return .failed("not enough arguments for `\(name)`")
            }
            for (type, value) in zip(export.type.parameters, bits) {
                switch type {
                case .i32: arguments.append(.i32(UInt32(truncatingIfNeeded: value)))
                case .i64: arguments.append(.i64(value))
                case .f32: arguments.append(.f32(UInt32(truncatingIfNeeded: value)))
                case .f64: arguments.append(.f64(value))
                case .funcRef, .externRef, .exnRef, .ref, .v128: return .failed("unsupported argument type \(type.name)")
                }
            }
            function = export
        }
        do {
            results(try store.invoke(function, arguments))
        } catch {
            return ending(error, wasi)
        }
        return .exited(0)
    }

    private static func ending(_ trap: Trap, _ wasi: WASIImports) -> WASIExit {
        if let code = wasi.context.exitCode, case .host = trap { return .exited(code) }
        return .trapped(trap.message)
    }
}

extension WASIExit {
    /// The same ending, with a trap naming the function it happened in: "... in function 12 (main)", the name
    /// from the module's name section, else the name the function is exported as.
    public func located(in store: Store, moduleBytes: [UInt8]) -> WASIExit {
        guard case .trapped(let message) = self, let site = store.lastTrapSite else { return self }
        var name = NameSection.functionName(in: moduleBytes, index: UInt32(site.function))
        if name == nil {
            for export in site.instance.module.exports where export.kind == .function(site.function) {
                name = export.name
            }
        }
        return .trapped(message + " in function \(site.function)" + (name.map { " (\($0))" } ?? ""))
    }
}
