// The native floor: runs one kernel's run(n) and prints its checksum and time, as the wasm engines do.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

unsigned run(unsigned n);

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s N\n", argv[0]);
        return 1;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    unsigned checksum = run((unsigned)strtoul(argv[1], NULL, 10));
    clock_gettime(CLOCK_MONOTONIC, &end);
    printf("%u %.6f\n", checksum, (double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9);
    return 0;
}
