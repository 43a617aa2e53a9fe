import WasmParser

/// Validates the constant expressions of globals, element and data segments: constants, references, reads of
/// immutable globals, and (extended-const) i32 and i64 add, sub and mul over them.
enum ConstExprValidator {
    /// `definingGlobal` is the index of the global being initialised, if any: it and later globals are not yet
    /// defined.
    static func validate(_ expression: ConstExpression, type: ValueType, parts: inout ModuleParts,
                         definingGlobal: Int?) throws(ModuleError) -> ConstExpr {
        guard let last = expression.last, case .end = last else {
            throw ModuleError(.malformed, "constant expression without end")
        }
        if expression.count == 1 { throw ModuleError(.invalid, "type mismatch: empty constant expression") }
        var types: [ValueType] = []
        var terms: [ConstTerm] = []
        for instruction in expression.dropLast() {
            if let arithmetic = ConstArithmetic(instruction) {
                let operand = arithmetic.type
                guard types.count >= 2, types[types.count - 1] == operand, types[types.count - 2] == operand else {
                    throw ModuleError(.invalid, "type mismatch: \(operand.name) arithmetic without two \(operand.name) operands")
                }
                types.removeLast()
                terms.append(.arithmetic(arithmetic))
            } else if let term = try gcTerm(instruction, &types, parts: parts) {
                terms.append(term)
            } else {
                let (value, valueType) = try operand(instruction, parts: &parts, definingGlobal: definingGlobal)
                types.append(valueType)
                terms.append(.value(value))
            }
        }
        guard types.count == 1 else {
            throw ModuleError(.invalid, "type mismatch: constant expression leaves \(types.count) values")
        }
        guard types[0].isSubtype(of: type, types: parts.definedTypes) else {
            throw ModuleError(.invalid, "type mismatch: constant expression of \(types[0].name), expected \(type.name)")
        }
        if terms.count == 1, case .value(let value) = terms[0] { return value }
        return .sequence(terms)
    }

    /// A GC instruction allowed in constant expressions, its operands taken from `types` and its result pushed
    /// there; nil for any other instruction.
    static func gcTerm(_ instruction: Instruction, _ types: inout [ValueType], parts: ModuleParts) throws(ModuleError) -> ConstTerm? {
        func pop(_ expected: [ValueType]) throws(ModuleError) {
            guard types.count >= expected.count else { throw ModuleError(.invalid, "type mismatch: constant expression operand missing") }
            for (actual, type) in zip(types[(types.count - expected.count)...], expected) where !actual.isSubtype(of: type, types: parts.definedTypes) {
                throw ModuleError(.invalid, "type mismatch: constant expression operand \(actual.name), expected \(type.name)")
            }
            types.removeLast(expected.count)
        }
        func body(_ typeIndex: UInt32) throws(ModuleError) -> DefinedType.Body {
            guard Int(typeIndex) < parts.definedTypes.count else { throw ModuleError(.invalid, "unknown type \(typeIndex)") }
            return parts.definedTypes[Int(typeIndex)].body
        }
        func fields(_ typeIndex: UInt32) throws(ModuleError) -> [FieldType] {
            guard case .structure(let fields) = try body(typeIndex) else { throw ModuleError(.invalid, "type mismatch: not a struct type") }
            return fields
        }
        func element(_ typeIndex: UInt32) throws(ModuleError) -> FieldType {
            guard case .array(let element) = try body(typeIndex) else { throw ModuleError(.invalid, "type mismatch: not an array type") }
            return element
        }
        let reference = { (typeIndex: UInt32) in ValueType.ref(nullable: false, heap: .index(Int(typeIndex))) }
        switch instruction {
        case .refI31:
            try pop([.i32])
            types.append(.ref(nullable: false, heap: .i31))
            return .gc(.refI31, typeIndex: 0, count: 1)
        case .anyConvertExtern:
            let nullable = types.last?.isNullable ?? true
            try pop([.externRef])
            types.append(.ref(nullable: nullable, heap: .any))
            return .gc(.convert, typeIndex: 0, count: 1)
        case .externConvertAny:
            let nullable = types.last?.isNullable ?? true
            try pop([.ref(nullable: true, heap: .any)])
            types.append(nullable ? .externRef : .ref(nullable: false, heap: .extern))
            return .gc(.convert, typeIndex: 0, count: 1)
        case .structNew(let typeIndex):
            let fields = try fields(typeIndex)
            try pop(fields.map { $0.unpacked })
            types.append(reference(typeIndex))
            return .gc(.structNew, typeIndex: Int(typeIndex), count: fields.count)
        case .structNewDefault(let typeIndex):
            let fields = try fields(typeIndex)
            guard fields.allSatisfy({ $0.unpacked.isDefaultable }) else { throw ModuleError(.invalid, "type mismatch: field without a default") }
            types.append(reference(typeIndex))
            return .gc(.structNewDefault, typeIndex: Int(typeIndex), count: 0)
        case .arrayNew(let typeIndex):
            try pop([try element(typeIndex).unpacked, .i32])
            types.append(reference(typeIndex))
            return .gc(.arrayNew, typeIndex: Int(typeIndex), count: 2)
        case .arrayNewDefault(let typeIndex):
            guard try element(typeIndex).unpacked.isDefaultable else { throw ModuleError(.invalid, "type mismatch: element without a default") }
            try pop([.i32])
            types.append(reference(typeIndex))
            return .gc(.arrayNewDefault, typeIndex: Int(typeIndex), count: 1)
        case .arrayNewFixed(let typeIndex, let size):
            guard size <= 10_000 else { throw ModuleError(.invalid, "array.new_fixed of \(size) elements") }
            try pop([ValueType](repeating: try element(typeIndex).unpacked, count: Int(size)))
            types.append(reference(typeIndex))
            return .gc(.arrayNewFixed, typeIndex: Int(typeIndex), count: Int(size))
        default:
            return nil
        }
    }

    /// One instruction that pushes a value, and the value's type.
    static func operand(_ instruction: Instruction, parts: inout ModuleParts,
                        definingGlobal: Int?) throws(ModuleError) -> (ConstExpr, ValueType) {
        switch instruction {
        case .i32Const(let v):
            return (.slot(UInt64(UInt32(bitPattern: v))), .i32)
        case .i64Const(let v):
            return (.slot(UInt64(bitPattern: v)), .i64)
        case .f32Const(let v):
            return (.slot(UInt64(v.bitPattern)), .f32)
        case .f64Const(let v):
            return (.slot(v.bitPattern), .f64)
        case .refNull(let heap):
            return (.slot(Slot.null), try TypeConversion.nullType(heap))
        case .refFunc(let index):
            guard Int(index) < parts.functionTypes.count else { throw ModuleError(.invalid, "unknown function \(index)") }
            parts.declareReference(Int(index))
            return (.refFunc(Int(index)), .ref(nullable: false, heap: .index(parts.functionTypes[Int(index)])))
        case .globalGet(let index):
            // Any earlier immutable global, imported or defined (WebAssembly 3.0).
            let i = Int(index)
            let limit = definingGlobal ?? parts.globals.count
            guard i < limit, i < parts.globals.count else { throw ModuleError(.invalid, "unknown global \(index)") }
            guard !parts.globals[i].isMutable else { throw ModuleError(.invalid, "constant expression required") }
            return (.globalGet(i), parts.globals[i].value)
        case .v128Const(let value):
            let (low, high) = V128Bits.halves(value)
            return (.v128(low, high), .v128)
        default:
            throw ModuleError(.invalid, "constant expression required")
        }
    }
}
