// wasi-reference: expected
// Where walos follows the preview1 specification (or POSIX, which it names for a function's behaviour) and
// wasmtime does not, compared with walos_spec.expected, whose comments say where each expected value comes
// from: the CPU-time clocks, fd_allocate, EINVAL for undefined enum, flag and rights values (wasmtime ends the
// program with an error for those), and PATH_MAX in the path functions that wasmtime walks one component at a
// time. Rights are advisory in walos as in wasmtime, so rights.c compares them with wasmtime directly.
#include "wasi_test.h"

static char long_path[4097];

// A path of 4096 bytes, one more than PATH_MAX allows, naming `tail` in the sandbox: "./" repeated, then `tail`.
static const char *too_long(const char *tail) {
    size_t tail_length = strlen(tail), at = 0;
    while (at + 2 <= 4096 - tail_length) {
        long_path[at++] = '.';
        long_path[at++] = '/';
    }
    if (at < 4096 - tail_length) long_path[at++] = '/';
    memcpy(long_path + at, tail, tail_length + 1);
    return long_path;
}

int main(void) {
    // CPU-time clocks (wasmtime: EBADF).
    __wasi_timestamp_t start, end, resolution;
    CHECK("process CPU time", __wasi_clock_time_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, 1, &start));
    volatile uint64_t sink = 0;
    for (int i = 0; i < 3000000; i++) sink += i;
    CHECK("process CPU time again", __wasi_clock_time_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, 1, &end));
    printf("  advanced: %s\n", end > start ? "yes" : "no");
    CHECK("thread CPU time", __wasi_clock_time_get(__WASI_CLOCKID_THREAD_CPUTIME_ID, 1, &start));
    printf("  positive: %s\n", start > 0 ? "yes" : "no");
    CHECK("process CPU time resolution", __wasi_clock_res_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, &resolution));
    CHECK("thread CPU time resolution", __wasi_clock_res_get(__WASI_CLOCKID_THREAD_CPUTIME_ID, &resolution));

    // fd_allocate grows a file to cover the range (wasmtime: ENOTSUP).
    int grow = open("/sandbox/numbers.txt", O_RDWR);
    CHECK("fd_allocate inside the file", __wasi_fd_allocate(grow, 0, 5));
    CHECK("fd_allocate past the end", __wasi_fd_allocate(grow, 8, 10));
    struct stat s;
    fstat(grow, &s);
    printf("  size %lld\n", (long long)s.st_size);
    CHECK("fd_allocate of nothing", __wasi_fd_allocate(grow, 0, 0));
    LIBC("posix_fallocate", posix_fallocate(grow, 100, 28));
    fstat(grow, &s);
    printf("  size %lld\n", (long long)s.st_size);
    int ro = open("/sandbox/numbers.txt", O_RDONLY);
    CHECK("fd_allocate read-only", __wasi_fd_allocate(ro, 0, 1000));

    // Undefined values are EINVAL.
    __wasi_fd_t opened;
    char buffer[16];
    __wasi_filesize_t position;
    CHECK("clock id 4", raw_clock_time_get(4, 1, ADDR(&start)));
    CHECK("clock id 4 resolution", raw_clock_res_get(4, ADDR(&start)));
    CHECK("whence 3", raw_fd_seek(grow, 0, 3, ADDR(&position)));
    CHECK("advice 6", __wasi_fd_advise(grow, 0, 0, 6));
    CHECK("oflags 0x10", raw_path_open(SANDBOX, 1, ADDR("hello.txt"), 9, 0x10, 0, 0, 0, ADDR(&opened)));
    CHECK("fdflags 0x20", raw_path_open(SANDBOX, 1, ADDR("hello.txt"), 9, 0, 0, 0, 0x20, ADDR(&opened)));
    CHECK("lookup flags 2", raw_path_open(SANDBOX, 2, ADDR("hello.txt"), 9, 0, 0, 0, 0, ADDR(&opened)));
    CHECK("fstflags 0x10", __wasi_fd_filestat_set_times(grow, 0, 0, 0x10));
    CHECK("fdstat flags 0x20", __wasi_fd_fdstat_set_flags(grow, 0x20));
    static __wasi_subscription_t sub;
    sub.u.tag = 3;
    CHECK("event type 3", __wasi_poll_oneoff(&sub, (__wasi_event_t *)buffer, 1, &(__wasi_size_t){0}));
    sub.u.tag = __WASI_EVENTTYPE_CLOCK;
    sub.u.u.clock.id = 9;
    CHECK("poll clock id 9", __wasi_poll_oneoff(&sub, (__wasi_event_t *)buffer, 1, &(__wasi_size_t){0}));
    CHECK("rights bit 30 in path_open", raw_path_open(SANDBOX, 1, ADDR("hello.txt"), 9, 0, 1ll << 30, 0, 0, ADDR(&opened)));
    CHECK("inheriting rights bit 30 in path_open",
          raw_path_open(SANDBOX, 1, ADDR("hello.txt"), 9, 0, __WASI_RIGHTS_FD_READ, 1ll << 30, 0, ADDR(&opened)));
    CHECK("rights bit 30 in fd_fdstat_set_rights", __wasi_fd_fdstat_set_rights(grow, 1ull << 30, 0));

    // Paths of 4096 bytes are ENAMETOOLONG in every path function (wasmtime checks only in path_open and
    // path_filestat_get; path_limits.c compares those, and 4095-byte paths everywhere).
    __wasi_filestat_t st;
    uint8_t target[8];
    __wasi_size_t used;
    CHECK("path_create_directory", __wasi_path_create_directory(SANDBOX, too_long("new")));
    CHECK("path_remove_directory", __wasi_path_remove_directory(SANDBOX, too_long("emptydir")));
    CHECK("path_unlink_file", __wasi_path_unlink_file(SANDBOX, too_long("hello.txt")));
    CHECK("path_symlink", __wasi_path_symlink("hello.txt", SANDBOX, too_long("new")));
    CHECK("path_link from", __wasi_path_link(SANDBOX, 0, too_long("hello.txt"), SANDBOX, "new"));
    CHECK("path_link to", __wasi_path_link(SANDBOX, 0, "hello.txt", SANDBOX, too_long("new")));
    CHECK("path_rename from", __wasi_path_rename(SANDBOX, too_long("hello.txt"), SANDBOX, "new"));
    CHECK("path_rename to", __wasi_path_rename(SANDBOX, "hello.txt", SANDBOX, too_long("new")));
    CHECK("path_readlink", __wasi_path_readlink(SANDBOX, too_long("link_to_hello"), target, sizeof target, &used));
    CHECK("path_filestat_set_times",
          __wasi_path_filestat_set_times(SANDBOX, 0, too_long("hello.txt"), 0, 0, __WASI_FSTFLAGS_ATIM_NOW));
    CHECK("nothing changed", __wasi_path_filestat_get(SANDBOX, 0, "hello.txt", &st));
    CHECK("  nor was made", __wasi_path_filestat_get(SANDBOX, 0, "new", &st));
    return 0;
}
