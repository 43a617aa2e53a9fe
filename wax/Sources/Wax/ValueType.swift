/// The value types Wax runs: the numeric types, the two reference types of WebAssembly 2.0 and the exception
/// reference of WebAssembly 3.0.
public enum ValueType: UInt8, Equatable, Sendable {
    case i32, i64, f32, f64, funcRef, externRef, exnRef

    public var isReference: Bool { self == .funcRef || self == .externRef || self == .exnRef }

    public var name: String {
        switch self {
        case .i32: return "i32"
        case .i64: return "i64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .funcRef: return "funcref"
        case .externRef: return "externref"
        case .exnRef: return "exnref"
        }
    }
}

/// A function signature.
public struct FunctionType: Equatable, Sendable {
    public var parameters: [ValueType]
    public var results: [ValueType]

    public init(parameters: [ValueType], results: [ValueType]) {
        self.parameters = parameters
        self.results = results
    }

    public var description: String {
        var text = "["
        for (i, p) in parameters.enumerated() { text += (i == 0 ? "" : " ") + p.name }
        text += "] -> ["
        for (i, r) in results.enumerated() { text += (i == 0 ? "" : " ") + r.name }
        return text + "]"
    }
}

/// Minimum and optional maximum size of a memory (in 64 KiB pages) or a table (in elements), and its address type:
/// a 64-bit memory or table (memory64, WebAssembly 3.0) takes i64 addresses, offsets and sizes.
public struct Limits: Equatable, Sendable {
    public var min: UInt64
    public var max: UInt64?
    public var is64: Bool

    public init(min: UInt64, max: UInt64?, is64: Bool = false) {
        self.min = min
        self.max = max
        self.is64 = is64
    }

    /// The type of the addresses (of a memory) or element indexes (of a table), and of their sizes.
    var addressType: ValueType { is64 ? .i64 : .i32 }

    /// Import matching: the provided limits must lie within the declared ones, with the same address type.
    func isSubtype(of declared: Limits) -> Bool {
        guard is64 == declared.is64, min >= declared.min else { return false }
        guard let declaredMax = declared.max else { return true }
        guard let max else { return false }
        return max <= declaredMax
    }
}

public struct TableType: Equatable, Sendable {
    public var element: ValueType
    public var limits: Limits

    public init(element: ValueType, limits: Limits) {
        self.element = element
        self.limits = limits
    }
}

public struct GlobalType: Equatable, Sendable {
    public var value: ValueType
    public var isMutable: Bool

    public init(value: ValueType, isMutable: Bool) {
        self.value = value
        self.isMutable = isMutable
    }
}
