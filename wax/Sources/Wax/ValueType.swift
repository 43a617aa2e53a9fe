/// The heap type of a reference: an abstract one, or a function type of the module (by type index), as typed
/// function references (WebAssembly 3.0) name them.
public enum HeapType: Hashable, Sendable {
    case function, extern, exception
    /// The bottom of the function hierarchy (nofunc) and of the external one (noextern): only null.
    case noFunction, noExtern
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

    /// The hierarchy a reference type belongs to: its top heap type (func, extern or exn).
    var top: HeapType? {
        switch heap {
        case .function, .noFunction, .index: return .function
        case .extern, .noExtern: return .extern
        case .exception: return .exception
        case nil: return nil
        }
    }

    /// Subtyping (typed function references): `(ref $t) <: (ref null $t) <: funcref`, the bottoms below every
    /// type of their hierarchy. Concrete types match when they are the same function type (the module's
    /// `types`: equal structures are equivalent).
    func isSubtype(of other: ValueType, types: [FunctionType]) -> Bool {
        if self == other { return true }
        guard let heap, let otherHeap = other.heap else { return false }
        if isNullable && !other.isNullable { return false }
        if heap == otherHeap { return true }
        switch (heap, otherHeap) {
        case (.index, .function), (.noFunction, .function), (.noFunction, .index), (.noExtern, .extern):
            return true
        case (.index(let a), .index(let b)):
            guard a < types.count, b < types.count else { return false }
            var equivalence = TypeEquivalence(types, types)
            return equivalence.equal(types[a], types[b])
        default:
            return false
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

    /// Whether a parameter or result is a reference to a type of the module, by index.
    var namesTypes: Bool {
        (parameters + results).contains { if case .index? = $0.heap { return true } else { return false } }
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

/// Equivalence of function types that name other types by index, possibly of two modules (`left` and `right`
/// are their type sections): types are equal when their structures are, the concrete references compared
/// through the types they name. A pair under comparison is assumed equal (a type may name itself).
struct TypeEquivalence {
    let left: [FunctionType]
    let right: [FunctionType]
    private var assumed: [(Int, Int)] = []

    init(_ left: [FunctionType], _ right: [FunctionType]) {
        self.left = left
        self.right = right
    }

    mutating func equal(_ a: FunctionType, _ b: FunctionType) -> Bool {
        guard a.parameters.count == b.parameters.count, a.results.count == b.results.count else { return false }
        for (x, y) in zip(a.parameters + a.results, b.parameters + b.results) where !equal(x, y) { return false }
        return true
    }

    mutating func equal(_ a: ValueType, _ b: ValueType) -> Bool {
        guard case .ref(let nullableA, .index(let x)) = a, case .ref(let nullableB, .index(let y)) = b else {
            return a == b
        }
        return nullableA == nullableB && equalTypes(x, y)
    }

    /// `a` (of `left`) is a subtype of `b` (of `right`).
    mutating func subtype(_ a: ValueType, _ b: ValueType) -> Bool {
        if case .index(let x)? = a.heap, case .index(let y)? = b.heap {
            return (b.isNullable || !a.isNullable) && equalTypes(x, y)
        }
        return a.isSubtype(of: b, types: [])
    }

    private mutating func equalTypes(_ x: Int, _ y: Int) -> Bool {
        guard x < left.count, y < right.count else { return false }
        if assumed.contains(where: { $0 == (x, y) }) { return true }
        assumed.append((x, y))
        return equal(left[x], right[y])
    }
}
