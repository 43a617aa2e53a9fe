/* Shared helpers of the WASI conformance programs: errno names, checks that print their outcome, and raw
 * imports that take plain integers so a test can pass any pointer (out of bounds ones included). */
#ifndef WASI_TEST_H
#define WASI_TEST_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The runner preopens a fresh copy of the fixture as /sandbox (descriptor 3) and an empty directory as
 * /scratch (descriptor 4). */
#define SANDBOX 3
#define SCRATCH 4

static const char *const errno_names[] = {
    "SUCCESS", "2BIG", "ACCES", "ADDRINUSE", "ADDRNOTAVAIL", "AFNOSUPPORT", "AGAIN", "ALREADY", "BADF",
    "BADMSG", "BUSY", "CANCELED", "CHILD", "CONNABORTED", "CONNREFUSED", "CONNRESET", "DEADLK",
    "DESTADDRREQ", "DOM", "DQUOT", "EXIST", "FAULT", "FBIG", "HOSTUNREACH", "IDRM", "ILSEQ", "INPROGRESS",
    "INTR", "INVAL", "IO", "ISCONN", "ISDIR", "LOOP", "MFILE", "MLINK", "MSGSIZE", "MULTIHOP", "NAMETOOLONG",
    "NETDOWN", "NETRESET", "NETUNREACH", "NFILE", "NOBUFS", "NODEV", "NOENT", "NOEXEC", "NOLCK", "NOLINK",
    "NOMEM", "NOMSG", "NOPROTOOPT", "NOSPC", "NOSYS", "NOTCONN", "NOTDIR", "NOTEMPTY", "NOTRECOVERABLE",
    "NOTSOCK", "NOTSUP", "NOTTY", "NXIO", "OVERFLOW", "OWNERDEAD", "PERM", "PIPE", "PROTO", "PROTONOSUPPORT",
    "PROTOTYPE", "RANGE", "ROFS", "SPIPE", "SRCH", "STALE", "TIMEDOUT", "TXTBSY", "XDEV", "NOTCAPABLE",
};

static inline const char *errno_name(int error) {
    if (error >= 0 && error < (int)(sizeof errno_names / sizeof errno_names[0])) return errno_names[error];
    return "?";
}

/* Prints "label: NAME" for the errno a raw WASI call returned. */
#define CHECK(label, call) printf("%s: %s\n", (label), errno_name((call)))

/* Prints "label: ok" or "label: -1 NAME" for a libc call that returns -1 and sets errno (libc's errno values
 * are the WASI ones). */
#define LIBC(label, call)                                                         \
    do {                                                                          \
        errno = 0;                                                                \
        long result_ = (long)(call);                                              \
        if (result_ < 0) printf("%s: -1 %s\n", (label), errno_name(errno));       \
        else printf("%s: ok\n", (label));                                         \
    } while (0)

#define RAW(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
int32_t raw_args_get(int32_t, int32_t) RAW(args_get);
int32_t raw_args_sizes_get(int32_t, int32_t) RAW(args_sizes_get);
int32_t raw_environ_get(int32_t, int32_t) RAW(environ_get);
int32_t raw_environ_sizes_get(int32_t, int32_t) RAW(environ_sizes_get);
int32_t raw_clock_res_get(int32_t, int32_t) RAW(clock_res_get);
int32_t raw_clock_time_get(int32_t, int64_t, int32_t) RAW(clock_time_get);
int32_t raw_fd_fdstat_get(int32_t, int32_t) RAW(fd_fdstat_get);
int32_t raw_fd_filestat_get(int32_t, int32_t) RAW(fd_filestat_get);
int32_t raw_fd_prestat_get(int32_t, int32_t) RAW(fd_prestat_get);
int32_t raw_fd_prestat_dir_name(int32_t, int32_t, int32_t) RAW(fd_prestat_dir_name);
int32_t raw_fd_read(int32_t, int32_t, int32_t, int32_t) RAW(fd_read);
int32_t raw_fd_write(int32_t, int32_t, int32_t, int32_t) RAW(fd_write);
int32_t raw_fd_pread(int32_t, int32_t, int32_t, int64_t, int32_t) RAW(fd_pread);
int32_t raw_fd_pwrite(int32_t, int32_t, int32_t, int64_t, int32_t) RAW(fd_pwrite);
int32_t raw_fd_readdir(int32_t, int32_t, int32_t, int64_t, int32_t) RAW(fd_readdir);
int32_t raw_fd_seek(int32_t, int64_t, int32_t, int32_t) RAW(fd_seek);
int32_t raw_fd_tell(int32_t, int32_t) RAW(fd_tell);
int32_t raw_path_open(int32_t, int32_t, int32_t, int32_t, int32_t, int64_t, int64_t, int32_t, int32_t) RAW(path_open);
int32_t raw_path_create_directory(int32_t, int32_t, int32_t) RAW(path_create_directory);
int32_t raw_path_filestat_get(int32_t, int32_t, int32_t, int32_t, int32_t) RAW(path_filestat_get);
int32_t raw_path_readlink(int32_t, int32_t, int32_t, int32_t, int32_t, int32_t) RAW(path_readlink);
int32_t raw_path_rename(int32_t, int32_t, int32_t, int32_t, int32_t, int32_t) RAW(path_rename);
int32_t raw_path_symlink(int32_t, int32_t, int32_t, int32_t, int32_t) RAW(path_symlink);
int32_t raw_path_unlink_file(int32_t, int32_t, int32_t) RAW(path_unlink_file);
int32_t raw_poll_oneoff(int32_t, int32_t, int32_t, int32_t) RAW(poll_oneoff);
int32_t raw_random_get(int32_t, int32_t) RAW(random_get);

/* Guest addresses as integers for the raw imports. */
#define ADDR(p) ((int32_t)(uintptr_t)(p))

/* Opens `path` below `dir` with every file right; returns the descriptor or -1 and prints why not. */
static inline int open_at(int dir, const char *path, __wasi_oflags_t oflags, __wasi_rights_t rights, __wasi_fdflags_t flags) {
    __wasi_fd_t fd;
    __wasi_errno_t error = __wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, oflags, rights, rights,
                                            flags, &fd);
    if (error != 0) {
        printf("open %s: %s\n", path, errno_name(error));
        return -1;
    }
    return (int)fd;
}

typedef char entry_name[48];

static inline int compare_entry_names(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

/* Reads the entries of the directory `fd` with one fd_readdir into `names`, sorted, without "." and ".." (at most
 * 16); with `types`, each name gets ":d", ":f", ":l" or ":?" for its type. Returns how many, or -errno. */
static inline int read_entries(int fd, entry_name names[16], int types) {
    static uint8_t buffer[4096];
    __wasi_size_t used;
    __wasi_errno_t error = __wasi_fd_readdir(fd, buffer, sizeof buffer, 0, &used);
    if (error != 0) return -error;
    int count = 0;
    for (size_t at = 0; at + sizeof(__wasi_dirent_t) <= used && count < 16;) {
        __wasi_dirent_t entry;
        memcpy(&entry, buffer + at, sizeof entry);
        at += sizeof entry;
        const char *name = (const char *)buffer + at;
        at += entry.d_namlen;
        if ((entry.d_namlen == 1 && name[0] == '.') || (entry.d_namlen == 2 && name[0] == '.' && name[1] == '.')) {
            continue;
        }
        char type = entry.d_type == __WASI_FILETYPE_DIRECTORY ? 'd'
                    : entry.d_type == __WASI_FILETYPE_REGULAR_FILE ? 'f'
                    : entry.d_type == __WASI_FILETYPE_SYMBOLIC_LINK ? 'l' : '?';
        if (types) snprintf(names[count++], sizeof(entry_name), "%.*s:%c", (int)entry.d_namlen, name, type);
        else snprintf(names[count++], sizeof(entry_name), "%.*s", (int)entry.d_namlen, name);
    }
    qsort(names, count, sizeof(entry_name), compare_entry_names);
    return count;
}

#define RW_RIGHTS (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL | \
                   __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE)

#endif
