// The application processors' way into the kernel. The bootstrap processor copies this code to a low physical
// page (AP_TRAMPOLINE_BASE, below 1 MiB because a start-up IPI names a real-mode page), fills in the slots at
// its end and sends INIT and two start-up IPIs; each processor then climbs from real mode through protected mode
// to long mode and calls walos_ap_main(index) on its own stack. One processor at a time goes through it.
//
// Pages from AP_TRAMPOLINE_BASE: this code and its slots, a PML4 (the kernel's top level plus an identity
// mapping of the first 2 MiB, which the code runs from while paging turns on), then a PDPT and a PD for that
// identity mapping. The page tables must sit below 4 GiB for the 32-bit CR3 load: these do.

#define AP_TRAMPOLINE_BASE 0x8000
#define AT(label) (AP_TRAMPOLINE_BASE + (label) - ap_trampoline_start)

    .section .rodata.ap_trampoline, "a"
    .global ap_trampoline_start, ap_trampoline_end
    .code16
ap_trampoline_start:
    cli
    cld
    movw %cs, %ax
    movw %ax, %ds
    lgdtl ap_gdt_pointer - ap_trampoline_start
    movl %cr0, %eax
    orl $1, %eax
    movl %eax, %cr0
    ljmpl $0x08, $AT(ap_protected)

    .code32
ap_protected:
    movl $0x10, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %ss
    movl AT(ap_slot_cr4), %eax          // the bootstrap processor's CR4 (PAE, SSE)
    movl %eax, %cr4
    movl $(AP_TRAMPOLINE_BASE + 0x1000), %eax
    movl %eax, %cr3
    movl $0xC0000080, %ecx              // EFER: long mode, no-execute
    rdmsr
    orl $((1 << 8) | (1 << 11)), %eax
    wrmsr
    movl AT(ap_slot_cr0), %eax          // the bootstrap processor's CR0 (paging, write protect, SSE)
    movl %eax, %cr0
    ljmpl $0x18, $AT(ap_long)

    .code64
ap_long:
    movl $0x10, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %ss
    movq AT(ap_slot_stack), %rsp        // the tables here hold the kernel's top level: its stacks and image too
    movq AT(ap_slot_index), %rdi
    movq AT(ap_slot_entry), %rax
    xorl %ebp, %ebp
    call *%rax
1:  cli
    hlt
    jmp 1b

    .p2align 3
ap_gdt:
    .quad 0
    .quad 0x00CF9A000000FFFF            // 0x08: 32-bit code
    .quad 0x00CF92000000FFFF            // 0x10: data
    .quad 0x00AF9A000000FFFF            // 0x18: 64-bit code
ap_gdt_end:
ap_gdt_pointer:
    .word ap_gdt_end - ap_gdt - 1
    .long AT(ap_gdt)

// Filled in by Processors.start (kernel/arch/x86_64/Processors.swift), at these offsets from the start; the entry
// is linked in. It loads the kernel's own CR3 itself, once it runs in the kernel image rather than in this page.
    .p2align 3
    .global ap_slot_stack, ap_slot_entry, ap_slot_index, ap_slot_cr0, ap_slot_cr4
ap_slot_stack:  .quad 0
ap_slot_entry:  .quad walos_ap_main
ap_slot_index:  .quad 0
ap_slot_cr0:    .quad 0
ap_slot_cr4:    .quad 0
ap_trampoline_end:
