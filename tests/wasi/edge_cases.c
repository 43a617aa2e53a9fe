// Corner cases of path resolution and file creation that programs run into.
#include "wasi_test.h"

static void content(const char *path) {
    char buffer[64] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("  %s: %s\n", path, errno_name(errno));
        return;
    }
    ssize_t n = read(fd, buffer, sizeof buffer - 1);
    printf("  %s: [%.*s]\n", path, (int)n, buffer);
    close(fd);
}

int main(void) {
    LIBC("create through a dangling symlink", open("/sandbox/dangling", O_RDWR | O_CREAT, 0644));
    content("/sandbox/missing");
    LIBC("rename a file onto a symlink", rename("/sandbox/numbers.txt", "/sandbox/link_to_hello"));
    content("/sandbox/link_to_hello");
    content("/sandbox/hello.txt");
    LIBC("hard link", link("/sandbox/hello.txt", "/sandbox/second"));
    LIBC("rename onto its own other name", rename("/sandbox/hello.txt", "/sandbox/second"));
    content("/sandbox/hello.txt");
    content("/sandbox/second");
    CHECK("path_link following a symlink", __wasi_path_link(SANDBOX, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_to_sub/inner.txt",
                                                            SANDBOX, "inner_link"));
    content("/sandbox/inner_link");
    __wasi_filestat_t st;
    CHECK("stat empty path", __wasi_path_filestat_get(SANDBOX, 0, "", &st));
    CHECK("stat ./", __wasi_path_filestat_get(SANDBOX, 0, "./", &st));
    CHECK("stat sub//deeper///leaf.txt", __wasi_path_filestat_get(SANDBOX, 0, "sub//deeper///leaf.txt", &st));
    CHECK("stat sub/./deeper/../inner.txt", __wasi_path_filestat_get(SANDBOX, 0, "sub/./deeper/../inner.txt", &st));
    CHECK("stat link_to_sub/ without following", __wasi_path_filestat_get(SANDBOX, 0, "link_to_sub/", &st));
    printf("  type %d\n", st.filetype);
    CHECK("stat hello.txt/.", __wasi_path_filestat_get(SANDBOX, 0, "hello.txt/.", &st));
    CHECK("stat path with NUL", raw_path_filestat_get(SANDBOX, 0, ADDR("sub\0x"), 5, ADDR(&st)));
    LIBC("open directory through libc and list it", opendir("/sandbox/sub") ? 0 : -1);
    int dir = open("/sandbox/sub", O_RDONLY | O_DIRECTORY);
    int fd = openat(dir, "inner.txt", O_RDONLY);
    char buffer[16] = {0};
    printf("openat relative to a directory: %zd [%.5s]\n", read(fd, buffer, 5), buffer);
    LIBC("openat .. from a directory", openat(dir, "../hello.txt", O_RDONLY));
    LIBC("write to O_RDONLY|O_APPEND", write(open("/sandbox/empty.txt", O_RDONLY | O_APPEND), "x", 1));
    fd = open("/sandbox/empty.txt", O_WRONLY | O_TRUNC | O_APPEND);
    printf("append to an empty file: %zd\n", write(fd, "first", 5));
    LIBC("lseek beyond 2^62", lseek(fd, 1LL << 62, SEEK_SET));
    LIBC("lseek cur overflow", lseek(fd, 1LL << 62, SEEK_CUR));
    LIBC("write at 2^62", write(fd, "x", 1));
    CHECK("invalid UTF-8 path", raw_path_open(SANDBOX, 1, ADDR("\xff\xfe"), 2, 0, __WASI_RIGHTS_FD_READ, 0, 0,
                                              ADDR(buffer)));
    // With no variables, environ_get writes nothing, so its pointers are never looked at.
    CHECK("environ_get of no variables", raw_environ_get(0x7ffffff0, 0x7ffffff0));
    return 0;
}
