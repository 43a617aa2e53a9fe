/// What interrupts.S leaves on the stack: the general-purpose registers it pushed (last pushed first), the vector
/// and error code, and the frame the processor pushed. Handlers may change it; the stub restores from it.
struct InterruptFrame {
    var r15: UInt64, r14: UInt64, r13: UInt64, r12: UInt64, r11: UInt64, r10: UInt64, r9: UInt64, r8: UInt64
    var rbp: UInt64, rdi: UInt64, rsi: UInt64, rdx: UInt64, rcx: UInt64, rbx: UInt64, rax: UInt64
    var vector: UInt64
    var errorCode: UInt64
    var rip: UInt64, cs: UInt64, rflags: UInt64, rsp: UInt64, ss: UInt64
}
