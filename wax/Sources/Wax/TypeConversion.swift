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
        case .abstract:
            throw ModuleError(.unsupported(feature: "gc"), "GC reference types")
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

    static func functionType(_ group: RecursiveGroup) throws(ModuleError) -> FunctionType {
        guard group.types.count == 1, let sub = group.types.first, sub.isFinal, sub.supertypes.isEmpty else {
            throw ModuleError(.unsupported(feature: "gc"), "recursive or sub types")
        }
        guard case .function(let function) = sub.body else {
            throw ModuleError(.unsupported(feature: "gc"), "struct and array types")
        }
        var parameters: [ValueType] = []
        for p in function.parameters { parameters.append(try valueType(p)) }
        var results: [ValueType] = []
        for r in function.results { results.append(try valueType(r)) }
        return FunctionType(parameters: parameters, results: results)
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
