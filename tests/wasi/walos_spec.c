// wasi-reference: expected
// Where walos follows the preview1 specification and wasmtime does not, compared with walos_spec.expected:
// the rights model (fd_fdstat_set_rights drops rights for good; an operation without its right is
// ENOTCAPABLE), the CPU-time clocks, fd_allocate, and EINVAL for undefined enum and flag values (wasmtime
// ends the program with an error for those).
#include "wasi_test.h"

static void rights(const char *label, int fd) {
    __wasi_fdstat_t st;
    (void)__wasi_fd_fdstat_get(fd, &st);
    printf("%s: base %#llx inheriting %#llx\n", label, (unsigned long long)st.fs_rights_base,
           (unsigned long long)st.fs_rights_inheriting);
}

int main(void) {
    int fd = open("/sandbox/hello.txt", O_RDWR);
    rights("opened read-write", fd);
    CHECK("drop FD_SEEK", __wasi_fd_fdstat_set_rights(fd, RW_RIGHTS & ~__WASI_RIGHTS_FD_SEEK, 0));
    rights("after dropping", fd);
    __wasi_filesize_t position;
    CHECK("fd_seek without FD_SEEK", __wasi_fd_seek(fd, 1, __WASI_WHENCE_SET, &position));
    CHECK("fd_seek to the current position needs only FD_TELL", __wasi_fd_seek(fd, 0, __WASI_WHENCE_CUR, &position));
    CHECK("regain FD_SEEK", __wasi_fd_fdstat_set_rights(fd, RW_RIGHTS, 0));
    CHECK("drop FD_READ", __wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_FILESTAT_GET, 0));
    char buffer[16];
    LIBC("read without FD_READ", read(fd, buffer, 1));
    LIBC("write with FD_WRITE", write(fd, "J", 1));
    LIBC("fstat with FD_FILESTAT_GET", ({ struct stat st; fstat(fd, &st); }));
    CHECK("drop everything", __wasi_fd_fdstat_set_rights(fd, 0, 0));
    __wasi_filestat_t st;
    CHECK("fd_filestat_get without rights", __wasi_fd_filestat_get(fd, &st));
    CHECK("fd_sync without rights", __wasi_fd_sync(fd));
    CHECK("set rights of a closed descriptor", __wasi_fd_fdstat_set_rights(99, 0, 0));

    // A directory's inheriting rights bound what path_open may ask for.
    int dir = open_at(SANDBOX, "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR, 0);
    rights("sub as opened", dir);
    __wasi_fd_t opened;
    CHECK("path_open more than inherited", __wasi_path_open(dir, 1, "inner.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &opened));
    CHECK("path_open with inherited rights", __wasi_path_open(dir, 1, "inner.txt", 0, 0, 0, 0, &opened));
    CHECK("path_create_directory without the right", __wasi_path_create_directory(dir, "x"));
    CHECK("path_unlink_file without the right", __wasi_path_unlink_file(dir, "inner.txt"));
    CHECK("path_filestat_get without the right", __wasi_path_filestat_get(dir, 0, "inner.txt", &st));
    CHECK("path_open a file asking for directory rights",
          __wasi_path_open(SANDBOX, 1, "hello.txt", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_PATH_OPEN, 0, 0, &opened));
    rights("  file rights kept", opened);
    CHECK("drop PATH_OPEN from the preopen", __wasi_fd_fdstat_set_rights(SCRATCH, __WASI_RIGHTS_FD_READDIR, 0));
    CHECK("path_open without PATH_OPEN", __wasi_path_open(SCRATCH, 1, ".", 0, 0, 0, 0, &opened));
    CHECK("fd_readdir with FD_READDIR", __wasi_fd_readdir(SCRATCH, (uint8_t *)buffer, sizeof buffer, 0, &(__wasi_size_t){0}));

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
    return 0;
}
