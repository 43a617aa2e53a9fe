// Trailing slashes on every path function: each call gets a path naming a directory, a file, a symbolic link to
// a directory, one to a file, links whose targets end in a slash, dangling links, or nothing, followed by "",
// "/", "//" or "/.". Every call runs in a fresh copy of those entries; after a call that changed them, the
// entries are listed again.
#include "wasi_test.h"

static const char *const kinds[] = {
    "dir", "file", "dirlink", "filelink", "dirslashlink", "fileslashlink", "dangling", "danglingslashlink", "missing",
};
static const char *const suffixes[] = {"", "/", "//", "/."};

#define READ_RIGHTS (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_READDIR)
#define WRITE_RIGHTS (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE)

static int case_number;
static char case_dir[32];
static char initial[640];

static void make_path(char *out, const char *name) { snprintf(out, 96, "%s/%s", case_dir, name); }

static void must(const char *what, __wasi_errno_t error) {
    if (error != 0) {
        printf("setup %s: %s\n", what, errno_name(error));
        exit(1);
    }
}

static void symlink_in_case(const char *target, const char *name) {
    char path[96];
    make_path(path, name);
    must(path, __wasi_path_symlink(target, SCRATCH, path));
}

// The entries of the case directory, sorted by name, each with a letter for its type.
static void listing(char *out, size_t size) {
    __wasi_fd_t fd;
    must("open case", __wasi_path_open(SCRATCH, 0, case_dir, __WASI_OFLAGS_DIRECTORY, READ_RIGHTS, 0, 0, &fd));
    entry_name names[16];
    int count = read_entries(fd, names, 1);
    (void)__wasi_fd_close(fd);
    if (count < 0) must("readdir", -count);
    out[0] = 0;
    for (int i = 0; i < count; i++) {
        strncat(out, " ", size - strlen(out) - 1);
        strncat(out, names[i], size - strlen(out) - 1);
    }
}

// A fresh directory holding one entry of every kind, plus a file and a directory to rename or link from.
static void new_case(void) {
    snprintf(case_dir, sizeof case_dir, "c%d", case_number++);
    must(case_dir, __wasi_path_create_directory(SCRATCH, case_dir));
    char path[96];
    make_path(path, "dir");
    must(path, __wasi_path_create_directory(SCRATCH, path));
    make_path(path, "srcdir");
    must(path, __wasi_path_create_directory(SCRATCH, path));
    const char *const files[] = {"file", "srcfile"};
    for (int i = 0; i < 2; i++) {
        __wasi_fd_t fd;
        make_path(path, files[i]);
        must(path, __wasi_path_open(SCRATCH, 0, path, __WASI_OFLAGS_CREAT, WRITE_RIGHTS, 0, 0, &fd));
        (void)__wasi_fd_close(fd);
    }
    symlink_in_case("dir", "dirlink");
    symlink_in_case("file", "filelink");
    symlink_in_case("dir/", "dirslashlink");
    symlink_in_case("file/", "fileslashlink");
    symlink_in_case("nothing", "dangling");
    symlink_in_case("nothing/", "danglingslashlink");
    listing(initial, sizeof initial);
}

static const char *type_name(__wasi_filetype_t type) {
    switch (type) {
    case __WASI_FILETYPE_DIRECTORY: return "dir";
    case __WASI_FILETYPE_REGULAR_FILE: return "file";
    case __WASI_FILETYPE_SYMBOLIC_LINK: return "symlink";
    default: return "other";
    }
}

// Prints the outcome of one call, then the entries if the call changed them.
static void report(const char *op, const char *path, __wasi_errno_t error, const char *detail) {
    printf("%s %s: %s%s%s\n", op, path + strlen(case_dir) + 1, errno_name(error), detail[0] ? " " : "", detail);
    char now[640];
    listing(now, sizeof now);
    if (strcmp(now, initial) != 0) printf("  now:%s\n", now);
}

static void open_case(const char *op, const char *path, __wasi_lookupflags_t lookup, __wasi_oflags_t oflags,
                      __wasi_rights_t rights) {
    __wasi_fd_t fd;
    __wasi_errno_t error = __wasi_path_open(SCRATCH, lookup, path, oflags, rights, 0, 0, &fd);
    const char *detail = "";
    if (error == 0) {
        __wasi_fdstat_t st;
        detail = __wasi_fd_fdstat_get(fd, &st) == 0 ? type_name(st.fs_filetype) : "?";
        (void)__wasi_fd_close(fd);
    }
    report(op, path, error, detail);
}

static void run(int op, const char *path) {
    char other[96], detail[64] = "";
    __wasi_filestat_t st;
    __wasi_errno_t error;
    switch (op) {
    case 0:
        report("mkdir", path, __wasi_path_create_directory(SCRATCH, path), "");
        break;
    case 1:
    case 2:
        error = __wasi_path_filestat_get(SCRATCH, op == 1 ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, &st);
        report(op == 1 ? "stat" : "lstat", path, error, error == 0 ? type_name(st.filetype) : "");
        break;
    case 3:
    case 4:
        error = __wasi_path_filestat_set_times(SCRATCH, op == 3 ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path,
                                               1000000000, 2000000000, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM);
        report(op == 3 ? "utimes" : "lutimes", path, error, "");
        break;
    case 5:
    case 6:
        make_path(other, "newlink");
        error = __wasi_path_link(SCRATCH, op == 5 ? 0 : __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, SCRATCH, other);
        report(op == 5 ? "link-from" : "link-from-follow", path, error, "");
        break;
    case 7:
        make_path(other, "srcfile");
        report("link-to", path, __wasi_path_link(SCRATCH, 0, other, SCRATCH, path), "");
        break;
    case 8: open_case("open", path, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, 0, READ_RIGHTS); break;
    case 9: open_case("open-nofollow", path, 0, 0, READ_RIGHTS); break;
    case 10: open_case("open-dir", path, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, __WASI_OFLAGS_DIRECTORY, READ_RIGHTS); break;
    case 11: open_case("open-dir-nofollow", path, 0, __WASI_OFLAGS_DIRECTORY, READ_RIGHTS); break;
    case 12: open_case("open-creat", path, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, __WASI_OFLAGS_CREAT, WRITE_RIGHTS); break;
    case 13:
        open_case("open-creat-excl", path, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
                  __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, WRITE_RIGHTS);
        break;
    case 14: open_case("open-creat-nofollow", path, 0, __WASI_OFLAGS_CREAT, WRITE_RIGHTS); break;
    case 15:
        open_case("open-creat-dir", path, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
                  __WASI_OFLAGS_CREAT | __WASI_OFLAGS_DIRECTORY, READ_RIGHTS);
        break;
    case 16: open_case("open-trunc", path, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, __WASI_OFLAGS_TRUNC, WRITE_RIGHTS); break;
    case 17: open_case("open-write", path, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, 0, WRITE_RIGHTS); break;
    case 18: {
        uint8_t target[32];
        __wasi_size_t used = 0;
        error = __wasi_path_readlink(SCRATCH, path, target, sizeof target, &used);
        if (error == 0) snprintf(detail, sizeof detail, "[%.*s]", (int)used, target);
        report("readlink", path, error, detail);
        break;
    }
    case 19: report("rmdir", path, __wasi_path_remove_directory(SCRATCH, path), ""); break;
    case 20:
        make_path(other, "renamed");
        report("rename-from", path, __wasi_path_rename(SCRATCH, path, SCRATCH, other), "");
        break;
    case 21:
        make_path(other, "srcdir");
        report("rename-dir-to", path, __wasi_path_rename(SCRATCH, other, SCRATCH, path), "");
        break;
    case 22:
        make_path(other, "srcfile");
        report("rename-file-to", path, __wasi_path_rename(SCRATCH, other, SCRATCH, path), "");
        break;
    case 23: report("symlink-at", path, __wasi_path_symlink("srcfile", SCRATCH, path), ""); break;
    case 24: report("unlink", path, __wasi_path_unlink_file(SCRATCH, path), ""); break;
    }
}

#define OPERATIONS 25

int main(void) {
    new_case();
    printf("entries:%s\n", initial);
    for (int op = 0; op < OPERATIONS; op++) {
        for (size_t kind = 0; kind < sizeof kinds / sizeof kinds[0]; kind++) {
            for (size_t suffix = 0; suffix < sizeof suffixes / sizeof suffixes[0]; suffix++) {
                new_case();
                char path[96];
                snprintf(path, sizeof path, "%s/%s%s", case_dir, kinds[kind], suffixes[suffix]);
                run(op, path);
            }
        }
    }
    return 0;
}
