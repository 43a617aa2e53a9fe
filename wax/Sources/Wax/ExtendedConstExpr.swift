import WasmParser

/// One step of an extended constant expression (`ConstExpr.sequence`): a value to push, or arithmetic on the two
/// values on top.
enum ConstTerm {
    case value(ConstExpr)
    case arithmetic(ConstArithmetic)
}

/// The arithmetic the extended-const proposal allows in constant expressions.
enum ConstArithmetic {
    case i32Add, i32Sub, i32Mul, i64Add, i64Sub, i64Mul

    init?(_ instruction: Instruction) {
        switch instruction {
        case .binary(.i32Add): self = .i32Add
        case .binary(.i32Sub): self = .i32Sub
        case .binary(.i32Mul): self = .i32Mul
        case .binary(.i64Add): self = .i64Add
        case .binary(.i64Sub): self = .i64Sub
        case .binary(.i64Mul): self = .i64Mul
        default: return nil
        }
    }

    /// The type of both operands and of the result.
    var type: ValueType {
        switch self {
        case .i32Add, .i32Sub, .i32Mul: return .i32
        case .i64Add, .i64Sub, .i64Mul: return .i64
        }
    }

    /// The result's slot; i32 results stay zero-extended, as every i32 slot is.
    func apply(_ x: UInt64, _ y: UInt64) -> UInt64 {
        switch self {
        case .i32Add: return UInt64(UInt32(truncatingIfNeeded: x) &+ UInt32(truncatingIfNeeded: y))
        case .i32Sub: return UInt64(UInt32(truncatingIfNeeded: x) &- UInt32(truncatingIfNeeded: y))
        case .i32Mul: return UInt64(UInt32(truncatingIfNeeded: x) &* UInt32(truncatingIfNeeded: y))
        case .i64Add: return x &+ y
        case .i64Sub: return x &- y
        case .i64Mul: return x &* y
        }
    }
}

extension Instantiation {
    /// Runs a validated extended constant expression: its values are pushed, its arithmetic combines the top two.
    static func evaluate(_ terms: [ConstTerm], instance: Instance) -> UInt64 {
        var stack: [UInt64] = []
        for term in terms {
            switch term {
            case .value(let value):
                stack.append(evaluate(value, instance: instance))
            case .arithmetic(let arithmetic):
                let y = stack.removeLast()
                stack[stack.count - 1] = arithmetic.apply(stack[stack.count - 1], y)
            }
        }
        return stack[0]
    }
}

extension Footprint {
    /// The terms of the extended constant expressions (globals', segments' offsets; an element item is a
    /// reference, never arithmetic), which live on the heap beside the expressions themselves.
    static func extendedConstantBytes(of parts: ModuleParts) -> Int {
        var total = 0
        for initializer in parts.globalInitializers { total += bytes(initializer) }
        for segment in parts.elements { if case .active(_, let offset) = segment.mode { total += bytes(offset) } }
        for segment in parts.data { if case .active(_, let offset) = segment.mode { total += bytes(offset) } }
        return total
    }

    static func bytes(_ expression: ConstExpr) -> Int {
        if case .sequence(let terms) = expression { return bytes(terms) }
        return 0
    }
}
