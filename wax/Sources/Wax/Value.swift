/// A WebAssembly value as the embedder sees it. Floats are kept as bit patterns so NaN payloads survive.
public enum Value: Equatable, Sendable {
    case i32(UInt32)
    case i64(UInt64)
    case f32(UInt32)
    case f64(UInt64)
    /// A function reference: the function's address in its store, or nil for `ref.null func`.
    case funcRef(Int?)
    /// A host reference: an opaque number chosen by the embedder, or nil for `ref.null extern`.
    case externRef(UInt64?)
    /// An exception reference: the exception's address in its store (see `ExceptionHeap`), or nil for `ref.null exn`.
    case exnRef(Int?)
    /// A 128-bit vector, as its low and high 64 bits (lane 0 in the low bits of `low`, little-endian order).
    case v128(low: UInt64, high: UInt64)
    /// A reference of GC's `any` hierarchy (an i31, a struct, an array or an internalized host value), as its slot
    /// (see `GCSlot`), or nil for null.
    case anyRef(UInt64?)

    public var type: ValueType {
        switch self {
        case .i32: return .i32
        case .i64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        case .funcRef: return .funcRef
        case .externRef: return .externRef
        case .exnRef: return .exnRef
        case .v128: return .v128
        case .anyRef: return .ref(nullable: true, heap: .any)
        }
    }

    /// The value in its interpreter slot encoding (see `Slot`).
    var slot: UInt64 {
        switch self {
        case .i32(let v): return UInt64(v)
        case .i64(let v): return v
        case .f32(let v): return UInt64(v)
        case .f64(let v): return v
        case .funcRef(let address): return Slot.reference(address.map { UInt64($0) })
        case .externRef(let host): return Slot.reference(host)
        case .exnRef(let address): return Slot.reference(address.map { UInt64($0) })
        case .v128(let low, _): return low
        case .anyRef(let slot): return slot ?? Slot.null
        }
    }

    /// The high half of a v128 (its shadow slot); 0 for the other types.
    var shadow: UInt64 {
        if case .v128(_, let high) = self { return high }
        return 0
    }

    /// `top`: the hierarchy of a concrete reference type, where known (a function type's otherwise).
    init(slot: UInt64, shadow: UInt64 = 0, type: ValueType, top: HeapType? = nil) {
        switch type {
        case .v128: self = .v128(low: slot, high: shadow)
        case .i32: self = .i32(UInt32(truncatingIfNeeded: slot))
        case .i64: self = .i64(slot)
        case .f32: self = .f32(UInt32(truncatingIfNeeded: slot))
        case .f64: self = .f64(slot)
        case .funcRef: self = .funcRef(slot == Slot.null ? nil : Int(slot - 1))
        case .externRef: self = .externRef(slot == Slot.null ? nil : slot - 1)
        case .exnRef: self = .exnRef(slot == Slot.null ? nil : Int(slot - 1))
        case .ref:
            switch top ?? type.top {
            case .any: self = .anyRef(slot == Slot.null ? nil : slot)
            case .extern: self = .externRef(slot == Slot.null ? nil : slot - 1)
            case .exception: self = .exnRef(slot == Slot.null ? nil : Int(slot - 1))
            default: self = .funcRef(slot == Slot.null ? nil : Int(slot - 1))
            }
        }
    }

    public static func defaultValue(_ type: ValueType) -> Value { Value(slot: 0, type: type) }

    /// The anyref slot of host value `value` made internal (any.convert_extern of `.externRef(value)`).
    public static func host(_ value: UInt64) -> UInt64 { GCSlot.convert(Slot.reference(value)) }
    /// What an anyref slot is (see `GCSlot`).
    public static func isI31(_ slot: UInt64) -> Bool { GCSlot.isI31(slot) }
    public static func isStruct(_ slot: UInt64) -> Bool { GCSlot.isStruct(slot) }
    public static func isArray(_ slot: UInt64) -> Bool { GCSlot.isArray(slot) }

    /// A v128 from its 16 bytes in memory order (lane 0 first, little-endian).
    public static func v128(bytes: [UInt8]) -> Value {
        var low: UInt64 = 0, high: UInt64 = 0
        for k in 0..<8 {
            low |= UInt64(bytes[k]) << (8 * UInt64(k))
            high |= UInt64(bytes[k + 8]) << (8 * UInt64(k))
        }
        return .v128(low: low, high: high)
    }

    public var description: String {
        switch self {
        case .i32(let v): return "i32:\(v)"
        case .i64(let v): return "i64:\(v)"
        case .f32(let v): return "f32:0x\(String(v, radix: 16))"
        case .f64(let v): return "f64:0x\(String(v, radix: 16))"
        case .funcRef(let a): return a.map { "funcref:\($0)" } ?? "funcref:null"
        case .externRef(let h): return h.map { "externref:\($0)" } ?? "externref:null"
        case .exnRef(let a): return a.map { "exnref:\($0)" } ?? "exnref:null"
        case .v128(let low, let high): return "v128:0x\(String(high, radix: 16))_\(String(low, radix: 16))"
        case .anyRef(let slot): return slot.map { "anyref:0x\(String($0, radix: 16))" } ?? "anyref:null"
        }
    }
}

/// Every value occupies one 64-bit slot of the value stack. References are stored as address + 1 so that the
/// all-zero slot (the default of every local, global and table element) is the null reference.
enum Slot {
    static let null: UInt64 = 0

    static func reference(_ address: UInt64?) -> UInt64 {
        guard let address else { return null }
        return address &+ 1
    }
}
