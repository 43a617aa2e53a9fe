import Wax

/// The `spectest` module every spec script may import from: print functions that do nothing, globals, a table and
/// a memory, as the reference interpreter defines them.
enum SpectestModule {
    static func imports(_ store: Store) -> Imports {
        var imports = Imports()
        func printer(_ name: String, _ parameters: [ValueType]) {
            let function = store.hostFunction(type: FunctionType(parameters: parameters, results: [])) { _ throws(Trap) in }
            imports.define(module: "spectest", name: name, .function(function))
        }
        printer("print", [])
        printer("print_i32", [.i32])
        printer("print_i64", [.i64])
        printer("print_f32", [.f32])
        printer("print_f64", [.f64])
        printer("print_i32_f32", [.i32, .f32])
        printer("print_f64_f64", [.f64, .f64])
        imports.define(module: "spectest", name: "global_i32", .global(Global(type: GlobalType(value: .i32, isMutable: false), value: .i32(666))))
        imports.define(module: "spectest", name: "global_i64", .global(Global(type: GlobalType(value: .i64, isMutable: false), value: .i64(666))))
        imports.define(module: "spectest", name: "global_f32", .global(Global(type: GlobalType(value: .f32, isMutable: false), value: .f32(Float(666.6).bitPattern))))
        imports.define(module: "spectest", name: "global_f64", .global(Global(type: GlobalType(value: .f64, isMutable: false), value: .f64(Double(666.6).bitPattern))))
        imports.define(module: "spectest", name: "table", .table(store.table(TableType(element: .funcRef, limits: Limits(min: 10, max: 20)))))
        imports.define(module: "spectest", name: "table64", .table(store.table(TableType(element: .funcRef, limits: Limits(min: 10, max: 20, is64: true)))))
        if let memory = store.memory(Limits(min: 1, max: 2)) { imports.define(module: "spectest", name: "memory", .memory(memory)) }
        return imports
    }
}
