// The standard streams: writes, misuse (reading stdout, seeking a pipe), their fdstat and filestat.
#include "wasi_test.h"

static void write_raw(int fd, const char *a, const char *b) {
    __wasi_ciovec_t iovs[3] = {{(const uint8_t *)a, strlen(a)}, {(const uint8_t *)"", 0}, {(const uint8_t *)b, strlen(b)}};
    __wasi_size_t written = 0;
    __wasi_errno_t error = __wasi_fd_write(fd, iovs, 3, &written);
    printf("fd_write(%d) with 3 iovecs: %s\n", fd, errno_name(error));
    fflush(stdout);
    (void)written;
}

int main(void) {
    printf("line to stdout\n");
    fflush(stdout);
    fprintf(stderr, "line to stderr\n");
    write_raw(1, "first ", "second\n");
    write_raw(2, "err-first ", "err-second\n");
    __wasi_ciovec_t empty = {(const uint8_t *)"", 0};
    __wasi_size_t n = 99;
    CHECK("fd_write no bytes", __wasi_fd_write(1, &empty, 1, &n));
    printf("  wrote %lu\n", (unsigned long)n);
    CHECK("fd_write no iovecs", __wasi_fd_write(1, &empty, 0, &n));
    printf("  wrote %lu\n", (unsigned long)n);

    char buffer[16];
    __wasi_iovec_t iov = {(uint8_t *)buffer, sizeof buffer};
    __wasi_ciovec_t ciov = {(const uint8_t *)"x", 1};
    CHECK("fd_write stdin", __wasi_fd_write(0, &ciov, 1, &n));
    CHECK("fd_read stdout", __wasi_fd_read(1, &iov, 1, &n));
    CHECK("fd_read stderr", __wasi_fd_read(2, &iov, 1, &n));
    CHECK("fd_pread stdin", __wasi_fd_pread(0, &iov, 1, 0, &n));
    CHECK("fd_pwrite stdout", __wasi_fd_pwrite(1, &ciov, 1, 0, &n));
    CHECK("fd_pread stdout", __wasi_fd_pread(1, &iov, 1, 0, &n));
    CHECK("fd_pwrite stdin", __wasi_fd_pwrite(0, &ciov, 1, 0, &n));
    __wasi_filesize_t position;
    for (int fd = 0; fd < 3; fd++) {
        printf("fd %d:\n", fd);
        CHECK("  fd_seek", __wasi_fd_seek(fd, 0, __WASI_WHENCE_CUR, &position));
        CHECK("  fd_tell", __wasi_fd_tell(fd, &position));
        __wasi_fdstat_t stat;
        CHECK("  fd_fdstat_get", __wasi_fd_fdstat_get(fd, &stat));
        printf("  filetype %d flags %d base %#llx inheriting %#llx\n", stat.fs_filetype, stat.fs_flags,
               (unsigned long long)stat.fs_rights_base, (unsigned long long)stat.fs_rights_inheriting);
        __wasi_filestat_t file;
        memset(&file, 0xff, sizeof file);
        CHECK("  fd_filestat_get", __wasi_fd_filestat_get(fd, &file));
        printf("  dev %llu ino %llu type %d nlink %llu size %llu times %llu %llu %llu\n",
               (unsigned long long)file.dev, (unsigned long long)file.ino, file.filetype,
               (unsigned long long)file.nlink, (unsigned long long)file.size, (unsigned long long)file.atim,
               (unsigned long long)file.mtim, (unsigned long long)file.ctim);
        CHECK("  fd_filestat_set_size", __wasi_fd_filestat_set_size(fd, 0));
        CHECK("  fd_filestat_set_times", __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
        CHECK("  fd_fdstat_set_flags", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND));
        CHECK("  fd_sync", __wasi_fd_sync(fd));
        CHECK("  fd_datasync", __wasi_fd_datasync(fd));
        CHECK("  fd_advise", __wasi_fd_advise(fd, 0, 0, __WASI_ADVICE_NORMAL));
        CHECK("  fd_readdir", __wasi_fd_readdir(fd, (uint8_t *)buffer, sizeof buffer, 0, &n));
        __wasi_prestat_t prestat;
        CHECK("  fd_prestat_get", __wasi_fd_prestat_get(fd, &prestat));
        CHECK("  fd_prestat_dir_name", __wasi_fd_prestat_dir_name(fd, (uint8_t *)buffer, sizeof buffer));
        __wasi_fd_t opened;
        CHECK("  path_open", __wasi_path_open(fd, 0, "x", 0, 0, 0, 0, &opened));
        CHECK("  path_create_directory", __wasi_path_create_directory(fd, "x"));
    }
    printf("isatty(1) %d\n", isatty(1));
    return 0;
}
