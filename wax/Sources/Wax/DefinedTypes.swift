/// The type section of WebAssembly 3.0 (GC): recursive groups of sub types whose bodies are function, struct or
/// array types, and how Wax compares them.
///
/// Types are iso-recursive: two types are the same when their recursive groups are the same structure, the
/// references inside a group counted relative to the group's start and the references out of it naming the same
/// (earlier) types, and they sit at the same position in their groups. Wax gives every type a canonical id where it
/// compares them: the module numbers its types for validation (`DefinedType.canonical`, the first index of an
/// equal type) and the store numbers the types of every instance (`TypeRegistry`), so that call_indirect, import
/// matching and casts compare ids. A group's `TypeKey` is its structure as integers with the references out of
/// the group replaced by their ids: equal keys are equal groups, whatever module they come from.

/// A struct field or an array element: a value type or a packed integer, mutable or not.
public struct FieldType: Equatable, Sendable {
    public enum Storage: Equatable, Sendable {
        case value(ValueType)
        case i8, i16
    }

    public var storage: Storage
    public var isMutable: Bool

    /// The type the field reads as on the operand stack (packed fields as i32).
    var unpacked: ValueType {
        if case .value(let type) = storage { return type }
        return .i32
    }

    var isPacked: Bool { if case .value = storage { return false } else { return true } }

    /// The slots the field takes in its object: a v128 two (its low half, then its high half), anything else one.
    var slotCount: Int { if case .value(.v128) = storage { return 2 } else { return 1 } }
}

/// One type of the type section.
public struct DefinedType: Equatable, Sendable {
    public enum Body: Equatable, Sendable {
        case function(FunctionType)
        case structure([FieldType])
        case array(FieldType)
    }

    public var body: Body
    /// The declared supertype's index, if any (GC allows at most one).
    var supertype: Int?
    var isFinal: Bool
    /// The recursive group the type belongs to: its first index and its number of types.
    var groupStart: Int
    var groupCount: Int
    /// The index of the first type of the module equal to this one (iso-recursively): equal types have equal
    /// canonical indexes.
    var canonical: Int

    /// The abstract heap type this type's values belong to (func, struct or array).
    var abstract: HeapType {
        switch body {
        case .function: return .function
        case .structure: return .structure
        case .array: return .array
        }
    }

    /// Whether a struct field or the array element is a v128: a function reading one holds v128s.
    var holdsVectors: Bool {
        switch body {
        case .function: return false
        case .structure(let fields): return fields.contains { $0.slotCount == 2 }
        case .array(let element): return element.slotCount == 2
        }
    }

    /// For a struct with a v128 field, the first slot of each field in its object (a v128 takes two); empty when
    /// every field takes one slot, field k then being slot k.
    var fieldSlots: [Int] {
        guard case .structure(let fields) = body, holdsVectors else { return [] }
        var slots: [Int] = []
        var next = 0
        for field in fields {
            slots.append(next)
            next += field.slotCount
        }
        return slots
    }

    /// A final function type alone in its group with no supertype: such types are equal exactly when their
    /// signatures are (what call_indirect's fast check relies on).
    var isPlainFunction: Bool {
        guard case .function = body else { return false }
        return isFinal && supertype == nil && groupCount == 1
    }
}

extension [DefinedType] {
    /// Whether type `a` is type `b` or declares it as a supertype, directly or not.
    func isSubtype(_ a: Int, of b: Int) -> Bool {
        guard a < count, b < count else { return false }
        let target = self[b].canonical
        var type = a
        while true {
            if self[type].canonical == target { return true }
            guard let next = self[type].supertype else { return false }
            type = next
        }
    }
}

/// A recursive group's structure as integers (see the top of this file). References to the group's own types are
/// negative (`ownReference - position`); references out of it are the ids `outside` gives them.
enum TypeKey {
    static let ownReference = -1_000_000

    static func make(_ types: [DefinedType], group start: Int, outside: (Int) -> Int) -> [Int] {
        let count = types[start].groupCount
        var key: [Int] = []
        // Room for the whole key at once: grown an append at a time, a function type's key was reallocated two or
        // three times, each instantiation registering its module's types (~8 of a spawn's ~100 allocations).
        key.reserveCapacity(capacity(types[start..<(start + count)]))
        key.append(count)
        func reference(_ index: Int) -> Int {
            index >= start && index < start + count ? ownReference - (index - start) : outside(index)
        }
        func append(_ type: ValueType) {
            switch type {
            case .i32: key.append(-1)
            case .i64: key.append(-2)
            case .f32: key.append(-3)
            case .f64: key.append(-4)
            case .v128: key.append(-5)
            default:
                guard let heap = type.heap else { return }
                key.append(type.isNullable ? -7 : -6)
                if case .index(let index) = heap { key.append(reference(index)) } else { key.append(-100 - heap.code) }
            }
        }
        func append(_ field: FieldType) {
            key.append(field.isMutable ? -9 : -8)
            switch field.storage {
            case .i8: key.append(-10)
            case .i16: key.append(-11)
            case .value(let type): append(type)
            }
        }
        for type in types[start..<(start + count)] {
            key.append(type.isFinal ? -12 : -13)
            if let supertype = type.supertype { key.append(-14); key.append(reference(supertype)) } else { key.append(-15) }
            switch type.body {
            case .function(let function):
                key.append(-16)
                key.append(function.parameters.count)
                key.append(function.results.count)
                for t in function.parameters { append(t) }
                for t in function.results { append(t) }
            case .structure(let fields):
                key.append(-17)
                key.append(fields.count)
                for field in fields { append(field) }
            case .array(let element):
                key.append(-18)
                append(element)
            }
        }
        return key
    }

    /// At least the length of the key of `group`: up to six words per type, two per value type, three per field.
    private static func capacity(_ group: ArraySlice<DefinedType>) -> Int {
        var words = 1
        for type in group {
            switch type.body {
            case .function(let function): words += 6 + 2 * (function.parameters.count + function.results.count)
            case .structure(let fields): words += 5 + 3 * fields.count
            case .array: words += 7
            }
        }
        return words
    }

    static func hash(_ key: [Int]) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for word in key {
            h ^= UInt64(bitPattern: Int64(word))
            h = h &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: h >> 1)
    }
}

extension HeapType {
    /// A small number for each abstract heap type (keys and names).
    var code: Int {
        switch self {
        case .function: return 0
        case .extern: return 1
        case .exception: return 2
        case .noFunction: return 3
        case .noExtern: return 4
        case .any: return 5
        case .eq: return 6
        case .i31: return 7
        case .structure: return 8
        case .array: return 9
        case .noneType: return 10
        case .index(let index): return 11 + index
        }
    }
}

/// Recursive groups by key, each with the id of its first type: a small open hash table (Embedded Swift has no
/// `Dictionary` the kernel wants to pay hashing seeds for).
struct GroupTable {
    /// Each group's key and the id of its first type.
    private var entries: [(key: [Int], id: Int)] = []
    /// Entry index + 1 per bucket, 0 when empty; a power of two long once anything is inserted.
    private var buckets: [Int] = []

    func find(_ key: [Int]) -> Int? {
        guard !buckets.isEmpty else { return nil }
        let mask = buckets.count - 1
        var b = TypeKey.hash(key) & mask
        while buckets[b] != 0 {
            if entries[buckets[b] - 1].key == key { return entries[buckets[b] - 1].id }
            b = (b + 1) & mask
        }
        return nil
    }

    mutating func insert(_ key: [Int], id: Int) {
        entries.reserveGrowing(by: 1)
        entries.append((key, id))
        if entries.count * 2 > buckets.count {
            buckets = [Int](repeating: 0, count: max(16, buckets.count * 2))
            for entry in entries.indices { place(entry) }
        } else {
            place(entries.count - 1)
        }
    }

    private mutating func place(_ entry: Int) {
        let mask = buckets.count - 1
        var b = TypeKey.hash(entries[entry].key) & mask
        while buckets[b] != 0 { b = (b + 1) & mask }
        buckets[b] = entry + 1
    }

    /// Bytes held, roughly, for an embedder that charges them.
    var footprint: Int { entries.reduce(0) { $0 + 40 + 8 * $1.key.count } + 8 * buckets.count }
}

extension Array {
    /// Room for `count` more elements, in one allocation of at least eight: a store's tables start small and
    /// grow a few entries at a time, where appending alone would reallocate at one, two and four.
    mutating func reserveGrowing(by count: Int) {
        let needed = self.count + count
        if needed > capacity { reserveCapacity(Swift.max(8, needed, 2 * capacity)) }
    }
}

/// What a slot of an object holds for the collector (`Store.collect`): a number (or a function reference, which
/// nothing collects), a reference of the any or extern hierarchy (a struct, an array, an i31 or a host value), or
/// an exnref.
enum SlotKind: UInt8 {
    case plain, object, exception

    /// The kind of a value of `type`, concrete types looked up in `types`.
    init(_ type: ValueType, in types: [DefinedType]) {
        switch type.top(in: types) {
        case .exception?: self = .exception
        case .any?, .extern?: self = .object
        default: self = .plain
        }
    }
}

/// What the collector scans in the objects of one type: a struct's kinds slot by slot, or an array's one kind for
/// every slot (an array of v128s, two slots an element, holds numbers alone).
struct ObjectScan {
    var kinds: [SlotKind]
    var isArray: Bool
    /// The slots of an array's element: 2 for a v128, else 1.
    var stride: Int

    init(_ type: DefinedType, in types: [DefinedType]) {
        switch type.body {
        case .function:
            (kinds, isArray, stride) = ([], false, 1)
        case .structure(let fields):
            kinds = []
            for field in fields {
                kinds.append(SlotKind(field.unpacked, in: types))
                if field.slotCount == 2 { kinds.append(.plain) }
            }
            (isArray, stride) = (false, 1)
        case .array(let element):
            (kinds, isArray, stride) = ([SlotKind(element.unpacked, in: types)], true, element.slotCount)
        }
    }
}

/// The store's types: one id per distinct type of every instance, with its supertype's id and its kind, so that
/// casts, call_indirect and import matching across modules compare ids and walk declared supertypes.
final class TypeRegistry {
    /// What the store knows of a type, by id.
    struct Record {
        /// The declared supertype's id, -1 for none.
        var supertype: Int
        /// The abstract heap type of its values.
        var kind: HeapType
        /// What the collector scans in objects of the type.
        var scan: ObjectScan
    }

    private var groups = GroupTable()
    private(set) var records: [Record] = []

    /// The ids of a module's types, registering the groups not seen before.
    func register(_ types: [DefinedType]) -> [Int] {
        var ids: [Int] = []
        ids.reserveCapacity(types.count)
        var start = 0
        while start < types.count {
            let count = types[start].groupCount
            // A host function's type names no module's types: a reference by index there matches nothing.
            let key = TypeKey.make(types, group: start, outside: { $0 < ids.count ? ids[$0] : Int.min })
            if let first = groups.find(key) {
                for k in 0..<count { ids.append(first + k) }
            } else {
                let first = records.count
                for k in 0..<count { ids.append(first + k) }
                records.reserveGrowing(by: count)
                for k in 0..<count {
                    let type = types[start + k]
                    records.append(Record(supertype: type.supertype.map { ids[$0] } ?? -1, kind: type.abstract,
                                          scan: ObjectScan(type, in: types)))
                }
                groups.insert(key, id: first)
            }
            start += count
        }
        return ids
    }

    /// The id of a function type alone in its group and final (a host function's or a host tag's).
    func register(plain function: FunctionType) -> Int {
        let type = DefinedType(body: .function(function), supertype: nil, isFinal: true, groupStart: 0, groupCount: 1,
                               canonical: 0)
        return register([type])[0]
    }

    /// Whether type `a` is type `b` or declares it as a supertype, directly or not.
    func isSubtype(_ a: Int, of b: Int) -> Bool {
        var type = a
        while type >= 0 {
            if type == b { return true }
            type = records[type].supertype
        }
        return false
    }

    var footprint: Int { groups.footprint + records.reduce(0) { $0 + 64 + $1.scan.kinds.count } }
}

extension TypeRegistry {
    /// The hierarchy of `type`, its concrete heap type (if any) indexing `ids`.
    func top(of type: ValueType, _ ids: [Int]) -> HeapType? {
        if case .index(let index)? = type.heap, index < ids.count, records[ids[index]].kind != .function { return .any }
        return type.top
    }

    /// Whether `a` (concrete references in `aIds`) equals `b` (in `bIds`).
    func equal(_ a: ValueType, _ aIds: [Int], _ b: ValueType, _ bIds: [Int]) -> Bool {
        if case .index(let x)? = a.heap, case .index(let y)? = b.heap {
            return a.isNullable == b.isNullable && x < aIds.count && y < bIds.count && aIds[x] == bIds[y]
        }
        return a == b
    }

    /// Whether `a` (concrete references in `aIds`) is a subtype of `b` (in `bIds`).
    func isSubtype(_ a: ValueType, _ aIds: [Int], _ b: ValueType, _ bIds: [Int]) -> Bool {
        guard let heapA = a.heap, let heapB = b.heap else { return a == b }
        if a.isNullable && !b.isNullable { return false }
        switch (heapA, heapB) {
        case (.index(let x), .index(let y)):
            return x < aIds.count && y < bIds.count && isSubtype(aIds[x], of: bIds[y])
        case (.index(let x), _):
            guard x < aIds.count else { return false }
            return HeapType.isAbstractSubtype(records[aIds[x]].kind, of: heapB)
        case (_, .index(let y)):
            guard y < bIds.count else { return false }
            return heapA == HeapType.bottom(of: records[bIds[y]].kind)
        default:
            return HeapType.isAbstractSubtype(heapA, of: heapB)
        }
    }
}

extension HeapType {
    /// The bottom of an abstract type's hierarchy.
    static func bottom(of type: HeapType) -> HeapType {
        switch type {
        case .function, .noFunction: return .noFunction
        case .extern, .noExtern: return .noExtern
        case .exception: return .exception
        default: return .noneType
        }
    }

    /// Subtyping between abstract heap types: `none <: i31, struct, array <: eq <: any`, the bottoms below their
    /// tops.
    static func isAbstractSubtype(_ a: HeapType, of b: HeapType) -> Bool {
        if a == b { return true }
        switch (a, b) {
        case (.noFunction, .function), (.noExtern, .extern): return true
        case (.noneType, .any), (.noneType, .eq), (.noneType, .i31), (.noneType, .structure), (.noneType, .array): return true
        case (.i31, .any), (.i31, .eq), (.structure, .any), (.structure, .eq), (.array, .any), (.array, .eq): return true
        case (.eq, .any): return true
        default: return false
        }
    }
}
