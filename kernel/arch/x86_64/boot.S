// Kernel entry points. Both boot paths end in `common64`, running in long mode at the kernel's physical
// address with identity paging, which builds the boot page tables, moves to the higher half and calls the
// Swift `kernel_main`.
//   - PVH (QEMU direct boot): the ELF note below names `pvh_entry`; QEMU starts it in 32-bit protected mode,
//     paging off, EBX = physical address of the hvm_start_info. The kernel sits at its link-time physical address.
//   - Multiboot2 (GRUB's `multiboot2`): the header below names `multiboot2_entry`; GRUB starts it as PVH is
//     started, with EAX = 0x36D76289 and EBX = physical address of the Multiboot2 information.
//   - UEFI (the walos loader): the ELF entry point `uefi_entry`, in long mode on the firmware's identity page
//     tables, RDI = physical address of the boot information. The loader may place the kernel at any 2 MiB
//     aligned physical address, so this path uses only RIP-relative addressing.
//
// Virtual layout set up here (the Swift kernel later replaces it with finer-grained tables). Everything is in the
// lower half: Swift's String keeps flags in the top bits of its pointers, so it cannot point into the upper half.
//   0x0000000000000000 +4 GiB  identity (only while booting)
//   0x0000400000000000 +4 GiB  direct map of physical memory
//   0x00007FFF80000000 +1 GiB  the kernel image: virtual KERNEL_VIRT_BASE + 0x200000 is its first byte

#define KERNEL_VIRT_BASE 0x00007FFF80000000
#define KERNEL_LINK_PHYS 0x200000
#define PHYS(symbol) ((symbol) - KERNEL_VIRT_BASE)
#define PAGE_PRESENT_WRITABLE 0x3
#define PAGE_HUGE 0x80
#define BOOT_SOURCE_UEFI 1
#define BOOT_SOURCE_PVH 2
#define BOOT_SOURCE_MULTIBOOT2 3
#define MULTIBOOT2_HEADER_MAGIC 0xE85250D6
#define MULTIBOOT2_LOADER_MAGIC 0x36D76289

    .section .note.Xen, "a", @note
    .p2align 2
    .long 4, 4, 18                      // name size, descriptor size, XEN_ELFNOTE_PHYS32_ENTRY
    .asciz "Xen"
    .long PHYS(pvh_entry)

// The Multiboot2 header: first in the image (the linker script puts it there), within the file's first 32 KiB
// as the specification requires, 8-aligned, its tags 8-aligned too.
    .section .multiboot2, "a"
    .p2align 3
multiboot2_header:
    .long MULTIBOOT2_HEADER_MAGIC, 0    // magic, architecture i386 (32-bit protected mode)
    .long multiboot2_header_end - multiboot2_header
    .long 0x100000000 - (MULTIBOOT2_HEADER_MAGIC + multiboot2_header_end - multiboot2_header)
    .word 3, 0                          // entry address: the ELF entry is the loader's 64-bit one
    .long 12
    .long PHYS(multiboot2_entry)
    .long 0
    .word 5, 1                          // framebuffer, optional: a linear 32-bit mode, so GRUB sets graphics
    .long 20
    .long 1024, 768, 32
    .long 0
    .word 6, 0                          // modules page-aligned
    .long 8
    .word 0, 0                          // end
    .long 8
multiboot2_header_end:

    .section .boot.text, "ax"
    .code32
    .global pvh_entry
pvh_entry:
    movl $BOOT_SOURCE_PVH, %eax
    jmp protected_mode_entry

    .global multiboot2_entry
multiboot2_entry:
    cmpl $MULTIBOOT2_LOADER_MAGIC, %eax
    jne 7f                              // not started by a Multiboot2 loader: nothing to go on
    movl $BOOT_SOURCE_MULTIBOOT2, %eax

// EAX = boot source, EBX = its boot parameter; 32-bit protected mode, paging off.
protected_mode_entry:
    cli
    cld
    movl %ebx, PHYS(boot_parameter)
    movl %eax, PHYS(boot_source)
    movl $PHYS(boot_stack_top), %esp

    // Identity-map the first GiB with 2 MiB pages: enough to reach long mode; common64 maps the rest.
    movl $PHYS(boot_pd_low), %edi
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $21, %eax
    orl $(PAGE_PRESENT_WRITABLE | PAGE_HUGE), %eax
    movl %eax, (%edi, %ecx, 8)
    movl $0, 4(%edi, %ecx, 8)
    incl %ecx
    cmpl $512, %ecx
    jne 1b
    movl $(PHYS(boot_pd_low) + PAGE_PRESENT_WRITABLE), PHYS(boot_pdpt_low)
    movl $(PHYS(boot_pdpt_low) + PAGE_PRESENT_WRITABLE), PHYS(boot_pml4)

    movl %cr4, %eax
    orl $(1 << 5), %eax                 // PAE
    movl %eax, %cr4
    movl $PHYS(boot_pml4), %eax
    movl %eax, %cr3
    movl $0xC0000080, %ecx              // EFER: long mode enable
    rdmsr
    orl $(1 << 8), %eax
    wrmsr
    movl %cr0, %eax
    orl $((1 << 31) | 1), %eax          // paging, protected mode
    movl %eax, %cr0
    lgdt PHYS(pvh_gdt_pointer)
    ljmp $0x08, $PHYS(pvh_long_mode)

    .code64
pvh_long_mode:
    movl boot_parameter(%rip), %edi
    movl boot_source(%rip), %esi
    jmp common64

    .global uefi_entry
uefi_entry:
    cli
    cld
    leaq boot_stack_top(%rip), %rsp
    movl $BOOT_SOURCE_UEFI, %esi
    // fall through

// RDI = boot parameter (physical), ESI = boot source. Runs at the physical address, with identity paging.
common64:
    movq %rdi, %r12
    movl %esi, %r13d
    leaq __kernel_start(%rip), %r14     // where the image really is in physical memory

    // Identity and direct map of the first 4 GiB: four page directories of 2 MiB pages.
    leaq boot_pd_low(%rip), %rdi
    xorl %ecx, %ecx
2:  movq %rcx, %rax
    shlq $21, %rax
    orq $(PAGE_PRESENT_WRITABLE | PAGE_HUGE), %rax
    movq %rax, (%rdi, %rcx, 8)
    incl %ecx
    cmpl $2048, %ecx
    jne 2b
    leaq boot_pdpt_low(%rip), %rsi
    xorl %ecx, %ecx
3:  movq %rcx, %rax
    shlq $12, %rax
    addq %rdi, %rax
    orq $PAGE_PRESENT_WRITABLE, %rax
    movq %rax, (%rsi, %rcx, 8)
    incl %ecx
    cmpl $4, %ecx
    jne 3b

    // The kernel's gigabyte: virtual KERNEL_VIRT_BASE + x -> physical (image start - KERNEL_LINK_PHYS) + x.
    leaq boot_pd_high(%rip), %rdi
    movq %r14, %rdx
    subq $KERNEL_LINK_PHYS, %rdx
    orq $(PAGE_PRESENT_WRITABLE | PAGE_HUGE), %rdx
    xorl %ecx, %ecx
4:  movq %rcx, %rax
    shlq $21, %rax
    addq %rdx, %rax
    movq %rax, (%rdi, %rcx, 8)
    incl %ecx
    cmpl $512, %ecx
    jne 4b
    leaq boot_pdpt_high(%rip), %rsi
    leaq PAGE_PRESENT_WRITABLE(%rdi), %rax
    movq %rax, 510*8(%rsi)

    leaq boot_pml4(%rip), %rdi
    leaq boot_pdpt_low(%rip), %rax
    orq $PAGE_PRESENT_WRITABLE, %rax
    movq %rax, (%rdi)                   // identity
    movq %rax, 128*8(%rdi)              // direct map
    leaq PAGE_PRESENT_WRITABLE(%rsi), %rax
    movq %rax, 255*8(%rdi)              // kernel

    movl $0xC0000080, %ecx              // EFER: no-execute enable, for the kernel's own tables later
    rdmsr
    orl $(1 << 11), %eax
    wrmsr
    movq %cr0, %rax                     // SSE, which compiled Swift uses: no x87 emulation, monitor coprocessor
    andq $~(1 << 2), %rax
    orq $(1 << 1), %rax
    movq %rax, %cr0
    movq %cr4, %rax                     // OSFXSR, OSXMMEXCPT
    orq $((1 << 9) | (1 << 10)), %rax
    movq %rax, %cr4

    leaq boot_gdt(%rip), %rax
    movq %rax, boot_gdt_pointer+2(%rip)
    lgdt boot_gdt_pointer(%rip)
    pushq $0x08
    leaq 5f(%rip), %rax
    pushq %rax
    lretq
5:  movl $0x10, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %ss
    movl %eax, %fs
    movl %eax, %gs

    leaq boot_pml4(%rip), %rax
    movq %rax, %cr3
    movabsq $higher_half, %rax
    jmp *%rax

higher_half:
    movabsq $boot_stack_top, %rsp
    xorl %ebp, %ebp
    movq %r12, %rdi
    movl %r13d, %esi
    movq %r14, %rdx
    call kernel_main
6:  cli
    hlt
    jmp 6b

    .code32
7:  cli
    hlt
    jmp 7b

    .section .boot.data, "aw"
    .p2align 4
boot_gdt:
    .quad 0
    .quad 0x00AF9A000000FFFF            // 0x08: 64-bit code
    .quad 0x00CF92000000FFFF            // 0x10: data
boot_gdt_end:
    .p2align 4
pvh_gdt_pointer:                        // for lgdt in 32-bit mode: a 32-bit base, fixed at link time
    .word boot_gdt_end - boot_gdt - 1
    .long PHYS(boot_gdt)
    .p2align 4
boot_gdt_pointer:                       // for lgdt in long mode: base filled in at run time
    .word boot_gdt_end - boot_gdt - 1
    .quad 0
boot_parameter:
    .long 0
boot_source:
    .long 0

    .section .bss.boot, "aw", @nobits
    .p2align 12
// Until the memory manager gives the kernel a stack with a guard page, this one has no guard: it is generous
// because the memory map code keeps its fixed-capacity lists on the stack.
boot_stack:     .skip 65536
boot_stack_top:
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pd_low:    .skip 4 * 4096
boot_pdpt_high: .skip 4096
boot_pd_high:   .skip 4096
