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
        case .refI31, .structNew, .structNewDefault, .arrayNew, .arrayNewDefault, .arrayNewFixed, .anyConvertExtern,
             .externConvertAny:
            throw ModuleError(.unsupported(feature: "gc"), "GC instructions in constant expressions")
        default:
            throw ModuleError(.invalid, "constant expression required")
        }
    }
}
