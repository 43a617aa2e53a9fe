import WaxNative

/// What an embedder needs to turn a processor fault in generated code into the running function's trap: the
/// code does explicit checks, so a fault there is a compiler bug, and the embedder (the kernel's fault handler)
/// resumes at the code's trap exit with the status in eax. The trap exit restores the stack pointer the entry
/// stub saved in the native context (r15, which generated code never changes), so whatever the faulting code
/// left on the stack is dropped and the run ends as any trap does.
public enum NativeFaults {
    /// A processor exception that generated code may raise.
    public enum Kind {
        /// #UD.
        case invalidOpcode
        /// #DE.
        case divideError
        /// #PF (or #GP on a non-canonical address).
        case memoryFault
        /// #PF on the guard page below the stack native code runs on.
        case stackOverflow
    }

    /// Whether code compiled from now on leaves the bounds of a 32-bit memory 0 to the MMU: set before any module
    /// compiles by an embedder whose fault handler ends such faults as traps (`faultSite`) and whose memory
    /// allocators reserve the index space (`MemoryAllocator.reservesIndexSpace`): a load or store then carries no
    /// compare and branch, and an access past the memory's size faults in the reservation. Off on the host, where
    /// code checks every access.
    nonisolated(unsafe) public static var memoryGuards = false

    /// The index space a 32-bit memory must reserve for guarded code: any u32 address plus any u32 offset plus
    /// an access's 8 bytes (16 with v128), rounded up to whole pages.
    public static let guardedReservation = (1 << 33) + 4096

    /// Appends the memory accesses' sites to guarded code, where `faultSite` finds them: the (offset, site) pairs
    /// as two u32s each, in code order, then padding up to 12 bytes before a page's end, then the table's offset,
    /// its count and `siteTableMagic` as three u32s, the last 12 bytes of the code's pages.
    static func appendSiteTable(_ sites: [(offset: UInt32, site: UInt32)], to code: inout [UInt8]) {
        func append(_ word: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { code.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) } }
        while code.count % 4 != 0 { code.append(0xCC) }
        let table = code.count
        for (offset, site) in sites {
            append(offset)
            append(site)
        }
        while (code.count + 12) % 4096 != 0 { code.append(0xCC) }
        append(UInt32(table))
        append(UInt32(sites.count))
        append(siteTableMagic)
    }

    /// "WXFT": the code's pages end with a site table (code that checks its own bounds has none).
    static let siteTableMagic: UInt32 = 0x5446_5857

    /// The site of the memory access at `offset` in guarded code whose pages start at `code` and span `size`
    /// bytes; nil when no access is there. Allocates nothing (a fault handler calls it).
    public static func faultSite(code: UnsafeRawPointer, size: Int, offset: Int) -> UInt32? {
        guard size >= 12 else { return nil }
        let trailer = code + size - 12
        let table = Int(trailer.loadUnaligned(as: UInt32.self)), count = Int((trailer + 4).loadUnaligned(as: UInt32.self))
        guard (trailer + 8).loadUnaligned(as: UInt32.self) == siteTableMagic, table + 8 * count <= size - 12 else {
            return nil
        }
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            let at = Int((code + table + 8 * middle).loadUnaligned(as: UInt32.self))
            if at == offset { return (code + table + 8 * middle + 4).loadUnaligned(as: UInt32.self) }
            if at < offset { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// Stores `site` in the native context at `context` (r15 in generated code), where the trap exit's caller
    /// reads the faulting instruction's position.
    public static func recordSite(_ site: UInt32, context: UInt64) {
        guard let fields = UnsafeMutablePointer<UInt64>(bitPattern: UInt(context)) else { return }
        fields[Int(NativeContextField.site.rawValue)] = UInt64(site)
    }

    /// Where to resume after a fault, as an offset from the start of the faulting module's code (its executable
    /// pages): the trap exit, the same in every module's code.
    public static func trapExitOffset() -> Int {
        var asm = X64Assembler()
        return NativeStubs(&asm).trapExitOffset
    }

    /// The status to put in eax for the trap exit: the interpreter's trap for the same failure.
    public static func status(for kind: Kind) -> UInt32 {
        switch kind {
        case .invalidOpcode: NativeStatus.unreachable.rawValue
        case .divideError: NativeStatus.integerDivideByZero.rawValue
        case .memoryFault: NativeStatus.memoryOutOfBounds.rawValue
        case .stackOverflow: NativeStatus.callStackExhausted.rawValue
        }
    }

    /// Instructions a probe may run, each faulting.
    public enum Probe {
        case ud2
        case divideByZero
        /// A load from address 0.
        case nullLoad
    }

    /// Runs `probe` as a function of its own, in executable pages with the stubs every module's code has, through
    /// the same entry stub: for an embedder's test that its fault handler ends such a run as a trap. The status
    /// the entry stub returned (a trap's), or nil when there are no executable pages.
    public static func run(_ probe: Probe) -> UInt32? {
        var asm = X64Assembler()
        _ = NativeStubs(&asm)
        let body = asm.offset
        switch probe {
        case .ud2:
            asm.ud2()
        case .divideByZero:
            asm.alu(.xor, .i32, .rcx, .rcx)
            asm.div(.i32, .rcx)
        case .nullLoad:
            asm.alu(.xor, .i32, .rax, .rax)
            asm.mov(.i64, .rax, Address(.rax))
        }
        asm.ret()
        guard let memory = ExecutableMemory.make(asm.finish()) else { return nil }
        // The context's fields, then bounds of an empty memory (what the entry stub loads into r12/r13).
        let fields = NativeContextField.allCases.count
        let context = UnsafeMutablePointer<UInt64>.allocate(capacity: fields + 2)
        context.initialize(repeating: 0, count: fields + 2)
        context[Int(NativeContextField.memoryBounds.rawValue)] = UInt64(UInt(bitPattern: context + fields))
        var frame: [UInt64] = [0, 0]
        // SAFETY: offset 0 of the code is the entry stub (NativeEntry); the body at `body` returns or faults, and
        // a fault resumes at the trap exit, which returns from the entry stub with the saved registers restored.
        let status = frame.withUnsafeMutableBufferPointer { slots in
            unsafeBitCast(memory.base, to: NativeEntry.self)(slots.baseAddress!, context, memory.base + body)
        }
        context.deallocate()
        return status
    }
}
