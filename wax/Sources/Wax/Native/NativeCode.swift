import WaxNative

/// A module's native code: the stubs and every function the compiler supports, in one block of executable
/// memory freed with the module. Functions it does not support stay interpreted (their entry is nil); native
/// code calls them through the callout.
final class NativeCode {
    let memory: ExecutableMemory
    /// Each defined function's native entry, or nil; a stable buffer the interpreter reads at every call.
    let entries: UnsafeMutablePointer<UnsafeRawPointer?>
    /// The module's function bodies as the interpreter enters them on the native engine: a compiled function's
    /// entry is its `native` instruction (after the module's code), with no frame image to copy (its prologue
    /// writes it). The interpreter's calls pay nothing for the native tier this way.
    let bodies: UnsafeMutablePointer<FunctionBody>
    let compiledCount: Int
    let interpretedCount: Int
    /// The generated code's size, stubs included.
    let codeBytes: Int
    /// Whether it leaves 32-bit memory 0's bounds to the MMU: only instances whose store's allocator reserves the
    /// index space may run it (`Instance.nativeCode`).
    let guardedMemory: Bool
    /// The positions in the module's code of the call_indirect sites with a cache, in order: each instance has a
    /// cache for each (NativeIndirectCalls).
    let indirectCallSites: [Int]

    private init(memory: ExecutableMemory, codeBytes: Int, guardedMemory: Bool, offsets: [Int?],
                 indirectCallSites: [Int], module: Module) {
        self.memory = memory
        self.codeBytes = codeBytes
        self.guardedMemory = guardedMemory
        self.indirectCallSites = indirectCallSites
        entries = UnsafeMutablePointer<UnsafeRawPointer?>.allocate(capacity: max(offsets.count, 1))
        bodies = UnsafeMutablePointer<FunctionBody>.allocate(capacity: max(offsets.count, 1))
        for (index, offset) in offsets.enumerated() {
            entries[index] = offset.map { memory.base + $0 }
            var body = module.bodies.base[index]
            if offset != nil {
                body.entry = Int32(module.codeEnd + index)
                body.imageCount = 0
            }
            bodies.advanced(by: index).initialize(to: body)
        }
        compiledCount = offsets.count(where: { $0 != nil })
        interpretedCount = offsets.count - compiledCount
    }

    deinit {
        entries.deallocate()
        bodies.deallocate()
    }

    /// Which cache the call_indirect at `site` has, if it has one.
    func indirectCallCache(at site: Int) -> Int? { indirectCallSites.index(ofSorted: site) }

    /// The entry stub, at the start of the code.
    // SAFETY: NativeStubs emits the entry stub at offset 0 with exactly NativeEntry's C signature.
    var entryStub: NativeEntry { unsafeBitCast(memory.base, to: NativeEntry.self) }

    /// Compiles every function it can, in one pass (two or more only when a tail call's callee stays
    /// interpreted): a function the compiler gives up on is cut back to a jump to the callout, so that calls to it
    /// from functions before and after it (made by the site they stored) run it in the interpreter.
    static func compile(_ module: Module, guardedMemory: Bool) -> NativeCode? {
        let bodyCount = module.bodies.count
        // A try_table emits no code: its handlers are found by a throw's position in the interpreter's code, which
        // a native frame does not have. A function with one stays interpreted.
        var interpreted = [Bool](repeating: false, count: bodyCount)
        let growers = memoryGrowers(module)
        for tryTable in module.handlers.tryTables {
            if let index = module.definedFunction(at: Int(tryTable.functionEntry)) { interpreted[index] = true }
        }
        // A function whose tail callee turns out interpreted is compiled again without native code, until none
        // is (a pass more only for modules with tail calls, and rarely).
        while true {
            var asm = X64Assembler()
            let stubs = NativeStubs(&asm)
            let labels = (0..<bodyCount).map { _ in asm.makeLabel() }
            var offsets: [Int?] = []
            var faultSites: [(offset: UInt32, site: UInt32)] = []
            var tailCallers: [(caller: Int, callees: [Int])] = []
            var indirectCallSites: [Int] = []
            for index in 0..<bodyCount {
                asm.bind(labels[index])
                asm.forgetReferences()  // no cut nor rollback reaches back past this function
                let start = asm.checkpoint()
                if !interpreted[index], let compiled = compileFunction(index, module, &asm, stubs, labels,
                                                                       interpreted: interpreted, offsets: offsets,
                                                                       growers: growers,
                                                                       guardedMemory: guardedMemory,
                                                                       firstIndirectSite: indirectCallSites.count) {
                    offsets.append(start.offset)
                    faultSites += compiled.faultSites
                    indirectCallSites += compiled.indirectSites
                    if !compiled.tailCallees.isEmpty { tailCallers.append((index, compiled.tailCallees)) }
                } else {
                    asm.rollBack(to: start)
                    asm.jmp(stubs.calloutCall)
                    offsets.append(nil)
                }
            }
            let broken = tailCallers.filter { caller in caller.callees.contains { offsets[$0] == nil } }
            if !broken.isEmpty {
                for index in 0..<bodyCount where offsets[index] == nil { interpreted[index] = true }
                for caller in broken { interpreted[caller.caller] = true }
                continue
            }
            var code = asm.finish()
            let codeBytes = code.count
            if guardedMemory {
                NativeFaults.appendSiteTable(faultSites, to: &code, header: stubs.siteTableHeaderOffset)
            }
            guard let memory = ExecutableMemory.make(code) else { return nil }
            return NativeCode(memory: memory, codeBytes: codeBytes, guardedMemory: guardedMemory, offsets: offsets,
                              indirectCallSites: indirectCallSites, module: module)
        }
    }

    /// The function's memory accesses' fault sites and tail callees, or nil when it is left to the interpreter.
    private static func compileFunction(_ index: Int, _ module: Module, _ asm: inout X64Assembler,
                                        _ stubs: NativeStubs, _ labels: [Label], interpreted: [Bool],
                                        offsets: [Int?], growers: [Bool], guardedMemory: Bool,
                                        firstIndirectSite: Int)
        -> (faultSites: [(offset: UInt32, site: UInt32)], tailCallees: [Int], indirectSites: [Int])? {
        let body = module.bodies.base[index]
        var compiler = NativeFunctionCompiler(asm: asm, module: module, stubs: stubs, functionLabels: labels,
                                              body: body, entry: Int(body.entry),
                                              end: module.codeEnd(ofDefinedFunction: index),
                                              interpreted: interpreted, index: index, compiledBefore: offsets,
                                              memoryGrowers: growers,
                                              guardedMemory: guardedMemory, firstIndirectSite: firstIndirectSite)
        asm = X64Assembler()  // the compiler's copy of the code is then the only one: no copy on write
        let compiled = compiler.compile()
        asm = compiler.asm
        return compiled ? (compiler.faultSites, compiler.tailCallees, compiler.indirectSites) : nil
    }

    /// For each defined function, whether a call of it may grow a memory before it returns: it runs memory.grow,
    /// calls an import or through a table or reference (code the module does not show), or calls a function that
    /// may. After a call of any other function, memory 0's base and size are still the ones in registers (the
    /// store's interruption handler grows no memory: `Store.interruptionHandler`). Operand words are read as
    /// instructions too, which can only add growers.
    static func memoryGrowers(_ module: Module) -> [Bool] {
        let bodyCount = module.bodies.count, imported = module.importedFunctionCount
        var growers = [Bool](repeating: false, count: bodyCount)
        var callers = [[Int]](repeating: [], count: bodyCount)
        for caller in 0..<bodyCount {
            for position in Int(module.bodies.base[caller].entry)..<module.codeEnd(ofDefinedFunction: caller) {
                let inst = module.code.base[position]
                switch inst.op {
                case .memoryGrow, .callIndirect, .returnCallIndirect:
                    growers[caller] = true
                case .call, .returnCall:
                    let callee = Int(inst.a) - imported
                    if callee >= 0 && callee < bodyCount {
                        callers[callee].append(caller)
                    } else {
                        growers[caller] = true
                    }
                default:
                    break
                }
            }
        }
        var pending = (0..<bodyCount).filter { growers[$0] }
        while let callee = pending.popLast() {
            for caller in callers[callee] where !growers[caller] {
                growers[caller] = true
                pending.append(caller)
            }
        }
        return growers
    }
}
