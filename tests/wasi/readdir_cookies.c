// fd_readdir directly: the dirent layout, "." and ".." first, resuming from each entry's d_next cookie, and
// a buffer too small for the next entry.
#include "wasi_test.h"

static int compare(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    int dir = open("/sandbox/sub", O_RDONLY | O_DIRECTORY);
    uint8_t buffer[256];
    __wasi_size_t used;
    CHECK("fd_readdir", __wasi_fd_readdir(dir, buffer, sizeof buffer, 0, &used));
    // Walk the entries: each is a 24-byte dirent followed by its name.
    char *names[16];
    int count = 0;
    size_t offset = 0;
    while (offset + sizeof(__wasi_dirent_t) <= used) {
        __wasi_dirent_t entry;
        memcpy(&entry, buffer + offset, sizeof entry);
        char name[64] = {0};
        memcpy(name, buffer + offset + sizeof entry, entry.d_namlen);
        if (count < 2) printf("entry %d: %s type %d d_next %llu\n", count, name, entry.d_type,
                              (unsigned long long)entry.d_next);
        names[count] = strdup(name);
        count++;
        offset += sizeof entry + entry.d_namlen;
    }
    printf("used %lu of %zu, entries %d, consumed exactly: %s\n", (unsigned long)used, sizeof buffer, count,
           offset == used ? "yes" : "no");
    qsort(names, count, sizeof names[0], compare);
    for (int i = 0; i < count; i++) printf("  %s\n", names[i]);

    // One entry at a time: read from a cookie, keep the first entry, continue from its d_next.
    __wasi_dircookie_t cookie = 0;
    int seen = 0;
    for (;;) {
        __wasi_errno_t error = __wasi_fd_readdir(dir, buffer, sizeof buffer, cookie, &used);
        if (error) {
            printf("fd_readdir at cookie %llu: %s\n", (unsigned long long)cookie, errno_name(error));
            break;
        }
        if (used == 0) break;
        __wasi_dirent_t entry;
        memcpy(&entry, buffer, sizeof entry);
        cookie = entry.d_next;
        seen++;
    }
    printf("one by one: %d entries\n", seen);

    // Buffers too small: a partial dirent fills the buffer completely.
    for (__wasi_size_t size = 0; size <= 30; size += 10) {
        memset(buffer, 0xee, sizeof buffer);
        CHECK("fd_readdir small", __wasi_fd_readdir(dir, buffer, size, 0, &used));
        printf("  buffer %lu: used %lu, byte after %#x\n", (unsigned long)size, (unsigned long)used, buffer[size]);
    }
    // Exactly one dirent and its one-byte name ".": the next read starts at cookie 1.
    CHECK("fd_readdir 25 bytes", __wasi_fd_readdir(dir, buffer, 25, 0, &used));
    printf("  used %lu, name %c\n", (unsigned long)used, buffer[24]);
    CHECK("fd_readdir past the end", __wasi_fd_readdir(dir, buffer, sizeof buffer, 1000, &used));
    printf("  used %lu\n", (unsigned long)used);

    // Entries added and removed between reads.
    int fd = open("/sandbox/sub/added", O_WRONLY | O_CREAT, 0644);
    close(fd);
    CHECK("fd_readdir after adding", __wasi_fd_readdir(dir, buffer, sizeof buffer, 0, &used));
    int entries = 0;
    for (size_t at = 0; at + 24 <= used; entries++) {
        __wasi_dirent_t entry;
        memcpy(&entry, buffer + at, sizeof entry);
        at += sizeof entry + entry.d_namlen;
    }
    printf("  entries %d\n", entries);
    close(dir);
    CHECK("fd_readdir on a file", __wasi_fd_readdir(open("/sandbox/hello.txt", O_RDONLY), buffer, 64, 0, &used));
    return 0;
}
