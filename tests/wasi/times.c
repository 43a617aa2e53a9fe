// File times: set them exactly, to now, through a descriptor or a path, with and without following links.
#include "wasi_test.h"

// Access times are printed only where nothing read the file since they were set: hosts move them on reads.
static void times_of(const char *path, int follow) {
    __wasi_filestat_t st;
    __wasi_errno_t error = __wasi_path_filestat_get(SANDBOX, follow, path, &st);
    if (error) printf("%s: %s\n", path, errno_name(error));
    else if (follow) printf("%s: atim %llu mtim %llu\n", path, (unsigned long long)st.atim, (unsigned long long)st.mtim);
    else printf("%s: mtim %llu\n", path, (unsigned long long)st.mtim);
}

int main(void) {
    times_of("hello.txt", 1);
    times_of("sub", 1);
    times_of("link_to_hello", 0);
    int fd = open("/sandbox/hello.txt", O_RDWR);
    CHECK("fd set both", __wasi_fd_filestat_set_times(fd, 1111111111123456789ull, 1222222222987654321ull,
                                                      __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    times_of("hello.txt", 1);
    CHECK("fd set mtim only", __wasi_fd_filestat_set_times(fd, 5, 1333333333000000000ull, __WASI_FSTFLAGS_MTIM));
    times_of("hello.txt", 1);
    CHECK("fd set nothing", __wasi_fd_filestat_set_times(fd, 5, 5, 0));
    times_of("hello.txt", 1);
    CHECK("fd atim and atim_now", __wasi_fd_filestat_set_times(fd, 5, 5, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));
    CHECK("fd mtim and mtim_now", __wasi_fd_filestat_set_times(fd, 5, 5, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW));

    __wasi_timestamp_t before, after;
    (void)__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &before);
    CHECK("fd set to now", __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW));
    (void)__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &after);
    __wasi_filestat_t st;
    (void)__wasi_fd_filestat_get(fd, &st);
    printf("  now within a second: %s %s\n", st.atim + 1000000000 >= before && st.atim <= after + 1000000000 ? "yes" : "no",
           st.mtim + 1000000000 >= before && st.mtim <= after + 1000000000 ? "yes" : "no");

    CHECK("path set, follow", __wasi_path_filestat_set_times(SANDBOX, 1, "link_to_hello", 2000000000000000000ull,
                                                             2100000000000000000ull, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    times_of("hello.txt", 1);
    times_of("link_to_hello", 0);
    CHECK("path set directory", __wasi_path_filestat_set_times(SANDBOX, 1, "sub", 3, 4000000000, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    times_of("sub", 1);
    CHECK("path set missing", __wasi_path_filestat_set_times(SANDBOX, 1, "missing", 0, 0, __WASI_FSTFLAGS_MTIM));
    CHECK("path both flags", __wasi_path_filestat_set_times(SANDBOX, 1, "hello.txt", 0, 0, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW));
    CHECK("path both flags, bad descriptor", __wasi_path_filestat_set_times(99, 1, "hello.txt", 0, 0, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW));
    int dir = open("/sandbox/sub", O_RDONLY | O_DIRECTORY);
    CHECK("fd set on directory", __wasi_fd_filestat_set_times(dir, 6000000000, 7000000000, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    times_of("sub", 1);
    struct timespec ts[2] = {{1500000000, 5}, {1600000000, 6}};
    LIBC("futimens", futimens(fd, ts));
    times_of("hello.txt", 1);
    struct timespec omit[2] = {{0, UTIME_OMIT}, {1700000000, 0}};
    LIBC("utimensat omit atime", utimensat(AT_FDCWD, "/sandbox/hello.txt", omit, 0));
    times_of("hello.txt", 1);

    // Writing changes the modification time (to a time after the one set).
    write(fd, "x", 1);
    (void)__wasi_fd_filestat_get(fd, &st);
    printf("mtim after write is recent: %s\n", st.mtim >= before - 1000000000 ? "yes" : "no");
    return 0;
}
