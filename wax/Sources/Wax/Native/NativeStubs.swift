import WaxNative

/// The code every module's native code starts with: the entry stub that Swift calls, the exit a trap takes and
/// the thunk through which generated code calls a function that has no native code.
struct NativeStubs {
    /// Where a trap jumps with the status in eax (the site already stored): back to the entry stub's caller.
    let trapExit: Label
    /// The trap exit's offset from the start of the code: the same in every module's code.
    let trapExitOffset: Int
    /// Called like a generated function (callee frame in r14, site stored): runs the callee through the callout.
    let calloutCall: Label
    /// Where guarded code keeps its site table's offset, count and magic (`NativeFaults.faultSite`), the same in
    /// every module's code: 12 bytes patched in when the code is done, never executed.
    let siteTableHeaderOffset: Int

    /// Emits the stubs at the start of `asm`; the entry stub is at offset 0, a C function
    /// `(frame, context, code) -> status` (`NativeEntry`).
    init(_ asm: inout X64Assembler) {
        let (frame, context) = (NativeRegisters.frame, NativeRegisters.context)
        let entrySP = Address(context, NativeContextField.entryStackPointer.displacement)
        let saved: [GPR] = [.rbx, .rbp, .r12, .r13, .r14, .r15]
        for register in saved { asm.push(register) }
        asm.mov(.i64, frame, .rdi)
        asm.mov(.i64, context, .rsi)
        asm.mov(.i64, NativeRegisters.interruptFlag,
                Address(context, NativeContextField.interruptFlag.displacement))
        // The outer entry's rsp, back in place when this one ends: a callout may enter native code again.
        asm.mov(.i64, .rax, entrySP)
        asm.push(.rax)
        asm.mov(.qword, entrySP, .rsp)
        NativeStubs.reloadMemory(&asm)
        asm.call(.rdx)
        asm.alu(.xor, .i32, .rax, .rax)
        let exit = asm.makeLabel()
        asm.bind(exit)
        asm.pop(.rcx)
        asm.mov(.qword, entrySP, .rcx)
        for register in saved.reversed() { asm.pop(register) }
        asm.ret()

        trapExit = asm.makeLabel()
        trapExitOffset = asm.offset
        asm.bind(trapExit)
        asm.mov(.i64, .rsp, entrySP)
        asm.jmp(exit)

        calloutCall = asm.makeLabel()
        asm.bind(calloutCall)
        asm.alu(.sub, .i64, .rsp, imm: 8)
        NativeStubs.callout(&asm, .call, frame: Address(frame))
        asm.alu(.add, .i64, .rsp, imm: 8)
        asm.test(.i32, .rax, .rax)
        asm.j(.notEqual, trapExit)
        asm.ret()

        siteTableHeaderOffset = asm.offset
        for _ in 0..<12 { asm.int3() }
    }

    /// memoryBase and memorySize from the memory's bounds: at entry and after anything that may grow memory.
    static func reloadMemory(_ asm: inout X64Assembler) {
        asm.mov(.i64, .rax, Address(NativeRegisters.context, NativeContextField.memoryBounds.displacement))
        asm.mov(.i64, NativeRegisters.memoryBase, Address(.rax))
        asm.mov(.i64, NativeRegisters.memorySize, Address(.rax, 8))
    }

    /// Calls the callout with `kind`, the stored site and the frame at `frame`; the status ends in eax. rsp must
    /// be 16-byte aligned.
    static func callout(_ asm: inout X64Assembler, _ kind: NativeCalloutKind, frame: Address) {
        let context = NativeRegisters.context
        asm.lea(.i64, .rcx, frame)
        asm.mov(.i64, .rdi, context)
        asm.mov(.i32, .rsi, imm: Int64(kind.rawValue))
        asm.mov(.i32, .rdx, Address(context, NativeContextField.site.displacement))
        asm.mov(.i64, .rax, Address(context, NativeContextField.callout.displacement))
        asm.call(.rax)
    }
}

/// The entry stub's C signature: (frame, context, code) -> status.
typealias NativeEntry = @convention(c) (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>,
                                        UnsafeRawPointer) -> UInt32
