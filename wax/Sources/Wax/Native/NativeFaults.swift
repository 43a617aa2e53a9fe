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
