// The C allocation interface the Embedded Swift runtime calls, forwarded to the kernel heap (kernel/mm/KernelHeap.swift).
#include <stddef.h>
#include <stdint.h>

void *walos_heap_allocate(size_t size, size_t alignment);
void walos_heap_free(void *pointer);

int posix_memalign(void **result, size_t alignment, size_t size) {
    void *p = walos_heap_allocate(size, alignment);
    if (!p) return 12; // ENOMEM
    *result = p;
    return 0;
}

void *malloc(size_t size) { return walos_heap_allocate(size, 16); }

void *calloc(size_t count, size_t size) {
    if (size && count > SIZE_MAX / size) return NULL;
    unsigned char *p = walos_heap_allocate(count * size, 16);
    if (p) __builtin_memset(p, 0, count * size);
    return p;
}

void free(void *pointer) {
    if (pointer) walos_heap_free(pointer);
}
