import WasmParser
import WasmTypes

/// Maps WasmParser's types (which cover WebAssembly 3.0) onto the ones Wax runs, refusing the rest by name.
enum TypeConversion {
    static func valueType(_ type: WasmTypes.ValueType) throws(ModuleError) -> ValueType {
        switch type {
        case .i32: return .i32
        case .i64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        case .v128: return .v128
        case .ref(let reference): return try referenceType(reference)
        }
    }

    static func referenceType(_ type: ReferenceType) throws(ModuleError) -> ValueType {
        ValueType.reference(nullable: type.isNullable, try heapType(type.heapType))
    }

    static func heapType(_ type: WasmTypes.HeapType) throws(ModuleError) -> HeapType {
        switch type {
        case .abstract(.funcRef): return .function
        case .abstract(.externRef): return .extern
        // Without GC's other bottoms, nullexnref is exnref (its only value is the null reference).
        case .abstract(.exnRef), .abstract(.noExn): return .exception
        case .abstract(.noFunc): return .noFunction
        case .abstract(.noExtern): return .noExtern
        case .abstract(.any): return .any
        case .abstract(.eq): return .eq
        case .abstract(.i31): return .i31
        case .abstract(.structRef): return .structure
        case .abstract(.arrayRef): return .array
        case .abstract(.noneRef): return .noneType
        case .concrete(let index):
            return .index(Int(index))
        }
    }

    /// A concrete heap type must name one of the first `count` types of the module.
    static func checkIndexes(_ types: [ValueType], below count: Int) throws(ModuleError) {
        for type in types {
            if case .index(let index)? = type.heap, index >= count { throw ModuleError(.invalid, "unknown type \(index)") }
        }
    }

    /// The type of `ref.null` of `type`.
    static func nullType(_ type: WasmTypes.HeapType) throws(ModuleError) -> ValueType {
        ValueType.reference(nullable: true, try heapType(type))
    }

    /// The types of a recursive group that starts at index `start`, checked against the types before them
    /// (`earlier`): references within the group or before it, at most one supertype, declared before the type,
    /// not final and matched by the type's structure.
    static func definedTypes(_ group: RecursiveGroup, start: Int, earlier: [DefinedType]) throws(ModuleError) -> [DefinedType] {
        let end = start + group.types.count
        var types = earlier
        for sub in group.types {
            let body: DefinedType.Body
            switch sub.body {
            case .function(let function):
                var parameters: [ValueType] = []
                for p in function.parameters { parameters.append(try valueType(p)) }
                var results: [ValueType] = []
                for r in function.results { results.append(try valueType(r)) }
                try checkIndexes(parameters + results, below: end)
                body = .function(FunctionType(parameters: parameters, results: results))
            case .structType(let structure):
                var fields: [FieldType] = []
                for field in structure.fields { fields.append(try fieldType(field, below: end)) }
                body = .structure(fields)
            case .arrayType(let array):
                body = .array(try fieldType(array.element, below: end))
            }
            guard sub.supertypes.count <= 1 else { throw ModuleError(.invalid, "multiple supertypes") }
            let supertype = sub.supertypes.first.map { Int($0) }
            if let supertype, supertype >= types.count {
                throw ModuleError(.invalid, supertype >= end ? "unknown type \(supertype)" : "sub type")
            }
            types.append(DefinedType(body: body, supertype: supertype, isFinal: sub.isFinal, groupStart: start,
                                     groupCount: group.types.count, canonical: types.count))
        }
        return Array(types[start...])
    }

    /// Checks every type of the group that ends the module's types so far (canonical indexes already set) against
    /// its declared supertype.
    static func checkSupertypes(_ types: [DefinedType], group start: Int) throws(ModuleError) {
        for index in start..<types.count {
            guard let supertype = types[index].supertype else { continue }
            let declared = types[supertype]
            guard !declared.isFinal, matches(types[index].body, declared.body, types) else {
                throw ModuleError(.invalid, "sub type \(index) does not match its supertype \(supertype)")
            }
        }
    }

    /// Structural subtyping of type bodies: function parameters contravariant and results covariant, struct
    /// fields a prefix, immutable fields covariant and mutable ones equal.
    static func matches(_ a: DefinedType.Body, _ b: DefinedType.Body, _ types: [DefinedType]) -> Bool {
        switch (a, b) {
        case (.function(let f), .function(let g)):
            guard f.parameters.count == g.parameters.count, f.results.count == g.results.count else { return false }
            for (x, y) in zip(f.parameters, g.parameters) where !y.isSubtype(of: x, types: types) { return false }
            for (x, y) in zip(f.results, g.results) where !x.isSubtype(of: y, types: types) { return false }
            return true
        case (.structure(let f), .structure(let g)):
            guard f.count >= g.count else { return false }
            for (x, y) in zip(f, g) where !fieldMatches(x, y, types) { return false }
            return true
        case (.array(let x), .array(let y)):
            return fieldMatches(x, y, types)
        default:
            return false
        }
    }

    static func fieldMatches(_ a: FieldType, _ b: FieldType, _ types: [DefinedType]) -> Bool {
        guard a.isMutable == b.isMutable else { return false }
        switch (a.storage, b.storage) {
        case (.value(let x), .value(let y)):
            return a.isMutable ? x.isSubtype(of: y, types: types) && y.isSubtype(of: x, types: types)
                               : x.isSubtype(of: y, types: types)
        default:
            return a.storage == b.storage
        }
    }

    static func fieldType(_ field: WasmTypes.FieldType, below end: Int) throws(ModuleError) -> FieldType {
        let storage: FieldType.Storage
        switch field.storage {
        case .packed(.i8): storage = .i8
        case .packed(.i16): storage = .i16
        case .value(let type):
            let converted = try valueType(type)
            try checkIndexes([converted], below: end)
            storage = .value(converted)
        }
        return FieldType(storage: storage, isMutable: field.isMutable)
    }

    static func limits(_ limits: WasmParser.Limits) throws(ModuleError) -> Limits {
        if limits.shared { throw ModuleError(.unsupported(feature: "threads"), "shared memory") }
        return Limits(min: limits.min, max: limits.max, is64: limits.isMemory64)
    }

    static func tableType(_ type: WasmParser.TableType) throws(ModuleError) -> TableType {
        let element = try referenceType(type.elementType)
        let limits = try limits(type.limits)
        if let max = limits.max, limits.min > max {
            throw ModuleError(.invalid, "size minimum must not be greater than maximum")
        }
        return TableType(element: element, limits: limits)
    }

    static func memoryType(_ type: WasmParser.Limits) throws(ModuleError) -> Limits {
        let limits = try limits(type)
        // A 32-bit memory spans at most 4 GiB, a 64-bit one 2^48 pages (2^64 bytes).
        let pages: UInt64 = limits.is64 ? 1 << 48 : 65536
        if limits.min > pages || (limits.max ?? 0) > pages {
            throw ModuleError(.invalid, limits.is64 ? "memory size must be at most 2^48 pages"
                                                    : "memory size must be at most 65536 pages (4GiB)")
        }
        if let max = limits.max, limits.min > max {
            throw ModuleError(.invalid, "size minimum must not be greater than maximum")
        }
        return limits
    }

    static func globalType(_ type: WasmParser.GlobalType) throws(ModuleError) -> GlobalType {
        GlobalType(value: try valueType(type.valueType), isMutable: type.mutability == .variable)
    }
}
