// Renaming files and directories, hard links, and unlinking files that are still open.
#include "wasi_test.h"

static void content(const char *path) {
    char buffer[64] = {0};
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: %s\n", path, errno_name(errno));
        return;
    }
    ssize_t n = read(fd, buffer, sizeof buffer - 1);
    printf("%s: [%.*s]\n", path, (int)n, buffer);
    close(fd);
}

static void links(const char *path) {
    struct stat st;
    if (lstat(path, &st) < 0) printf("%s: %s\n", path, errno_name(errno));
    else printf("%s: nlink %llu size %lld\n", path, (unsigned long long)st.st_nlink, (long long)st.st_size);
}

int main(void) {
    LIBC("rename file", rename("/sandbox/hello.txt", "/sandbox/greeting.txt"));
    content("/sandbox/hello.txt");
    content("/sandbox/greeting.txt");
    LIBC("rename over file", rename("/sandbox/numbers.txt", "/sandbox/greeting.txt"));
    content("/sandbox/greeting.txt");
    content("/sandbox/numbers.txt");
    LIBC("rename to itself", rename("/sandbox/greeting.txt", "/sandbox/greeting.txt"));
    content("/sandbox/greeting.txt");
    LIBC("rename missing", rename("/sandbox/nothing", "/sandbox/x"));
    LIBC("rename into missing dir", rename("/sandbox/greeting.txt", "/sandbox/nodir/x"));
    LIBC("rename file over dir", rename("/sandbox/greeting.txt", "/sandbox/emptydir"));
    LIBC("rename dir over file", rename("/sandbox/emptydir", "/sandbox/greeting.txt"));
    LIBC("rename dir into itself", rename("/sandbox/sub", "/sandbox/sub/deeper/sub"));
    LIBC("rename dir over non-empty dir", rename("/sandbox/emptydir", "/sandbox/sub"));
    LIBC("rename dir", rename("/sandbox/sub", "/sandbox/moved"));
    content("/sandbox/moved/inner.txt");
    LIBC("rename dir over empty dir", rename("/sandbox/moved", "/sandbox/emptydir"));
    content("/sandbox/emptydir/deeper/leaf.txt");
    LIBC("rename dir with trailing slashes", rename("/sandbox/emptydir/", "/sandbox/again/"));
    LIBC("rename file with trailing slash", rename("/sandbox/greeting.txt/", "/sandbox/g2"));
    LIBC("rename file to trailing slash", rename("/sandbox/greeting.txt", "/sandbox/g2/"));
    LIBC("rename across preopens", rename("/sandbox/greeting.txt", "/scratch/greeting.txt"));
    content("/scratch/greeting.txt");
    LIBC("rename symlink", rename("/sandbox/link_to_hello", "/sandbox/renamed_link"));
    char target[64] = {0};
    printf("renamed link points to: %.*s\n", (int)readlink("/sandbox/renamed_link", target, sizeof target), target);

    LIBC("link", link("/scratch/greeting.txt", "/sandbox/hard"));
    links("/sandbox/hard");
    links("/scratch/greeting.txt");
    int fd = open("/sandbox/hard", O_WRONLY | O_APPEND);
    write(fd, "+appended", 9);
    close(fd);
    content("/scratch/greeting.txt");
    LIBC("link to existing name", link("/scratch/greeting.txt", "/sandbox/hard"));
    LIBC("link a directory", link("/sandbox/again", "/sandbox/dirlink"));
    LIBC("link missing", link("/sandbox/none", "/sandbox/x"));
    LIBC("unlink one name", unlink("/sandbox/hard"));
    links("/scratch/greeting.txt");

    fd = open("/scratch/greeting.txt", O_RDWR);
    LIBC("unlink open file", unlink("/scratch/greeting.txt"));
    struct stat st;
    fstat(fd, &st);
    printf("open after unlink: nlink %llu size %lld\n", (unsigned long long)st.st_nlink, (long long)st.st_size);
    char buffer[32] = {0};
    printf("still readable: %zd [%.*s]\n", pread(fd, buffer, 10, 0), 10, buffer);
    printf("still writable: %zd\n", write(fd, "xyz", 3));
    close(fd);
    content("/scratch/greeting.txt");

    // Raw path_link on a symbolic link, without and with following it.
    CHECK("path_link symlink itself", __wasi_path_link(SANDBOX, 0, "renamed_link", SANDBOX, "link_copy"));
    links("/sandbox/link_copy");
    CHECK("path_link dangling symlink", __wasi_path_link(SANDBOX, 0, "dangling", SANDBOX, "dangling_copy"));
    links("/sandbox/dangling_copy");

    // A directory cannot be linked (EPERM), but the new name is looked at first.
    CHECK("path_link a directory onto itself", __wasi_path_link(SANDBOX, 0, "again", SANDBOX, "again"));
    CHECK("path_link a directory onto .", __wasi_path_link(SANDBOX, 0, "again", SANDBOX, "."));
    CHECK("path_link a directory into nothing", __wasi_path_link(SANDBOX, 0, "again", SANDBOX, "nodir/x"));
    CHECK("path_link a directory to a free name", __wasi_path_link(SANDBOX, 0, "again", SANDBOX, "free"));
    return 0;
}
