// walos_enter_kernel(boot_info = rdi, entry = rsi, stack_top = rdx): the last instructions the loader runs.
// The kernel starts in 64-bit mode on the firmware's identity-mapped page tables, interrupts off, on a stack
// the loader allocated (so it is not in memory the boot information calls usable), with rdi = boot info.
    .text
    .globl walos_enter_kernel
    .type walos_enter_kernel, @function
walos_enter_kernel:
    cli
    mov %rdx, %rsp
    and $-16, %rsp
    xor %ebp, %ebp
    call *%rsi
1:  hlt
    jmp 1b
    .section .note.GNU-stack, "", @progbits
