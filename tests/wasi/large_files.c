// Files past 2 and 4 GiB: sparse writes far out, reads back across the hole, growth by ftruncate, and a file
// left unlinked while open that still grows. wasmtime takes these offsets (pwrite at 2^31-3 and beyond).
#include "wasi_test.h"

static void at(int fd, off_t offset, const char *text) {
    ssize_t n = pwrite(fd, text, strlen(text), offset);
    printf("pwrite %zu bytes at %lld: %zd", strlen(text), (long long)offset, n);
    if (n < 0) printf(" %s", errno_name(errno));
    printf("\n");
}

static void around(int fd, off_t offset) {
    char buffer[8] = {0};
    ssize_t n = pread(fd, buffer, sizeof buffer, offset);
    printf("pread at %lld: %zd [", (long long)offset, n);
    for (ssize_t i = 0; i < n; i++) putchar(buffer[i] ? buffer[i] : '0');
    printf("]\n");
}

static void size(const char *label, int fd) {
    struct stat st;
    fstat(fd, &st);
    printf("%s: size %lld\n", label, (long long)st.st_size);
}

int main(void) {
    int fd = open("/scratch/sparse", O_RDWR | O_CREAT, 0644);
    at(fd, 2147483645, "abc");
    size("past 2 GiB", fd);
    around(fd, 2147483642);
    at(fd, 5000000000LL, "far");
    size("past 4 GiB", fd);
    around(fd, 4999999998LL);
    around(fd, 3000000000LL);
    printf("ftruncate 6 GiB: %d\n", ftruncate(fd, 6LL << 30));
    size("grown", fd);
    around(fd, (6LL << 30) - 4);
    printf("ftruncate 8: %d\n", ftruncate(fd, 8));
    size("shrunk", fd);
    close(fd);

    fd = open("/scratch/ghost", O_RDWR | O_CREAT, 0644);
    printf("unlink open file: %d\n", unlink("/scratch/ghost"));
    at(fd, 1 << 20, "still here");
    size("unlinked", fd);
    around(fd, 1 << 20);
    close(fd);
    return 0;
}
