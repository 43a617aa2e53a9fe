// Switching between kernel threads. A thread that is not running is its stack: the callee-saved registers of
// the System V ABI, pushed by context_switch, and the address it returns to. Everything else is caller-saved,
// and the SSE state needs no saving either: switches happen only at calls (a thread gives the processor up, it
// is never taken from it in the middle of an instruction stream; see kernel/sched/Scheduler.swift).

    .section .text.context, "ax"
    .code64

// void context_switch(uint64_t *save_stack, uint64_t next_stack): saves this thread's stack pointer in
// *save_stack and continues the thread whose stack pointer is next_stack.
    .global context_switch
context_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret

// Where a new thread's first context_switch returns to (its stack is built by Thread.init): a call into Swift
// with a clean frame-pointer chain, so a backtrace ends here.
    .global context_thread_start
context_thread_start:
    xorl %ebp, %ebp
    call walos_thread_start
    ud2
