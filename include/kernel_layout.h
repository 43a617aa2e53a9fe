// Addresses the linker script and the assembly define, and the kernel's fixed early storage, for Swift.
#ifndef WALOS_KERNEL_LAYOUT_H
#define WALOS_KERNEL_LAYOUT_H
#include <stdint.h>

extern char __kernel_start[], __text_end[], __rodata_start[], __rodata_end[], __data_start[], __data_end[];
extern char __symbols_start[], __symbols_end[], __kernel_end[];
extern char interrupt_stubs[];

static inline uint64_t layout_kernel_start(void) { return (uint64_t)__kernel_start; }
static inline uint64_t layout_text_end(void) { return (uint64_t)__text_end; }
static inline uint64_t layout_rodata_start(void) { return (uint64_t)__rodata_start; }
static inline uint64_t layout_rodata_end(void) { return (uint64_t)__rodata_end; }
static inline uint64_t layout_data_start(void) { return (uint64_t)__data_start; }
static inline uint64_t layout_data_end(void) { return (uint64_t)__data_end; }
static inline uint64_t layout_symbols_start(void) { return (uint64_t)__symbols_start; }
static inline uint64_t layout_symbols_end(void) { return (uint64_t)__symbols_end; }
static inline uint64_t layout_kernel_end(void) { return (uint64_t)__kernel_end; }
static inline uint64_t layout_interrupt_stub(int vector) { return (uint64_t)interrupt_stubs + 16 * (uint64_t)vector; }

// Fixed storage in the kernel image (kernel/arch/x86_64/storage.c), used before there is any allocator.
enum {
    EARLY_STACK_SIZE = 16384,
    EARLY_STACK_COUNT = 4,
    BOOT_INFO_CAPACITY = 16384,
};
void *storage_gdt(void);
void *storage_tss(void);
void *storage_idt(void);
void *storage_early_stack_top(int index);
void *storage_boot_info(void);

// The application processors' trampoline (kernel/arch/x86_64/ap_trampoline.S): its code, copied to a low page,
// and the offsets of the slots the bootstrap processor fills in.
extern char ap_trampoline_start[], ap_trampoline_end[];
extern char ap_slot_stack[], ap_slot_index[], ap_slot_cr0[], ap_slot_cr4[];
enum { AP_TRAMPOLINE_BASE = 0x8000, AP_TRAMPOLINE_PAGES = 4 };
static inline const void *layout_ap_trampoline(void) { return ap_trampoline_start; }
static inline uint64_t layout_ap_trampoline_size(void) { return (uint64_t)(ap_trampoline_end - ap_trampoline_start); }
static inline uint64_t layout_ap_slot(const char *slot) { return (uint64_t)(slot - ap_trampoline_start); }
static inline uint64_t layout_ap_slot_stack(void) { return layout_ap_slot(ap_slot_stack); }
static inline uint64_t layout_ap_slot_index(void) { return layout_ap_slot(ap_slot_index); }
static inline uint64_t layout_ap_slot_cr0(void) { return layout_ap_slot(ap_slot_cr0); }
static inline uint64_t layout_ap_slot_cr4(void) { return layout_ap_slot(ap_slot_cr4); }

// The console font (a PSF file from Debian's console-setup-linux), linked in by mk/kernel.mk.
extern const char _binary_font_psf_start[], _binary_font_psf_end[];
static inline const void *layout_font_start(void) { return _binary_font_psf_start; }
static inline uint64_t layout_font_size(void) { return (uint64_t)(_binary_font_psf_end - _binary_font_psf_start); }
#endif
