// Rights are advisory: no call fails for lack of a right, path_open reads only FD_READ and FD_WRITE (the access
// mode), and fd_fdstat_get reports what each descriptor can do. Includes the calls Rust's standard library
// makes (library/std/src/sys/fs/wasi.rs): fs::create_dir, fs::read_dir, File::create inside a created
// directory, fs::remove_dir_all, and OpenOptionsExt::open_at through a directory descriptor.
#include "wasi_test.h"

// The rights Rust's OpenOptions::rights_base asks for (the same as its inheriting rights): every one of these
// always, plus the read or write ones below.
#define RUST_ALWAYS                                                                                                 \
    (__WASI_RIGHTS_FD_ADVISE | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS | __WASI_RIGHTS_FD_FILESTAT_GET |                   \
     __WASI_RIGHTS_FD_FILESTAT_SET_TIMES | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_TELL |    \
     __WASI_RIGHTS_PATH_CREATE_DIRECTORY | __WASI_RIGHTS_PATH_CREATE_FILE | __WASI_RIGHTS_PATH_FILESTAT_GET |        \
     __WASI_RIGHTS_PATH_LINK_SOURCE | __WASI_RIGHTS_PATH_LINK_TARGET | __WASI_RIGHTS_PATH_OPEN |                     \
     __WASI_RIGHTS_PATH_READLINK | __WASI_RIGHTS_PATH_REMOVE_DIRECTORY | __WASI_RIGHTS_PATH_RENAME_SOURCE |          \
     __WASI_RIGHTS_PATH_RENAME_TARGET | __WASI_RIGHTS_PATH_SYMLINK | __WASI_RIGHTS_PATH_UNLINK_FILE |                \
     __WASI_RIGHTS_POLL_FD_READWRITE)
// Every right preview1 defines (an undefined bit makes wasmtime end the program).
#define ALL_RIGHTS ((1ull << 30) - 1)
#define RUST_READ (RUST_ALWAYS | __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_READDIR)
#define RUST_WRITE                                                                                                  \
    (RUST_ALWAYS | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_ALLOCATE |                  \
     __WASI_RIGHTS_FD_FILESTAT_SET_SIZE)

static void show_rights(const char *label, int fd) {
    __wasi_fdstat_t st;
    __wasi_errno_t error = __wasi_fd_fdstat_get(fd, &st);
    if (error != 0) {
        printf("%s: fdstat %s\n", label, errno_name(error));
        return;
    }
    printf("%s: type %d flags %#x base %#llx inheriting %#llx\n", label, st.fs_filetype, st.fs_flags,
           (unsigned long long)st.fs_rights_base, (unsigned long long)st.fs_rights_inheriting);
}

// path_open with explicit rights; prints the outcome and returns the descriptor or -1.
static int open_with(const char *label, int dir, __wasi_lookupflags_t lookup, const char *path, __wasi_oflags_t oflags,
                     __wasi_rights_t base, __wasi_rights_t inheriting) {
    __wasi_fd_t fd;
    __wasi_errno_t error = __wasi_path_open(dir, lookup, path, oflags, base, inheriting, 0, &fd);
    printf("%s: %s\n", label, errno_name(error));
    if (error != 0) return -1;
    show_rights("  rights", fd);
    return (int)fd;
}

// Lists a directory through fd_readdir on `fd`, as Rust's ReadDir would (without "." and "..").
static void list(const char *label, int fd) {
    entry_name names[16];
    int count = read_entries(fd, names, 0);
    if (count < 0) {
        printf("%s: readdir %s\n", label, errno_name(-count));
        return;
    }
    printf("%s:", label);
    for (int i = 0; i < count; i++) printf(" %s", names[i]);
    printf("\n");
}

static void file_calls(const char *label, int fd) {
    printf("%s\n", label);
    char byte = 'x';
    __wasi_iovec_t in = {(uint8_t *)&byte, 1};
    __wasi_ciovec_t out = {(const uint8_t *)&byte, 1};
    __wasi_size_t n;
    __wasi_filesize_t position;
    __wasi_filestat_t st;
    CHECK("  fd_read", __wasi_fd_read(fd, &in, 1, &n));
    CHECK("  fd_pread", __wasi_fd_pread(fd, &in, 1, 0, &n));
    CHECK("  fd_write", __wasi_fd_write(fd, &out, 1, &n));
    CHECK("  fd_pwrite", __wasi_fd_pwrite(fd, &out, 1, 0, &n));
    CHECK("  fd_seek", __wasi_fd_seek(fd, 1, __WASI_WHENCE_SET, &position));
    CHECK("  fd_tell", __wasi_fd_tell(fd, &position));
    CHECK("  fd_advise", __wasi_fd_advise(fd, 0, 1, __WASI_ADVICE_NORMAL));
    CHECK("  fd_filestat_get", __wasi_fd_filestat_get(fd, &st));
    CHECK("  fd_filestat_set_times", __wasi_fd_filestat_set_times(fd, 5, 5, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    CHECK("  fd_filestat_set_size", __wasi_fd_filestat_set_size(fd, 4));
    CHECK("  fd_fdstat_set_flags", __wasi_fd_fdstat_set_flags(fd, 0));
    CHECK("  fd_sync", __wasi_fd_sync(fd));
    CHECK("  fd_datasync", __wasi_fd_datasync(fd));
}

static void directory_calls(const char *label, int fd) {
    printf("%s\n", label);
    __wasi_filestat_t st;
    __wasi_fd_t opened;
    list("  readdir", fd);
    CHECK("  fd_filestat_get", __wasi_fd_filestat_get(fd, &st));
    CHECK("  fd_filestat_set_times", __wasi_fd_filestat_set_times(fd, 5, 5, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    CHECK("  path_create_directory", __wasi_path_create_directory(fd, "made"));
    CHECK("  path_filestat_get", __wasi_path_filestat_get(fd, 0, "made", &st));
    CHECK("  path_filestat_set_times", __wasi_path_filestat_set_times(fd, 0, "made", 5, 5, __WASI_FSTFLAGS_ATIM));
    CHECK("  path_open create", __wasi_path_open(fd, 0, "new.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0, &opened));
    (void)__wasi_fd_close(opened);
    CHECK("  path_symlink", __wasi_path_symlink("new.txt", fd, "link"));
    uint8_t target[16];
    __wasi_size_t n;
    CHECK("  path_readlink", __wasi_path_readlink(fd, "link", target, sizeof target, &n));
    CHECK("  path_link", __wasi_path_link(fd, 0, "new.txt", fd, "hard"));
    CHECK("  path_rename", __wasi_path_rename(fd, "hard", fd, "moved"));
    CHECK("  path_unlink_file", __wasi_path_unlink_file(fd, "moved"));
    CHECK("  path_unlink_file link", __wasi_path_unlink_file(fd, "link"));
    CHECK("  path_unlink_file new.txt", __wasi_path_unlink_file(fd, "new.txt"));
    CHECK("  path_remove_directory", __wasi_path_remove_directory(fd, "made"));
}

int main(void) {
    show_rights("stdin", 0);
    show_rights("stdout", 1);
    show_rights("stderr", 2);
    show_rights("preopen /sandbox", SANDBOX);
    show_rights("preopen /scratch", SCRATCH);

    // fs::create_dir("/scratch/created"), then File::create("/scratch/created/file.txt") and a write.
    CHECK("create_dir", __wasi_path_create_directory(SCRATCH, "created"));
    int file = open_with("File::create inside it", SCRATCH, 1, "created/file.txt",
                         __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RUST_WRITE, RUST_WRITE);
    __wasi_ciovec_t text = {(const uint8_t *)"rust\n", 5};
    __wasi_size_t n;
    CHECK("  write", __wasi_fd_write(file, &text, 1, &n));
    CHECK("  close", __wasi_fd_close(file));
    CHECK("create_dir nested", __wasi_path_create_directory(SCRATCH, "created/nested"));

    // fs::read_dir("/scratch/created"), then metadata of each entry through the directory descriptor.
    int dir = open_with("read_dir", SCRATCH, 1, "created", __WASI_OFLAGS_DIRECTORY, RUST_READ, RUST_READ);
    list("  entries", dir);
    __wasi_filestat_t st;
    CHECK("  DirEntry::metadata", __wasi_path_filestat_get(dir, 0, "file.txt", &st));
    printf("  size %llu\n", (unsigned long long)st.size);

    // OpenOptionsExt::open_at (and cap-std): create and read files through the directory descriptor, which
    // was opened for reading only.
    int inner = open_with("open_at create through it", dir, 1, "other.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC,
                          RUST_WRITE, RUST_WRITE);
    CHECK("  write", __wasi_fd_write(inner, &text, 1, &n));
    CHECK("  close", __wasi_fd_close(inner));
    inner = open_with("open_at read through it", dir, 1, "file.txt", 0, RUST_READ, RUST_READ);
    char buffer[16] = {0};
    __wasi_iovec_t into = {(uint8_t *)buffer, sizeof buffer - 1};
    CHECK("  read", __wasi_fd_read(inner, &into, 1, &n));
    printf("  [%.*s]\n", (int)n - 1, buffer);
    CHECK("  close", __wasi_fd_close(inner));

    // fs::remove_dir_all("/scratch/created"): the directory without following links, then each subdirectory
    // through its parent's descriptor.
    int top = open_with("remove_dir_all open", SCRATCH, 0, "created", __WASI_OFLAGS_DIRECTORY, RUST_READ, RUST_READ);
    CHECK("  fd_filestat_get", __wasi_fd_filestat_get(top, &st));
    int sub = open_with("  open nested through it", top, 0, "nested", __WASI_OFLAGS_DIRECTORY, RUST_READ, RUST_READ);
    CHECK("  close nested", __wasi_fd_close(sub));
    CHECK("  rmdir nested", __wasi_path_remove_directory(top, "nested"));
    CHECK("  unlink file.txt", __wasi_path_unlink_file(top, "file.txt"));
    CHECK("  unlink other.txt", __wasi_path_unlink_file(top, "other.txt"));
    CHECK("  rmdir created", __wasi_path_remove_directory(SCRATCH, "created"));
    CHECK("  close", __wasi_fd_close(top));
    CHECK("  close", __wasi_fd_close(dir));

    // Asking for more inheriting rights than the directory has, or for none at all.
    int all = open_with("inheriting everything", SANDBOX, 1, "sub", __WASI_OFLAGS_DIRECTORY, 0, ALL_RIGHTS);
    (void)__wasi_fd_close(all);
    int none = open_with("directory with no rights", SANDBOX, 1, "sub", __WASI_OFLAGS_DIRECTORY, 0, 0);
    directory_calls("calls through it", none);
    int readable = open_with("directory with FD_READ", SANDBOX, 1, "sub", __WASI_OFLAGS_DIRECTORY,
                             __WASI_RIGHTS_FD_READ, 0);
    (void)__wasi_fd_close(readable);
    open_with("directory with FD_WRITE", SANDBOX, 1, "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_WRITE, 0);
    CHECK("set rights of the directory", __wasi_fd_fdstat_set_rights(none, 0, 0));
    show_rights("  after", none);
    (void)__wasi_fd_close(none);

    // Files: the access mode comes from FD_READ and FD_WRITE; nothing else is checked.
    file = open_with("file with no rights", SANDBOX, 1, "hello.txt", 0, 0, 0);
    file_calls("calls on it", file);
    file = open_with("file with FD_READ", SANDBOX, 1, "numbers.txt", 0, __WASI_RIGHTS_FD_READ, 0);
    file_calls("calls on it", file);
    file = open_with("file with FD_WRITE", SANDBOX, 1, "sub/inner.txt", 0, __WASI_RIGHTS_FD_WRITE, 0);
    file_calls("calls on it", file);
    file = open_with("file with FD_READ and FD_WRITE", SANDBOX, 1, "empty.txt", 0,
                     __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0);
    file_calls("calls on it", file);
    file = open_with("file with every right", SANDBOX, 1, "hello.txt", 0, ALL_RIGHTS, ALL_RIGHTS);
    file = open_with("file with directory rights", SANDBOX, 1, "hello.txt", 0,
                     __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN, 0);
    __wasi_fd_t opened;
    CHECK("  path_open through a file", __wasi_path_open(file, 1, "x", 0, 0, 0, 0, &opened));
    CHECK("set rights of a file", __wasi_fd_fdstat_set_rights(file, __WASI_RIGHTS_FD_READ, 0));
    CHECK("set rights of stdout", __wasi_fd_fdstat_set_rights(1, 0, 0));
    CHECK("set rights of a preopen", __wasi_fd_fdstat_set_rights(SANDBOX, 0, 0));
    CHECK("set rights of a closed descriptor", __wasi_fd_fdstat_set_rights(99, 0, 0));
    show_rights("preopen after", SANDBOX);
    return 0;
}
