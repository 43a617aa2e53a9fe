/* What the walos test programs (procs.c, channels.c) share: failing with a message, sleeping, spawning
 * themselves in another role, waiting, and looking themselves up in the process list. */
#ifndef ROLES_H
#define ROLES_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "walos.h"

/* A small deterministic generator (xorshift32) for the randomized roles; each sets `seed` first. */
static uint32_t seed;
static inline uint32_t next_random(void) {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
}

static inline const char *self_path(void) {
    const char *self = getenv("SELF");
    return self ? self : "/run/program.wasm";
}

static inline void fail(const char *what, unsigned value) {
    printf("FAIL: %s (%u)\n", what, value);
    fflush(stdout);
    exit(1);
}

static inline uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static inline void sleep_ms(unsigned ms) {
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000};
    nanosleep(&t, NULL);
}

/* Spawns this program with `role` and up to two more arguments; `map` gives the child's descriptors. */
static inline uint32_t spawn_role(const char *role, const char *a, const char *b, const uint32_t *map,
                                  uint32_t pairs, uint32_t *error) {
    const char *argv[4] = {"procs", role, a, b};
    uint32_t argc = a ? (b ? 4 : 3) : 2;
    const char *path = self_path();
    walos_spawn_request request = {path, (uint32_t)strlen(path), WALOS_ROOT_DIRECTORY, argv, argc, NULL, 0,
                                   map, pairs, WALOS_SPAWN_INHERIT_ENVIRONMENT};
    uint32_t pid = 0;
    uint32_t e = walos_spawn(&request, &pid);
    if (error) *error = e;
    else if (e) fail("spawn", e);
    return pid;
}

static inline walos_status wait_for(uint32_t pid) {
    walos_status status;
    char message[128];
    uint32_t e = walos_wait(pid, 0, &status, message, sizeof message);
    if (e) fail("wait", e);
    return status;
}

static inline void make_pipe(uint32_t fds[2]) {
    uint32_t e = walos_pipe(fds);
    if (e) fail("pipe", e);
}

static inline int find_process(uint32_t pid, walos_process *out) {
    static walos_process records[1100];
    uint32_t count = 0;
    uint32_t e = walos_list(records, 1100, &count);
    if (e) fail("list", e);
    for (uint32_t i = 0; i < count && i < 1100; i++) {
        if (records[i].pid == pid) {
            *out = records[i];
            return 1;
        }
    }
    return 0;
}

static inline uint32_t process_count(void) {
    uint32_t count = 0;
    uint32_t e = walos_list(NULL, 0, &count);
    if (e) fail("list", e);
    return count;
}

#endif
