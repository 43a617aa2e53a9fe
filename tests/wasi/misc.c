// The rest: advice, sync, sockets (walos has none), signals, yielding.
#include "wasi_test.h"
#include <sched.h>

int32_t raw_proc_raise(int32_t) RAW(proc_raise);

int main(void) {
    int rw = open("/sandbox/hello.txt", O_RDWR);
    int ro = open("/sandbox/hello.txt", O_RDONLY);
    for (int advice = 0; advice <= 5; advice++) {
        char label[32];
        snprintf(label, sizeof label, "fd_advise %d", advice);
        CHECK(label, __wasi_fd_advise(rw, 0, 100, advice));
    }
    CHECK("fd_advise read-only", __wasi_fd_advise(ro, 10, 0, __WASI_ADVICE_DONTNEED));
    LIBC("posix_fadvise", posix_fadvise(rw, 0, 0, POSIX_FADV_SEQUENTIAL));
    LIBC("fsync", fsync(rw));
    LIBC("fdatasync", fdatasync(rw));
    LIBC("fsync read-only", fsync(ro));
    CHECK("fd_sync closed", __wasi_fd_sync(77));
    CHECK("fd_datasync stdout", __wasi_fd_datasync(1));

    __wasi_fd_t fd;
    __wasi_size_t n;
    __wasi_roflags_t flags;
    __wasi_iovec_t iov = {(uint8_t *)&n, 4};
    __wasi_ciovec_t ciov = {(const uint8_t *)&n, 4};
    int descriptors[] = {0, 1, rw, SANDBOX, 99};
    for (int i = 0; i < 5; i++) {
        int d = descriptors[i];
        printf("descriptor %s:\n", i == 2 ? "file" : i == 3 ? "preopen" : i == 4 ? "closed" : i == 0 ? "stdin" : "stdout");
        CHECK("  sock_accept", __wasi_sock_accept(d, 0, &fd));
        CHECK("  sock_recv", __wasi_sock_recv(d, &iov, 1, 0, &n, &flags));
        CHECK("  sock_send", __wasi_sock_send(d, &ciov, 1, 0, &n));
        CHECK("  sock_shutdown", __wasi_sock_shutdown(d, __WASI_SDFLAGS_RD));
    }
    CHECK("proc_raise", raw_proc_raise(15));
    CHECK("sched_yield", __wasi_sched_yield());
    printf("sched_yield(): %d\n", sched_yield());
    return 0;
}
