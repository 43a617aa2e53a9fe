// Descriptor state: preopens, fdstat rights and flags, changing flags, renumbering, descriptor numbers.
#include "wasi_test.h"

static void fdstat(const char *label, int fd) {
    __wasi_fdstat_t st;
    __wasi_errno_t error = __wasi_fd_fdstat_get(fd, &st);
    if (error) {
        printf("%s: %s\n", label, errno_name(error));
        return;
    }
    // Only the rights that say what the descriptor is for: hosts may grant more besides (wasmtime gives files
    // directory rights too).
    __wasi_rights_t r = st.fs_rights_base;
    printf("%s: type %d flags %d read %d write %d seek %d", label, st.fs_filetype, st.fs_flags,
           !!(r & __WASI_RIGHTS_FD_READ), !!(r & __WASI_RIGHTS_FD_WRITE), !!(r & __WASI_RIGHTS_FD_SEEK));
    if (st.fs_filetype == __WASI_FILETYPE_DIRECTORY)
        printf(" readdir %d path_open %d", !!(r & __WASI_RIGHTS_FD_READDIR), !!(r & __WASI_RIGHTS_PATH_OPEN));
    printf("\n");
}

int main(void) {
    for (int fd = 3; fd < 7; fd++) {
        __wasi_prestat_t prestat;
        __wasi_errno_t error = __wasi_fd_prestat_get(fd, &prestat);
        printf("fd_prestat_get %d: %s", fd, errno_name(error));
        if (!error) {
            char name[64] = {0};
            CHECK(", dir_name", __wasi_fd_prestat_dir_name(fd, (uint8_t *)name, prestat.u.dir.pr_name_len));
            printf("  tag %d length %lu name [%s]\n", prestat.tag, (unsigned long)prestat.u.dir.pr_name_len, name);
            CHECK("  dir_name in a short buffer", __wasi_fd_prestat_dir_name(fd, (uint8_t *)name, 3));
            CHECK("  dir_name in a longer buffer", __wasi_fd_prestat_dir_name(fd, (uint8_t *)name, 60));
        } else {
            printf("\n");
        }
    }
    __wasi_fdstat_t st;
    CHECK("preopen fdstat", __wasi_fd_fdstat_get(SANDBOX, &st));
    printf("  type %d flags %d base %#llx inheriting %#llx\n", st.fs_filetype, st.fs_flags,
           (unsigned long long)st.fs_rights_base, (unsigned long long)st.fs_rights_inheriting);

    int ro = open("/sandbox/hello.txt", O_RDONLY);
    int wo = open("/sandbox/numbers.txt", O_WRONLY);
    int rw = open("/sandbox/empty.txt", O_RDWR);
    int ap = open("/sandbox/empty.txt", O_WRONLY | O_APPEND);
    int dir = open("/sandbox/sub", O_RDONLY | O_DIRECTORY);
    printf("descriptors %d %d %d %d %d\n", ro, wo, rw, ap, dir);
    fdstat("read-only", ro);
    fdstat("write-only", wo);
    fdstat("read-write", rw);
    fdstat("append", ap);
    fdstat("directory", dir);
    fdstat("nonblocking", open("/sandbox/hello.txt", O_RDONLY | O_NONBLOCK));
    printf("fcntl F_GETFL append: %s\n", fcntl(ap, F_GETFL) & O_APPEND ? "yes" : "no");
    CHECK("prestat of a file", __wasi_fd_prestat_get(ro, &(__wasi_prestat_t){0}));
    CHECK("dir_name of a file", __wasi_fd_prestat_dir_name(ro, (uint8_t *)"xxxxxxxx", 8));
    CHECK("dir_name of a directory", __wasi_fd_prestat_dir_name(dir, (uint8_t *)"xxxxxxxx", 8));
    CHECK("dir_name of a closed descriptor", __wasi_fd_prestat_dir_name(99, (uint8_t *)"xxxxxxxx", 8));

    CHECK("set APPEND", __wasi_fd_fdstat_set_flags(rw, __WASI_FDFLAGS_APPEND));
    fdstat("after set APPEND", rw);
    write(rw, "abc", 3);
    lseek(rw, 0, SEEK_SET);
    write(rw, "def", 3);
    char buffer[16] = {0};
    printf("appended both: %zd [%.6s]\n", pread(rw, buffer, 6, 0), buffer);
    CHECK("clear flags", __wasi_fd_fdstat_set_flags(rw, 0));
    lseek(rw, 0, SEEK_SET);
    write(rw, "X", 1);
    printf("overwrote: %zd [%.6s]\n", pread(rw, buffer, 6, 0), buffer);
    CHECK("set NONBLOCK", __wasi_fd_fdstat_set_flags(rw, __WASI_FDFLAGS_NONBLOCK));
    fdstat("after set NONBLOCK", rw);
    CHECK("set DSYNC", __wasi_fd_fdstat_set_flags(rw, __WASI_FDFLAGS_DSYNC));
    CHECK("set SYNC", __wasi_fd_fdstat_set_flags(rw, __WASI_FDFLAGS_SYNC));
    CHECK("set RSYNC", __wasi_fd_fdstat_set_flags(rw, __WASI_FDFLAGS_RSYNC));
    CHECK("set flags of a directory", __wasi_fd_fdstat_set_flags(dir, 0));
    CHECK("set flags of stdout", __wasi_fd_fdstat_set_flags(1, 0));

    // Renumbering moves a descriptor onto an open number, closing what was there.
    CHECK("renumber ro -> wo", __wasi_fd_renumber(ro, wo));
    fdstat("wo after renumber", wo);
    fdstat("ro after renumber", ro);
    printf("read through renumbered: %zd [%.5s]\n", read(wo, buffer, 5), buffer);
    CHECK("renumber onto itself", __wasi_fd_renumber(wo, wo));
    CHECK("renumber to a closed number", __wasi_fd_renumber(wo, 50));
    CHECK("renumber from a closed number", __wasi_fd_renumber(50, wo));

    // Numbers come back: the highest freed first, then one past the highest in use.
    close(rw);
    close(dir);
    int a = open("/sandbox/hello.txt", O_RDONLY);
    int b = open("/sandbox/hello.txt", O_RDONLY);
    int c = open("/sandbox/hello.txt", O_RDONLY);
    int d = open("/sandbox/hello.txt", O_RDONLY);
    printf("reopened as %d %d %d %d\n", a, b, c, d);
    CHECK("close stdin", __wasi_fd_close(0));
    printf("next open gets %d\n", open("/sandbox/hello.txt", O_RDONLY));
    CHECK("close a preopen", __wasi_fd_close(SCRATCH));
    LIBC("open in the closed preopen", open("/scratch/x", O_WRONLY | O_CREAT, 0644));
    return 0;
}
