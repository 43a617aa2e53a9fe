// Inline-assembly shims for the instructions Swift cannot express. Each is one instruction or a short fixed
// sequence; the kernel wraps them in small named Swift types (Port, CPU, MSR) and nothing else calls them.
#ifndef WALOS_CPU_H
#define WALOS_CPU_H
#include <stdint.h>

// Always inlined: the kernel's Swift imports these headers freestanding, and the "no-builtins" attribute that
// gives the imported functions keeps LLVM from inlining them into Swift on its own; each was a call (the
// interrupt flag, the GS reads: ~30 calls a pipe round trip). cpu_read_rbp stays a call of its own, its frame
// being where a backtrace starts, and so does cpu_divide, where a divide error is reported (test fault-divide-error).
#define CPU_INLINE static inline __attribute__((always_inline))

CPU_INLINE void cpu_outb(uint16_t port, uint8_t value) { __asm__ volatile("outb %0, %1" ::"a"(value), "Nd"(port)); }
CPU_INLINE void cpu_outw(uint16_t port, uint16_t value) { __asm__ volatile("outw %0, %1" ::"a"(value), "Nd"(port)); }
CPU_INLINE void cpu_outl(uint16_t port, uint32_t value) { __asm__ volatile("outl %0, %1" ::"a"(value), "Nd"(port)); }
CPU_INLINE uint8_t cpu_inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
CPU_INLINE uint16_t cpu_inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
CPU_INLINE uint32_t cpu_inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

CPU_INLINE uint64_t cpu_rdmsr(uint32_t msr) {
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}
CPU_INLINE void cpu_wrmsr(uint32_t msr, uint64_t value) {
    __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32)));
}
CPU_INLINE uint64_t cpu_rdtsc(void) {
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}
/// One hardware random number; returns 0 when the CPU's generator had none ready (retry) or has none at all.
CPU_INLINE int cpu_rdrand64(uint64_t *value) {
    unsigned char ok;
    __asm__ volatile("rdrand %0; setc %1" : "=r"(*value), "=qm"(ok) : : "cc");
    return ok;
}
/// Device registers: volatile, so each access happens, once, in program order.
CPU_INLINE uint32_t cpu_mmio_read32(const void *at) { return *(const volatile uint32_t *)at; }
CPU_INLINE void cpu_mmio_write32(void *at, uint32_t value) { *(volatile uint32_t *)at = value; }
CPU_INLINE void cpu_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d) {
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(subleaf));
}

CPU_INLINE uint64_t cpu_read_cr0(void) { uint64_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
CPU_INLINE uint64_t cpu_read_cr2(void) { uint64_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
CPU_INLINE uint64_t cpu_read_cr3(void) { uint64_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
CPU_INLINE uint64_t cpu_read_cr4(void) { uint64_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
CPU_INLINE void cpu_write_cr0(uint64_t v) { __asm__ volatile("mov %0, %%cr0" ::"r"(v) : "memory"); }
CPU_INLINE void cpu_write_cr3(uint64_t v) { __asm__ volatile("mov %0, %%cr3" ::"r"(v) : "memory"); }
CPU_INLINE void cpu_write_cr4(uint64_t v) { __asm__ volatile("mov %0, %%cr4" ::"r"(v) : "memory"); }
static inline uint64_t cpu_read_rbp(void) { uint64_t v; __asm__ volatile("mov %%rbp, %0" : "=r"(v)); return v; }
CPU_INLINE uint64_t cpu_read_rflags(void) { uint64_t v; __asm__ volatile("pushfq; popq %0" : "=r"(v)); return v; }

CPU_INLINE void cpu_invlpg(uint64_t address) { __asm__ volatile("invlpg (%0)" ::"r"(address) : "memory"); }
CPU_INLINE void cpu_cli(void) { __asm__ volatile("cli" ::: "memory"); }
CPU_INLINE void cpu_sti(void) { __asm__ volatile("sti" ::: "memory"); }
CPU_INLINE void cpu_hlt(void) { __asm__ volatile("hlt" ::: "memory"); }
/// Enables interrupts and halts in one step, so an interrupt cannot slip in between and be missed.
CPU_INLINE void cpu_sti_hlt(void) { __asm__ volatile("sti; hlt" ::: "memory"); }
CPU_INLINE void cpu_pause(void) { __asm__ volatile("pause"); }

/// Memory a device reads and writes behind the compiler's back (virtqueues): the access happens, and no other
/// memory access moves across it (x86 itself keeps stores with stores and loads with loads in order).
CPU_INLINE uint16_t cpu_shared_load16(const void *p) {
    uint16_t v = *(const volatile uint16_t *)p;
    __asm__ volatile("" ::: "memory");
    return v;
}
CPU_INLINE void cpu_shared_store16(void *p, uint16_t value) {
    __asm__ volatile("" ::: "memory");
    *(volatile uint16_t *)p = value;
}
CPU_INLINE void cpu_ud2(void) { __asm__ volatile("ud2"); }

/// Memory a device reads or writes behind the compiler's back (registers, rings shared over DMA): each access is
/// one volatile load or store of exactly that width, never merged, split, cached in a register or reordered.
CPU_INLINE uint8_t cpu_volatile_load8(const void *p) { return *(const volatile uint8_t *)p; }
CPU_INLINE uint16_t cpu_volatile_load16(const void *p) { return *(const volatile uint16_t *)p; }
CPU_INLINE uint32_t cpu_volatile_load32(const void *p) { return *(const volatile uint32_t *)p; }
CPU_INLINE void cpu_volatile_store8(void *p, uint8_t v) { *(volatile uint8_t *)p = v; }
CPU_INLINE void cpu_volatile_store16(void *p, uint16_t v) { *(volatile uint16_t *)p = v; }
CPU_INLINE void cpu_volatile_store32(void *p, uint32_t v) { *(volatile uint32_t *)p = v; }
/// Orders every earlier load and store before every later one, for the processor and the compiler alike.
CPU_INLINE void cpu_memory_fence(void) { __asm__ volatile("mfence" ::: "memory"); }

/// Loads a descriptor table register from a 10-byte pseudo-descriptor (limit u16, base u64).
CPU_INLINE void cpu_lgdt(const void *descriptor) { __asm__ volatile("lgdt (%0)" ::"r"(descriptor) : "memory"); }
CPU_INLINE void cpu_lidt(const void *descriptor) { __asm__ volatile("lidt (%0)" ::"r"(descriptor) : "memory"); }
CPU_INLINE void cpu_ltr(uint16_t selector) { __asm__ volatile("ltr %0" ::"r"(selector) : "memory"); }

/// Reloads the segment registers after a new GDT: CS through a far return, the data segments directly.
CPU_INLINE void cpu_reload_segments(uint16_t code, uint16_t data) {
    __asm__ volatile(
        "pushq %q0\n"
        "leaq 1f(%%rip), %%rax\n"
        "pushq %%rax\n"
        "lretq\n"
        "1:\n"
        "mov %w1, %%ds\n mov %w1, %%es\n mov %w1, %%ss\n"
        "xor %%eax, %%eax\n mov %%ax, %%fs\n mov %%ax, %%gs\n"
        :: "r"((uint64_t)code), "r"(data) : "rax", "memory");
}

/// Reads one byte of memory, for tests that fault on purpose (a guard page).
CPU_INLINE uint8_t cpu_read_byte(uint64_t address) { uint8_t v; __asm__ volatile("movb (%1), %0" : "=r"(v) : "r"(address) : "memory"); return v; }

/// Divides with the hardware instruction, so a test can raise #DE on purpose (Swift traps before dividing).
static inline uint64_t cpu_divide(uint64_t dividend, uint64_t divisor) {
    uint64_t q;
    __asm__ volatile("xor %%edx, %%edx\n divq %2" : "=a"(q) : "a"(dividend), "r"(divisor) : "rdx");
    return q;
}

/// The per-processor block: GS's base points at it; its first word is the processor's index, its second the
/// thread running there, its third the processor's ProcessorLocal, both unretained
/// (kernel/arch/x86_64/ProcessorLocal.swift).
CPU_INLINE void cpu_write_gs_base(uint64_t base) { cpu_wrmsr(0xC0000101, base); }
CPU_INLINE uint64_t cpu_gs_word(void) { uint64_t v; __asm__ volatile("movq %%gs:0, %0" : "=r"(v)); return v; }
CPU_INLINE uint64_t cpu_gs_running_thread(void) {
    uint64_t v;
    __asm__ volatile("movq %%gs:8, %0" : "=r"(v));
    return v;
}
CPU_INLINE uint64_t cpu_gs_local(void) {
    uint64_t v;
    __asm__ volatile("movq %%gs:16, %0" : "=r"(v));
    return v;
}

/// Saves the interrupt flag and clears it; cpu_restore_interrupts puts it back as it was.
CPU_INLINE uint64_t cpu_save_and_disable_interrupts(void) {
    uint64_t flags;
    __asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) :: "memory");
    return flags;
}
CPU_INLINE void cpu_restore_interrupts(uint64_t flags) {
    if (flags & (1 << 9)) __asm__ volatile("sti" ::: "memory");
}

/// Thread switching (kernel/arch/x86_64/context.S).
void context_switch(uint64_t *save_stack, uint64_t next_stack);
extern char context_thread_start[];
CPU_INLINE uint64_t layout_thread_start(void) { return (uint64_t)context_thread_start; }

/// Switches to another stack and calls `entry(argument)` there; used once, to leave the boot stack for a
/// kernel stack with a guard page below it. Does not return.
static inline void __attribute__((noreturn)) cpu_switch_stack(uint64_t stack_top, void (*entry)(uint64_t), uint64_t argument) {
    __asm__ volatile("mov %0, %%rsp\n xor %%ebp, %%ebp\n call *%1\n ud2" ::"r"(stack_top), "r"(entry), "D"(argument) : "memory");
    __builtin_unreachable();
}
#endif
