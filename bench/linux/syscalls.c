// Runs as init inside a Linux guest in the same QEMU (-icount shift=0, where the TSC counts guest instructions):
// guest instructions per getpid system call and per vDSO clock_gettime, each minus an empty loop; then powers
// the machine off through isa-debug-exit. The Linux side of walos's WASI call cost figure (make bench).
#include <stdint.h>
#include <stdio.h>
#include <sys/io.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define CALLS 10000

static inline uint64_t rdtsc(void) {
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static __attribute__((noinline)) long nothing(long x) {
    __asm__ volatile("" : "+r"(x));
    return x;
}

int main(void) {
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
    fflush(stdout);
    if (ioperm(0xf4, 4, 1) == 0) outb(0, 0xf4);
    return 0;
}
