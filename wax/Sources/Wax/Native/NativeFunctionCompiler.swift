import WaxNative

/// Translates one function's `Inst`s to x86-64, one template per instruction over the frame's slots at
/// [frame + 8 * slot] (see `NativeRegisters`). Every result is stored to its slot, but one that only the next
/// instruction reads (`Module.accumulatorDies`); an instruction that reads the one just computed (an accumulator
/// variant of `Op`) takes it from the register the producer left it in when there is one (`NativeResult`), else
/// from the slot. `compile` returns false, leaving garbage behind in `asm`,
/// for a function with an instruction it does not compile yet: the interpreter runs it.
struct NativeFunctionCompiler {
    var asm: X64Assembler
    let module: Module
    let stubs: NativeStubs
    /// Each defined function's entry label (a callout thunk for the ones left to the interpreter).
    let functionLabels: [Label]
    let body: FunctionBody
    let entry: Int
    let end: Int
    /// A label at every instruction of the function, by position - entry.
    var positions: [Label] = []
    /// Traps raised by explicit checks, emitted after the body: label, status, site.
    var traps: [(Label, NativeStatus, Int)] = []
    /// Interruption checks' slow paths, emitted after the body: label, site, where to resume, and the cached
    /// result and bindings the code after the check reads from their registers.
    var interruptions: [(Label, Int, Label, NativeResult?, [NativeBinding])] = []
    /// Defined functions known to stay interpreted, which return_call cannot jump to.
    let interpreted: [Bool]
    /// This function's index among the defined functions, and the native code offsets of those compiled before it
    /// in this pass (nil: left to the interpreter): a call of one of them, or of itself, lands in native code.
    let index: Int
    let compiledBefore: [Int?]
    /// Defined functions whose calls may grow a memory (`NativeCode.memoryGrowers`): only after those (and imports)
    /// are memory 0's base and size loaded again.
    let memoryGrowers: [Bool]
    /// The defined functions this one tail-calls (each must end up with native code, else it is compiled again
    /// without: `NativeCode.compile`).
    var tailCallees: [Int] = []
    /// Whether 32-bit memory 0's bounds are left to the MMU (see `effectiveAddress`).
    let guardedMemory: Bool
    /// Every memory access's code offset and site, in code order, for a fault's trap (`NativeFaults.faultSite`).
    var faultSites: [(offset: UInt32, site: UInt32)] = []
    /// Direct host calls' failures, emitted after the body: label, the callee frame's slot (the site is stored).
    var directTraps: [(Label, Int32)] = []
    /// The module's call_indirect sites before this function's, whose caches come first (NativeIndirectCalls).
    let firstIndirectSite: Int
    /// This function's call_indirect sites with a cache, by position in the module's code.
    var indirectSites: [Int] = []
    /// The registers the instruction compiled last left its result in (see `NativeResult`).
    var computed: NativeResult? = nil
    /// The previous instruction's result, for the instruction being compiled when it reads it (an accumulator
    /// variant), else nil.
    var available: NativeResult? = nil
    /// Whether the instruction being compiled may leave its result out of its slot: the next one reads it from
    /// the accumulator and nothing else reads it (`Module.accumulatorDies`).
    var resultDies = false
    /// Whether the next instruction is f64 arithmetic reading the result of the one being compiled from the
    /// accumulator: an 8-byte load then goes straight to an SSE register.
    var f64ReaderNext = false
    /// A qword load's value left in an SSE register of xmm2 on (xmm0 when none is free) and out of its slot for
    /// its one reader two instructions on (`holdsForReaderAfterNext`), with that reader's position; and, while the
    /// reader compiles, that value.
    var held: (result: NativeResult, reader: Int)? = nil
    var heldOperand: NativeResult? = nil
    /// A qword load left to the f64 arithmetic after it, which reads it as its second operand straight from
    /// memory (`foldsIntoReader`): the load's slot, address (its registers untouched until then), site and reader.
    var foldedLoad: (slot: Int32, address: Address, site: Int, reader: Int)? = nil
    /// f64 results left in SSE registers (xmm2 on) and out of their temporaries' slots for their one reader
    /// further on, with its position (`deferredReader`).
    var deferred: [(result: NativeResult, reader: Int)] = []
    /// Integer temporaries left in pool registers and out of their slots for their one reader further on.
    var deferredIntegers: [NativeDeferredInteger] = []
    /// `integerReader` of the result of the instruction at `position`, once asked (templates ask up to three times).
    var resultReader: (position: Int, reader: Int?) = (-1, nil)
    /// Whether the instruction being compiled leaves its integer result to its slot (it is compiled again after
    /// reading a deferred integer from memory: `compileAfterUnstoredResult`).
    var integerDeferralOff = false
    /// The position of the instruction being compiled.
    var compiling = 0
    /// The function's first operand stack slot (`findFirstTemporary`): temporaries, each read once, from here on.
    var firstTemporary: Int32 = 0
    /// Whether a branch lands on each of the function's positions, by position - entry (`findBranchTargets`).
    var branchTargets: [Bool] = []
    /// The slot whose store the instruction before left out, while the one reading it compiles: asking for its
    /// address (`slot`) shows that the template reads it from memory after all.
    let unstoredReads = SlotWatch()
    /// Slots held in pool registers while the code runs straight on (`NativeBinding`), least recently bound first.
    var bindings: [NativeBinding] = []
    /// The binding a copy leaves its destination slot with (`copy`), or a local's result computed in a pool
    /// register (`bindResult`), made once the instruction's written slots' bindings are forgotten.
    var copyBinding: NativeBinding? = nil
    /// The pool register `bindResult` gave the instruction being compiled for its result, if any.
    var boundResult: GPR? = nil
    /// The instruction being compiled, whose operands' bindings `bind` keeps.
    var current = Inst(.unreachable)
    /// The code of the prologue's store of each frame image entry, by image index: the stores of constants no
    /// code read from their slots are cut once the body is compiled (`cutUnreadConstantStores`).
    var imageStores: [Range<Int>] = []
    /// The frame image's entries whose slots the code read (or wrote) through their address, by image index.
    var imageSlotsAddressed: [Bool] = []
    /// Whether a callout may read the frame's slots (the interpreter's out-of-line code reads its operands there).
    var frameReadByCallout = false
    /// The f64 locals kept in SSE registers, with their registers (`NativeF64Locals`), and each slot's below the
    /// first temporary (empty without homes).
    var homes: [(slot: Int32, register: XMM)] = []
    var homeOfSlot: [XMM?] = []
    /// Whether the instruction being compiled is compiled again with the homes it names stored to their slots
    /// and loaded after it (`compileAfterUnstoredResult`): a result it writes to a home goes to the slot too.
    var homesSynced = false

    var frame: GPR { NativeRegisters.frame }
    var context: GPR { NativeRegisters.context }

    func slot(_ index: Int32) -> Address {
        if index == unstoredReads.slot { unstoredReads.touched = true }
        precondition(!deferred.contains { $0.result.slot == index }, "a deferred f64 read from its slot")
        if deferredIntegers.contains(where: { $0.slot == index }) { unstoredReads.deferredTouched = true }
        unstoredReads.addressed.append(index)
        return Address(frame, index * 8)
    }
    func field(_ field: NativeContextField) -> Address { Address(context, field.displacement) }

    /// Compiles the body; the function's code starts at the current offset.
    mutating func compile() -> Bool {
        let start = asm.checkpoint()
        positions = (entry..<end).map { _ in asm.makeLabel() }
        imageSlotsAddressed = [Bool](repeating: false, count: Int(body.imageCount))
        branchTargets = findBranchTargets()
        firstTemporary = findFirstTemporary()
        findHomes()
        let stackGrowth = prologue()
        loadHomes()
        var position = entry
        while position < end {
            asm.bind(positions[position - entry])
            let inst = module.code.base[position]
            if branchTargets[position - entry] { forgetBindings() }
            guard let width = compileAfterUnstoredResult(inst, at: position) else { return false }
            forgetWrittenBindings()
            if let copyBinding { bindings.append(copyBinding) }
            if let reader = held?.reader, reader < position + width { held = nil }
            if let reader = foldedLoad?.reader, reader < position + width { foldedLoad = nil }
            if !deferred.isEmpty { deferred.removeAll { $0.reader < position + width } }
            if !deferredIntegers.isEmpty { deferredIntegers.removeAll { $0.reader < position + width } }
            for skipped in 1..<width { asm.bind(positions[position + skipped - entry]) }
            position += width
        }
        asm.bind(stackGrowth.grow)
        storeSite(entry)
        NativeStubs.callout(&asm, .growStack, frame: Address(frame))
        asm.test(.i32, .rax, .rax)
        asm.j(.notEqual, stubs.trapExit)
        asm.jmp(stackGrowth.grown)
        for (label, status, site) in traps {
            asm.bind(label)
            storeSite(site)
            asm.mov(.i32, .rax, imm: Int64(status.rawValue))
            asm.jmp(stubs.trapExit)
        }
        for (label, site, resume, cached, bound) in interruptions {
            asm.bind(label)
            storeSite(site)
            storeHomes()
            NativeStubs.callout(&asm, .interrupt, frame: Address(frame))
            asm.test(.i32, .rax, .rax)
            asm.j(.notEqual, stubs.trapExit)
            NativeStubs.reloadMemory(&asm)
            if let cached { reload(cached) }
            reload(bound)
            loadHomes()
            asm.jmp(resume)
        }
        for (label, base) in directTraps {
            asm.bind(label)
            asm.mov(.qword, slot(base), .rax)
            NativeStubs.callout(&asm, .directTrap, frame: slot(base))
            asm.jmp(stubs.trapExit)
        }
        cutUnreadConstantStores(since: start)
        return true
    }

    /// The first operand stack slot: the one after the frame image, or the image's last entry when that is the
    /// zero the translation pads an odd image with (the first operand's slot). The constants are distinct and
    /// ascending: a last zero after a non-zero entry is no constant, and no local either (zeroed locals come first).
    func findFirstTemporary() -> Int32 {
        let image = module.frameImages.base + Int(body.image), count = Int(body.imageCount)
        let padded = count >= 2 && image[count - 1] == 0 && (0..<count - 1).contains { image[$0] != 0 }
        return body.imageSlot + body.imageCount - (padded ? 1 : 0)
    }

    /// Cuts the prologue's stores of the constants that no code read from their slots (`unreadConstants`): the
    /// prologue stores every entry, since only the body, compiled after it, shows which it reads.
    mutating func cutUnreadConstantStores(since start: Checkpoint) {
        let cuts = unreadConstants().map { imageStores[$0] }
        guard let last = cuts.last else { return }
        asm.removeBytes(in: cuts, since: start)
        // Every memory access is in the body, after the prologue: it moves back by the whole cut.
        let removed = UInt32(cuts.reduce(0) { $0 + $1.count })
        for index in faultSites.indices {
            precondition(faultSites[index].offset >= last.upperBound, "a memory access in the prologue")
            faultSites[index].offset -= removed
        }
    }

    mutating func storeSite(_ site: Int) {
        asm.mov(.dword, field(.site), imm: Int32(site))
    }

    /// A jump to a new trap exit for `status` at `site`, taken when `condition` holds (always without one).
    mutating func trap(if condition: Condition? = nil, _ status: NativeStatus, at site: Int) {
        let label = asm.makeLabel()
        traps.append((label, status, site))
        if let condition { asm.j(condition, label) } else { asm.jmp(label) }
    }

    /// rsp stays 16-byte aligned inside the body (calls need it); the native stack's depth and the value stack's
    /// room are checked; then the frame image (zeroed locals, constants) is written as the interpreter copies it.
    /// Returns the value stack's growth path, which `compile` emits after the body: a jump around it here would
    /// cost every call an instruction.
    /// The room check compares the frame itself with `frameEnd` (the committed end less `NativeContextField.
    /// frameReserve` slots) when the frame fits in the reserve, as most do: one instruction less per call than
    /// computing the frame's end first.
    mutating func prologue() -> (grow: Label, grown: Label) {
        asm.alu(.sub, .i64, .rsp, imm: 8)
        asm.alu(.cmp, .i64, .rsp, field(.stackLimit))
        trap(if: .below, .callStackExhausted, at: entry)
        let beyondReserve = body.frameSize - NativeContextField.frameReserve
        if beyondReserve <= 0 {
            asm.alu(.cmp, .i64, frame, field(.frameEnd))
        } else {
            asm.lea(.i64, .rax, Address(frame, beyondReserve * 8))
            asm.alu(.cmp, .i64, .rax, field(.frameEnd))
        }
        let grow = asm.makeLabel(), grown = asm.makeLabel()
        asm.j(.above, grow)
        asm.bind(grown)
        let image = module.frameImages.base + Int(body.image)
        imageStores.removeAll(keepingCapacity: true)
        // Not the padding entry (`findFirstTemporary`): an operand stack slot is written before anything reads it.
        let stored = Int(min(body.imageCount, firstTemporary - body.imageSlot))
        for index in 0..<Int(body.imageCount) {
            let store = asm.offset
            // Not `slot(_:)`: a write, which must not count as a read of the constant (`unreadConstants`).
            if index < stored {
                storeConstant(Int64(bitPattern: image[index]), to: Address(frame, (body.imageSlot + Int32(index)) * 8))
            }
            imageStores.append(store..<asm.offset)
        }
        return (grow, grown)
    }

    /// The value of slot `index` when it is one of the function's constants: a non-zero entry of the frame image
    /// (its zeroed locals come first; constants are never written; a zero constant is not told from a local).
    func constant(_ index: Int32) -> Int64? {
        let offset = index - body.imageSlot
        guard offset >= 0, offset < body.imageCount else { return nil }
        let value = module.frameImages.base[Int(body.image + offset)]
        return value == 0 ? nil : Int64(bitPattern: value)
    }

    mutating func storeConstant(_ value: Int64, to address: Address) {
        if let small = Int32(exactly: value) {
            asm.mov(.qword, address, imm: small)
        } else {
            asm.mov(.i64, .rax, imm: value)
            asm.mov(.qword, address, .rax)
        }
    }

    /// Tests the interruption flag in place (two instructions, no register written); when it is set, the callout
    /// runs the store's interruption and the code goes on (or traps) with the cached result back in its registers.
    /// A branch instruction that may go backward checks first, before its own code, whether it branches or not:
    /// its compare then jumps straight to the loop (a check between the two would cost a jump around it).
    mutating func checkInterruption(at site: Int) {
        if let available, available.slot == unstoredReads.slot { unstoredReads.touched = true }  // see reload
        asm.compareByte(Address(NativeRegisters.interruptFlag), imm: 0)
        let slow = asm.makeLabel(), resume = asm.makeLabel()
        asm.j(.notEqual, slow)
        asm.bind(resume)
        interruptions.append((slow, site, resume, available, bindings))
    }

    /// A jump to code position `target` (after `checkInterruption` when it goes backward).
    mutating func jump(to target: Int) {
        asm.jmp(positions[target - entry])
    }

    /// A branch to `target` taken when `condition` holds (after `checkInterruption` when it goes backward).
    mutating func branch(if condition: Condition, to target: Int) {
        asm.j(condition, positions[target - entry])
    }

    /// Whether a back edge to `target` may go without its interruption check: the code from `target` on runs
    /// straight (no branch) into a check, a call's. Every pass around the loop then checks once, in the call; a
    /// recursive loop such as fib's, one call per iteration, saves the back edge's compare and jump. (Every
    /// cycle of the code has a back edge, each of which checks or runs straight into a check.) The checks so far
    /// are `interruptions`, by site in code order; the code up to the first one after `target` is scanned for
    /// branches word by word, operand words too (one read as a branch only keeps the check), for so long.
    func checksOnTheWay(from target: Int) -> Bool {
        var low = 0, high = interruptions.count
        while low < high {
            let middle = (low + high) / 2
            if interruptions[middle].1 < target { low = middle + 1 } else { high = middle }
        }
        guard low < interruptions.count, interruptions[low].1 - target <= 256 else { return false }
        return !(target..<interruptions[low].1).contains { Self.branches(module.code.base[$0].op.withoutAccumulator) }
    }

    /// Whether instruction `op` may branch to a position of its function (what `findBranchTargets` marks).
    static func branches(_ op: Op) -> Bool {
        op == .brTable || addAndBranch(op) != nil || branchesByOffset(op)
    }

    /// Whether `op` branches to its own position plus its `c` field: jumps, conditional branches, compares and
    /// branches.
    static func branchesByOffset(_ op: Op) -> Bool {
        switch op {
        case .jump, .loopJump, .brIf, .brIfNot, .brIfI64Eqz, .brIfI64Nez: return true
        default: return branchComparison(op) != nil
        }
    }

    /// Copies `count` slots from `from` on to the frame's first slots, then returns.
    mutating func ret(from: Int32, count: Int32) {
        // The caller reads the results there: a constant or a home returned in place (from slot 0 on) must be
        // stored.
        for k in 0..<count {
            noteAddressed(k)
            if from == 0, let register = home(k) { asm.movs(.double, Address(frame, k * 8), register) }
        }
        if from != 0 {
            for k in 0..<count {
                asm.mov(.i64, .rax, slot(from + k))
                asm.mov(.qword, slot(k), .rax)
            }
        }
        asm.alu(.add, .i64, .rsp, imm: 8)
        asm.ret()
    }

    /// A call of function `index` of the index space, its frame at slot `base`.
    mutating func call(_ index: Int, base: Int32, at site: Int) {
        checkInterruption(at: site)
        storeHomes()
        let done = asm.makeLabel(), memoryKept = asm.makeLabel()
        if index < module.importedFunctionCount, TimestampClock.serves(module.functionType(ofFunction: index)) {
            readClock(index, base: base, done: memoryKept)
        }
        // The callout reads the site to find the callee, which a native callee does not need (its traps and
        // callouts store their own sites). A function that fails to compile is interpreted whole: a call of
        // itself lands in native code whenever this code runs.
        let callee = index - module.importedFunctionCount
        if callee < 0 || callee != self.index && (callee >= compiledBefore.count || compiledBefore[callee] == nil) {
            storeSite(site)
        }
        if index < module.importedFunctionCount { callDirect(index, base: base, done: done) }
        asm.lea(.i64, frame, slot(base))
        if index >= module.importedFunctionCount {
            asm.call(functionLabels[index - module.importedFunctionCount])
        } else {
            asm.call(stubs.calloutCall)
        }
        asm.lea(.i64, frame, slot(-base))
        asm.bind(done)
        if index < module.importedFunctionCount || memoryGrowers[index - module.importedFunctionCount] {
            NativeStubs.reloadMemory(&asm)
        }
        asm.bind(memoryKept)
        loadHomes()
        forgetBindings()
    }

    /// The read of import `index`'s `TimestampClock` in place of the call, when the instance gave it one (the
    /// third word of its direct call) and the call is one the clock serves, then on to `done`; falls through to
    /// the call otherwise. As Linux's vDSO: rdtsc, the start subtracted, a 64x64 multiplication by the 32.32 scale,
    /// the id's offset added; stored to the result address with its bounds checked first.
    mutating func readClock(_ index: Int, base: Int32, done: Label) {
        func word(_ word: TimestampClock.Word) -> Address { Address(.r11, 8 * word.rawValue) }
        let call = asm.makeLabel()
        asm.mov(.i64, .r11, field(.directCalls))
        asm.mov(.i64, .r11, Address(.r11, Int32(24 * index + 16)))
        asm.test(.i64, .r11, .r11)
        asm.j(.equal, call)
        asm.mov(.i32, .rcx, slot(base))
        asm.alu(.cmp, .i64, .rcx, word(.count))
        asm.j(.aboveOrEqual, call)
        // The address is zero-extended from 32 bits: adding 8 cannot wrap.
        asm.mov(.i32, .r8, slot(base + 2))
        asm.lea(.i64, .r9, Address(.r8, 8))
        asm.alu(.cmp, .i64, .r9, NativeRegisters.memorySize)
        asm.j(.above, call)
        asm.mov(.i64, .r9, Address(base: .r11, index: .rcx, scale: .x8,
                                   displacement: 8 * TimestampClock.Word.offsets.rawValue))
        asm.rdtsc()
        asm.shift(.shl, .i64, .rdx, imm: 32)
        asm.alu(.or, .i64, .rax, .rdx)
        asm.alu(.sub, .i64, .rax, word(.start))
        asm.mov(.i64, .rcx, word(.scale))
        asm.mul(.i64, .rcx)
        asm.shiftRightDouble(.i64, .rax, from: .rdx, imm: 32)
        asm.alu(.add, .i64, .rax, .r9)
        asm.mov(.qword, Address(base: NativeRegisters.memoryBase, index: .r8), .rax)
        asm.mov(.qword, slot(base), imm: 0)
        asm.jmp(done)
        asm.bind(call)
    }

    /// The call of import `index` when the instance was given a direct host function for it: a C call of its
    /// entry with (data, argument slots, memory base, memory size), then on to `done`; a non-zero status is the
    /// callout's to raise as a trap. Falls through when the import is anything else.
    mutating func callDirect(_ index: Int, base: Int32, done: Label) {
        let calls = Address(context, NativeContextField.directCalls.displacement)
        asm.mov(.i64, .r11, calls)
        asm.mov(.i64, .rax, Address(.r11, Int32(24 * index)))
        asm.test(.i64, .rax, .rax)
        let other = asm.makeLabel()
        asm.j(.equal, other)
        asm.mov(.i64, .rdi, Address(.r11, Int32(24 * index + 8)))
        asm.lea(.i64, .rsi, slot(base))
        asm.mov(.i64, .rdx, NativeRegisters.memoryBase)
        asm.mov(.i64, .rcx, NativeRegisters.memorySize)
        asm.call(.rax)
        asm.test(.i32, .rax, .rax)
        let failed = asm.makeLabel()
        directTraps.append((failed, base))
        asm.j(.notEqual, failed)
        asm.jmp(done)
        asm.bind(other)
    }

    /// An instruction Swift runs through the callout (by default the interpreter's out-of-line code).
    /// The call_indirect at `position` through its site's cache (NativeIndirectCalls): to `hit` with the target
    /// in rax when the element is the one cached and its table has not changed since; on past the check, to the
    /// callout, otherwise.
    mutating func cachedIndirectCall(_ inst: Inst, at position: Int, hit: Label) {
        let cache = Int32(NativeIndirectCalls.words * 8 * (firstIndirectSite + indirectSites.count))
        indirectSites.append(position)
        let miss = asm.makeLabel()
        let element = slot(module.code.base[position + 1].a)
        // An i32 element's slot may hold anything above its low half: the cache holds the index itself.
        asm.mov(module.tables[Int(inst.c)].limits.is64 ? .i64 : .i32, .rax, element)
        asm.mov(.i64, .rcx, field(.indirectCalls))
        asm.alu(.cmp, .i64, .rax, Address(.rcx, cache))
        asm.j(.notEqual, miss)
        asm.mov(.i64, .rdx, field(.tableChanges))
        asm.mov(.i64, .rdx, Address(.rdx, inst.c * 8))
        asm.mov(.i64, .rdx, Address(.rdx))
        asm.alu(.cmp, .i64, .rdx, Address(.rcx, cache + 8))
        asm.j(.notEqual, miss)
        asm.mov(.i64, .rax, Address(.rcx, cache + 16))
        storeSite(position)
        asm.jmp(hit)
        asm.bind(miss)
    }

    mutating func outOfLine(_ kind: NativeCalloutKind = .outOfLine, at site: Int) {
        frameReadByCallout = true
        storeHomes()
        storeSite(site)
        NativeStubs.callout(&asm, kind, frame: Address(frame))
        asm.test(.i32, .rax, .rax)
        asm.j(.notEqual, stubs.trapExit)
        NativeStubs.reloadMemory(&asm)
        loadHomes()
        forgetBindings()
    }

    /// Compiles the instruction at `position`; returns how many `Inst`s it took (an instruction with an operand
    /// word takes two), or nil when it is not supported.
    mutating func compileInstruction(_ inst: Inst, at position: Int) -> Int? {
        let op = inst.op.withoutAccumulator
        // retAccumulator is the accumulator's reader too: the translation emits it right after the producer.
        available = op != inst.op || op == .retAccumulator ? computed : nil
        heldOperand = held?.reader == position ? held?.result : nil
        compiling = position
        computed = nil
        copyBinding = nil
        boundResult = nil
        current = inst
        // A result returned from slot 0 must be there; any other slot of the frame is dead once it returns.
        let next = position + 1 < end ? module.code.base[position + 1] : Inst(.unreachable)
        resultDies = module.accumulatorDies(at: position + 1) && next.op != next.op.withoutAccumulator
            || next.op == .retAccumulator && inst.a != 0
        f64ReaderNext = next.op != next.op.withoutAccumulator
            && Self.floatArithmetic(next.op.withoutAccumulator)?.1 == .double
        if compileInteger(op, inst, at: position) { return 1 }
        if let width = compileMemory(op, inst, at: position) { return width }
        if let width = compileBranch(op, inst, at: position) { return width }
        if compareFloatsAndBranch(op, inst, at: position) { return 2 }
        if compileFloat(op, inst) || compileTruncation(op, inst, at: position) { return 1 }
        switch op {
        case .unreachable:
            storeSite(position)
            asm.mov(.i32, .rax, imm: Int64(NativeStatus.unreachable.rawValue))
            asm.jmp(stubs.trapExit)
        case .jump, .loopJump:
            if inst.c <= 0 && !checksOnTheWay(from: position + Int(inst.c)) { checkInterruption(at: position) }
            jump(to: position + Int(inst.c))
        case .ret:
            ret(from: inst.a, count: inst.b)
        case .retAccumulator:
            guard position > entry, module.code.base[position - 1].op.setsAccumulator else { return nil }
            let value = module.code.base[position - 1].a
            if value != 0, let cached = cachedGPR(value) {
                asm.mov(.qword, slot(0), cached)
                ret(from: 0, count: 1)
            } else {
                ret(from: value, count: 1)
            }
        case .call:
            call(Int(inst.a), base: inst.b, at: position)
        case .callIndirect:
            checkInterruption(at: position)
            // Before the cache's hit, which skips the callout's own store.
            storeHomes()
            let call = asm.makeLabel(), done = asm.makeLabel()
            if inst.c != Inst.referenceTable {
                cachedIndirectCall(inst, at: position, hit: call)
            }
            outOfLine(.callIndirect, at: position)
            asm.mov(.i64, .rax, field(.callTarget))
            asm.test(.i64, .rax, .rax)
            asm.j(.equal, done)
            asm.bind(call)
            asm.lea(.i64, frame, slot(inst.b))
            asm.call(.rax)
            asm.lea(.i64, frame, slot(-inst.b))
            NativeStubs.reloadMemory(&asm)
            asm.bind(done)
            loadHomes()
            forgetBindings()
            return 2
        case .returnCall:
            // Only to a defined function with native code, by a jump in this frame: a tail call through the callout
            // (to an import, or to a function left to the interpreter, which may tail-call back) would nest Swift
            // frames at every step of a tail-call loop. Other tail calls keep their function interpreted.
            let index = Int(inst.a) - module.importedFunctionCount
            guard index >= 0, !interpreted[index] else { return nil }
            tailCallees.append(index)
            checkInterruption(at: position)
            for k in 0..<inst.c {
                asm.mov(.i64, .rax, slot(inst.b + k))
                asm.mov(.qword, slot(k), .rax)
            }
            asm.alu(.add, .i64, .rsp, imm: 8)
            asm.jmp(functionLabels[index])
        case .copy:
            copy(inst, at: position)
        case .const64:
            storeConstant(Int64(bitPattern: UInt64(UInt32(bitPattern: inst.b)) | UInt64(UInt32(bitPattern: inst.c)) << 32),
                          to: slot(inst.a))
        case .select:
            let condition = module.code.base[position + 1].a
            asm.mov(.i64, .rax, slot(inst.c))
            asm.mov(.i32, .rcx, slot(condition))
            asm.test(.i32, .rcx, .rcx)
            asm.cmov(.notEqual, .i64, .rax, slot(inst.b))
            asm.mov(.qword, slot(inst.a), .rax)
            return 2
        case .globalGet:
            asm.mov(.i64, .rax, field(.globals))
            asm.mov(.i64, .rax, Address(.rax, inst.b * 8))
            asm.mov(.i64, .rax, Address(.rax))
            storeResult(.rax, inst.a, upperZero: false)
        case .globalSet:
            let value = register(holding: inst.a, .i64, else: .rcx)
            let pointer: GPR = value == .rax ? .rdx : .rax
            asm.mov(.i64, pointer, field(.globals))
            asm.mov(.i64, pointer, Address(pointer, inst.b * 8))
            asm.mov(.qword, Address(pointer), value)
        case .memoryFill, .memoryCopy, .memoryGrow, .memoryInit, .dataDrop, .refFunc, .tableGet, .tableSet,
             .tableSize, .tableGrow, .tableFill, .tableCopy, .tableInit, .elemDrop, .zeroSlots, .copySlots,
             .memorySizeOf, .memoryFillOf, .memoryCopyBetween:
            outOfLine(at: position)
        default:
            return nil
        }
        return 1
    }
}
