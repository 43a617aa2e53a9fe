import Foundation
import Wax

// `wax-fuzz-exec FILE.wasm`: instantiates the module with binaryen's `fuzzing-support` log functions as host
// functions, then calls every exported function in export order with zero arguments, going on after traps.
// Output, one event a line:
//   export NAME             before each call
//   log T:0xBITS ...        each call of a log function, with its arguments
//   result T:0xBITS ...     the call returned (values as raw bits; references as funcref:N / externref:null)
//   trap MESSAGE            the call trapped (the spec's wording)
//   invalid MESSAGE         the module does not decode or validate (exit status 2)
//   unlinkable MESSAGE      instantiation failed, start function included (exit status 3)

/// Written at once, so that what happened before a crash of the engine still reaches the harness.
func emit(_ line: String) { FileHandle.standardOutput.write((line + "\n").data(using: .utf8)!) }

func text(_ value: Value) -> String {
    switch value {
    case .i32(let bits): return "i32:0x" + String(bits, radix: 16)
    case .i64(let bits): return "i64:0x" + String(bits, radix: 16)
    case .f32(let bits): return "f32:0x" + String(bits, radix: 16)
    case .f64(let bits): return "f64:0x" + String(bits, radix: 16)
    case .funcRef(let address): return "funcref:" + (address.map { String($0) } ?? "null")
    case .externRef(let host): return "externref:" + (host.map { String($0) } ?? "null")
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    FileHandle.standardError.write("usage: wax-fuzz-exec FILE.wasm\n".data(using: .utf8)!)
    exit(1)
}
guard let data = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write("wax-fuzz-exec: cannot read \(arguments[1])\n".data(using: .utf8)!)
    exit(1)
}

let module: Module
do {
    module = try Module(bytes: [UInt8](data))
} catch {
    emit("invalid \(error.description)")
    exit(2)
}

let store = Store()
var imports = Imports()
for entry in module.imports where entry.module == "fuzzing-support" && entry.name.hasPrefix("log-") {
    guard case .function(let typeIndex) = entry.kind else { continue }
    let type = module.types[typeIndex]
    let log = store.hostFunction(type: type) { call in
        emit((["log"] + type.parameters.indices.map { text(call.argument($0)) }).joined(separator: " "))
    }
    imports.define(module: entry.module, name: entry.name, .function(log))
}

let instance: Instance
do {
    instance = try store.instantiate(module, imports: imports)
} catch {
    emit("unlinkable \(error.message)")
    exit(3)
}

for export in module.exports {
    guard let function = instance.exportedFunction(export.name) else { continue }
    emit("export \(export.name)")
    do {
        let results = try store.invoke(function, function.type.parameters.map(Value.defaultValue))
        emit((["result"] + results.map(text)).joined(separator: " "))
    } catch {
        emit("trap \(error.message)")
    }
}
