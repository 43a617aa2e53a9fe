/* The display service (docs/abi.md, "Display") from a client, for tests/graphics/run.py: run from the shell of
 * a booted walos, it connects to `display` through init (WALOS_INIT_FD). One mode per run, named by argv[1]:
 *
 *   faults      every check of the service, one line `NAME ERRNO` (or `NAME VALUE`) each
 *   hold        owns the screen, says `held`, then writes a dot every 10 ms until a write fails; never releases
 *   check       waits for a line on stdin (hold's `held`), then what a second client gets
 *   trap        owns the screen, then traps
 *   wait-owner  waits (10 ms steps, at most 30 s) until some client owns the screen; exits 1 if none does
 *   bench       `make bench-display`: 10 full-screen presents, each one's monotonic nanoseconds (guest
 *               instructions under -icount shift=0), then 10 presents of one row of 16 pixels (one message) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "walos.h"

static uint32_t display;
static uint32_t pixels[1024 * 768];

static void show(const char *name, uint32_t value) {
    printf("%s %u\n", name, value);
    fflush(stdout);
}

static uint32_t my_pid(void) {
    uint32_t pid = 0, parent = 0;
    walos_self(&pid, &parent);
    return pid;
}

static uint32_t owner(void) {
    walos_display info = {0};
    return walos_display_info(display, &info) ? 0xFFFFFFFFu : info.owner;
}

/* A raw request of `count` words: the service's errno. */
static uint32_t raw(const uint32_t *words, uint32_t count) {
    return walos_display_request(display, words, count, 0, 0);
}

static int faults(void) {
    walos_display info = {0};
    show("info", walos_display_info(display, &info));
    show("format", info.format);
    show("owner", info.owner);
    show("acquire", walos_display_acquire(display));
    show("acquire", walos_display_acquire(display));
    show("owned-by-caller", owner() == my_pid());
    uint32_t w = info.width, h = info.height;
    show("einval-stride", walos_display_present(display, pixels, 4 * 16 - 4, 0, 0, 16, 2));
    show("einval-right", walos_display_present(display, pixels, 4 * 16, w - 15, 0, 16, 1));
    show("einval-bottom", walos_display_present(display, pixels, 4 * 16, 0, h - 1, 16, 2));
    show("einval-wrap", walos_display_present(display, pixels, 4 * 16, 0xFFFFFFF0u, 0, 16, 1));
    show("einval-large-bottom", walos_display_present(display, pixels, 4 * w, 0, 1, w, h));
    /* Requests the C functions would not send: the service checks them all the same. */
    uint32_t wrapping[6] = {WALOS_DISPLAY_PRESENT, 0xFFFFFFFFu, 0, 2, 1, 0};
    show("einval-raw-wrap", raw(wrapping, 6));
    uint32_t short_rows[6] = {WALOS_DISPLAY_PRESENT, 0, 0, 2, 1, 0};
    show("einval-raw-count", raw(short_rows, 6));
    uint32_t unknown = 99;
    show("einval-raw-operation", raw(&unknown, 1));
    show("einval-raw-acquire", raw((uint32_t[]){WALOS_DISPLAY_ACQUIRE}, 1));
    show("present-at-end", walos_display_present(display, pixels, 4 * 16, w - 16, h - 1, 16, 1));
    show("present-empty", walos_display_present(display, pixels, 0, w, h, 0, 0));
    show("present-full", walos_display_present(display, pixels, 4 * w, 0, 0, w, h));
    show("release", walos_display_release(display));
    show("release-again", walos_display_release(display));
    show("present-unowned", walos_display_present(display, pixels, 4 * 16, 0, 0, 16, 1));
    show("owner-after", owner());
    return 0;
}

static void sleep_ms(long ms) {
    struct timespec delay = {0, ms * 1000000L};
    nanosleep(&delay, NULL);
}

static int hold(void) {
    uint32_t err = walos_display_acquire(display);
    if (err) {
        show("hold-acquire", err);
        return 1;
    }
    puts("held");
    fflush(stdout);
    while (write(1, ".", 1) == 1) sleep_ms(10);
    return 0;
}

static int check(void) {
    char line[64];
    if (!fgets(line, sizeof line, stdin)) return 1;
    show("acquire", walos_display_acquire(display));
    show("present-other", walos_display_present(display, pixels, 4 * 16, 0, 0, 16, 1));
    show("release-other", walos_display_release(display));
    show("owned-by-other", owner() != 0 && owner() != my_pid());
    return 0;
}

static uint64_t now(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (uint64_t)time.tv_sec * 1000000000u + (uint64_t)time.tv_nsec;
}

static int bench(void) {
    walos_display info;
    uint32_t err = walos_display_info(display, &info);
    if (!err) err = walos_display_acquire(display);
    if (err || info.width * info.height > 1024 * 768) {
        printf("display: bench: errno %u\n", err);
        return 1;
    }
    printf("display: present %ux%u ns:", info.width, info.height);
    for (int run = 0; run < 10; run++) {
        uint64_t start = now();
        err = walos_display_present(display, pixels, info.width * 4, 0, 0, info.width, info.height);
        if (err) return 1;
        printf(" %llu", (unsigned long long)(now() - start));
    }
    printf("\ndisplay: present 16x1 ns:");
    for (int run = 0; run < 10; run++) {
        uint64_t start = now();
        err = walos_display_present(display, pixels, 64, 0, 0, 16, 1);
        if (err) return 1;
        printf(" %llu", (unsigned long long)(now() - start));
    }
    printf("\n");
    return walos_display_release(display) != 0;
}

static int wait_owner(void) {
    for (int i = 0; i < 3000; i++) {
        if (owner() != 0 && owner() != 0xFFFFFFFFu) return 0;
        sleep_ms(10);
    }
    return 1;
}

int main(int argc, char **argv) {
    const char *init = getenv("WALOS_INIT_FD");
    if (argc != 2 || !init) {
        fprintf(stderr, "usage: display faults|hold|check|trap|wait-owner (under init: WALOS_INIT_FD)\n");
        return 2;
    }
    uint32_t err = walos_display_connect((uint32_t)atoi(init), &display);
    if (err) {
        fprintf(stderr, "display: connect: errno %u\n", err);
        return 3;
    }
    for (uint32_t i = 0; i < 1024 * 768; i++) pixels[i] = 0x00204080u + (i & 0xFF);
    if (!strcmp(argv[1], "faults")) return faults();
    if (!strcmp(argv[1], "hold")) return hold();
    if (!strcmp(argv[1], "check")) return check();
    if (!strcmp(argv[1], "wait-owner")) return wait_owner();
    if (!strcmp(argv[1], "bench")) return bench();
    if (!strcmp(argv[1], "trap")) {
        if (walos_display_acquire(display)) return 1;
        __builtin_trap();
    }
    return 2;
}
