import Wax

/// A spec test script with its modules already encoded: what the .wast converter produces and the executor runs.
public struct Script {
    public var commands: [ScriptCommand]

    public init(commands: [ScriptCommand]) { self.commands = commands }
}

public struct ScriptCommand {
    public var line: Int
    public var command: Command

    public init(line: Int, _ command: Command) {
        self.line = line
        self.command = command
    }
}

/// An `invoke` or `get` of an export of a named module, or of the latest one when `module` is nil.
public struct Action {
    public enum Kind: UInt8 { case invoke = 0, get = 1 }

    public var kind: Kind
    public var module: String?
    public var name: String
    public var arguments: [Value]

    public init(kind: Kind, module: String?, name: String, arguments: [Value]) {
        self.kind = kind
        self.module = module
        self.name = name
        self.arguments = arguments
    }
}

/// An expected result of assert_return.
public indirect enum Expected {
    case value(Value)
    case f32CanonicalNaN
    case f32ArithmeticNaN
    case f64CanonicalNaN
    case f64ArithmeticNaN
    /// Any non-null function reference.
    case anyFuncRef
    /// Any non-null host reference.
    case anyExternRef
    /// A null reference of any type (the script's bare `(ref.null)`).
    case anyNull
    /// Any non-null i31, struct, array, or any of the three (GC's `(ref.i31)`, `(ref.struct)`, `(ref.array)`,
    /// `(ref.eq)`).
    case i31Ref, structRef, arrayRef, eqRef
    /// Any one of the alternatives.
    case either([Expected])
    /// A v128 of these bits, except that the float lanes (of 64 bits when `wideLanes`, else 32) whose bit is set
    /// in `nanLanes` may hold any NaN.
    case v128Lanes(low: UInt64, high: UInt64, wideLanes: Bool, nanLanes: UInt8)
}

public enum Command {
    case module(name: String?, bytes: [UInt8])
    /// `(module definition ...)` (WebAssembly 3.0 scripts): a module that must be valid, instantiated only by
    /// `moduleInstance` commands naming it (or, with no name, the latest definition).
    case moduleDefinition(name: String?, bytes: [UInt8])
    /// `(module instance $I $M)`: a new instance of definition `definition`, named `name`.
    case moduleInstance(name: String?, definition: String?)
    case register(as: String, module: String?)
    case action(Action)
    case assertReturn(Action, [Expected])
    case assertTrap(Action, message: String)
    /// The action must end with an exception that nothing caught.
    case assertException(Action)
    case assertExhaustion(Action, message: String)
    case assertInvalid(bytes: [UInt8], message: String)
    case assertMalformed(bytes: [UInt8], message: String)
    case assertUnlinkable(bytes: [UInt8], message: String)
    /// assert_trap on a module: instantiation must trap.
    case assertModuleTrap(bytes: [UInt8], message: String)
    /// A command beyond what Wax runs (WebAssembly 3.0 syntax, text-format assertions...). When it would have
    /// defined a module, `module` says so (with its name, if any): commands using that module are skipped too.
    case skip(reason: String, definesModule: Bool, moduleName: String?)
}
