// A stand-in for the walos kernel, used by tests/loader to check what the loader hands over. It runs where the
// loader put it, not at its link address, so it is compiled position independent and touches only its own
// code and data (rip-relative) and the memory the boot information describes. It reports on the serial port
// and ends QEMU through isa-debug-exit: 0x10 when every check held, 0x11 otherwise.
#include <stdint.h>

static inline void outb(uint16_t port, uint8_t value) { __asm__ volatile("outb %0, %1" ::"a"(value), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) {
    uint8_t value;
    __asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

static void put(char c) {
    while (!(inb(0x3FD) & 0x20)) {}
    outb(0x3F8, (uint8_t)c);
}

static void puts_(const char *s) {
    while (*s) put(*s++);
}

static void put_hex(uint64_t v) {
    puts_("0x");
    for (int shift = 60; shift >= 0; shift -= 4) put("0123456789abcdef"[(v >> shift) & 0xF]);
}

static void put_dec(uint64_t v) {
    char digits[24];
    int n = 0;
    do { digits[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) put(digits[--n]);
}

static uint64_t u64(const uint8_t *p) { uint64_t v; __builtin_memcpy(&v, p, 8); return v; }
static uint32_t u32(const uint8_t *p) { uint32_t v; __builtin_memcpy(&v, p, 4); return v; }

static int same(const void *a, const char *b, unsigned n) {
    const volatile char *p = a;
    for (unsigned i = 0; i < n; i++) {
        if (p[i] != b[i]) return 0;
    }
    return 1;
}

static int failures;

static void check(int ok, const char *what) {
    puts_(ok ? "standin: ok " : "standin: FAILED ");
    puts_(what);
    put('\n');
    if (!ok) failures++;
}

// Hidden, so that its address is taken rip-relative: the linker would turn a GOT load into a link-time constant.
extern char image_start[] __attribute__((visibility("hidden")));
static volatile uint64_t data_marker = 0x57414C4F53444154ull;
static volatile uint8_t bss_block[65536];

enum { USABLE = 1, RECLAIMABLE = 6, KERNEL = 7, INITRD = 8 };

/// The kind of the region containing [base, base + size), or 0 when no single region does.
static uint32_t kind_of(const uint8_t *info, uint64_t base, uint64_t size) {
    uint32_t count = u32(info + 20), offset = u32(info + 24);
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *r = info + offset + i * 24;
        if (base >= u64(r) && base + size <= u64(r) + u64(r + 8)) return u32(r + 16);
    }
    return 0;
}

static void check_regions(const uint8_t *info) {
    uint32_t count = u32(info + 20), offset = u32(info + 24);
    uint64_t usable = 0, previous_end = 0;
    int sorted = 1, known = 1;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *r = info + offset + i * 24;
        uint64_t base = u64(r), length = u64(r + 8);
        uint32_t kind = u32(r + 16);
        if (base < previous_end || length == 0) sorted = 0;
        previous_end = base + length;
        if (kind < 1 || kind > 10) known = 0;
        if (kind == USABLE) usable += length;
    }
    puts_("standin: regions ");
    put_dec(count);
    puts_(", usable bytes ");
    put_dec(usable);
    put('\n');
    check(count > 3, "memory map has regions");
    check(sorted, "regions sorted, non-empty and disjoint");
    check(known, "region kinds known");
    check(usable > (256ull << 20), "more than 256 MiB usable");
}

__attribute__((section(".text.entry"), used)) void _start(const uint8_t *info) {
    put('K');
    put('\n');
    uint64_t flags, stack;
    __asm__ volatile("pushfq; pop %0" : "=r"(flags));
    __asm__ volatile("mov %%rsp, %0" : "=r"(stack));
    check(!(flags & 0x200), "interrupts disabled");
    check(u64(info) == 0x314942534F4C4157ull, "boot info magic");
    check(u32(info + 8) == 1 && u32(info + 16) == 1, "version 1, source uefi");

    uint64_t kernel_start = u64(info + 64), kernel_end = u64(info + 72);
    uint64_t here = (uint64_t)(uintptr_t)image_start;
    puts_("standin: running at ");
    put_hex(here);
    puts_(", kernel ");
    put_hex(kernel_start);
    puts_("..");
    put_hex(kernel_end);
    put('\n');
    check(here == kernel_start, "runs at the reported kernel start");
    check((kernel_start & 0x1FFFFF) == 0, "kernel block 2 MiB aligned");
    check(kernel_end <= 0x100000000ull && kernel_end > kernel_start, "kernel block below 4 GiB");
    check((uint64_t)(uintptr_t)&data_marker < kernel_end, "data inside the kernel block");
    check(data_marker == 0x57414C4F53444154ull, "data segment copied");
    int zero = 1;
    for (unsigned i = 0; i < sizeof bss_block; i++) zero &= bss_block[i] == 0;
    check(zero, "bss zeroed");

    check_regions(info);
    check(kind_of(info, kernel_start, kernel_end - kernel_start) == KERNEL, "kernel block is a kernel region");
    uint64_t initrd = u64(info + 48), initrd_size = u64(info + 56);
    check(initrd_size > 512 && kind_of(info, initrd, initrd_size) == INITRD, "root archive is an initrd region");
    check(initrd_size > 512 && same((const char *)(uintptr_t)initrd + 257, "ustar", 5),
          "root archive is a ustar archive");
    check(kind_of(info, (uint64_t)(uintptr_t)info, u32(info + 12)) == RECLAIMABLE, "boot info is reclaimable");
    check(kind_of(info, stack - 64, 64) == RECLAIMABLE, "stack is reclaimable");

    uint64_t rsdp = u64(info + 40);
    check(rsdp != 0 && same((const char *)(uintptr_t)rsdp, "RSD PTR ", 8), "ACPI RSDP");

    uint64_t fb = u64(info + 80);
    uint32_t width = u32(info + 88), height = u32(info + 92), pitch = u32(info + 96);
    uint32_t bpp = u32(info + 100), format = u32(info + 104);
    puts_("standin: framebuffer ");
    put_dec(width);
    put('x');
    put_dec(height);
    puts_(" format ");
    put_dec(format);
    put('\n');
    check(fb != 0 && bpp == 32 && (format == 1 || format == 2) && pitch >= width * 4, "framebuffer described");
    check(width == 1024 && height == 768, "framebuffer is 1024x768");
    if (fb != 0) {
        for (uint32_t y = 0; y < height; y++) {
            volatile uint32_t *row = (volatile uint32_t *)(uintptr_t)(fb + (uint64_t)y * pitch);
            for (uint32_t x = 0; x < width; x++) row[x] = 0x00203040;
        }
    }

    uint32_t line = u32(info + 28), line_length = u32(info + 32);
    puts_("standin: command line [");
    for (uint32_t i = 0; i < line_length; i++) put((char)info[line + i]);
    puts_("]\n");

    puts_(failures ? "standin: some checks failed\n" : "standin: all checks passed\n");
    outb(0xF4, failures ? 0x11 : 0x10);
    for (;;) __asm__ volatile("hlt");
}
