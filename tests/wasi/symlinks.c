// Symbolic links: create, read, follow or not, dangling links, loops, and links that point outside.
#include "wasi_test.h"

static void show_stat(const char *path) {
    struct stat st, lst;
    int s = stat(path, &st), l = lstat(path, &lst);
    printf("%s: stat %s", path, s < 0 ? errno_name(errno) : S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : "other");
    printf(", lstat %s\n", l < 0 ? errno_name(errno) : S_ISLNK(lst.st_mode) ? "symlink" : S_ISDIR(lst.st_mode) ? "dir" : "file");
}

static void show_link(const char *path, size_t size) {
    char buffer[64];
    memset(buffer, '#', sizeof buffer);
    errno = 0;
    ssize_t n = readlink(path, buffer, size);
    if (n < 0) printf("readlink %s: %s\n", path, errno_name(errno));
    else printf("readlink %s (%zu): %zd [%.*s] next %c\n", path, size, n, (int)n, buffer, buffer[n]);
}

int main(void) {
    show_stat("/sandbox/link_to_hello");
    show_stat("/sandbox/link_to_sub");
    show_stat("/sandbox/dangling");
    show_stat("/sandbox/loop_a");
    show_stat("/sandbox/escape_link");
    show_stat("/sandbox/absolute_link");
    show_link("/sandbox/link_to_hello", 64);
    show_link("/sandbox/link_to_hello", 4);
    show_link("/sandbox/escape_link", 64);
    show_link("/sandbox/absolute_link", 64);
    show_link("/sandbox/hello.txt", 64);
    show_link("/sandbox/missing", 64);
    show_link("/sandbox/link_to_sub/inner.txt", 64);

    char buffer[64] = {0};
    int fd = open("/sandbox/link_to_hello", O_RDONLY);
    printf("read through link: %zd [%.5s]\n", read(fd, buffer, 5), buffer);
    close(fd);
    LIBC("open link O_NOFOLLOW", open("/sandbox/link_to_hello", O_RDONLY | O_NOFOLLOW));
    LIBC("open dir link O_NOFOLLOW|O_DIRECTORY", open("/sandbox/link_to_sub", O_RDONLY | O_NOFOLLOW | O_DIRECTORY));
    LIBC("open through dir link", open("/sandbox/link_to_sub/inner.txt", O_RDONLY));
    LIBC("open dangling", open("/sandbox/dangling", O_RDONLY));
    LIBC("open loop", open("/sandbox/loop_a", O_RDONLY));
    LIBC("open escape", open("/sandbox/escape_link", O_RDONLY));
    LIBC("open absolute", open("/sandbox/absolute_link", O_RDONLY));
    LIBC("O_CREAT|O_EXCL on dangling", open("/sandbox/dangling", O_RDWR | O_CREAT | O_EXCL, 0644));

    LIBC("symlink", symlink("sub/inner.txt", "/sandbox/new_link"));
    show_link("/sandbox/new_link", 64);
    fd = open("/sandbox/new_link", O_RDONLY);
    printf("read new link: %zd [%.5s]\n", read(fd, buffer, 5), buffer);
    close(fd);
    LIBC("symlink over existing", symlink("x", "/sandbox/hello.txt"));
    LIBC("symlink absolute target", symlink("/etc/passwd", "/sandbox/abs"));
    LIBC("symlink escaping target", symlink("../../outside", "/sandbox/esc"));
    show_link("/sandbox/esc", 64);
    LIBC("symlink to dir", symlink("sub/deeper", "/sandbox/deep_link"));
    LIBC("open file via dir link", open("/sandbox/deep_link/leaf.txt", O_RDONLY));
    LIBC("symlink chain", symlink("new_link", "/sandbox/chain"));
    fd = open("/sandbox/chain", O_RDONLY);
    printf("read chain: %zd [%.5s]\n", read(fd, buffer, 5), buffer);
    close(fd);
    LIBC("symlink in missing dir", symlink("x", "/sandbox/nodir/l"));
    LIBC("unlink symlink", unlink("/sandbox/new_link"));
    show_stat("/sandbox/chain");
    show_stat("/sandbox/sub/inner.txt");
    LIBC("unlink dir symlink", unlink("/sandbox/link_to_sub"));
    show_stat("/sandbox/sub");
    LIBC("unlink dangling", unlink("/sandbox/dangling"));

    __wasi_filestat_t st;
    CHECK("path_filestat_get nofollow", __wasi_path_filestat_get(SANDBOX, 0, "link_to_hello", &st));
    printf("  type %d size %llu\n", st.filetype, (unsigned long long)st.size);
    CHECK("path_filestat_get follow", __wasi_path_filestat_get(SANDBOX, 1, "link_to_hello", &st));
    printf("  type %d size %llu\n", st.filetype, (unsigned long long)st.size);
    CHECK("path_filestat_get follow loop", __wasi_path_filestat_get(SANDBOX, 1, "loop_a", &st));
    CHECK("path_filestat_get through loop", __wasi_path_filestat_get(SANDBOX, 0, "loop_a/x", &st));
    __wasi_fd_t opened;
    CHECK("path_open nofollow", __wasi_path_open(SANDBOX, 0, "link_to_hello", 0, __WASI_RIGHTS_FD_READ, 0, 0, &opened));
    CHECK("path_open nofollow with O_CREAT", __wasi_path_open(SANDBOX, 0, "link_to_hello", __WASI_OFLAGS_CREAT,
                                                             __WASI_RIGHTS_FD_READ, 0, 0, &opened));
    CHECK("path_symlink empty target", __wasi_path_symlink("", SANDBOX, "empty_link"));
    CHECK("path_symlink empty name", __wasi_path_symlink("x", SANDBOX, ""));
    return 0;
}
