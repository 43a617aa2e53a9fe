// The WASI preview1 calls walos's own Swift programs make, declared with the C calling convention (a Swift
// declaration of a wasm import would get Swift's convention and extra parameters).
#ifndef WALOS_GUEST_WASI_H
#define WALOS_GUEST_WASI_H
#include <stdint.h>

#define WASI_IMPORT(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))

typedef struct { const void *buffer; uint32_t length; } wasi_ciovec;
typedef struct { void *buffer; uint32_t length; } wasi_iovec;

uint16_t wasi_args_sizes_get(uint32_t *count, uint32_t *bytes) WASI_IMPORT(args_sizes_get);
uint16_t wasi_args_get(uint8_t **argv, uint8_t *buffer) WASI_IMPORT(args_get);
uint16_t wasi_environ_sizes_get(uint32_t *count, uint32_t *bytes) WASI_IMPORT(environ_sizes_get);
uint16_t wasi_clock_time_get(uint32_t clock, uint64_t precision, uint64_t *time) WASI_IMPORT(clock_time_get);
uint16_t wasi_random_get(void *buffer, uint32_t length) WASI_IMPORT(random_get);
uint16_t wasi_fd_write(int32_t fd, const wasi_ciovec *iovs, uint32_t count, uint32_t *written) WASI_IMPORT(fd_write);
uint16_t wasi_fd_close(int32_t fd) WASI_IMPORT(fd_close);
uint16_t wasi_fd_prestat_get(int32_t fd, uint32_t *prestat) WASI_IMPORT(fd_prestat_get);
uint16_t wasi_fd_prestat_dir_name(int32_t fd, uint8_t *path, uint32_t length) WASI_IMPORT(fd_prestat_dir_name);
uint16_t wasi_fd_readdir(int32_t fd, void *buffer, uint32_t length, uint64_t cookie, uint32_t *used) WASI_IMPORT(fd_readdir);
uint16_t wasi_path_open(int32_t fd, uint32_t dirflags, const uint8_t *path, uint32_t length, uint32_t oflags,
                        uint64_t rights, uint64_t inheriting, uint32_t fdflags, int32_t *opened) WASI_IMPORT(path_open);
uint16_t wasi_path_filestat_get(int32_t fd, uint32_t flags, const uint8_t *path, uint32_t length, void *stat)
    WASI_IMPORT(path_filestat_get);
void wasi_proc_exit(uint32_t code) WASI_IMPORT(proc_exit) __attribute__((noreturn));
#endif
