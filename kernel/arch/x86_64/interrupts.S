// Interrupt and exception entry. Each vector has a stub that makes the stack uniform (a zero where the CPU
// pushes no error code, then the vector number) and jumps to one common path, which saves every
// general-purpose register and the SSE state and calls the Swift dispatcher with a pointer to the saved frame
// (see InterruptFrame in kernel/arch/x86_64/InterruptFrame.swift for the layout).

    .section .text.interrupts, "ax"
    .code64

// 256 stubs of 16 bytes each: the stub for vector v is at interrupt_stubs + 16 * v.
    .p2align 4
    .global interrupt_stubs
interrupt_stubs:
    .set vector, 0
    .rept 256
    .p2align 4
    .if (vector == 8) || (vector >= 10 && vector <= 14) || (vector == 17) || (vector == 21) || (vector == 29) || (vector == 30)
    .else
    pushq $0
    .endif
    .byte 0x68                          // pushq imm32: the same length for every vector
    .long vector
    jmp interrupt_common
    .set vector, vector + 1
    .endr

interrupt_common:
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    cld
    subq $512, %rsp                     // the SSE state, which Swift code in the handlers may use
    fxsave64 (%rsp)
    leaq 512(%rsp), %rdi
    call walos_interrupt
    fxrstor64 (%rsp)
    addq $512, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
    addq $16, %rsp
    iretq
