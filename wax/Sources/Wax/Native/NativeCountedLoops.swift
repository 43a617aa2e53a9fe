import WaxNative

/// Loops that end after a number of iterations known when compiling need no interruption check at their back
/// edge: the checks of the loops and calls around them come soon enough. C compilers emit such a loop for a
/// fixed-size inner loop: matmul's `for (k = 0; k < 128; k++)`, unrolled four times, is a counter from -1024 up
/// by 32 to 0, and its check was 2 of the loop's 34 instructions.
///
/// A counted loop's back edge is an add-and-branch that adds a constant step to a local in its slot and branches
/// while the sum is not a constant bound (`i32AddBrIf`: not zero; `i32AddBrIfNe`), where:
/// - the instructions just before the loop's first run straight on to it, the last of them to write that
///   local copying a constant to it (its start);
/// - no branch from outside the loop lands in it, and only this back edge branches back to its first instruction;
/// - nothing in the loop writes the local, and the loop holds nothing but straight-line instructions (loads,
///   stores, arithmetic, compares, copies: `passesDeferred`) and forward branches: no call, callout or inner loop.
/// It then runs exactly (bound - start) / step times (the sum reaches the bound without wrapping past it), each
/// time through at most its own length in instructions: `countedLoopWork` bounds the product.
extension NativeFunctionCompiler {
    /// The most Wax instructions an entry into a counted loop may run: iterations times the loop's length.
    static let countedLoopWork = 1 << 16

    /// Whether the branch instruction at `position` is a counted loop's back edge (see above).
    func endsCountedLoop(_ op: Op, _ inst: Inst, at position: Int) -> Bool {
        guard op == .i32AddBrIf || op == .i32AddBrIfNe, position + 1 < end,
              let step = inPlaceImmediate(.i32, inst), step != 0 else { return false }
        let test = module.code.base[position + 1]
        var bound: Int32 = 0
        if op == .i32AddBrIfNe {
            // A zero constant is not told from a local (`constant`): such a bound is not known.
            guard let bits = constant(test.a) else { return false }
            bound = Int32(truncatingIfNeeded: bits)
        }
        let counter = inst.a, header = position + 1 + Int(test.c)
        guard counter < firstTemporary, constant(counter) == nil, header > entry, header <= position else { return false }
        guard let start = constantStart(of: counter, before: header) else { return false }
        // The distance wraps as the i32 counter does; a step that divides it reaches the bound at exactly
        // distance / step and not before (every partial sum is smaller than the distance).
        let distance = Int64(bound &- Int32(truncatingIfNeeded: start))
        let (iterations, remainder) = distance.quotientAndRemainder(dividingBy: Int64(step))
        guard remainder == 0, iterations >= 1,
              iterations * Int64(position + 2 - header) <= Self.countedLoopWork else { return false }
        for body in header..<position {
            let inst = module.code.base[body]
            let op = inst.op.withoutAccumulator
            guard op != .operand else { continue }
            var forward = true
            forEachBranchTarget(at: body) { if $0 <= body { forward = false } }
            if Self.passesDeferred[Int(op.rawValue)] && Self.storeWidth(op) == nil || Self.addAndBranch(op) != nil {
                guard inst.a != counter else { return false }
            } else if !Self.forwardBranch(op) && Self.storeWidth(op) == nil {
                return false
            }
            guard forward else { return false }
        }
        for other in entry..<end where other < header || other > position {
            var enters = false
            forEachBranchTarget(at: other) { if $0 >= header && $0 <= position { enters = true } }
            if enters { return false }
        }
        return true
    }

    /// The constant that local `counter` holds on entering the loop at `header` by falling through: the
    /// instructions just before it run straight on (no branch lands between them) and the last of them to write
    /// `counter` copies a constant to it. Nil when it is not one of the few looked at.
    private func constantStart(of counter: Int32, before header: Int) -> Int64? {
        var position = header - 1
        while position >= max(entry, header - 8) {
            let inst = module.code.base[position]
            let op = inst.op.withoutAccumulator
            guard op != .operand, Self.passesDeferred[Int(op.rawValue)] else { return nil }
            if Self.storeWidth(op) == nil && inst.a == counter { return inst.op == .copy ? constant(inst.b) : nil }
            guard !branchTargets[position - entry] else { return nil }
            position -= 1
        }
        return nil
    }

    /// Whether `op` is a conditional branch or jump that a counted loop may hold (when it goes forward).
    private static func forwardBranch(_ op: Op) -> Bool {
        op == .jump || op == .brIf || op == .brIfNot || op == .brIfI64Eqz || op == .brIfI64Nez
            || branchComparison(op) != nil
    }
}
