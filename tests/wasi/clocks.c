// Clocks: realtime near now, monotonic never going back, resolutions, sleeping. (Bad clock ids and the CPU-time
// clocks are in walos_spec.c: wasmtime does not answer them as the specification says.)
#include "wasi_test.h"

int main(void) {
    __wasi_timestamp_t t, previous, resolution;
    CHECK("realtime", __wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t));
    printf("  after 2020 and before 2100: %s\n", t > 1577836800ull * 1000000000 && t < 4102444800ull * 1000000000 ? "yes" : "no");
    time_t now = time(NULL);
    printf("  time() agrees: %s\n", (long long)now - (long long)(t / 1000000000) <= 1 ? "yes" : "no");
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    printf("  clock_gettime agrees: %s\n", ts.tv_sec - (long long)(t / 1000000000) <= 1 ? "yes" : "no");

    CHECK("monotonic", __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &previous));
    int backwards = 0;
    for (int i = 0; i < 2000; i++) {
        (void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t);
        if (t < previous) backwards++;
        previous = t;
    }
    printf("  went backwards %d times in 2000 reads\n", backwards);

    CHECK("realtime resolution", __wasi_clock_res_get(__WASI_CLOCKID_REALTIME, &resolution));
    printf("  between 1 ns and 1 s: %s\n", resolution >= 1 && resolution <= 1000000000 ? "yes" : "no");
    CHECK("monotonic resolution", __wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &resolution));
    printf("  between 1 ns and 1 s: %s\n", resolution >= 1 && resolution <= 1000000000 ? "yes" : "no");

    __wasi_timestamp_t start, end;
    (void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &start);
    struct timespec nap = {0, 30 * 1000 * 1000};
    printf("nanosleep 30 ms: %d\n", nanosleep(&nap, NULL));
    (void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &end);
    printf("  slept at least 30 ms: %s\n", end - start >= 30000000 ? "yes" : "no");
    printf("  and less than 5 s: %s\n", end - start < 5000000000ull ? "yes" : "no");
    (void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &start);
    printf("usleep 20 ms: %d\n", usleep(20000));
    (void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &end);
    printf("  slept at least 20 ms: %s\n", end - start >= 20000000 ? "yes" : "no");
    return 0;
}
