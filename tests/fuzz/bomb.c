/* A resource bomb driven by its arguments: each argument is one step, KIND:N[:M], that makes the kernel spend one
 * class of resource on this process (memory, descriptors, directory entries, file data, symlink targets, paths,
 * poll and iovec lists, call depth). Each step prints "KIND: RESULT" and the program goes on; whatever a step
 * cost, the kernel must answer with an errno, a refusal or a trap of this process, and go on serving it. The
 * last line, "alive", is printed after a proof that the process still gets service: a fresh computation and
 * a write to standard output. tests/fuzz/bombs.py writes the scripts and judges the runs.
 *
 * The files go under the preopened directory given as descriptor 3 (`--ram-dir` or `--dir`), or, when there is
 * none, fail with the errno that says so: the bombs that need no directory still run. */
#include "../wasi/wasi_test.h"
#include "walos.h"

#define DIR_FD 3
#define MIB (1u << 20)

/* Every step prints one line: how far it got, and the errno that stopped it (SUCCESS when nothing did). */
static void report(const char *kind, uint64_t done, int error) {
    printf("%s: %llu %s\n", kind, (unsigned long long)done, errno_name(error));
    fflush(stdout);
}

/* Memory for a step's lists, from the guest's own heap; a refusal is reported as this process's ENOMEM. */
static void *take(size_t bytes) { return bytes ? calloc(1, bytes) : NULL; }

static int open_file(const char *path, __wasi_oflags_t flags, __wasi_fd_t *fd) {
    __wasi_rights_t rights = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK |
                             __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_FD_FILESTAT_GET;
    return __wasi_path_open(DIR_FD, 0, path, flags, rights, rights, 0, fd);
}

/* grow:PAGES — linear memory grown a page group at a time until PAGES more or a refusal. */
static void grow(uint64_t pages) {
    uint64_t done = 0;
    while (done < pages) {
        uint64_t step = pages - done < 256 ? pages - done : 256;
        if (__builtin_wasm_memory_grow(0, step) == (size_t)-1) break;
        done += step;
    }
    report("grow", done, done == pages ? 0 : __WASI_ERRNO_NOMEM);
}

/* files:N — N empty files with 200-byte names, each closed again: directory entries. */
static void files(uint64_t count) {
    char path[256];
    uint64_t done = 0;
    int error = 0;
    for (; done < count; done++) {
        snprintf(path, sizeof path, "f%llu-%0190d", (unsigned long long)done, 0);
        __wasi_fd_t fd;
        if ((error = open_file(path, __WASI_OFLAGS_CREAT, &fd))) break;
        (void)__wasi_fd_close(fd);
    }
    report("files", done, error);
}

/* fds:N — one file opened N times and never closed: the descriptor table. */
static void fds(uint64_t count) {
    uint64_t done = 0;
    int error = 0;
    for (; done < count; done++) {
        __wasi_fd_t fd;
        if ((error = open_file("fds-target", __WASI_OFLAGS_CREAT, &fd))) break;
    }
    report("fds", done, error);
}

/* renumber:N — N files opened, then each moved onto the next with fd_renumber (which closes the one it lands
 * on) and opened again: descriptors closed by renumbering must give back what they were charged. */
static void renumber(uint64_t count) {
    uint64_t done = 0;
    int error = 0;
    __wasi_fd_t previous = 0;
    for (; done < count; done++) {
        __wasi_fd_t fd;
        if ((error = open_file("renumber-target", __WASI_OFLAGS_CREAT, &fd))) break;
        if (done > 0 && (error = __wasi_fd_renumber(fd, previous))) break;
        previous = done > 0 ? previous : fd;
    }
    report("renumber", done, error);
}

/* pipes:N — N pipes (walos's extension) made and kept open: pipe buffers and their descriptors. */
static void pipes(uint64_t count) {
    uint64_t done = 0;
    int error = 0;
    for (; done < count; done++) {
        uint32_t fds[2];
        if ((error = walos_pipe(fds))) break;
    }
    report("pipes", done, error);
}

/* size:BYTES — a file's size set to BYTES (sparse), then one byte written at its end: file data. */
static void size(uint64_t bytes) {
    __wasi_fd_t fd;
    int error = open_file("sized", __WASI_OFLAGS_CREAT, &fd);
    if (!error) {
        error = __wasi_fd_filestat_set_size(fd, bytes);
        __wasi_size_t written = 0;
        __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
        if (!error) error = __wasi_fd_pwrite(fd, &iov, 1, bytes, &written);
        (void)__wasi_fd_close(fd);
    }
    report("size", bytes, error);
}

/* write:MIB — a file written 1 MiB at a time, MIB times; `unlinked:MIB` the same into a file already unlinked. */
static void write_file(const char *kind, uint64_t mib, int unlink_first) {
    static uint8_t chunk[MIB];
    memset(chunk, 0x5a, sizeof chunk);
    __wasi_fd_t fd;
    uint64_t done = 0;
    int error = open_file(kind, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, &fd);
    if (!error) {
        if (unlink_first) (void)__wasi_path_unlink_file(DIR_FD, kind);
        for (; done < mib; done++) {
            __wasi_ciovec_t iov = {chunk, sizeof chunk};
            __wasi_size_t written = 0;
            if ((error = __wasi_fd_write(fd, &iov, 1, &written))) break;
        }
        (void)__wasi_fd_close(fd);
    }
    report(kind, done, error);
}

/* pwrite:OFFSET — 5 bytes written at OFFSET of a new file: how far a file may reach. */
static void pwrite_at(uint64_t offset) {
    __wasi_fd_t fd;
    int error = open_file("far", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, &fd);
    if (!error) {
        __wasi_ciovec_t iov = {(const uint8_t *)"hello", 5};
        __wasi_size_t written = 0;
        error = __wasi_fd_pwrite(fd, &iov, 1, offset, &written);
        (void)__wasi_fd_close(fd);
    }
    report("pwrite", offset, error);
}

/* symlinks:N:LEN — N symlinks whose targets are LEN bytes long. */
static void symlinks(uint64_t count, uint64_t length) {
    char *target = take(length + 1);
    uint64_t done = 0;
    int error = __WASI_ERRNO_NOMEM;
    if (target) {
        memset(target, 'a', length);
        char path[64];
        for (error = 0; done < count; done++) {
            snprintf(path, sizeof path, "link%llu", (unsigned long long)done);
            if ((error = __wasi_path_symlink(target, DIR_FD, path))) break;
        }
    }
    free(target);
    report("symlinks", done, error);
}

/* path:LEN — a path of LEN bytes ("a/a/a/...") looked up: path lengths. */
static void long_path(uint64_t length) {
    char *path = take(length + 1);
    int error = __WASI_ERRNO_NOMEM;
    if (path) {
        for (uint64_t i = 0; i < length; i++) path[i] = i % 2 ? '/' : 'a';
        __wasi_filestat_t stat;
        error = __wasi_path_filestat_get(DIR_FD, 0, path, &stat);
    }
    free(path);
    report("path", length, error);
}

/* nest:DEPTH — directories nested DEPTH deep, each made from a descriptor of its parent. */
static void nest(uint64_t depth) {
    __wasi_fd_t parent = DIR_FD;
    uint64_t done = 0;
    int error = 0;
    for (; done < depth; done++) {
        __wasi_fd_t child;
        if ((error = __wasi_path_create_directory(parent, "d"))) break;
        error = __wasi_path_open(parent, 0, "d", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_PATH_CREATE_DIRECTORY |
                                 __WASI_RIGHTS_PATH_OPEN, __WASI_RIGHTS_PATH_CREATE_DIRECTORY |
                                 __WASI_RIGHTS_PATH_OPEN, 0, &child);
        if (parent != DIR_FD) (void)__wasi_fd_close(parent);
        if (error) { parent = DIR_FD; break; }
        parent = child;
    }
    if (parent != DIR_FD) (void)__wasi_fd_close(parent);
    report("nest", done, error);
}

/* poll:N — N clock subscriptions that are all ready at once: poll_oneoff's lists. */
static void poll(uint64_t count) {
    __wasi_subscription_t *subs = take(count * sizeof *subs);
    __wasi_event_t *events = take(count * sizeof *events);
    __wasi_size_t ready = 0;
    int error = __WASI_ERRNO_NOMEM;
    if (subs && events) {
        for (uint64_t i = 0; i < count; i++) {
            subs[i].userdata = i;
            subs[i].u.tag = __WASI_EVENTTYPE_CLOCK;
            subs[i].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
        }
        error = __wasi_poll_oneoff(subs, events, count, &ready);
    }
    free(subs);
    free(events);
    report("poll", ready, error);
}

/* iovecs:N:LEN — one fd_write of N iovecs of LEN bytes each (all the same buffer) to a file: iovec lists. */
static void iovecs(uint64_t count, uint64_t length) {
    __wasi_ciovec_t *list = take(count * sizeof *list);
    uint8_t *buffer = take(length ? length : 1);
    __wasi_size_t written = 0;
    int error = __WASI_ERRNO_NOMEM;
    __wasi_fd_t fd;
    if (list && buffer && !(error = open_file("iovecs", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, &fd))) {
        for (uint64_t i = 0; i < count; i++) list[i] = (__wasi_ciovec_t){buffer, length};
        error = __wasi_fd_write(fd, list, count, &written);
        (void)__wasi_fd_close(fd);
    }
    free(list);
    free(buffer);
    report("iovecs", written, error);
}

static int clock_wait(uint64_t ms) {
    __wasi_subscription_t sub = {0};
    sub.u.tag = __WASI_EVENTTYPE_CLOCK;
    sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    sub.u.u.clock.timeout = ms * 1000000;
    __wasi_event_t event;
    __wasi_size_t ready = 0;
    return __wasi_poll_oneoff(&sub, &event, 1, &ready);
}

/* sleep:MS — a clock wait: the process must be woken (and still be killable) however the kernel is loaded. */
static void sleep_ms(uint64_t ms) { report("sleep", ms, clock_wait(ms)); }

/* await:MS — waits, looking every 10 ms for at most MS, until the preopened directory holds an entry "go" (the
 * kernel test swarm-limits-together makes it once every bomb has grown, so that they hold their memory at once
 * however slowly the host runs them); prints how long it waited, NOENT when it never came. */
static void await_go(uint64_t ms) {
    __wasi_filestat_t stat;
    uint64_t waited = 0;
    int error;
    while ((error = __wasi_path_filestat_get(DIR_FD, 0, "go", &stat)) == __WASI_ERRNO_NOENT && waited < ms) {
        if ((error = clock_wait(10)) != 0) break;
        waited += 10;
    }
    report("await", waited, error);
}

/* recurse:DEPTH — calls nested DEPTH deep with 256 bytes of frame each; past the engine's limit this traps,
 * which ends the program (the scripts put it last). */
static uint64_t recurse(uint64_t depth) {
    volatile uint8_t frame[256];
    frame[depth % sizeof frame] = (uint8_t)depth;
    return depth ? recurse(depth - 1) + frame[depth % sizeof frame] : 0;
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        char kind[16] = {0};
        unsigned long long n = 0, m = 0;
        if (sscanf(argv[i], "%15[a-z]:%llu:%llu", kind, &n, &m) < 2) {
            fprintf(stderr, "bomb: cannot read step '%s'\n", argv[i]);
            return 2;
        }
        if (!strcmp(kind, "grow")) grow(n);
        else if (!strcmp(kind, "files")) files(n);
        else if (!strcmp(kind, "fds")) fds(n);
        else if (!strcmp(kind, "renumber")) renumber(n);
        else if (!strcmp(kind, "pipes")) pipes(n);
        else if (!strcmp(kind, "size")) size(n);
        else if (!strcmp(kind, "write")) write_file("write", n, 0);
        else if (!strcmp(kind, "unlinked")) write_file("unlinked", n, 1);
        else if (!strcmp(kind, "pwrite")) pwrite_at(n);
        else if (!strcmp(kind, "symlinks")) symlinks(n, m);
        else if (!strcmp(kind, "path")) long_path(n);
        else if (!strcmp(kind, "nest")) nest(n);
        else if (!strcmp(kind, "poll")) poll(n);
        else if (!strcmp(kind, "iovecs")) iovecs(n, m);
        else if (!strcmp(kind, "sleep")) sleep_ms(n);
        else if (!strcmp(kind, "await")) await_go(n);
        else if (!strcmp(kind, "recurse")) report("recurse", recurse(n), 0);
        else {
            fprintf(stderr, "bomb: no step kind '%s'\n", kind);
            return 2;
        }
    }
    /* Proof of life: fresh memory from the guest's heap, a computation over it, and a line out. */
    uint32_t *words = malloc(4096 * sizeof *words);
    uint32_t sum = 0;
    for (uint32_t i = 0; words && i < 4096; i++) sum += (words[i] = i * 2654435761u);
    printf("alive %08x\n", words ? sum : 0);
    return 0;
}
