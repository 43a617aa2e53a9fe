import Wax

/// Counts of one script run, with a line per failure and per skip reason.
public struct ScriptResult {
    public var passed = 0
    public var failed = 0
    public var skipped = 0
    public var failures: [String] = []
    /// Skip reasons with how many commands each covered.
    public var skipReasons: [(reason: String, count: Int)] = []
    /// Refusals of the expected class whose wording differs from the spec's message: a list to read, not failures.
    public var messageMismatches: [String] = []
    /// Under the native engine: functions of the instantiated modules compiled, and left to the interpreter.
    public var nativeCompiled = 0
    public var nativeInterpreted = 0

    public init() {}

    public var total: Int { passed + failed + skipped }

    mutating func skip(_ reason: String, count: Int = 1) {
        skipped += count
        for i in skipReasons.indices where skipReasons[i].reason == reason {
            skipReasons[i].count += count
            return
        }
        skipReasons.append((reason, count))
    }

    /// Every command of a script that is not run at all (SIMD files, say), skipped for one reason.
    public static func skippedEntirely(_ count: Int, because reason: String) -> ScriptResult {
        var result = ScriptResult()
        result.skip(reason, count: count)
        return result
    }

    mutating func fail(_ line: Int, _ text: String) {
        failed += 1
        failures.append("line \(line): \(text)")
    }
}

/// Runs a spec script against Wax: portable (Embedded Swift), so the kernel can run scripts too.
/// Every command counts as exactly one outcome (passed, failed or skipped), so a run accounts for every directive
/// of its script.
public struct ScriptExecutor {
    let store: Store
    /// Instances by module name; a nil entry is a module that was skipped, so commands using it are skipped.
    var named: [(name: String, instance: Instance?)] = []
    var current: Instance?
    var currentSkipped = false
    var registered: [(name: String, instance: Instance?)] = []
    /// Module definitions by name (the latest last); nil bytes for one that was skipped.
    var definitions: [(name: String?, bytes: [UInt8]?)] = []
    let spectest: Imports
    public private(set) var result = ScriptResult()

    public init(limits: StoreLimits = StoreLimits(), engine: Engine = .interpreter,
                memoryAllocator: MemoryAllocator = .heap) {
        store = Store(limits: limits, memoryAllocator: memoryAllocator)
        store.engine = engine
        spectest = SpectestModule.imports(store)
    }

    public static func run(_ script: Script, limits: StoreLimits = StoreLimits(),
                           engine: Engine = .interpreter, memoryAllocator: MemoryAllocator = .heap) -> ScriptResult {
        var executor = ScriptExecutor(limits: limits, engine: engine, memoryAllocator: memoryAllocator)
        for command in script.commands { executor.execute(command) }
        var result = executor.result
        (result.nativeCompiled, result.nativeInterpreted) = executor.store.nativeFunctionCounts
        return result
    }

    public mutating func execute(_ scriptCommand: ScriptCommand) {
        let line = scriptCommand.line
        switch scriptCommand.command {
        case .module(let name, let bytes):
            instantiate(bytes, name: name, line: line)
        case .moduleDefinition(let name, let bytes):
            do {
                _ = try Module(bytes: bytes)
                result.passed += 1
                definitions.append((name, bytes))
            } catch {
                if case .unsupported(let feature) = error.kind {
                    result.skip("module uses \(feature)")
                } else {
                    result.fail(line, "module definition refused: \(error.description)")
                }
                definitions.append((name, nil))
            }
        case .moduleInstance(let name, let definition):
            guard let found = definitions.last(where: { definition == nil || $0.name == definition }) else {
                result.fail(line, "no module definition \(definition ?? "")")
                return
            }
            guard let bytes = found.bytes else {
                result.skip("instantiates a skipped module")
                setCurrent(nil, name: name, skipped: true)
                return
            }
            instantiate(bytes, name: name, line: line)
        case .register(let name, let module):
            switch instance(module) {
            case .found(let instance):
                registered.append((name, instance))
                result.passed += 1
            case .skipped:
                registered.append((name, nil))
                result.skip("registers a skipped module")
            case .missing(let why): result.fail(line, "register: \(why)")
            }
        case .action(let action):
            switch perform(action) {
            case .skipped(let why): result.skip(why)
            case .values: result.passed += 1
            case .trap(let trap): result.fail(line, "\(action.name) trapped: \(trap.message)")
            case .failure(let why): result.fail(line, why)
            }
        case .assertReturn(let action, let expected):
            switch perform(action) {
            case .skipped(let why): result.skip(why)
            case .values(let values):
                if values.count == expected.count && zip(values, expected).allSatisfy({ ScriptExecutor.matches($0, $1) }) {
                    result.passed += 1
                } else {
                    result.fail(line, "\(action.name): got \(ScriptExecutor.describe(values)), expected \(ScriptExecutor.describe(expected))")
                }
            case .trap(let trap): result.fail(line, "\(action.name) trapped: \(trap.message)")
            case .failure(let why): result.fail(line, why)
            }
        case .assertTrap(let action, let message), .assertExhaustion(let action, let message):
            switch perform(action) {
            case .skipped(let why): result.skip(why)
            case .values(let values): result.fail(line, "\(action.name): returned \(ScriptExecutor.describe(values)), expected trap \"\(message)\"")
            case .trap(let trap):
                if ScriptExecutor.sameTrap(trap.message, message) {
                    result.passed += 1
                } else {
                    result.fail(line, "\(action.name): trapped \"\(trap.message)\", expected \"\(message)\"")
                }
            case .failure(let why): result.fail(line, why)
            }
        case .assertException(let action):
            switch perform(action) {
            case .skipped(let why): result.skip(why)
            case .values(let values): result.fail(line, "\(action.name): returned \(ScriptExecutor.describe(values)), expected an exception")
            case .trap(.exception): result.passed += 1
            case .trap(let trap): result.fail(line, "\(action.name): trapped \"\(trap.message)\", expected an exception")
            case .failure(let why): result.fail(line, why)
            }
        case .assertInvalid(let bytes, let message), .assertMalformed(let bytes, let message):
            let expected: ModuleError.Kind
            if case .assertInvalid = scriptCommand.command { expected = .invalid } else { expected = .malformed }
            do {
                _ = try Module(bytes: bytes)
                result.fail(line, "module accepted, expected \(ScriptExecutor.describe(expected)) \"\(message)\"")
            } catch {
                if case .unsupported(let feature) = error.kind {
                    result.skip("module uses \(feature)")
                } else if error.kind != expected {
                    result.fail(line, "\(error.description), expected \(ScriptExecutor.describe(expected)) \"\(message)\"")
                } else {
                    result.passed += 1
                    noteWording(line, error.reason, message)
                }
            }
        case .assertUnlinkable(let bytes, let message), .assertModuleTrap(let bytes, let message):
            let expectTrap: Bool
            if case .assertModuleTrap = scriptCommand.command { expectTrap = true } else { expectTrap = false }
            let module: Module
            do {
                module = try Module(bytes: bytes)
            } catch {
                if case .unsupported(let feature) = error.kind {
                    result.skip("module uses \(feature)")
                    taintImported(by: bytes)
                } else {
                    result.fail(line, "module refused (\(error.description)), expected \"\(message)\"")
                }
                return
            }
            let imports: Imports
            switch linkImports(module) {
            case .none:
                result.skip("imports from a skipped module")
                return
            case .some(let found):
                imports = found
            }
            do {
                _ = try store.instantiate(module, imports: imports)
                result.fail(line, "module instantiated, expected \"\(message)\"")
            } catch {
                switch error {
                case .trap(let trap):
                    if expectTrap && ScriptExecutor.sameTrap(trap.message, message) {
                        result.passed += 1
                    } else {
                        result.fail(line, "instantiation trapped \"\(trap.message)\", expected \"\(message)\"")
                    }
                case .unknownImport, .incompatibleImportType:
                    if expectTrap {
                        result.fail(line, "instantiation failed to link (\(error.message)), expected trap \"\(message)\"")
                    } else {
                        result.passed += 1
                        noteWording(line, error.message, message)
                    }
                case .limitExceeded, .resourceLimit:
                    result.fail(line, "instantiation refused (\(error.message)), expected \"\(message)\"")
                }
            }
        case .skip(let reason, let definesModule, let name):
            result.skip(reason)
            if definesModule { setCurrent(nil, name: name, skipped: true) }
        }
    }

    /// A module (or an instance of a definition) that must instantiate, the current one from now on.
    mutating func instantiate(_ bytes: [UInt8], name: String?, line: Int) {
        switch load(bytes) {
        case .instance(let instance):
            result.passed += 1
            setCurrent(instance, name: name, skipped: false)
        case .unsupported(let feature):
            result.skip("module uses \(feature)")
            setCurrent(nil, name: name, skipped: true)
            taintImported(by: bytes)
        case .skippedDependency:
            result.skip("imports from a skipped module")
            setCurrent(nil, name: name, skipped: true)
        case .rejected(let message):
            result.fail(line, "module failed: \(message)")
            setCurrent(nil, name: name, skipped: false)
        }
    }

    /// A refusal of the right class passes whatever its wording; where Wax's words do not contain the spec's
    /// message, the pair is kept so the two can be brought together.
    mutating func noteWording(_ line: Int, _ actual: String, _ expected: String) {
        guard !ScriptExecutor.contains(actual, expected) else { return }
        result.messageMismatches.append("line \(line): \"\(actual)\", spec \"\(expected)\"")
    }

    enum LoadOutcome {
        case instance(Instance)
        case unsupported(String)
        case skippedDependency
        case rejected(String)
    }

    mutating func load(_ bytes: [UInt8]) -> LoadOutcome {
        let module: Module
        do {
            module = try Module(bytes: bytes)
        } catch {
            if case .unsupported(let feature) = error.kind { return .unsupported(feature) }
            return .rejected(error.description)
        }
        guard let imports = linkImports(module) else { return .skippedDependency }
        do {
            return .instance(try store.instantiate(module, imports: imports))
        } catch {
            return .rejected(error.message)
        }
    }

    /// The imports a module can see: spectest and every registered module; nil when it imports from a module that
    /// was skipped.
    func linkImports(_ module: Module) -> Imports? {
        var imports = spectest
        for entry in registered {
            guard let instance = entry.instance else {
                if module.imports.contains(where: { sameName($0.module, entry.name) }) { return nil }
                continue
            }
            imports.define(module: entry.name, instance: instance)
        }
        return imports
    }

    /// A module that was skipped may have written into the modules it imports from (segments, start function):
    /// their state is unknown from here on, so commands using them are skipped as well.
    mutating func taintImported(by bytes: [UInt8]) {
        let names = Module.importedModuleNames(bytes)
        var tainted: [Instance] = []
        for i in registered.indices {
            guard let instance = registered[i].instance, names.contains(where: { sameName($0, registered[i].name) }) else { continue }
            tainted.append(instance)
        }
        guard !tainted.isEmpty else { return }
        func isTainted(_ instance: Instance?) -> Bool { instance.map { i in tainted.contains { $0 === i } } ?? false }
        for i in registered.indices where isTainted(registered[i].instance) { registered[i].instance = nil }
        for i in named.indices where isTainted(named[i].instance) { named[i].instance = nil }
        if isTainted(current) {
            current = nil
            currentSkipped = true
        }
    }

    mutating func setCurrent(_ instance: Instance?, name: String?, skipped: Bool) {
        current = instance
        currentSkipped = skipped
        if let name { named.append((name, instance)) }
    }

    enum Lookup {
        case found(Instance)
        case skipped
        case missing(String)
    }

    func instance(_ name: String?) -> Lookup {
        guard let name else {
            if let current { return .found(current) }
            return currentSkipped ? .skipped : .missing("no module")
        }
        for entry in named.reversed() where entry.name == name {
            if let instance = entry.instance { return .found(instance) }
            return .skipped
        }
        return .missing("unknown module \(name)")
    }

    enum ActionOutcome {
        case values([Value])
        case trap(Trap)
        case skipped(String)
        case failure(String)
    }

    func perform(_ action: Action) -> ActionOutcome {
        let instance: Instance
        switch self.instance(action.module) {
        case .found(let found): instance = found
        case .skipped: return .skipped("uses a skipped module")
        case .missing(let why): return .failure(why)
        }
        switch action.kind {
        case .get:
            guard let global = instance.exportedGlobal(action.name) else { return .failure("no exported global \(action.name)") }
            return .values([global.value])
        case .invoke:
            guard let function = instance.exportedFunction(action.name) else { return .failure("no exported function \(action.name)") }
            do {
                return .values(try store.invoke(function, action.arguments))
            } catch {
                return .trap(error)
            }
        }
    }

    /// Spec messages sometimes carry more detail than Wax's (or the reverse); the common prefix must agree.
    static func sameTrap(_ actual: String, _ expected: String) -> Bool {
        actual.hasPrefix(expected) || expected.hasPrefix(actual)
    }

    /// Whether `text` contains `part`, ignoring ASCII case (no Foundation in Embedded Swift).
    static func contains(_ text: String, _ part: String) -> Bool {
        func lowercased(_ s: String) -> [UInt8] {
            s.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        }
        let text = lowercased(text), part = lowercased(part)
        guard part.count <= text.count else { return false }
        for start in 0...(text.count - part.count) where text[start..<(start + part.count)].elementsEqual(part) {
            return true
        }
        return false
    }

    static func describe(_ kind: ModuleError.Kind) -> String {
        switch kind {
        case .malformed: return "malformed"
        case .invalid: return "invalid"
        case .unsupported(let feature): return "unsupported feature \(feature)"
        case .resourceLimit: return "resource limit"
        }
    }

    static func matches(_ value: Value, _ expected: Expected) -> Bool {
        switch (expected, value) {
        case (.value(let e), _): return e == value
        case (.f32CanonicalNaN, .f32(let bits)): return bits & 0x7fff_ffff == 0x7fc0_0000
        case (.f32ArithmeticNaN, .f32(let bits)): return bits & 0x7fc0_0000 == 0x7fc0_0000
        case (.f64CanonicalNaN, .f64(let bits)): return bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000
        case (.f64ArithmeticNaN, .f64(let bits)): return bits & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000
        case (.anyFuncRef, .funcRef(let address)): return address != nil
        case (.anyExternRef, .externRef(let host)): return host != nil
        case (.anyNull, .funcRef(let address)): return address == nil
        case (.anyNull, .externRef(let host)): return host == nil
        case (.anyNull, .exnRef(let address)): return address == nil
        case (.anyNull, .anyRef(let slot)): return slot == nil
        case (.i31Ref, .anyRef(let slot?)): return Value.isI31(slot)
        case (.structRef, .anyRef(let slot?)): return Value.isStruct(slot)
        case (.arrayRef, .anyRef(let slot?)): return Value.isArray(slot)
        case (.eqRef, .anyRef(let slot?)): return Value.isI31(slot) || Value.isStruct(slot) || Value.isArray(slot)
        case (.either(let alternatives), _): return alternatives.contains { matches(value, $0) }
        case (.v128Lanes(let low, let high, let wideLanes, let nanLanes), .v128(let actualLow, let actualHigh)):
            let width: UInt64 = wideLanes ? 64 : 32
            for lane in 0..<Int(128 / width) {
                let perHalf = Int(64 / width)
                let shift = UInt64(lane % perHalf) * width
                let mask: UInt64 = wideLanes ? ~0 : 0xffff_ffff
                let e = ((lane < perHalf ? low : high) >> shift) & mask
                let a = ((lane < perHalf ? actualLow : actualHigh) >> shift) & mask
                if nanLanes & (1 << UInt8(lane)) != 0 {
                    // The script's nan:canonical and nan:arithmetic both arrive as a NaN lane (WasmKit's parser
                    // keeps one mask): the lane must be an arithmetic NaN, which every canonical one also is.
                    let quiet: UInt64 = wideLanes ? 0x7ff8_0000_0000_0000 : 0x7fc0_0000
                    if a & quiet != quiet { return false }
                } else if e != a {
                    return false
                }
            }
            return true
        default: return false
        }
    }

    static func describe(_ values: [Value]) -> String {
        var text = "("
        for (i, v) in values.enumerated() { text += (i == 0 ? "" : " ") + v.description }
        return text + ")"
    }

    static func describe(_ expected: [Expected]) -> String {
        var text = "("
        for (i, e) in expected.enumerated() { text += (i == 0 ? "" : " ") + describe(e) }
        return text + ")"
    }

    static func describe(_ expected: Expected) -> String {
        switch expected {
        case .value(let v): return v.description
        case .f32CanonicalNaN: return "f32:nan:canonical"
        case .f32ArithmeticNaN: return "f32:nan:arithmetic"
        case .f64CanonicalNaN: return "f64:nan:canonical"
        case .f64ArithmeticNaN: return "f64:nan:arithmetic"
        case .anyFuncRef: return "funcref:any"
        case .anyExternRef: return "externref:any"
        case .anyNull: return "ref.null"
        case .i31Ref: return "ref.i31"
        case .structRef: return "ref.struct"
        case .arrayRef: return "ref.array"
        case .eqRef: return "ref.eq"
        case .either(let alternatives): return "either" + describe(alternatives)
        case .v128Lanes(let low, let high, _, let nanLanes):
            return Value.v128(low: low, high: high).description + (nanLanes != 0 ? " (NaN lanes \(nanLanes))" : "")
        }
    }
}

extension ScriptResult {
    /// Adds another run's counts and skip reasons (failure and wording lines are kept only per run).
    public mutating func add(_ other: ScriptResult) {
        passed += other.passed
        failed += other.failed
        nativeCompiled += other.nativeCompiled
        nativeInterpreted += other.nativeInterpreted
        for entry in other.skipReasons { skip(entry.reason, count: entry.count) }
    }
}
