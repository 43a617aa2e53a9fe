import WasmParser
import enum WasmTypes.AbstractHeapType
import WAT
import Wax
import WaxScript

/// Converts a .wast spec script into a `Script` of encoded modules and commands, using WasmKit's text parser
/// (host only). Every directive becomes exactly one command: whatever the parser cannot read, or what a
/// WebAssembly 2.0 engine cannot be asked, becomes a `skip` command with the reason.
public enum WastConverter {
    public static func convert(_ text: String) -> Script {
        var commands: [ScriptCommand] = []
        for directive in directives(text) {
            commands.append(ScriptCommand(line: directive.line, convert(directive: directive.text)))
        }
        return Script(commands: commands)
    }

    /// The script's top-level directives with their first line; a script of bare module fields is one inline module.
    public static func directives(_ text: String) -> [(line: Int, text: String)] {
        let directives = WastSplitter.directives(text)
        let keywords = ["(module", "(assert_", "(register", "(invoke", "(get"]
        if !directives.isEmpty && !directives.contains(where: { d in keywords.contains { d.text.hasPrefix($0) } }) {
            return [(line: directives[0].line, text: text)]
        }
        return directives
    }

    /// How many directives a script has, without parsing them: each is one counted outcome of a run.
    public static func directiveCount(_ text: String) -> Int {
        directives(text).count
    }

    static func convert(directive text: String) -> Command {
        guard var wast = try? parseWAST(text, features: .all), let (result, _) = wast.nextDirectiveResult() else {
            return skip("text WasmKit's parser cannot read: no directive in it")
        }
        switch result {
        case .failure(let failure):
            // The parser's location is inside the directive; the command's line says where the directive is.
            let message = failure.error.description.split(separator: " at Location").first.map(String.init) ?? ""
            // A module the parser refuses is skipped by name, so the commands using it are skipped too.
            return skip("text WasmKit's parser cannot read: \(message)", module: failure.module != nil, name: failure.module?.id)
        case .success(let command):
            return self.command(command, text: text)
        }
    }

    static func skip(_ reason: String, module: Bool = false, name: String? = nil) -> Command {
        .skip(reason: reason, definesModule: module, moduleName: name)
    }

    static func command(_ directive: WASTDirective, text: String) -> Command {
        switch directive {
        case .module(let module):
            guard let bytes = encode(module.source) ?? ExternalEncoder.encodeModule(ofDirective: text, with: .wasmTools)
                    ?? ExternalEncoder.encodeModule(ofDirective: text, with: .legacyExceptions) else {
                return skip("module text not encodable", module: true, name: module.id)
            }
            return module.isDefinition ? .moduleDefinition(name: module.id, bytes: bytes) : .module(name: module.id, bytes: bytes)
        case .moduleInstance(let instance, let definition):
            return .moduleInstance(name: instance, definition: definition)
        case .assertInvalid(let module, let message):
            if case .quote = module.source { return skip("text-format assertion") }
            guard let bytes = encode(module.source) ?? ExternalEncoder.encodeModule(ofDirective: text, with: .wast2json)
                    ?? ExternalEncoder.encodeModule(ofDirective: text, with: .wasmTools)
                    ?? ExternalEncoder.encodeModule(ofDirective: text, with: .legacyExceptions) else {
                return skip("module text not encodable")
            }
            if case .binary = module.source { return .assertInvalid(bytes: bytes, message: message) }
            return .assertInvalid(bytes: DataCountSection.ensure(bytes), message: message)
        case .assertMalformed(let module, let message):
            if case .quote = module.source { return skip("text-format assertion") }
            guard let bytes = encode(module.source) ?? ExternalEncoder.encodeModule(ofDirective: text, with: .wasmTools)
                    ?? ExternalEncoder.encodeModule(ofDirective: text, with: .legacyExceptions) else {
                return skip("module text not encodable")
            }
            return .assertMalformed(bytes: bytes, message: message)
        case .assertReturn(let execute, let results):
            guard let action = action(execute) else { return skip("action beyond WebAssembly 2.0") }
            var expected: [Expected] = []
            for r in results {
                guard let e = expectation(r) else { return skip("result beyond WebAssembly 2.0") }
                expected.append(e)
            }
            return .assertReturn(action, expected)
        case .assertTrap(let execute, let message):
            if case .wat(let wat) = execute {
                guard let bytes = (try? wat.encode()) ?? ExternalEncoder.encodeModule(ofDirective: text, with: .wasmTools)
                    ?? ExternalEncoder.encodeModule(ofDirective: text, with: .legacyExceptions) else {
                    return skip("module text not encodable")
                }
                return .assertModuleTrap(bytes: bytes, message: message)
            }
            guard let action = action(execute) else { return skip("action beyond WebAssembly 2.0") }
            return .assertTrap(action, message: message)
        case .assertExhaustion(let call, let message):
            guard let action = action(.invoke(call)) else { return skip("action beyond WebAssembly 2.0") }
            return .assertExhaustion(action, message: message)
        case .assertException(let execute):
            guard let action = action(execute) else { return skip("action beyond WebAssembly 2.0") }
            return .assertException(action)
        case .assertFuel, .assertOutOfFuel:
            return skip("fuel assertions of WasmKit's own scripts")
        case .assertUnlinkable(let wat, let message):
            guard let bytes = (try? wat.encode()) ?? ExternalEncoder.encodeModule(ofDirective: text, with: .wasmTools)
                    ?? ExternalEncoder.encodeModule(ofDirective: text, with: .legacyExceptions) else {
                return skip("module text not encodable")
            }
            return .assertUnlinkable(bytes: bytes, message: message)
        case .register(let name, let moduleId):
            return .register(as: name, module: moduleId)
        case .invoke(let call):
            guard let action = action(.invoke(call)) else { return skip("action beyond WebAssembly 2.0") }
            return .action(action)
        }
    }

    static func encode(_ source: ModuleSource) -> [UInt8]? {
        switch source {
        case .binary(let bytes):
            return bytes
        case .text(let wat):
            return try? wat.encode()
        case .quote(let bytes):
            guard let wat = try? parseWAT(String(decoding: bytes, as: UTF8.self), features: .all) else { return nil }
            return try? wat.encode()
        }
    }

    static func action(_ execute: WASTExecute) -> Action? {
        switch execute {
        case .invoke(let invoke):
            var arguments: [Value] = []
            for a in invoke.args {
                guard let v = value(a) else { return nil }
                arguments.append(v)
            }
            return Action(kind: .invoke, module: invoke.module, name: invoke.name, arguments: arguments)
        case .get(let module, let name):
            return Action(kind: .get, module: module, name: name, arguments: [])
        case .wat:
            return nil
        }
    }

    static func value(_ constant: WASTConstValue) -> Value? {
        switch constant {
        case .i32(let v): return .i32(v)
        case .i64(let v): return .i64(v)
        case .f32(let v): return .f32(v)
        case .f64(let v): return .f64(v)
        case .refNull(.abstract(.funcRef)): return .funcRef(nil)
        case .refNull(.abstract(.externRef)): return .externRef(nil)
        case .refNull(.abstract(.exnRef)): return .exnRef(nil)
        case .refExtern(let v): return .externRef(UInt64(v))
        case .refHost(let v): return .anyRef(Value.host(UInt64(v)))
        case .refNull(.abstract(let heap)): return nullValue(heap)
        case .v128(let v): return .v128(bytes: v.bytes)
        default: return nil
        }
    }

    /// The null reference of an abstract heap type's hierarchy.
    static func nullValue(_ heap: AbstractHeapType) -> Value? {
        switch heap {
        case .funcRef, .noFunc: return .funcRef(nil)
        case .externRef, .noExtern: return .externRef(nil)
        case .exnRef, .noExn: return .exnRef(nil)
        case .any, .eq, .i31, .structRef, .arrayRef, .noneRef: return .anyRef(nil)
        }
    }

    static func expectation(_ expected: WASTExpectValue) -> Expected? {
        switch expected {
        case .i32(let v): return .value(.i32(v))
        case .i64(let v): return .value(.i64(v))
        case .f32(let v): return .value(.f32(v))
        case .f64(let v): return .value(.f64(v))
        case .f32CanonicalNaN: return .f32CanonicalNaN
        case .f32ArithmeticNaN: return .f32ArithmeticNaN
        case .f64CanonicalNaN: return .f64CanonicalNaN
        case .f64ArithmeticNaN: return .f64ArithmeticNaN
        case .refNull(.some(.abstract(.funcRef))): return .value(.funcRef(nil))
        case .refNull(.some(.abstract(.externRef))): return .value(.externRef(nil))
        case .refNull(.some(.abstract(.exnRef))): return .value(.exnRef(nil))
        case .refExtern(let v): return v.map { .value(.externRef(UInt64($0))) } ?? .anyExternRef
        case .refFunc(nil): return .anyFuncRef
        case .refNull(nil): return .anyNull
        case .refNull(.some(.abstract(let heap))): return nullValue(heap).map { Expected.value($0) }
        case .refNull(.some(.concrete)): return .anyNull
        case .refHost(let v): return .value(.anyRef(Value.host(UInt64(v))))
        case .refI31: return .i31Ref
        case .refStruct: return .structRef
        case .refArray: return .arrayRef
        case .refEq: return .eqRef
        case .v128(let v): return .value(.v128(bytes: v.bytes))
        case .v128Pattern(let pattern):
            guard case .v128(let low, let high) = Value.v128(bytes: pattern.bytes) else { return nil }
            return .v128Lanes(low: low, high: high, wideLanes: pattern.shape == .f64x2, nanLanes: pattern.nanLaneMask)
        case .either(let alternatives):
            var converted: [Expected] = []
            for a in alternatives {
                guard let e = expectation(a) else { return nil }
                converted.append(e)
            }
            return .either(converted)
        default: return nil
        }
    }
}
