import WaxNative

/// How a load reads memory: its width and how it extends into the slot.
enum NativeLoad {
    case zeroExtend(MemoryWidth)
    case signExtend(IntSize, NarrowWidth)
    case signExtendDword
}

/// Loads, stores (bounds checked against the cached memory size, or by the MMU) and memory.size, and the
/// conditional branches (plain, fused compare-and-branch, add-and-branch) and br_table.
extension NativeFunctionCompiler {
    /// The operand of an access of `size` bytes to 32-bit memory 0 at u32(slot base) (+ u32(slot index),
    /// wrapping as i32.add) + offset. With guarded memories (`NativeFaults.memoryGuards`) there is no check: the
    /// address is below base + 2^33 + 8, inside the memory's reservation, where a page past its size faults and the
    /// embedder makes the fault this site's trap (`faultSites`). Otherwise rax = the address, checked against the
    /// cached size: a trap when the access leaves the memory. The address is computed in `register` (rax or rcx;
    /// rdx is scratch).
    mutating func effectiveAddress(base: Int32, index: Int32?, offset: Int32, size: Int32, at site: Int,
                                   in register: GPR = .rax) -> Address {
        var (base, index) = (base, index)
        if let other = index, cachedGPR(other) == register, cachedGPR(base) != register { (base, index) = (other, base) }
        let unsignedOffset = Int64(UInt32(bitPattern: offset))
        if guardedMemory, let small = Int32(exactly: unsignedOffset),
           let address = guardedAddress(base: base, index: index, displacement: small, in: register) {
            return address
        }
        load(.i32, register, base)
        if let index { alu(.add, .i32, register, withSlot: index) }
        if guardedMemory, let small = Int32(exactly: unsignedOffset) {
            return Address(base: NativeRegisters.memoryBase, index: register, displacement: small)
        }
        clobber(.rdx)
        if let small = Int32(exactly: unsignedOffset), small != 0 {
            asm.alu(.add, .i64, register, imm: small)
        } else if unsignedOffset != 0 {
            asm.mov(.i64, .rdx, imm: unsignedOffset)
            asm.alu(.add, .i64, register, .rdx)
        }
        if !guardedMemory {
            asm.lea(.i64, .rdx, Address(register, size))
            asm.alu(.cmp, .i64, .rdx, NativeRegisters.memorySize)
            trap(if: .above, .memoryOutOfBounds, at: site)
        }
        return Address(base: NativeRegisters.memoryBase, index: register)
    }

    /// `effectiveAddress`'s operand in guarded code from registers (`NativeBinding`): the base's own register as
    /// the index when there is no index slot (no instruction), else the i32.add of base and index as a 32-bit
    /// lea into `register` (which wraps as i32.add does) when the index is a constant or both are in registers.
    /// A base read from its slot is bound to a pool register, at the cost of the load into `register` it saves.
    /// Nil when the base is the accumulator's slot without a zero-extended register (its slot may be unstored)
    /// or the index is a slot not in a register: `effectiveAddress` then computes the address.
    private mutating func guardedAddress(base: Int32, index: Int32?, displacement: Int32,
                                         in register: GPR) -> Address? {
        guard let index else {
            guard let baseRegister = zeroExtendedRegister(base) ?? (available?.slot == base ? nil : bind(base, .i32))
            else { return nil }
            return Address(base: NativeRegisters.memoryBase, index: baseRegister, displacement: displacement)
        }
        let sum: Address
        if let bits = constant(index) {
            guard let baseRegister = cachedGPR(base, .i32) ?? (available?.slot == base ? nil : bind(base, .i32))
            else { return nil }
            sum = Address(baseRegister, Int32(truncatingIfNeeded: bits))
        } else if let baseRegister = cachedGPR(base, .i32), let indexRegister = cachedGPR(index, .i32) {
            sum = Address(base: baseRegister, index: indexRegister)
        } else {
            return nil
        }
        asm.lea(.i32, register, sum)
        clobber(register)
        return Address(base: NativeRegisters.memoryBase, index: register, displacement: displacement)
    }

    /// rax = the effective address of an access of `size` bytes to a 64-bit memory 0: the i64 in slot `base` plus
    /// the offset `high` << 32 | `low`; a trap when the sum passes 2^64 or the access leaves the memory.
    mutating func effectiveAddress64(base: Int32, low: Int32, high: Int32, size: Int32, at site: Int) {
        asm.mov(.i64, .rax, slot(base))
        let offset = UInt64(UInt32(bitPattern: high)) << 32 | UInt64(UInt32(bitPattern: low))
        if offset != 0 {
            if let small = Int32(exactly: offset) {
                asm.alu(.add, .i64, .rax, imm: small)
            } else {
                asm.mov(.i64, .rdx, imm: Int64(bitPattern: offset))
                asm.alu(.add, .i64, .rax, .rdx)
            }
            trap(if: .below, .memoryOutOfBounds, at: site)  // carry: past 2^64
        }
        // The address within the memory first, so that adding the size cannot wrap.
        asm.alu(.cmp, .i64, .rax, NativeRegisters.memorySize)
        trap(if: .above, .memoryOutOfBounds, at: site)
        asm.lea(.i64, .rdx, Address(.rax, size))
        asm.alu(.cmp, .i64, .rdx, NativeRegisters.memorySize)
        trap(if: .above, .memoryOutOfBounds, at: site)
    }

    /// Notes that the instruction emitted next is site `site`'s memory access, for guarded code's site table
    /// (code that checks its own bounds has none).
    mutating func recordFaultSite(_ site: Int) {
        if guardedMemory { faultSites.append((UInt32(asm.offset), UInt32(site))) }
    }

    /// Loads from `source` (an `effectiveAddress`) into slot `destination`; the access is site `site`'s when it
    /// faults.
    mutating func load(_ kind: NativeLoad, from source: Address, into destination: Int32, at site: Int) {
        if case .zeroExtend(.qword) = kind, foldsIntoReader(destination, at: site) {
            // No code: the reader's operand is this address, its fault site this load's.
            foldedLoad = (destination, source, site, site + 1)
            computed = NativeResult(slot: destination, stored: false)
            return
        }
        recordFaultSite(site)
        if case .zeroExtend(.qword) = kind, let target = home(destination) {
            asm.movs(.double, target, source)
            computed = NativeResult(slot: destination, xmm: target, xmmIsWholeSlot: true)
            if homesSynced { asm.movs(.double, Address(frame, destination * 8), target) }
            return
        }
        if case .zeroExtend(.qword) = kind, holdsForReaderAfterNext(at: site) {
            // Above xmm1, which the load between uses: the reader then computes in place there.
            let register = freeSSERegister() ?? .xmm0
            asm.movs(.double, register, source)
            held = (NativeResult(slot: destination, xmm: register, xmmIsWholeSlot: true, stored: false), site + 2)
            return
        }
        if case .zeroExtend(.qword) = kind, f64ReaderNext {
            // xmm1: an f64 operation computes in xmm0 when its cached operand is elsewhere, and an f64 compare
            // loads its first operand into xmm0 before it reads the second.
            asm.movs(.double, .xmm1, source)
            computed = NativeResult(slot: destination, xmm: .xmm1, xmmIsWholeSlot: true, stored: false)
            if !resultDies { storeComputed() }
            return
        }
        if case .zeroExtend(.qword) = kind, let reader = deferredReader(of: destination, at: site),
           let register = freeSSERegister() {
            // For f64 arithmetic further on (`deferred`): straight to an SSE register, out of its slot.
            asm.movs(.double, register, source)
            computed = NativeResult(slot: destination, xmm: register, xmmIsWholeSlot: true, stored: false)
            deferred.append((NativeResult(slot: destination, xmm: register, xmmIsWholeSlot: true, stored: false),
                             reader))
            return
        }
        // Straight into a pool register when the value is deferred (`deferInteger`; the address is read first).
        let target = deferInteger() ?? bindResult() ?? .rcx
        var upperZero = true
        switch kind {
        case .zeroExtend(.byte): asm.movzx(target, .byte, source)
        case .zeroExtend(.word): asm.movzx(target, .word, source)
        case .zeroExtend(.dword): asm.mov(.i32, target, source)
        case .zeroExtend(.qword):
            asm.mov(.i64, target, source)
            upperZero = false
        case .signExtend(let size, let width):
            asm.movsx(size, target, width, source)
            upperZero = size == .i32
        case .signExtendDword:
            asm.movsxd(target, source)
            upperZero = false
        }
        storeResult(target, destination, upperZero: upperZero)
    }

    /// Stores slot `value` (an immediate when it is a constant that fits, else from its cached general or f64
    /// register or through `scratch`) to `destination`.
    mutating func store(_ width: MemoryWidth, from value: Int32, to destination: Address, at site: Int,
                        scratch: GPR = .rcx) {
        if let bits = constant(value), width != .qword || Int32(exactly: bits) != nil {
            recordFaultSite(site)
            asm.mov(width, destination, imm: Int32(truncatingIfNeeded: bits))
            return
        }
        if width == .qword, let source = home(value) {
            recordFaultSite(site)
            asm.movs(.double, destination, source)
            return
        }
        if width == .qword, cachedGPR(value) == nil, available?.slot == value, available?.xmmIsWholeSlot == true,
           let xmm = available?.xmm {
            // An f64 just computed, stored from its SSE register: its slot is not read (nor written, when it dies).
            recordFaultSite(site)
            asm.movs(.double, destination, xmm)
            return
        }
        let register = register(holding: value, width == .qword ? .i64 : .i32, else: scratch)
        recordFaultSite(site)
        asm.mov(width, destination, register)
    }

    static func bytes(_ width: MemoryWidth) -> Int32 {
        switch width {
        case .byte: return 1
        case .word: return 2
        case .dword: return 4
        case .qword: return 8
        }
    }

    static func loadKind(_ op: Op) -> (NativeLoad, Int32)? {
        switch op {
        case .i32Load, .i32LoadIndexed: return (.zeroExtend(.dword), 4)
        case .i64Load, .i64LoadIndexed: return (.zeroExtend(.qword), 8)
        case .i32Load8S, .i32Load8SIndexed: return (.signExtend(.i32, .byte), 1)
        case .i32Load8U, .i32Load8UIndexed: return (.zeroExtend(.byte), 1)
        case .i32Load16S, .i32Load16SIndexed: return (.signExtend(.i32, .word), 2)
        case .i32Load16U, .i32Load16UIndexed: return (.zeroExtend(.word), 2)
        case .i64Load8S, .i64Load8SIndexed: return (.signExtend(.i64, .byte), 1)
        case .i64Load16S, .i64Load16SIndexed: return (.signExtend(.i64, .word), 2)
        case .i64Load32S, .i64Load32SIndexed: return (.signExtendDword, 4)
        default: return nil
        }
    }

    static func storeWidth(_ op: Op) -> MemoryWidth? {
        switch op {
        case .i32Store, .i32StoreIndexed: return .dword
        case .i64Store, .i64StoreIndexed: return .qword
        case .i32Store8, .i32Store8Indexed: return .byte
        case .i32Store16, .i32Store16Indexed: return .word
        default: return nil
        }
    }

    static let indexedOps: [Op] = [.i32LoadIndexed, .i64LoadIndexed, .i32Load8SIndexed, .i32Load8UIndexed,
                                   .i32Load16SIndexed, .i32Load16UIndexed, .i64Load8SIndexed, .i64Load16SIndexed,
                                   .i64Load32SIndexed, .i32StoreIndexed, .i64StoreIndexed, .i32Store8Indexed,
                                   .i32Store16Indexed]

    mutating func compileMemory(_ op: Op, _ inst: Inst, at position: Int) -> Int? {
        let indexed = Self.indexedOps.contains(op)
        if let (kind, size) = Self.loadKind(op) {
            let source = effectiveAddress(base: inst.b, index: indexed ? inst.c : nil, offset: indexed ? 0 : inst.c,
                                          size: size, at: position)
            load(kind, from: source, into: inst.a, at: position)
        } else if let width = Self.storeWidth(op) {
            // The address in rcx when the value is cached in rax, so that the value is stored from there.
            let value = indexed ? inst.c : inst.b
            let register: GPR = cachedGPR(value) == .rax ? .rcx : .rax
            let destination = effectiveAddress(base: inst.a, index: indexed ? inst.b : nil,
                                               offset: indexed ? 0 : inst.c, size: Self.bytes(width), at: position,
                                               in: register)
            store(width, from: value, to: destination, at: position, scratch: register == .rax ? .rcx : .rax)
        } else if op == .memoryLoad || op == .memoryStore {
            // With its operand word: memory 0 here is 64-bit (a 32-bit one has the inline forms above), in r13/r12
            // like any memory 0; another memory is Swift's (`Store.executeOnMemory`), through the callout.
            let operand = module.code.base[position + 1]
            guard operand.a == 0, let access = Op(rawValue: UInt16(operand.b)) else {
                outOfLine(at: position)
                return 2
            }
            available = nil
            resultDies = false  // the word after this one is its operand, not the next instruction
            f64ReaderNext = false
            if op == .memoryLoad, let (kind, size) = Self.loadKind(access) {
                effectiveAddress64(base: inst.b, low: inst.c, high: operand.c, size: size, at: position)
                load(kind, from: Address(base: NativeRegisters.memoryBase, index: .rax), into: inst.a, at: position)
            } else if op == .memoryStore, let width = Self.storeWidth(access) {
                effectiveAddress64(base: inst.a, low: inst.c, high: operand.c, size: Self.bytes(width), at: position)
                store(width, from: inst.b, to: Address(base: NativeRegisters.memoryBase, index: .rax), at: position)
            } else {
                return nil
            }
            return 2
        } else if op == .memorySize {
            asm.mov(.i64, .rax, NativeRegisters.memorySize)
            asm.shift(.shr, .i64, .rax, imm: 16)
            storeResult(.rax, inst.a, upperZero: false)
        } else {
            return nil
        }
        return 1
    }

    mutating func compileBranch(_ op: Op, _ inst: Inst, at position: Int) -> Int? {
        let target = position + Int(inst.c)
        if branchesBack(op, inst, at: position), !endsCountedLoop(op, inst, at: position) {
            let back = Self.addAndBranch(op) == nil ? target : position + 1 + Int(module.code.base[position + 1].c)
            if op == .brTable || !checksOnTheWay(from: back) { checkInterruption(at: position) }
        }
        switch op {
        case .brIf, .brIfNot:
            let value = register(holding: inst.a, .i32, else: .rax)
            asm.test(.i32, value, value)
            branch(if: op == .brIf ? .notEqual : .equal, to: target)
        case .brIfI64Eqz, .brIfI64Nez:
            let value = register(holding: inst.a, .i64, else: .rax)
            asm.test(.i64, value, value)
            branch(if: op == .brIfI64Eqz ? .equal : .notEqual, to: target)
        case .brTable:
            load(.i32, .rax, inst.a)
            let table = module.branchTables.base + Int(inst.b)
            for k in 0..<Int(inst.c) - 1 {
                asm.alu(.cmp, .i32, .rax, imm: Int32(k))
                branch(if: .equal, to: Int(table[k]))
            }
            jump(to: Int(table[Int(inst.c) - 1]))
        default:
            if let (comparison, negated) = Self.branchComparison(op) {
                if let (condition, size) = Self.comparison(comparison) {
                    var condition = negated ? condition.inverted : condition
                    if let cached = cachedGPR(inst.a, size) {
                        alu(.cmp, size, cached, withSlot: inst.b)
                    } else if let cached = cachedGPR(inst.b, size) {
                        alu(.cmp, size, cached, withSlot: inst.a)
                        condition = condition.swappingOperands
                    } else {
                        alu(.cmp, size, register(holding: inst.a, size, else: .rax), withSlot: inst.b)
                    }
                    branch(if: condition, to: target)
                } else if let (condition, precision, swapped) = Self.floatComparison(comparison),
                          condition == .above || condition == .aboveOrEqual {
                    // Straight on ucomis's flags: a NaN sets CF (and ZF), so that above and aboveOrEqual are
                    // false and their inverses true, as the comparison and its negation must be.
                    let (left, right) = floatOperands(precision, swapped, inst.a, inst.b)
                    asm.ucomis(precision, left, right)
                    branch(if: negated ? condition.inverted : condition, to: target)
                } else if let (condition, precision, swapped) = Self.floatComparison(comparison) {
                    compareFloats(condition, precision, swapped, inst.a, inst.b)
                    asm.test(.i32, .rax, .rax)
                    branch(if: negated ? .equal : .notEqual, to: target)
                } else {
                    return nil
                }
            } else if let condition = Self.addAndBranch(op) {
                let test = module.code.base[position + 1]
                if let value = inPlaceImmediate(.i32, inst) {
                    // The sum in its slot, tested by the add's own flags or compared there.
                    asm.alu(.add, .i32, slot(inst.a), imm: value)
                    if op != .i32AddBrIf && op != .i32AddBrIfNot {
                        if let bound = constant(test.a) {
                            asm.alu(.cmp, .i32, slot(inst.a), imm: Int32(truncatingIfNeeded: bound))
                        } else {
                            asm.mov(.i32, .rax, slot(inst.a))
                            alu(.cmp, .i32, .rax, withSlot: test.a)
                        }
                    }
                    branch(if: condition, to: position + 1 + Int(test.c))
                    return 2
                }
                var (left, right) = (inst.b, inst.c)
                if cachedGPR(right) == .rax, cachedGPR(left) != .rax { (left, right) = (right, left) }
                load(.i32, .rax, left)
                alu(.add, .i32, .rax, withSlot: right)
                asm.mov(.qword, slot(inst.a), .rax)
                // A test of the sum is the add's own flags (the store between leaves them).
                if op != .i32AddBrIf && op != .i32AddBrIfNot { alu(.cmp, .i32, .rax, withSlot: test.a) }
                branch(if: condition, to: position + 1 + Int(test.c))
                return 2
            } else {
                return nil
            }
        }
        return 1
    }

    /// Whether the qword load at `position` into `slot` may be left to the instruction after it, which alone reads
    /// it (from the accumulator): f64 arithmetic reading it as its second operand only, which takes it straight
    /// from memory (`mulsd xmm, [address]`), as matmul's and nbody's products and differences of loaded values do.
    func foldsIntoReader(_ slot: Int32, at position: Int) -> Bool {
        guard f64ReaderNext, resultDies, home(slot) == nil else { return false }
        let reader = module.code.base[position + 1]
        guard let (operation, _) = Self.floatArithmetic(reader.op.withoutAccumulator) else { return false }
        return operation != .sqrt && reader.c == slot && reader.b != slot
    }

    /// Whether the qword load at `position` may leave its value in an SSE register, out of its slot, for the
    /// instruction after next: f64 arithmetic reading it as its first operand and, from the accumulator, the value
    /// of the load between (a qword load not reading the slot, which writes no SSE register but xmm1), with no
    /// branch landing between. The slot is a stack temporary, so that reader consumes it: nothing reads the slot after.
    /// Two instructions less (a store and its load) for each `a[i] * b[j]`.
    func holdsForReaderAfterNext(at position: Int) -> Bool {
        guard position + 2 < end, !branchTargets[position + 1 - entry] else { return false }
        let (inst, next, reader) = (module.code.base[position], module.code.base[position + 1],
                                    module.code.base[position + 2])
        guard inst.a >= firstTemporary,
              case .zeroExtend(.qword)? = Self.loadKind(next.op.withoutAccumulator)?.0,
              next.op == next.op.withoutAccumulator, next.a != inst.a, next.b != inst.a, next.c != inst.a,
              reader.op != reader.op.withoutAccumulator,
              let (operation, precision) = Self.floatArithmetic(reader.op.withoutAccumulator),
              operation != .sqrt, precision == .double,
              reader.b == inst.a, reader.c == next.a else { return false }
        return true
    }

    /// Which of the function's positions a branch lands on, by position - entry: every target of the branches
    /// `compileBranch` and `compileInstruction` emit.
    func findBranchTargets() -> [Bool] {
        var targets = [Bool](repeating: false, count: end - entry)
        for position in entry..<end {
            forEachBranchTarget(at: position) { target in
                if target >= entry && target < end { targets[target - entry] = true }
            }
        }
        return targets
    }

    /// Calls `body` with each target of the branch instruction at `position` (none for other instructions).
    func forEachBranchTarget(at position: Int, _ body: (Int) -> Void) {
        let inst = module.code.base[position]
        let op = inst.op.withoutAccumulator
        if op == .brTable {
            guard inst.b >= 0, inst.c >= 0, Int(inst.b) + Int(inst.c) <= module.branchTables.count else { return }
            let table = module.branchTables.base + Int(inst.b)
            for k in 0..<Int(inst.c) { body(Int(table[k])) }
        } else if Self.addAndBranch(op) != nil {
            if position + 1 < end { body(position + 1 + Int(module.code.base[position + 1].c)) }
        } else if Self.branchesByOffset(op) {
            body(position + Int(inst.c))
        }
    }

    /// Whether branch instruction `op` at `position` has a target at or before it (a loop's back edge), so that
    /// it checks for interruption; false for anything else.
    func branchesBack(_ op: Op, _ inst: Inst, at position: Int) -> Bool {
        if op == .brTable {
            let table = module.branchTables.base + Int(inst.b)
            return (0..<Int(inst.c)).contains { Int(table[$0]) <= position }
        }
        if Self.addAndBranch(op) != nil { return module.code.base[position + 1].c <= -1 }
        let conditional = op == .brIf || op == .brIfNot || op == .brIfI64Eqz || op == .brIfI64Nez
        return (conditional || Self.branchComparison(op) != nil) && inst.c <= 0
    }

    /// The value comparison compare-and-branch instruction `op` tests, and whether it branches when that comparison
    /// fails (the `brIfNot...` float forms); nil for any other instruction.
    static func branchComparison(_ op: Op) -> (comparison: Op, negated: Bool)? {
        branchComparisons[Int(op.rawValue)]
    }

    /// `branchComparison`'s table by `Op.rawValue`, derived from OpTables' `fusedBranch` and `negatedBranch`. Flat:
    /// it is asked about nearly every instruction compiled, and a Dictionary keyed by `Op` probed ~280
    /// buckets per lookup (up to 21k guest instructions per module compiled in the kernel).
    private static let branchComparisons: [(comparison: Op, negated: Bool)?] = {
        var ops: [Op] = []
        while let op = Op(rawValue: UInt16(ops.count)) { ops.append(op) }
        var table = [(comparison: Op, negated: Bool)?](repeating: nil, count: ops.count)
        for op in ops {
            if let fused = op.fusedBranch, fused != .brIfNot, fused != .brIfI64Eqz {
                table[Int(fused.rawValue)] = (op, false)
            }
        }
        let plain = table
        for branch in ops {
            guard let entry = plain[Int(branch.rawValue)] else { continue }
            let negated = Int(branch.negatedBranch.rawValue)
            if table[negated] == nil { table[negated] = (entry.comparison, true) }
        }
        return table
    }()

    /// The add-and-branch instructions, as the condition on the sum (compared with `next.a`, or tested).
    static func addAndBranch(_ op: Op) -> Condition? {
        switch op {
        case .i32AddBrIf: return .notEqual
        case .i32AddBrIfNot: return .equal
        case .i32AddBrIfEq: return .equal
        case .i32AddBrIfNe: return .notEqual
        case .i32AddBrIfLtS: return .less
        case .i32AddBrIfLtU: return .below
        case .i32AddBrIfGtS: return .greater
        case .i32AddBrIfGtU: return .above
        case .i32AddBrIfLeS: return .lessOrEqual
        case .i32AddBrIfLeU: return .belowOrEqual
        case .i32AddBrIfGeS: return .greaterOrEqual
        case .i32AddBrIfGeU: return .aboveOrEqual
        default: return nil
        }
    }
}
