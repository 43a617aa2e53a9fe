import WasmParser

/// Validates the constant expressions of globals, element and data segments.
enum ConstExprValidator {
    /// `definingGlobal` is the index of the global being initialised, if any: it and later globals are not yet
    /// defined.
    static func validate(_ expression: ConstExpression, type: ValueType, parts: inout ModuleParts,
                         definingGlobal: Int?) throws(ModuleError) -> ConstExpr {
        guard let last = expression.last, case .end = last else {
            throw ModuleError(.malformed, "constant expression without end")
        }
        guard expression.count == 2 else {
            if expression.count == 1 { throw ModuleError(.invalid, "type mismatch: empty constant expression") }
            for instruction in expression where isExtendedConstant(instruction) {
                throw ModuleError(.unsupported(feature: "extended-const"), "arithmetic in constant expressions")
            }
            throw ModuleError(.invalid, "constant expression required")
        }
        let result: ConstExpr
        let resultType: ValueType
        switch expression[0] {
        case .i32Const(let v):
            result = .slot(UInt64(UInt32(bitPattern: v))); resultType = .i32
        case .i64Const(let v):
            result = .slot(UInt64(bitPattern: v)); resultType = .i64
        case .f32Const(let v):
            result = .slot(UInt64(v.bitPattern)); resultType = .f32
        case .f64Const(let v):
            result = .slot(v.bitPattern); resultType = .f64
        case .refNull(let heap):
            result = .slot(Slot.null); resultType = try TypeConversion.heapType(heap)
        case .refFunc(let index):
            guard Int(index) < parts.functionTypes.count else { throw ModuleError(.invalid, "unknown function \(index)") }
            parts.declareReference(Int(index))
            result = .refFunc(Int(index)); resultType = .funcRef
        case .globalGet(let index):
            let i = Int(index)
            let limit = definingGlobal ?? parts.globals.count
            guard i < limit, i < parts.globals.count else { throw ModuleError(.invalid, "unknown global \(index)") }
            guard !parts.globals[i].isMutable else { throw ModuleError(.invalid, "constant expression required") }
            guard i < parts.importedGlobalCount else {
                throw ModuleError(.unsupported(feature: "gc"), "global.get of a module-defined global in a constant expression")
            }
            result = .globalGet(i); resultType = parts.globals[i].value
        case .v128Const:
            throw ModuleError(.unsupported(feature: "simd"), "v128 constants")
        case .refI31, .structNew, .structNewDefault, .arrayNew, .arrayNewDefault, .arrayNewFixed, .anyConvertExtern,
             .externConvertAny:
            throw ModuleError(.unsupported(feature: "gc"), "GC instructions in constant expressions")
        case let other where isExtendedConstant(other):
            throw ModuleError(.unsupported(feature: "extended-const"), "arithmetic in constant expressions")
        default:
            throw ModuleError(.invalid, "constant expression required")
        }
        guard resultType == type else {
            throw ModuleError(.invalid, "type mismatch: constant expression of \(resultType.name), expected \(type.name)")
        }
        return result
    }

    static func isExtendedConstant(_ instruction: Instruction) -> Bool {
        switch instruction {
        case .binary(.i32Add), .binary(.i32Sub), .binary(.i32Mul), .binary(.i64Add), .binary(.i64Sub), .binary(.i64Mul):
            return true
        default:
            return false
        }
    }
}
