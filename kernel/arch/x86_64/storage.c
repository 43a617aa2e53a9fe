// The kernel's fixed early storage: descriptor tables, the stacks the exception handlers use before the memory
// manager gives them guarded ones, and the buffer the PVH path writes the boot information into.
#include "kernel_layout.h"

static uint64_t gdt[8] __attribute__((aligned(16)));
static uint8_t tss[104] __attribute__((aligned(16)));
static uint8_t idt[256 * 16] __attribute__((aligned(16)));
static uint8_t early_stacks[EARLY_STACK_COUNT][EARLY_STACK_SIZE] __attribute__((aligned(16)));
static uint8_t boot_info[BOOT_INFO_CAPACITY] __attribute__((aligned(16)));

void *storage_gdt(void) { return gdt; }
void *storage_tss(void) { return tss; }
void *storage_idt(void) { return idt; }
void *storage_early_stack_top(int index) { return early_stacks[index] + EARLY_STACK_SIZE; }
void *storage_boot_info(void) { return boot_info; }
