/// Why a module was refused before anything ran: where (section, function, byte offset) and why.
public struct ModuleError: Error, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The bytes are not a WebAssembly binary (bad encoding, truncation, garbage).
        case malformed
        /// The binary is well formed but fails type checking or another validation rule.
        case invalid
        /// The module uses a feature beyond WebAssembly 2.0 that Wax does not run; `feature` names it.
        case unsupported(feature: String)
        /// Decoding the module would take more memory than the embedder allows (`Module(bytes:maxFootprint:)`).
        case resourceLimit
    }

    public var kind: Kind
    public var section: String?
    public var function: Int?
    public var offset: Int?
    public var reason: String

    public init(_ kind: Kind, _ reason: String, section: String? = nil, function: Int? = nil, offset: Int? = nil) {
        self.kind = kind
        self.reason = reason
        self.section = section
        self.function = function
        self.offset = offset
    }

    public var description: String {
        var text: String
        switch kind {
        case .malformed: text = "malformed module"
        case .invalid: text = "invalid module"
        case .unsupported(let feature): text = "unsupported feature \(feature)"
        case .resourceLimit: text = "resource limit"
        }
        if let section { text += ", \(section) section" }
        if let function { text += ", function \(function)" }
        if let offset { text += ", offset 0x\(String(offset, radix: 16))" }
        return text + ": " + reason
    }
}

/// A WebAssembly trap, or a limit of the embedder that stopped the guest. Spec traps carry the spec's wording.
public enum Trap: Error, Equatable, Sendable {
    case unreachable
    case memoryOutOfBounds
    case tableOutOfBounds
    case integerDivideByZero
    case integerOverflow
    case invalidConversionToInteger
    case indirectCallTypeMismatch
    /// call_indirect through an index past the table's end.
    case undefinedElement
    /// call_indirect through a null table entry.
    case uninitializedElement
    case nullReference
    /// call_ref or return_call_ref of a null reference.
    case nullFunctionReference
    case callStackExhausted
    /// The embedder's interruption flag was raised (Store.requestInterruption).
    case interrupted
    /// The fuel budget given to the store ran out.
    case outOfFuel
    /// A host function refused the call; the text is the host's.
    case host(String)
    /// An exception no handler caught: its address in the store (see `Store.exception(at:)`).
    case exception(Int)
    /// The exceptions held at once exceed the store's `maxExceptionBytes` or its account.
    case exceptionsExhausted
    /// The GC objects held at once exceed the store's `maxGCBytes` or its account, even after a collection.
    case gcHeapExhausted
    /// GC: a struct, array or i31 instruction on a null reference; a failed ref.cast; an array index or range
    /// beyond the array.
    case nullStructReference
    case nullArrayReference
    case nullI31Reference
    case castFailure
    case arrayOutOfBounds

    public var message: String {
        switch self {
        case .unreachable: return "unreachable"
        case .memoryOutOfBounds: return "out of bounds memory access"
        case .tableOutOfBounds: return "out of bounds table access"
        case .integerDivideByZero: return "integer divide by zero"
        case .integerOverflow: return "integer overflow"
        case .invalidConversionToInteger: return "invalid conversion to integer"
        case .indirectCallTypeMismatch: return "indirect call type mismatch"
        case .undefinedElement: return "undefined element"
        case .uninitializedElement: return "uninitialized element"
        case .nullReference: return "null reference"
        case .nullFunctionReference: return "null function reference"
        case .callStackExhausted: return "call stack exhausted"
        case .interrupted: return "interrupted"
        case .outOfFuel: return "out of fuel"
        case .host(let text): return "host: \(text)"
        case .exception: return "uncaught exception"
        case .exceptionsExhausted: return "exceptions exhausted"
        case .gcHeapExhausted: return "GC heap exhausted"
        case .nullStructReference: return "null structure reference"
        case .nullArrayReference: return "null array reference"
        case .nullI31Reference: return "null i31 reference"
        case .castFailure: return "cast failure"
        case .arrayOutOfBounds: return "out of bounds array access"
        }
    }
}

/// Why instantiation failed.
public enum InstantiationError: Error, Equatable, Sendable {
    /// No import provides this module/name.
    case unknownImport(module: String, name: String)
    /// The provided import has the wrong kind or type.
    case incompatibleImportType(module: String, name: String, reason: String)
    /// The module needs more memory or table space than the store's limits allow.
    case limitExceeded(String)
    /// The store's account (the embedder's budget) or its total of table elements refused what the instance needs.
    case resourceLimit(String)
    /// A segment initialisation or the start function trapped.
    case trap(Trap)

    public var message: String {
        switch self {
        case .unknownImport(let m, let n): return "unknown import \"\(m)\".\"\(n)\""
        case .incompatibleImportType(let m, let n, let why): return "incompatible import type for \"\(m)\".\"\(n)\": \(why)"
        case .limitExceeded(let what): return "limit exceeded: \(what)"
        case .resourceLimit(let what): return "resource limit: \(what)"
        case .trap(let trap): return trap.message
        }
    }
}
