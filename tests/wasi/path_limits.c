// Limits and corner cases of paths: PATH_MAX (4096 bytes with the terminating NUL) for paths and symbolic link
// targets, renaming "." and "..", and entries created in a directory that was removed while open.
#include "wasi_test.h"

static char big[1 << 20];

// A path of `length` bytes naming `tail` in the sandbox: "./" repeated, then `tail`.
static const char *padded(size_t length, const char *tail) {
    size_t tail_length = strlen(tail), at = 0;
    while (at + 2 <= length - tail_length) {
        big[at++] = '.';
        big[at++] = '/';
    }
    if (at < length - tail_length) big[at++] = '/';
    memcpy(big + at, tail, tail_length + 1);
    return big;
}

int main(void) {
    // wasmtime checks the whole path's length in path_filestat_get and path_open (its other path functions walk
    // the path one component at a time and accept longer ones; walos_spec.c has those).
    const size_t lengths[] = {4095, 4096, 4097, 1 << 19};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        __wasi_filestat_t st;
        __wasi_fd_t fd;
        printf("path of %zu bytes\n", lengths[i]);
        CHECK("  path_filestat_get", __wasi_path_filestat_get(SANDBOX, 1, padded(lengths[i], "hello.txt"), &st));
        CHECK("  path_open", __wasi_path_open(SANDBOX, 1, padded(lengths[i], "hello.txt"), 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd));
        if (lengths[i] < 4096) (void)__wasi_fd_close(fd);
        CHECK("  path_open create", __wasi_path_open(SANDBOX, 1, padded(lengths[i], "new.txt"), __WASI_OFLAGS_CREAT,
                                                     __WASI_RIGHTS_FD_WRITE, 0, 0, &fd));
        if (lengths[i] < 4096) {
            (void)__wasi_fd_close(fd);
            (void)__wasi_path_unlink_file(SANDBOX, "new.txt");
        }
        CHECK("  path_filestat_get of a directory", __wasi_path_filestat_get(SANDBOX, 1, padded(lengths[i], "sub/"), &st));
    }
    // Paths of 4095 bytes work in every path function (4096 bytes: walos_spec.c).
    static char other[4096];
    uint8_t target[8];
    __wasi_size_t count;
    __wasi_filestat_t st;
    CHECK("4095: path_create_directory", __wasi_path_create_directory(SCRATCH, padded(4095, "d")));
    CHECK("4095: path_remove_directory", __wasi_path_remove_directory(SCRATCH, padded(4095, "d")));
    CHECK("4095: path_symlink", __wasi_path_symlink("../sandbox", SCRATCH, padded(4095, "l")));
    CHECK("4095: path_readlink", __wasi_path_readlink(SCRATCH, padded(4095, "l"), target, sizeof target, &count));
    CHECK("4095: path_filestat_set_times", __wasi_path_filestat_set_times(SCRATCH, 0, padded(4095, "l"), 7, 7,
                                                                          __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    CHECK("4095: path_link from", __wasi_path_link(SCRATCH, 0, padded(4095, "l"), SCRATCH, "l2"));
    CHECK("4095: path_link to", __wasi_path_link(SCRATCH, 0, "l", SCRATCH, padded(4095, "l3")));
    memcpy(other, padded(4095, "l4"), 4096);
    CHECK("4095: path_rename both", __wasi_path_rename(SCRATCH, padded(4095, "l3"), SCRATCH, other));
    CHECK("4095: path_unlink_file", __wasi_path_unlink_file(SCRATCH, padded(4095, "l4")));
    CHECK("  l2 is the link", __wasi_path_filestat_get(SCRATCH, 0, "l2", &st));
    printf("  type %d, mtim %llu\n", st.filetype, (unsigned long long)st.mtim);

    memset(big, 'a', 300);
    big[255] = 0;
    CHECK("name of 255 bytes", __wasi_path_create_directory(SCRATCH, big));
    big[255] = 'a';
    big[256] = 0;
    CHECK("name of 256 bytes", __wasi_path_create_directory(SCRATCH, big));

    // Symbolic link targets: at most 4095 bytes; a component of the target longer than 255 is ENAMETOOLONG
    // when the link is followed.
    const size_t targets[] = {300, 4095, 4096, (1 << 20) - 1};
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        memset(big, 'x', targets[i]);
        big[targets[i]] = 0;
        char name[16];
        snprintf(name, sizeof name, "l%zu", i);
        printf("target of %zu bytes\n", targets[i]);
        CHECK("  path_symlink", __wasi_path_symlink(big, SCRATCH, name));
        uint8_t buffer[8];
        __wasi_size_t used = 0;
        CHECK("  path_readlink", __wasi_path_readlink(SCRATCH, name, buffer, sizeof buffer, &used));
        printf("  read %lu bytes\n", (unsigned long)used);
        CHECK("  path_filestat_get following it", __wasi_path_filestat_get(SCRATCH, 1, name, &st));
    }
    const char *dots = padded(4000, "hello.txt");
    CHECK("link to a long path", __wasi_path_symlink(dots, SANDBOX, "dots"));
    CHECK("  followed", __wasi_path_filestat_get(SANDBOX, 1, "dots", &(__wasi_filestat_t){0}));

    // "." and ".." are in use by the path that names them: renaming them, or onto them, is EBUSY.
    // (The last two pairs rename for real: empty.txt to x, then sub/deeper onto that file.)
    const char *const sources[] = {".", "sub/.", "sub/deeper/..", "missing", "missing/.", "empty.txt", "sub/deeper"};
    const char *const targets2[] = {".", "sub/.", "sub/deeper/..", "emptydir/.", "x"};
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
        for (size_t j = 0; j < sizeof targets2 / sizeof targets2[0]; j++) {
            char label[64];
            snprintf(label, sizeof label, "rename %s to %s", sources[i], targets2[j]);
            CHECK(label, __wasi_path_rename(SANDBOX, sources[i], SANDBOX, targets2[j]));
        }
    }
    CHECK("rmdir .", __wasi_path_remove_directory(SANDBOX, "."));
    CHECK("rmdir sub/..", __wasi_path_remove_directory(SANDBOX, "sub/.."));
    CHECK("rmdir sub/deeper/..", __wasi_path_remove_directory(SANDBOX, "sub/deeper/.."));
    CHECK("unlink sub/deeper/..", __wasi_path_unlink_file(SANDBOX, "sub/deeper/.."));
    CHECK("mkdir sub/deeper/..", __wasi_path_create_directory(SANDBOX, "sub/deeper/.."));
    CHECK("symlink at sub/deeper/..", __wasi_path_symlink("x", SANDBOX, "sub/deeper/.."));
    CHECK("link to sub/..", __wasi_path_link(SANDBOX, 0, "hello.txt", SANDBOX, "sub/.."));

    // A directory removed while open takes no new entries (ENOENT); what is still there can be looked at.
    CHECK("mkdir gone", __wasi_path_create_directory(SCRATCH, "gone"));
    __wasi_fd_t gone, fd;
    CHECK("open gone", __wasi_path_open(SCRATCH, 0, "gone", __WASI_OFLAGS_DIRECTORY, 0, 0, 0, &gone));
    CHECK("rmdir gone", __wasi_path_remove_directory(SCRATCH, "gone"));
    CHECK("  create a file in it", __wasi_path_open(gone, 0, "f", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0, &fd));
    CHECK("  create a directory in it", __wasi_path_create_directory(gone, "d"));
    CHECK("  create a link in it", __wasi_path_symlink("x", gone, "s"));
    CHECK("  link a file into it", __wasi_path_link(SANDBOX, 0, "hello.txt", gone, "h"));
    CHECK("  rename a file into it", __wasi_path_rename(SANDBOX, "numbers.txt", gone, "n"));
    CHECK("  rename a directory into it", __wasi_path_rename(SANDBOX, "emptydir", gone, "e"));
    CHECK("  stat .", __wasi_path_filestat_get(gone, 0, ".", &st));
    printf("  links %llu, type %d\n", (unsigned long long)st.nlink, st.filetype);
    CHECK("  fd_filestat_get", __wasi_fd_filestat_get(gone, &st));
    CHECK("  stat ..", __wasi_path_filestat_get(gone, 0, "..", &st));
    CHECK("  stat missing", __wasi_path_filestat_get(gone, 0, "x", &st));
    CHECK("  open .", __wasi_path_open(gone, 0, ".", __WASI_OFLAGS_DIRECTORY, 0, 0, 0, &fd));
    CHECK("  close it", __wasi_fd_close(fd));
    uint8_t buffer[256];
    __wasi_size_t used;
    CHECK("  readdir", __wasi_fd_readdir(gone, buffer, sizeof buffer, 0, &used));
    printf("  %lu bytes: . and .. only\n", (unsigned long)used);
    CHECK("  rmdir .", __wasi_path_remove_directory(gone, "."));
    CHECK("  set times of .", __wasi_path_filestat_set_times(gone, 0, ".", 1, 1, __WASI_FSTFLAGS_ATIM));
    CHECK("  numbers.txt still there", __wasi_path_filestat_get(SANDBOX, 0, "numbers.txt", &st));
    CHECK("mkdir gone again", __wasi_path_create_directory(SCRATCH, "gone"));
    CHECK("  the old descriptor still sees the removed one", __wasi_path_create_directory(gone, "d"));
    return 0;
}
