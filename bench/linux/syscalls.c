// Runs as init inside a Linux guest in the same QEMU (-icount shift=0, where the TSC counts guest instructions):
// guest instructions per getpid system call and per vDSO clock_gettime, each minus an empty loop; per one-byte
// round trip through two pipes with a forked relay (as walos's tests/walos/procs.c ping-pong); per fork + exec +
// wait of this program as a static hello; then powers the machine off through isa-debug-exit. The Linux side of
// walos's WASI and process figures (make bench-wasi).
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/io.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CALLS 10000
#define TRIPS 2000
#define SPAWNS 20

static inline uint64_t rdtsc(void) {
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static __attribute__((noinline)) long nothing(long x) {
    __asm__ volatile("" : "+r"(x));
    return x;
}

/* TSC ticks of `trips` round trips, relay included (its start and end cancel out between two counts). */
static uint64_t ping_pong(int trips) {
    int there[2], back[2];
    char byte = 'p';
    uint64_t start = rdtsc();
    if (pipe(there) || pipe(back)) return 0;
    pid_t relay = fork();
    if (relay == 0) {
        close(there[1]);
        close(back[0]);
        while (read(there[0], &byte, 1) == 1) write(back[1], &byte, 1);
        _exit(0);
    }
    close(there[0]);
    close(back[1]);
    for (int i = 0; i < trips; i++)
        if (write(there[1], &byte, 1) != 1 || read(back[0], &byte, 1) != 1) return 0;
    close(there[1]);
    waitpid(relay, NULL, 0);
    close(back[0]);
    return rdtsc() - start;
}

/* TSC ticks of `count` fork + exec of this program as a hello (static glibc) + wait. */
static uint64_t spawns(int count) {
    uint64_t start = rdtsc();
    for (int i = 0; i < count; i++) {
        pid_t child = fork();
        if (child == 0) {
            execl("/init", "init", "hello", (char *)NULL);
            _exit(127);
        }
        waitpid(child, NULL, 0);
    }
    return rdtsc() - start;
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "hello")) {
        printf("hello\n");
        return 0;
    }
    struct timespec ts;
    uint64_t start = rdtsc();
    for (int i = 0; i < CALLS; i++) nothing(i);
    uint64_t empty = rdtsc() - start;
    start = rdtsc();
    for (int i = 0; i < CALLS; i++) syscall(SYS_getpid);
    uint64_t getpid_cost = rdtsc() - start;
    start = rdtsc();
    for (int i = 0; i < CALLS; i++) clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t clock_cost = rdtsc() - start;
    printf("bench: linux-getpid-tsc %llu\n", (unsigned long long)((getpid_cost - empty) / CALLS));
    printf("bench: linux-vdso-clock-gettime-tsc %llu\n", (unsigned long long)((clock_cost - empty) / CALLS));
    ping_pong(TRIPS);  /* the first run pages the program in */
    uint64_t trips = ping_pong(TRIPS) - ping_pong(0);
    printf("bench: linux-pipe-round-trip-tsc %llu\n", (unsigned long long)(trips / TRIPS));
    spawns(1);
    uint64_t spawn_cost = spawns(SPAWNS + 1) - spawns(1);
    printf("bench: linux-fork-exec-wait-tsc %llu\n", (unsigned long long)(spawn_cost / SPAWNS));
    fflush(stdout);
    if (ioperm(0xf4, 4, 1) == 0) outb(0, 0xf4);
    return 0;
}
