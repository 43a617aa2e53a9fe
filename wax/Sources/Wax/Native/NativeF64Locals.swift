import WaxNative

/// f64 locals kept in SSE registers for the whole function (their home, xmm15 down), not in their slots: every
/// local.set, tee and get of them in a loop is then a register, as an optimizing compiler keeps them, where
/// write-through stored each result to its slot (mandelbrot's inner loop stored six f64 locals per two
/// iterations, nbody's pair loop five).
///
/// The register is the value; the slot is stale. The templates that know homes read and write the register:
/// f64 arithmetic and compares (`cachedXMM`, `f64ResultRegister`, `storeComputed`), copies, qword loads into and
/// stores from them. Any other template that asks for a home's slot (`slot(_:)`, `bind`) is compiled again after
/// the register is stored to the slot, and the register is loaded from the slot after it (it may have written it:
/// `compileAfterUnstoredResult`). Callouts may read or write any slot and clobber every SSE register: the homes are
/// stored before them and loaded after (`outOfLine`, calls, the interruption check's slow path). A home's slot is
/// loaded once at entry, after the prologue wrote the frame image.
///
/// The locals chosen are those f64 arithmetic reads or writes and that only the templates above name
/// (`findHomes`), those named most in the innermost loops first, up to `homeRegisters`.
extension NativeFunctionCompiler {
    /// The registers homes take, the first ones first: from the top, so that f64 temporaries (`deferred`,
    /// `held`) keep xmm2-5 at least.
    static let homeRegisters: [XMM] = [.xmm15, .xmm14, .xmm13, .xmm12, .xmm11, .xmm10, .xmm9, .xmm8, .xmm7, .xmm6]

    /// The home register of slot `index`, if it has one.
    func home(_ index: Int32) -> XMM? {
        index >= 0 && index < homeOfSlot.count ? homeOfSlot[Int(index)] : nil
    }

    /// Whether `register` is some local's home.
    func isHome(_ register: XMM) -> Bool {
        homes.contains { $0.register == register }
    }

    /// Chooses the function's homes (`homes`, `homeOfSlot`): locals and parameters (below the first temporary,
    /// not constants) named by f64 arithmetic or an f64 compare, every other instruction that names them being a
    /// copy, a qword load into them or a qword store of them, and named in loops more than calls run. The fields an
    /// instruction does not read as slots (offsets, immediates) are skipped where known; operand words count as
    /// instructions, which can only choose fewer.
    mutating func findHomes() {
        homes.removeAll()
        homeOfSlot.removeAll()
        let count = Int(firstTemporary)
        // Most functions have no f64 arithmetic: one look at each instruction rules them out (the rest of this
        // scan was 6% of `wax compile`'s native compile of sh.wasm under callgrind when every function took it).
        let arithmeticOps = Self.f64Arithmetic
        guard count > 0, (entry..<end).contains(where: {
            arithmeticOps[Int(module.code.base[$0].op.withoutAccumulator.rawValue)]
        }) else { return }
        var named = [Int](repeating: 0, count: count), foreign = [Bool](repeating: false, count: count)
        var arithmetic = [Bool](repeating: false, count: count)
        // Each position's loop depth, from the back edges that span it (a difference array), weighs its names:
        // the innermost loop's locals first.
        var depthChange = [Int](repeating: 0, count: end - entry + 1)
        for position in entry..<end {
            forEachBranchTarget(at: position) { target in
                guard target >= entry && target <= position else { return }
                depthChange[target - entry] += 1
                depthChange[position + 1 - entry] -= 1
            }
        }
        var weight = 1, depth = 0, calls = 0
        func note(_ slot: Int32, _ kind: Int) {
            guard slot >= 0 && Int(slot) < count else { return }
            if kind == 0 { foreign[Int(slot)] = true }
            named[Int(slot)] += weight
            if kind == 2 { arithmetic[Int(slot)] = true }
        }
        for position in entry..<end {
            depth += depthChange[position - entry]
            weight = 1 << (4 * min(depth, 6))
            let inst = module.code.base[position]
            let op = inst.op.withoutAccumulator
            switch op {
            case .call, .callIndirect, .returnCall, .returnCallIndirect:
                calls += weight
            case .copy:
                note(inst.a, 1)
                note(inst.b, 1)
            case .i64Load, .i64LoadIndexed:
                note(inst.a, 1)
                note(inst.b, 0)
                if op == .i64LoadIndexed { note(inst.c, 0) }
            case .i64Store:
                note(inst.a, 0)
                note(inst.b, 1)
            case .i64StoreIndexed:
                note(inst.a, 0)
                note(inst.b, 0)
                note(inst.c, 1)
            case .const64, .jump, .loopJump:
                note(inst.a, 0)
            case .ret:
                // A home returned is stored first (`ret`); b is a count.
                note(inst.a, 1)
            case .zeroSlots:
                // Out of line, at entry: a and b are a range, which the homes are loaded from after it.
                break
            default:
                if let (operation, precision) = Self.floatArithmetic(op), precision == .double {
                    note(inst.a, 2)
                    note(inst.b, 2)
                    if operation != .sqrt { note(inst.c, 2) }
                } else if let (_, precision, _) = Self.floatComparison(op), precision == .double {
                    note(inst.a, 0)
                    note(inst.b, 2)
                    note(inst.c, 2)
                } else if let (comparison, _) = Self.branchComparison(op) {
                    let kind = Self.floatComparison(comparison)?.1 == .double ? 2 : 0
                    note(inst.a, kind)
                    note(inst.b, kind)
                } else if Self.branchesByOffset(op) {
                    // A br_if's condition (b is unused, c an offset).
                    note(inst.a, 0)
                } else if Self.loadKind(op) != nil || Self.storeWidth(op) != nil {
                    note(inst.a, 0)
                    note(inst.b, 0)
                    if Self.indexedOps.contains(op) { note(inst.c, 0) }
                } else {
                    note(inst.a, 0)
                    note(inst.b, 0)
                    note(inst.c, 0)
                }
            }
        }
        // A call stores and loads every home: a local named less than four times as often as calls run would
        // cost more there than it saves.
        let chosen = (0..<count).filter {
            arithmetic[$0] && !foreign[$0] && constant(Int32($0)) == nil && named[$0] > 4 * calls
        }
            .sorted { named[$0] > named[$1] }.prefix(Self.homeRegisters.count)
        guard !chosen.isEmpty else { return }
        homeOfSlot = [XMM?](repeating: nil, count: count)
        for (slot, register) in zip(chosen, Self.homeRegisters) {
            homes.append((Int32(slot), register))
            homeOfSlot[slot] = register
        }
    }

    /// Whether each op, by `Op.rawValue`, is f64 arithmetic (`floatArithmetic`) or an f64 compare, plain or fused
    /// with a branch: what names a home.
    static let f64Arithmetic: [Bool] = {
        var ops: [Op] = []
        while let op = Op(rawValue: UInt16(ops.count)) { ops.append(op) }
        return ops.map { op in
            let comparison = branchComparison(op)?.comparison ?? op
            return floatArithmetic(op)?.1 == .double || floatComparison(comparison)?.1 == .double
        }
    }()

    /// Stores every home to its slot (before a callout, which may read any slot).
    mutating func storeHomes() {
        for (slot, register) in homes { asm.movs(.double, Address(frame, slot * 8), register) }
    }

    /// Loads every home from its slot (at entry, and after a callout, which may write any slot and clobbers the
    /// SSE registers).
    mutating func loadHomes() {
        for (slot, register) in homes { asm.movs(.double, register, Address(frame, slot * 8)) }
    }

    /// The homes among the slots the instruction just compiled asked for (`SlotWatch.addressed`, `bind`).
    func homesAddressed() -> [(slot: Int32, register: XMM)] {
        homes.filter { home in unstoredReads.addressed.contains(home.slot) }
    }
}
