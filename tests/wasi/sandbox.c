// The sandbox: no path may leave a preopened directory, whether by "..", an absolute path or a symlink.
#include "wasi_test.h"

static const char *const paths[] = {
    "..", "../", "../outside", "sub/../..", "sub/../../sandbox/hello.txt", "sub/deeper/../../../x", "/etc/passwd",
    "/", "nothing/../../x", "./../x", "link_to_sub/../..", "escape_link", "escape_link/x", "absolute_link",
    "sub/..", ".", "sub/deeper/../../hello.txt", "link_to_sub/../hello.txt",
};

int main(void) {
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        const char *path = paths[i];
        __wasi_fd_t fd;
        __wasi_filestat_t st;
        char buffer[32];
        __wasi_size_t n;
        printf("%s:\n", path);
        __wasi_errno_t error = __wasi_path_open(SANDBOX, 1, path, 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
        printf("  open %s\n", errno_name(error));
        if (!error) (void)__wasi_fd_close(fd);
        CHECK("  stat", __wasi_path_filestat_get(SANDBOX, 1, path, &st));
        CHECK("  lstat", __wasi_path_filestat_get(SANDBOX, 0, path, &st));
        CHECK("  readlink", __wasi_path_readlink(SANDBOX, path, (uint8_t *)buffer, sizeof buffer, &n));
    }
    CHECK("mkdir ../x", __wasi_path_create_directory(SANDBOX, "../x"));
    CHECK("mkdir /x", __wasi_path_create_directory(SANDBOX, "/x"));
    CHECK("mkdir ..", __wasi_path_create_directory(SANDBOX, ".."));
    CHECK("rmdir ..", __wasi_path_remove_directory(SANDBOX, ".."));
    CHECK("rmdir ../sandbox", __wasi_path_remove_directory(SANDBOX, "../sandbox"));
    CHECK("unlink ../x", __wasi_path_unlink_file(SANDBOX, "../x"));
    CHECK("unlink ..", __wasi_path_unlink_file(SANDBOX, ".."));
    CHECK("rename to ..", __wasi_path_rename(SANDBOX, "hello.txt", SANDBOX, "../hello.txt"));
    CHECK("rename from ..", __wasi_path_rename(SANDBOX, "../x", SANDBOX, "x"));
    CHECK("link to ..", __wasi_path_link(SANDBOX, 0, "hello.txt", SANDBOX, "../h"));
    CHECK("symlink at ..", __wasi_path_symlink("hello.txt", SANDBOX, "../l"));
    CHECK("create ../new", __wasi_path_open(SANDBOX, 1, "../new", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0,
                                            &(__wasi_fd_t){0}));
    CHECK("utimes ../x", __wasi_path_filestat_set_times(SANDBOX, 1, "..", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));

    // Inside a subdirectory opened with path_open, ".." may not climb back to the preopen either.
    int sub = open_at(SANDBOX, "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN |
                      __WASI_RIGHTS_PATH_FILESTAT_GET, 0);
    __wasi_filestat_t st;
    CHECK("sub: stat ..", __wasi_path_filestat_get(sub, 0, "..", &st));
    CHECK("sub: stat ../hello.txt", __wasi_path_filestat_get(sub, 0, "../hello.txt", &st));
    CHECK("sub: stat deeper/..", __wasi_path_filestat_get(sub, 0, "deeper/..", &st));
    CHECK("sub: stat inner.txt", __wasi_path_filestat_get(sub, 0, "inner.txt", &st));

    // The same through libc, which maps absolute paths onto the preopens itself.
    LIBC("libc open /etc/passwd", open("/etc/passwd", O_RDONLY));
    LIBC("libc open /sandbox/../etc/passwd", open("/sandbox/../etc/passwd", O_RDONLY));
    LIBC("libc open /sandbox/sub/../../sandbox/hello.txt", open("/sandbox/sub/../../sandbox/hello.txt", O_RDONLY));
    LIBC("libc chdir-free relative open", open("hello.txt", O_RDONLY));
    return 0;
}
