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
uint16_t wasi_environ_get(uint8_t **environ, uint8_t *buffer) WASI_IMPORT(environ_get);
uint16_t wasi_fd_fdstat_get(int32_t fd, void *stat) WASI_IMPORT(fd_fdstat_get);
uint16_t wasi_poll_oneoff(const void *subscriptions, void *events, uint32_t count, uint32_t *ready) WASI_IMPORT(poll_oneoff);
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
uint16_t wasi_fd_read(int32_t fd, const wasi_iovec *iovs, uint32_t count, uint32_t *read) WASI_IMPORT(fd_read);
uint16_t wasi_fd_pread(int32_t fd, const wasi_iovec *iovs, uint32_t count, uint64_t offset, uint32_t *read)
    WASI_IMPORT(fd_pread);
uint16_t wasi_fd_pwrite(int32_t fd, const wasi_ciovec *iovs, uint32_t count, uint64_t offset, uint32_t *written)
    WASI_IMPORT(fd_pwrite);
uint16_t wasi_fd_seek(int32_t fd, int64_t offset, uint32_t whence, uint64_t *position) WASI_IMPORT(fd_seek);
uint16_t wasi_fd_tell(int32_t fd, uint64_t *position) WASI_IMPORT(fd_tell);
uint16_t wasi_fd_filestat_get(int32_t fd, void *stat) WASI_IMPORT(fd_filestat_get);
uint16_t wasi_fd_filestat_set_size(int32_t fd, uint64_t size) WASI_IMPORT(fd_filestat_set_size);
uint16_t wasi_fd_sync(int32_t fd) WASI_IMPORT(fd_sync);
uint16_t wasi_path_create_directory(int32_t fd, const uint8_t *path, uint32_t length) WASI_IMPORT(path_create_directory);
uint16_t wasi_path_remove_directory(int32_t fd, const uint8_t *path, uint32_t length) WASI_IMPORT(path_remove_directory);
uint16_t wasi_path_unlink_file(int32_t fd, const uint8_t *path, uint32_t length) WASI_IMPORT(path_unlink_file);
uint16_t wasi_path_rename(int32_t fd, const uint8_t *old, uint32_t oldLength, int32_t newFd, const uint8_t *new_,
                          uint32_t newLength) WASI_IMPORT(path_rename);
uint16_t wasi_path_symlink(const uint8_t *target, uint32_t targetLength, int32_t fd, const uint8_t *path,
                           uint32_t length) WASI_IMPORT(path_symlink);
uint16_t wasi_path_readlink(int32_t fd, const uint8_t *path, uint32_t length, uint8_t *buffer, uint32_t bufferLength,
                            uint32_t *used) WASI_IMPORT(path_readlink);
void wasi_proc_exit(uint32_t code) WASI_IMPORT(proc_exit) __attribute__((noreturn));
#endif
