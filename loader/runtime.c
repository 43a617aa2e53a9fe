// What the Embedded Swift runtime needs from its environment, provided on top of UEFI boot services. The loader
// allocates only before ExitBootServices; after it, nothing here may be called.
#include "shims.h"

void *memset(void *destination, int value, size_t count) {
    unsigned char *d = destination;
    while (count--) *d++ = (unsigned char)value;
    return destination;
}

void *memcpy(void *destination, const void *source, size_t count) {
    unsigned char *d = destination;
    const unsigned char *s = source;
    while (count--) *d++ = *s++;
    return destination;
}

void *memmove(void *destination, const void *source, size_t count) {
    unsigned char *d = destination;
    const unsigned char *s = source;
    if (d < s) {
        while (count--) *d++ = *s++;
    } else {
        while (count--) d[count] = s[count];
    }
    return destination;
}

int memcmp(const void *a, const void *b, size_t count) {
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < count; i++) {
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

// AllocatePool memory is 8-byte aligned; larger alignments over-allocate and keep the pool pointer just
// below the aligned block so that free can find it.
int posix_memalign(void **result, size_t alignment, size_t size) {
    if (alignment < sizeof(void *)) alignment = sizeof(void *);
    void *raw;
    if (walos_allocate_pool(size + alignment + sizeof(void *), &raw) & WALOS_EFI_ERROR_BIT) return 12;
    uintptr_t aligned = ((uintptr_t)raw + sizeof(void *) + alignment - 1) & ~(uintptr_t)(alignment - 1);
    ((void **)aligned)[-1] = raw;
    *result = (void *)aligned;
    return 0;
}

void free(void *pointer) {
    if (pointer) walos_free_pool(((void **)pointer)[-1]);
}

int putchar(int c) {
    char byte = (char)c;
    walos_print(&byte, 1);
    return c;
}
