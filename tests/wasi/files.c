// Regular files: create, write, read, seek and tell from every origin, positioned I/O, append, truncate.
#include "wasi_test.h"

static void show(const char *label, int fd) {
    struct stat st;
    fstat(fd, &st);
    off_t position = lseek(fd, 0, SEEK_CUR);
    printf("%s: size %lld position %lld\n", label, (long long)st.st_size, (long long)position);
}

static void dump(const char *path) {
    char buffer[128];
    int fd = open(path, O_RDONLY);
    ssize_t n = read(fd, buffer, sizeof buffer);
    printf("%s holds %zd bytes: [", path, n);
    for (ssize_t i = 0; i < n; i++) putchar(buffer[i] ? buffer[i] : '0');
    printf("]\n");
    close(fd);
}

int main(void) {
    int fd = open("/sandbox/new.txt", O_RDWR | O_CREAT | O_EXCL, 0644);
    printf("created: %s\n", fd >= 0 ? "yes" : "no");
    show("new", fd);
    printf("write: %zd\n", write(fd, "hello world", 11));
    show("after write", fd);
    printf("lseek set 6: %lld\n", (long long)lseek(fd, 6, SEEK_SET));
    printf("write: %zd\n", write(fd, "WASI!", 5));
    printf("lseek cur -5: %lld\n", (long long)lseek(fd, -5, SEEK_CUR));
    char buffer[64] = {0};
    printf("read: %zd [%.*s]\n", read(fd, buffer, 3), 3, buffer);
    printf("lseek end -2: %lld\n", (long long)lseek(fd, -2, SEEK_END));
    printf("read: %zd [%.2s]\n", read(fd, buffer, 10), buffer);
    printf("read at end: %zd\n", read(fd, buffer, 10));
    LIBC("lseek before start", lseek(fd, -1, SEEK_SET));
    LIBC("lseek cur before start", lseek(fd, -100, SEEK_CUR));
    printf("position kept: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    printf("lseek past end: %lld\n", (long long)lseek(fd, 20, SEEK_SET));
    printf("write past end: %zd\n", write(fd, "!", 1));
    show("sparse", fd);
    dump("/sandbox/new.txt");

    printf("pwrite at 0: %zd\n", pwrite(fd, "J", 1, 0));
    printf("pread at 6: %zd [%.5s]\n", pread(fd, buffer, 5, 6), buffer);
    show("position unchanged by pread/pwrite", fd);
    printf("pread past end: %zd\n", pread(fd, buffer, 5, 1000));

    printf("ftruncate 5: %d\n", ftruncate(fd, 5));
    show("truncated", fd);
    printf("ftruncate 8: %d\n", ftruncate(fd, 8));
    dump("/sandbox/new.txt");
    close(fd);

    fd = open("/sandbox/new.txt", O_WRONLY | O_APPEND);
    printf("append write: %zd\n", write(fd, "+tail", 5));
    show("append", fd);
    printf("lseek 0 then append write: %lld %zd\n", (long long)lseek(fd, 0, SEEK_SET), write(fd, "+more", 5));
    show("append again", fd);
    printf("pwrite in append mode: %zd\n", pwrite(fd, "P", 1, 0));
    dump("/sandbox/new.txt");
    close(fd);

    fd = open("/sandbox/new.txt", O_RDWR | O_TRUNC);
    show("O_TRUNC", fd);
    close(fd);

    fd = open("/sandbox/numbers.txt", O_RDONLY);
    __wasi_iovec_t iovs[3] = {{(uint8_t *)buffer, 0}, {(uint8_t *)buffer + 10, 3}, {(uint8_t *)buffer + 20, 4}};
    __wasi_size_t n;
    CHECK("fd_read 3 iovecs", __wasi_fd_read(fd, iovs, 3, &n));
    printf("  read %lu: [%.3s]\n", (unsigned long)n, buffer + 10);
    __wasi_filesize_t position;
    CHECK("fd_tell", __wasi_fd_tell(fd, &position));
    printf("  position %llu\n", (unsigned long long)position);
    CHECK("fd_seek end", __wasi_fd_seek(fd, 0, __WASI_WHENCE_END, &position));
    printf("  position %llu\n", (unsigned long long)position);
    CHECK("fd_pread 2 iovecs", __wasi_fd_pread(fd, iovs + 1, 2, 4, &n));
    printf("  read %lu: [%.3s]\n", (unsigned long)n, buffer + 10);
    close(fd);

    fd = open("/sandbox/hello.txt", O_RDONLY);
    FILE *f = fdopen(fd, "r");
    char line[64];
    printf("fgets: %s", fgets(line, sizeof line, f));
    fclose(f);

    f = fopen("/scratch/stream.txt", "w+");
    for (int i = 0; i < 1000; i++) fprintf(f, "line %d\n", i);
    printf("ftell after 1000 lines: %ld\n", ftell(f));
    rewind(f);
    int lines = 0;
    while (fgets(line, sizeof line, f)) lines++;
    printf("read back %d lines\n", lines);
    fclose(f);
    struct stat st;
    stat("/scratch/stream.txt", &st);
    printf("size on disk %lld\n", (long long)st.st_size);
    return 0;
}
