// Errors of opening and using files: missing, existing, wrong type, wrong access mode, closed descriptors.
#include "wasi_test.h"

int main(void) {
    LIBC("open missing", open("/sandbox/missing.txt", O_RDONLY));
    LIBC("open in missing dir", open("/sandbox/nodir/x.txt", O_RDWR | O_CREAT, 0644));
    LIBC("O_CREAT|O_EXCL existing", open("/sandbox/hello.txt", O_RDWR | O_CREAT | O_EXCL, 0644));
    LIBC("O_EXCL alone existing", open("/sandbox/hello.txt", O_RDONLY | O_EXCL));
    LIBC("O_DIRECTORY on file", open("/sandbox/hello.txt", O_RDONLY | O_DIRECTORY));
    LIBC("trailing slash on file", open("/sandbox/hello.txt/", O_RDONLY));
    LIBC("directory for writing", open("/sandbox/sub", O_RDWR));
    LIBC("directory with O_TRUNC", open("/sandbox/sub", O_RDONLY | O_TRUNC));
    LIBC("directory with O_CREAT", open("/sandbox/sub", O_RDONLY | O_CREAT, 0644));
    LIBC("directory with O_CREAT|O_EXCL", open("/sandbox/sub", O_RDONLY | O_CREAT | O_EXCL, 0644));
    LIBC("directory read-only", open("/sandbox/sub", O_RDONLY));
    LIBC("O_CREAT|O_DIRECTORY", open("/sandbox/newdir", O_RDONLY | O_CREAT | O_DIRECTORY, 0755));
    LIBC("create with trailing slash", open("/sandbox/newfile/", O_RDWR | O_CREAT, 0644));
    LIBC("O_DSYNC", open("/sandbox/hello.txt", O_RDONLY | O_DSYNC));
    LIBC("O_SYNC", open("/sandbox/hello.txt", O_RDONLY | O_SYNC));
    LIBC("O_NONBLOCK", open("/sandbox/hello.txt", O_RDONLY | O_NONBLOCK));
    LIBC("empty path", open("", O_RDONLY));
    char name[300];
    memset(name, 'n', sizeof name);
    memcpy(name, "/sandbox/", 9);
    name[sizeof name - 1] = 0;
    LIBC("name too long", open(name, O_RDONLY));

    int ro = open("/sandbox/hello.txt", O_RDONLY);
    int wo = open("/sandbox/numbers.txt", O_WRONLY);
    char buffer[8];
    LIBC("write read-only", write(ro, "x", 1));
    LIBC("pwrite read-only", pwrite(ro, "x", 1, 0));
    LIBC("read write-only", read(wo, buffer, 1));
    LIBC("pread write-only", pread(wo, buffer, 1, 0));
    LIBC("write write-only", write(wo, "x", 1));

    int dir = open("/sandbox/sub", O_RDONLY | O_DIRECTORY);
    LIBC("read directory", read(dir, buffer, 1));
    LIBC("write directory", write(dir, buffer, 1));
    LIBC("pread directory", pread(dir, buffer, 1, 0));
    LIBC("lseek directory", lseek(dir, 0, SEEK_SET));
    LIBC("ftruncate directory", ftruncate(dir, 0));
    LIBC("fsync directory", fsync(dir));
    __wasi_filesize_t position;
    CHECK("fd_tell directory", __wasi_fd_tell(dir, &position));
    CHECK("fd_allocate directory", __wasi_fd_allocate(dir, 0, 1));
    CHECK("fd_advise directory", __wasi_fd_advise(dir, 0, 1, __WASI_ADVICE_NORMAL));
    CHECK("fd_fdstat_set_flags directory", __wasi_fd_fdstat_set_flags(dir, 0));
    __wasi_fd_t fd;
    CHECK("path_open relative to a file", __wasi_path_open(ro, 0, "x", 0, 0, 0, 0, &fd));
    CHECK("path_create_directory relative to a file", __wasi_path_create_directory(ro, "x"));

    close(ro);
    LIBC("read closed", read(ro, buffer, 1));
    LIBC("close closed", close(ro));
    CHECK("fd_close 1000", __wasi_fd_close(1000));
    CHECK("fd_seek closed", __wasi_fd_seek(ro, 0, 0, &position));
    CHECK("fd_seek bad descriptor", __wasi_fd_seek(12345, 0, 0, &position));
    CHECK("fd_renumber from closed", __wasi_fd_renumber(ro, wo));
    CHECK("fd_renumber to closed", __wasi_fd_renumber(wo, ro));
    __wasi_fdstat_t stat;
    CHECK("fd_fdstat_get closed", __wasi_fd_fdstat_get(ro, &stat));
    CHECK("path_open in closed", __wasi_path_open(ro, 0, "x", 0, 0, 0, 0, &fd));
    CHECK("fd_filestat_set_size read-only", __wasi_fd_filestat_set_size(open("/sandbox/hello.txt", O_RDONLY), 0));
    return 0;
}
