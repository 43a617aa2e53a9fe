// poll_oneoff: clock subscriptions (relative and absolute), file and stream readiness, and the errors.
#include "wasi_test.h"

static __wasi_timestamp_t now(void) {
    __wasi_timestamp_t t;
    (void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t);
    return t;
}

static __wasi_subscription_t clock_sub(uint64_t userdata, __wasi_clockid_t id, uint64_t timeout, int absolute) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = userdata;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = id;
    s.u.u.clock.timeout = timeout;
    s.u.u.clock.precision = 0;
    s.u.u.clock.flags = absolute ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
    return s;
}

static __wasi_subscription_t fd_sub(uint64_t userdata, __wasi_eventtype_t type, __wasi_fd_t fd) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = userdata;
    s.u.tag = type;
    s.u.u.fd_read.file_descriptor = fd;
    return s;
}

static void poll(const char *label, __wasi_subscription_t *subs, int count) {
    __wasi_event_t events[8];
    memset(events, 0xaa, sizeof events);
    __wasi_size_t n = 99;
    __wasi_timestamp_t start = now();
    __wasi_errno_t error = __wasi_poll_oneoff(subs, events, count, &n);
    __wasi_timestamp_t elapsed = now() - start;
    printf("%s: %s", label, errno_name(error));
    if (error) {
        printf("\n");
        return;
    }
    printf(", %lu events\n", (unsigned long)n);
    for (__wasi_size_t i = 0; i < n; i++) {
        printf("  userdata %llu error %s type %d", (unsigned long long)events[i].userdata, errno_name(events[i].error),
               events[i].type);
        if (events[i].type != __WASI_EVENTTYPE_CLOCK)
            printf(" nbytes %llu flags %d", (unsigned long long)events[i].fd_readwrite.nbytes,
                   events[i].fd_readwrite.flags);
        printf("\n");
    }
    for (int i = 0; i < count; i++) {
        if (subs[i].u.tag == __WASI_EVENTTYPE_CLOCK && !(subs[i].u.u.clock.flags & 1) && n == 1 &&
            events[0].userdata == subs[i].userdata && subs[i].u.u.clock.timeout >= 1000000)
            printf("  waited at least the timeout: %s\n", elapsed >= subs[i].u.u.clock.timeout ? "yes" : "no");
    }
}

int main(void) {
    __wasi_subscription_t subs[4];
    subs[0] = clock_sub(7, __WASI_CLOCKID_MONOTONIC, 20 * 1000000, 0);
    poll("relative 20 ms", subs, 1);
    subs[0] = clock_sub(8, __WASI_CLOCKID_REALTIME, 10 * 1000000, 0);
    poll("relative realtime 10 ms", subs, 1);
    subs[0] = clock_sub(9, __WASI_CLOCKID_MONOTONIC, 0, 0);
    poll("relative 0", subs, 1);

    __wasi_timestamp_t start = now();
    subs[0] = clock_sub(10, __WASI_CLOCKID_MONOTONIC, start + 25 * 1000000, 1);
    poll("absolute now + 25 ms", subs, 1);
    printf("  reached the deadline: %s\n", now() >= start + 25 * 1000000 ? "yes" : "no");
    subs[0] = clock_sub(11, __WASI_CLOCKID_MONOTONIC, 1, 1);
    poll("absolute in the past", subs, 1);

    subs[0] = clock_sub(1, __WASI_CLOCKID_MONOTONIC, 10 * 1000000, 0);
    subs[1] = clock_sub(2, __WASI_CLOCKID_MONOTONIC, 5000 * 1000000ull, 0);
    poll("10 ms and 5 s", subs, 2);
    subs[0] = clock_sub(1, __WASI_CLOCKID_MONOTONIC, 0, 0);
    subs[1] = clock_sub(2, __WASI_CLOCKID_MONOTONIC, 0, 0);
    subs[2] = clock_sub(3, __WASI_CLOCKID_MONOTONIC, 5000 * 1000000ull, 0);
    poll("two expired of three", subs, 3);

    int file = open("/sandbox/hello.txt", O_RDWR);
    int empty = open("/sandbox/empty.txt", O_RDONLY);
    // One file subscription at a time: which of several ready ones a host reports first is its own business.
    subs[0] = clock_sub(1, __WASI_CLOCKID_MONOTONIC, 5000 * 1000000ull, 0);
    subs[1] = fd_sub(2, __WASI_EVENTTYPE_FD_READ, file);
    poll("file readable", subs, 2);
    subs[1] = fd_sub(3, __WASI_EVENTTYPE_FD_WRITE, file);
    poll("file writable", subs, 2);
    subs[1] = fd_sub(4, __WASI_EVENTTYPE_FD_READ, empty);
    poll("empty file readable", subs, 2);
    char buffer[64];
    read(file, buffer, sizeof buffer);
    subs[0] = fd_sub(5, __WASI_EVENTTYPE_FD_READ, file);
    poll("file read at its end", subs, 1);
    subs[0] = fd_sub(6, __WASI_EVENTTYPE_FD_WRITE, 1);
    subs[1] = fd_sub(7, __WASI_EVENTTYPE_FD_WRITE, 2);
    poll("stdout and stderr writable", subs, 2);
    subs[0] = fd_sub(8, __WASI_EVENTTYPE_FD_READ, 0);
    poll("stdin at end of input", subs, 1);

    subs[0] = clock_sub(1, __WASI_CLOCKID_MONOTONIC, 0, 0);
    subs[1] = fd_sub(2, __WASI_EVENTTYPE_FD_READ, 99);
    poll("bad descriptor", subs, 2);
    subs[1] = fd_sub(2, __WASI_EVENTTYPE_FD_READ, SANDBOX);
    poll("read a directory", subs, 2);
    subs[1] = fd_sub(2, __WASI_EVENTTYPE_FD_WRITE, 0);
    poll("write stdin", subs, 2);
    subs[1] = fd_sub(2, __WASI_EVENTTYPE_FD_READ, 1);
    poll("read stdout", subs, 2);
    subs[1] = clock_sub(2, __WASI_CLOCKID_PROCESS_CPUTIME_ID, 1, 1);
    poll("absolute process time", subs, 2);
    poll("no subscriptions", subs, 0);
    return 0;
}
