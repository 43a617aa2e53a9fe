import WasmParser

/// One step of an extended constant expression (`ConstExpr.sequence`): a value to push, or arithmetic on the two
/// values on top.
enum ConstTerm {
    case value(ConstExpr)
    case arithmetic(ConstArithmetic)
    /// A GC instruction (`GCOp.refI31`, `.convert`, `.structNew`, `.structNewDefault`, `.arrayNew`,
    /// `.arrayNewDefault`, `.arrayNewFixed`) of type `typeIndex` on the top `count` values.
    case gc(GCOp, typeIndex: Int, count: Int)
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
    /// GC allocations stay pinned in the store (`Store.gcPinned`) until the instantiation ends, so that a
    /// collection on the way keeps what is not yet in a global, table or segment.
    static func evaluate(_ terms: [ConstTerm], instance: Instance) throws(Trap) -> UInt64 {
        // With the high halves of v128 values (a v128.const operand of struct.new), 0 for the others.
        var stack: [UInt64] = [], highs: [UInt64] = []
        for term in terms {
            switch term {
            case .value(let value):
                stack.append(try evaluate(value, instance: instance))
                highs.append(shadow(of: value, instance: instance))
            case .arithmetic(let arithmetic):
                let y = stack.removeLast()
                highs.removeLast()
                stack[stack.count - 1] = arithmetic.apply(stack[stack.count - 1], y)
            case .gc(let op, let typeIndex, let count):
                let operands = Array(stack[(stack.count - count)...])
                let operandHighs = Array(highs[(highs.count - count)...])
                stack.removeLast(count)
                highs.removeLast(count)
                stack.append(try instance.store.evaluateGC(op, typeIndex: typeIndex, operands, highs: operandHighs, instance))
                highs.append(0)
            }
        }
        return stack[0]
    }
}

extension Footprint {
    /// The terms of the extended constant expressions (globals', segments' offsets and GC element items), which
    /// live on the heap beside the expressions themselves.
    static func extendedConstantBytes(of parts: ModuleParts) -> Int {
        var total = 0
        for initializer in parts.globalInitializers { total += bytes(initializer) }
        for segment in parts.elements {
            if case .active(_, let offset) = segment.mode { total += bytes(offset) }
            // An item is a reference, or (GC) an allocation with its operands.
            for item in segment.items { total += bytes(item) }
        }
        for segment in parts.data { if case .active(_, let offset) = segment.mode { total += bytes(offset) } }
        return total
    }

    static func bytes(_ expression: ConstExpr) -> Int {
        if case .sequence(let terms) = expression { return bytes(terms) }
        return 0
    }
}
