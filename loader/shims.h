// What the Swift loader calls in C: thin wrappers around UEFI services (which use the Microsoft x64 calling
// convention Swift cannot call) and the jump into the kernel. Only plain C types cross this boundary.
#ifndef WALOS_LOADER_SHIMS_H
#define WALOS_LOADER_SHIMS_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t walos_status;

/// UEFI status codes the loader tells apart.
#define WALOS_EFI_SUCCESS 0ull
#define WALOS_EFI_ERROR_BIT 0x8000000000000000ull
#define WALOS_EFI_INVALID_PARAMETER (WALOS_EFI_ERROR_BIT | 2)
#define WALOS_EFI_BUFFER_TOO_SMALL (WALOS_EFI_ERROR_BIT | 5)

/// AllocatePages allocation types and the memory types the loader allocates.
#define WALOS_ALLOCATE_MAX_ADDRESS 1u
#define WALOS_LOADER_DATA 2u
#define WALOS_KERNEL_MEMORY 0x80000001u
#define WALOS_INITRD_MEMORY 0x80000002u

/// Writes UTF-8 text to the UEFI console (non-ASCII bytes become '?'); "\n" becomes "\r\n".
void walos_print(const char *text, size_t length);
void walos_stall(uint64_t microseconds);

/// Opens the root directory of the volume the loader itself was loaded from.
walos_status walos_open_boot_volume(void);
/// `path` is an ASCII path with backslashes, relative to the boot volume's root.
walos_status walos_file_open(const char *path, void **file);
walos_status walos_file_size(void *file, uint64_t *size);
walos_status walos_file_read(void *file, void *buffer, uint64_t *size);
void walos_file_close(void *file);

walos_status walos_allocate_pages(uint32_t allocate_type, uint32_t memory_type, uint64_t pages, uint64_t *address);
walos_status walos_free_pages(uint64_t address, uint64_t pages);
walos_status walos_allocate_pool(uint64_t size, void **buffer);
void walos_free_pool(void *buffer);

struct walos_gop_mode {
    uint32_t width;
    uint32_t height;
    uint32_t pixel_format;
    uint32_t pixels_per_scan_line;
    uint32_t red_mask;
    uint32_t green_mask;
    uint32_t blue_mask;
};

walos_status walos_gop_locate(uint32_t *mode_count);
walos_status walos_gop_query(uint32_t mode, struct walos_gop_mode *info);
walos_status walos_gop_set(uint32_t mode);
/// The framebuffer of the current mode.
void walos_gop_framebuffer(uint64_t *base, uint64_t *size, struct walos_gop_mode *info);

/// Configuration-table addresses, 0 when absent.
uint64_t walos_acpi20_rsdp(void);
uint64_t walos_acpi10_rsdp(void);

walos_status walos_get_memory_map(uint64_t *map_size, void *map, uint64_t *map_key, uint64_t *descriptor_size,
                                  uint32_t *descriptor_version);
walos_status walos_exit_boot_services(uint64_t map_key);

/// Disables interrupts, switches to `stack_top` and calls `entry(boot_info)`; never returns.
__attribute__((noreturn)) void walos_enter_kernel(uint64_t boot_info, uint64_t entry, uint64_t stack_top);

#endif
