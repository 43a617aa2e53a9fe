import Foundation
import Wax

/// `wax fuzz-exec [--engine interp|native] FILE.wasm`: instantiates the module with binaryen's `fuzzing-support` log functions as host
/// functions, then calls every exported function in export order with zero arguments, going on after traps: the
/// Wax side of the differential tests (tests/diff). Output, one event a line:
///   export NAME             before each call
///   log T:0xBITS ...        each call of a log function, with its arguments
///   result T:0xBITS ...     the call returned (values as raw bits; references as funcref:N / externref:null)
///   trap MESSAGE            the call trapped (the spec's wording)
///   memory NAME PAGES CRC   after instantiation and after each call: every exported memory (CRC-32 of its bytes)
///   global NAME T:0xBITS    likewise, every exported global
///   invalid MESSAGE         the module does not decode or validate (exit status 2)
///   unlinkable MESSAGE      instantiation failed, start function included (exit status 3)
enum FuzzExecCommand {
    static func main(_ arguments: [String]) -> Int32 {
        var arguments = arguments
        var engine = Engine.interpreter
        if arguments.count == 3, arguments[0] == "--engine" {
            guard let value = Engine(name: arguments[1]) else { fail(usage) }
            engine = value
            arguments.removeFirst(2)
        }
        guard arguments.count == 1 else { fail(usage) }
        return fuzzExec(readBytes(arguments[0]), engine: engine)
    }

    /// Written at once, so that what happened before a crash of the engine still reaches the harness.
    static func emit(_ line: String) { FileHandle.standardOutput.write((line + "\n").data(using: .utf8)!) }

    static func text(_ value: Value) -> String {
        switch value {
        case .i32(let bits): return "i32:0x" + String(bits, radix: 16)
        case .i64(let bits): return "i64:0x" + String(bits, radix: 16)
        case .f32(let bits): return "f32:0x" + String(bits, radix: 16)
        case .f64(let bits): return "f64:0x" + String(bits, radix: 16)
        case .funcRef(let address): return "funcref:" + (address.map { String($0) } ?? "null")
        case .externRef(let host): return "externref:" + (host.map { String($0) } ?? "null")
        case .exnRef(let address): return "exnref:" + (address.map { String($0) } ?? "null")
        case .v128(let low, let high): return "v128:0x" + String(high, radix: 16) + "_" + String(low, radix: 16)
        case .anyRef(let slot): return "anyref:" + (slot.map { "0x" + String($0, radix: 16) } ?? "null")
        }
    }

    /// The CRC-32 of zlib (reflected polynomial 0xEDB88320), so that the harness can check it with zlib.crc32.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var table = [UInt32](repeating: 0, count: 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[n] = c
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    static func emitState(_ instance: Instance) {
        for export in instance.module.exports {
            if let memory = instance.exportedMemory(export.name), let bytes = try? memory.load(0, count: memory.byteCount) {
                emit("memory \(export.name) \(memory.pageCount) 0x" + String(crc32(bytes), radix: 16))
            } else if let global = instance.exportedGlobal(export.name) {
                emit("global \(export.name) " + text(global.value))
            }
        }
    }

    static func fuzzExec(_ bytes: [UInt8], engine: Engine) -> Int32 {
        let module: Module
        do {
            module = try Module(bytes: bytes)
        } catch {
            emit("invalid \(error.description)")
            return 2
        }
        let store = Store()
        store.engine = engine
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
            return 3
        }
        emitState(instance)
        for export in module.exports {
            guard let function = instance.exportedFunction(export.name) else { continue }
            emit("export \(export.name)")
            do {
                let results = try store.invoke(function, function.type.parameters.map(Value.defaultValue))
                emit((["result"] + results.map(text)).joined(separator: " "))
            } catch {
                emit("trap \(error.message)")
            }
            emitState(instance)
        }
        return 0
    }
}
