// wasi-reference: expected
// Guest pointers are bounds-checked: a pointer or length reaching outside linear memory is EFAULT, never a
// crash of the host. (wasmtime traps instead, which the specification allows; walos keeps the process alive
// and lets it handle the error, so this program is compared with efault.expected, whose comments say where
// each value comes from.)
#include "wasi_test.h"

#define BAD 0x7ffffff0   // far beyond the memory of this small program
#define LAST (memory_size - 2)

static int32_t memory_size;

int main(void) {
    memory_size = (int32_t)(__builtin_wasm_memory_size(0) * 65536);
    static char buffer[64];
    static __wasi_ciovec_t iov;

    CHECK("args_get argv", raw_args_get(BAD, ADDR(buffer)));
    CHECK("args_get buffer", raw_args_get(ADDR(buffer), BAD));
    CHECK("args_sizes_get", raw_args_sizes_get(BAD, ADDR(buffer)));
    CHECK("args_sizes_get straddling the end", raw_args_sizes_get(ADDR(buffer), LAST));
    CHECK("environ_sizes_get", raw_environ_sizes_get(ADDR(buffer), -4));
    CHECK("clock_time_get", raw_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, BAD));
    CHECK("clock_time_get realtime straddling the end", raw_clock_time_get(__WASI_CLOCKID_REALTIME, 0, LAST));
    CHECK("clock_res_get", raw_clock_res_get(__WASI_CLOCKID_REALTIME, LAST));
    CHECK("random_get", raw_random_get(BAD, 16));
    CHECK("random_get wrapping length", raw_random_get(ADDR(buffer), -1));
    CHECK("random_get straddling the end", raw_random_get(LAST, 16));

    iov.buf = (const uint8_t *)BAD;
    iov.buf_len = 4;
    CHECK("fd_write buffer", raw_fd_write(1, ADDR(&iov), 1, ADDR(buffer)));
    CHECK("fd_write iovec list", raw_fd_write(1, BAD, 1, ADDR(buffer)));
    CHECK("fd_write iovec count", raw_fd_write(1, ADDR(&iov), 0x10000000, ADDR(buffer)));
    iov.buf = (const uint8_t *)"ok\n";
    iov.buf_len = 3;
    fflush(stdout);
    CHECK("fd_write result (the bytes are written)", raw_fd_write(1, ADDR(&iov), 1, BAD));
    CHECK("fd_read buffer", raw_fd_read(0, BAD, 1, ADDR(buffer)));
    int file = open("/sandbox/hello.txt", O_RDWR);
    iov.buf = (const uint8_t *)(LAST - 2);
    iov.buf_len = 100;
    CHECK("fd_read into the end of memory", raw_fd_read(file, ADDR(&iov), 1, ADDR(buffer)));
    CHECK("fd_pread", raw_fd_pread(file, ADDR(&iov), 1, 0, ADDR(buffer)));
    CHECK("fd_pwrite", raw_fd_pwrite(file, ADDR(&iov), 1, 0, ADDR(buffer)));
    CHECK("fd_seek result", raw_fd_seek(file, 0, 0, BAD));
    CHECK("fd_tell result", raw_fd_tell(file, BAD));
    CHECK("fd_fdstat_get", raw_fd_fdstat_get(file, BAD));
    CHECK("fd_filestat_get", raw_fd_filestat_get(file, LAST));
    CHECK("fd_prestat_get", raw_fd_prestat_get(SANDBOX, BAD));
    CHECK("fd_prestat_dir_name", raw_fd_prestat_dir_name(SANDBOX, BAD, 64));
    CHECK("fd_readdir buffer", raw_fd_readdir(SANDBOX, BAD, 64, 0, ADDR(buffer)));
    CHECK("fd_readdir result", raw_fd_readdir(SANDBOX, ADDR(buffer), 64, 0, BAD));

    CHECK("path_open path", raw_path_open(SANDBOX, 1, BAD, 5, 0, __WASI_RIGHTS_FD_READ, 0, 0, ADDR(buffer)));
    CHECK("path_open path length", raw_path_open(SANDBOX, 1, ADDR("hello.txt"), -1, 0, __WASI_RIGHTS_FD_READ, 0, 0,
                                                 ADDR(buffer)));
    CHECK("path_open result", raw_path_open(SANDBOX, 1, ADDR("hello.txt"), 9, 0, __WASI_RIGHTS_FD_READ, 0, 0, BAD));
    CHECK("path_open create, bad result", raw_path_open(SANDBOX, 1, ADDR("created"), 7, __WASI_OFLAGS_CREAT,
                                                        __WASI_RIGHTS_FD_WRITE, 0, 0, BAD));
    struct stat st;
    printf("  nothing created: %s\n", stat("/sandbox/created", &st) < 0 && errno == ENOENT ? "yes" : "no");
    int next = open("/sandbox/hello.txt", O_RDONLY);
    printf("  no descriptor leaked: %s\n", next == file + 1 ? "yes" : "no");
    CHECK("path_create_directory", raw_path_create_directory(SANDBOX, BAD, 3));
    CHECK("path_filestat_get path", raw_path_filestat_get(SANDBOX, 1, BAD, 3, ADDR(buffer)));
    CHECK("path_filestat_get result", raw_path_filestat_get(SANDBOX, 1, ADDR("hello.txt"), 9, BAD));
    CHECK("path_readlink buffer", raw_path_readlink(SANDBOX, ADDR("link_to_hello"), 13, BAD, 64, ADDR(buffer)));
    CHECK("path_readlink result", raw_path_readlink(SANDBOX, ADDR("link_to_hello"), 13, ADDR(buffer), 64, BAD));
    CHECK("path_rename", raw_path_rename(SANDBOX, ADDR("hello.txt"), 9, SANDBOX, BAD, 4));
    CHECK("path_symlink", raw_path_symlink(BAD, 4, SANDBOX, ADDR("x"), 1));
    CHECK("path_unlink_file", raw_path_unlink_file(SANDBOX, BAD, 1));
    printf("  hello.txt still there: %s\n", stat("/sandbox/hello.txt", &st) == 0 ? "yes" : "no");

    CHECK("poll_oneoff subscriptions", raw_poll_oneoff(BAD, ADDR(buffer), 1, ADDR(buffer)));
    static __wasi_subscription_t sub;
    sub.u.tag = __WASI_EVENTTYPE_CLOCK;
    sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    CHECK("poll_oneoff events", raw_poll_oneoff(ADDR(&sub), BAD, 1, ADDR(buffer)));
    CHECK("poll_oneoff count", raw_poll_oneoff(ADDR(&sub), ADDR(buffer), 0x7fffffff, ADDR(buffer)));
    CHECK("poll_oneoff result", raw_poll_oneoff(ADDR(&sub), ADDR(buffer), 1, BAD));
    printf("still running\n");
    return 0;
}
