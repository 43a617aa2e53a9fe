/// The heap type of a reference: an abstract one, or a function type of the module (by type index), as typed
/// function references (WebAssembly 3.0) name them.
public enum HeapType: Hashable, Sendable {
    case function, extern, exception
    /// The bottom of the function hierarchy (nofunc) and of the external one (noextern): only null.
    case noFunction, noExtern
    /// GC's hierarchy of internal references: any above eq above i31, struct and array, none at the bottom.
    case any, eq, i31, structure, array, noneType
    case index(Int)
}

/// The value types Wax runs: the numeric types and the references. The three nullable abstract references of
/// WebAssembly 2.0 and exception handling keep cases of their own (`funcRef` is always how `(ref null func)` is
/// spelled, so that `==` stays exact); every other reference type of typed function references is `ref`.
public enum ValueType: Hashable, Sendable {
    case i32, i64, f32, f64, funcRef, externRef, exnRef
    /// SIMD's 128-bit vector: one slot holds its low half, the same slot of the shadow stack its high half (see
    /// `Store.shadowDelta`).
    case v128
    case ref(nullable: Bool, heap: HeapType)

    /// The reference type of `heap`, in its canonical spelling.
    public static func reference(nullable: Bool, _ heap: HeapType) -> ValueType {
        guard nullable else { return .ref(nullable: false, heap: heap) }
        switch heap {
        case .function: return .funcRef
        case .extern: return .externRef
        case .exception: return .exnRef
        default: return .ref(nullable: true, heap: heap)
        }
    }

    public var isReference: Bool {
        switch self {
        case .funcRef, .externRef, .exnRef, .ref: return true
        default: return false
        }
    }

    /// The heap type of a reference type.
    public var heap: HeapType? {
        switch self {
        case .funcRef: return .function
        case .externRef: return .extern
        case .exnRef: return .exception
        case .ref(_, let heap): return heap
        default: return nil
        }
    }

    public var isNullable: Bool {
        if case .ref(let nullable, _) = self { return nullable }
        return isReference
    }

    /// A local of this type starts with its default value; a non-nullable reference must be set first.
    public var isDefaultable: Bool { !isReference || isNullable }

    /// The same reference type without null (the type of `ref.as_non_null` and `br_on_null`'s result).
    var nonNullable: ValueType {
        guard let heap else { return self }
        return .ref(nullable: false, heap: heap)
    }

    /// The hierarchy a reference type belongs to: its top heap type (func, extern, exn or any); a concrete
    /// type counts as a function type here (see `top(in:)`).
    var top: HeapType? {
        switch heap {
        case .function, .noFunction, .index: return .function
        case .extern, .noExtern: return .extern
        case .exception: return .exception
        case .any, .eq, .i31, .structure, .array, .noneType: return .any
        case nil: return nil
        }
    }

    /// The top heap type, concrete types looked up in `types`.
    func top(in types: [DefinedType]) -> HeapType? {
        if case .index(let index)? = heap, index < types.count, types[index].abstract != .function { return .any }
        return top
    }

    /// Subtyping: `(ref $t) <: (ref null $t)`, concrete types below their abstract kind and below the types they
    /// declare as supertypes, the bottoms below every type of their hierarchy (see `HeapType.isAbstractSubtype`).
    /// Concrete types are equal when their canonical indexes in `types` are.
    func isSubtype(of other: ValueType, types: [DefinedType]) -> Bool {
        if self == other { return true }
        guard let heap, let otherHeap = other.heap else { return false }
        if isNullable && !other.isNullable { return false }
        if heap == otherHeap { return true }
        switch (heap, otherHeap) {
        case (.index(let a), .index(let b)):
            return types.isSubtype(a, of: b)
        case (.index(let a), _):
            guard a < types.count else { return false }
            return HeapType.isAbstractSubtype(types[a].abstract, of: otherHeap)
        case (_, .index(let b)):
            guard b < types.count else { return false }
            return heap == HeapType.bottom(of: types[b].abstract)
        default:
            return HeapType.isAbstractSubtype(heap, of: otherHeap)
        }
    }

    public var name: String {
        switch self {
        case .i32: return "i32"
        case .i64: return "i64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .funcRef: return "funcref"
        case .externRef: return "externref"
        case .exnRef: return "exnref"
        case .v128: return "v128"
        case .ref(let nullable, let heap):
            let heapName: String
            switch heap {
            case .function: heapName = "func"
            case .extern: heapName = "extern"
            case .exception: heapName = "exn"
            case .noFunction: heapName = "nofunc"
            case .noExtern: heapName = "noextern"
            case .any: heapName = "any"
            case .eq: heapName = "eq"
            case .i31: heapName = "i31"
            case .structure: heapName = "struct"
            case .array: heapName = "array"
            case .noneType: heapName = "none"
            case .index(let index): heapName = "\(index)"
            }
            return "(ref " + (nullable ? "null " : "") + heapName + ")"
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
