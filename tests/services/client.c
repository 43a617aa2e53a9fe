/* A client of walos's services for tests/services/run.py, over guest/include/walos.h: it reaches services
 * only through the endpoint to init it was given (WALOS_INIT_FD, from the shell).
 *
 *   svc-client many NAME CLIENTS REQUESTS   CLIENTS processes, each with its own endpoint to NAME, each sending
 *                                           REQUESTS requests at once with the others; every reply is checked
 *   svc-client crash NAME                   a request, then `crash` (the service traps): the endpoint's error,
 *                                           then a new endpoint reaches the restarted instance
 *   svc-client kill NAME                    the same with init killing the service (`kill NAME` to init)
 *   svc-client connect NAME                 one connect: prints init's errno
 *   svc-client keys COUNT                   holds the keyboard (service `keyboard`) until COUNT bytes of keys
 *                                           came, and prints them
 *   svc-client devices                      run as a service with `devices = ports:0x70-0x71 irq:3
 *                                           memory:0x100000000+0x2000`: prints the errno of each device call
 *                                           it tries, within its rights and past them
 *   svc-client rights                       a child given port 0x71 by `devices`: port 0x71, then 0x70
 *   svc-client paint                        run as a service with `devices = memory:framebuffer`: maps the
 *                                           framebuffer over its memory, stops the text console drawing
 *                                           (console_screen) and paints a square
 *                                           of 64 x 64 pixels at (16, 16), color 0xFF8040, then waits
 *   svc-client restart NAME COUNT           `make bench`: COUNT times, init kills NAME, and a new endpoint waits for
 *                                           the restarted instance's answer; prints each restart's monotonic
 *                                           nanoseconds (guest instructions under -icount shift=0) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "walos.h"

static uint32_t init_fd;

/* Asks init; its errno, and the endpoint it gave in *handle. */
static uint32_t ask_init(const char *request, uint32_t *handle) {
    char reply[512];
    uint32_t handles[8];
    walos_channel_result result;
    uint32_t err = walos_channel_call(init_fd, request, strlen(request), NULL, 0, reply, sizeof reply - 1, handles, 8,
                                      &result);
    if (err) return err;
    reply[result.bytes] = 0;
    if (handle) *handle = result.handles ? handles[0] : 0xFFFFFFFFu;
    return (uint32_t)strtoul(reply, NULL, 10);
}

static uint32_t connect_to(const char *name, uint32_t *endpoint) {
    char request[128];
    snprintf(request, sizeof request, "connect %s", name);
    return ask_init(request, endpoint);
}

/* One request and its reply (NUL-terminated in `reply`); the errno. */
static uint32_t call(uint32_t endpoint, const char *text, char *reply, uint32_t capacity) {
    walos_channel_result result;
    uint32_t handles[8];
    uint32_t err = walos_channel_call(endpoint, text, strlen(text), NULL, 0, reply, capacity - 1, handles, 8, &result);
    reply[err ? 0 : result.bytes] = 0;
    return err;
}

/* The pid in a reply `NAME PID: TEXT`; 0 when it has none. */
static unsigned reply_pid(const char *reply) {
    const char *space = strchr(reply, ' ');
    return space ? (unsigned)strtoul(space + 1, NULL, 10) : 0;
}

/* A child of `many`: REQUESTS requests on descriptor 3, each reply checked. */
static int child(int id, int requests) {
    int wrong = 0;
    unsigned server = 0;
    for (int k = 0; k < requests; k++) {
        char text[64], reply[256];
        snprintf(text, sizeof text, "ping %d.%d", id, k);
        uint32_t err = call(3, text, reply, sizeof reply);
        const char *colon = strstr(reply, ": ");
        if (err || !colon || strcmp(colon + 2, text) != 0 || (server && reply_pid(reply) != server)) {
            if (wrong++ < 3) printf("svc-client %d: request %d: errno %u, reply '%s'\n", id, k, err, reply);
        }
        if (!server) server = reply_pid(reply);
    }
    return wrong ? 1 : 0;
}

static int many(const char *self, const char *name, int clients, int requests) {
    uint32_t pids[64];
    if (clients < 1 || clients > 64) return 2;
    for (int i = 0; i < clients; i++) {
        uint32_t endpoint;
        uint32_t err = connect_to(name, &endpoint);
        if (err) {
            printf("svc-client: connect %s: errno %u\n", name, err);
            return 1;
        }
        char id[16], count[16];
        snprintf(id, sizeof id, "%d", i);
        snprintf(count, sizeof count, "%d", requests);
        const char *argv[] = {self, "child", id, count};
        uint32_t map[] = {3, endpoint, 1, 1};
        walos_spawn_request request = {self, strlen(self), WALOS_ROOT_DIRECTORY, argv, 4, NULL, 0, map, 2,
                                       WALOS_SPAWN_NO_STANDARD_STREAMS};
        err = walos_spawn(&request, &pids[i]);
        close(endpoint);
        if (err) {
            printf("svc-client: spawn: errno %u\n", err);
            return 1;
        }
    }
    int failed = 0;
    for (int i = 0; i < clients; i++) {
        walos_status status;
        char message[128];
        if (walos_wait(pids[i], 0, &status, message, sizeof message) || status.ending != WALOS_EXITED || status.code)
            failed++;
    }
    printf("svc-client: %d clients, %d replies checked, %d clients failed\n", clients, clients * requests, failed);
    return failed ? 1 : 0;
}

/* A request, then the service ends (`crash` to it, or `kill NAME` to init): the endpoint's errno, then the new
 * instance through a new endpoint. */
static int survive(const char *name, int crash) {
    uint32_t endpoint;
    char reply[256];
    uint32_t err = connect_to(name, &endpoint);
    if (!err) err = call(endpoint, "before", reply, sizeof reply);
    if (err) {
        printf("svc-client: first call: errno %u\n", err);
        return 1;
    }
    unsigned old = reply_pid(reply);
    if (crash) {
        err = walos_channel_send(endpoint, "crash", 5, NULL, 0);
    } else {
        char request[128];
        snprintf(request, sizeof request, "kill %s", name);
        err = ask_init(request, NULL);
    }
    if (err) {
        printf("svc-client: ending the service: errno %u\n", err);
        return 1;
    }
    err = call(endpoint, "after", reply, sizeof reply);
    printf("svc-client: the old endpoint: errno %u%s\n", err, err == 64 ? " (EPIPE)" : "");
    close(endpoint);
    uint32_t again = connect_to(name, &endpoint);
    if (!again) again = call(endpoint, "again", reply, sizeof reply);
    if (again) {
        printf("svc-client: the new instance: errno %u\n", again);
        return 1;
    }
    unsigned now = reply_pid(reply);
    printf("svc-client: the new instance answered '%s' (pid %u, was %u)\n", reply, now, old);
    return err == 64 && now != old && now != 0 ? 0 : 1;
}

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* From the kill of a running instance to the next instance's first answer, `count` times. */
static int restarts(const char *name, int count) {
    char request[128], reply[256];
    uint32_t endpoint;
    snprintf(request, sizeof request, "kill %s", name);
    printf("svc-client: restart %s ns:", name);
    for (int i = 0; i < count; i++) {
        uint32_t err = connect_to(name, &endpoint);
        if (!err) err = call(endpoint, "before", reply, sizeof reply);
        if (!err) close(endpoint);
        uint64_t start = now_ns();
        if (!err) err = ask_init(request, NULL);
        if (!err) err = connect_to(name, &endpoint);
        if (!err) err = call(endpoint, "after", reply, sizeof reply);
        if (err) {
            printf("\nsvc-client: restart %d: errno %u\n", i, err);
            return 1;
        }
        printf(" %llu", (unsigned long long)(now_ns() - start));
        close(endpoint);
    }
    printf("\n");
    return 0;
}

/* A framebuffer driver's first steps: the window granted by the manifest, mapped and drawn on directly. */
static int paint(void) {
    walos_framebuffer screen;
    uint32_t err = walos_framebuffer_info(&screen);
    if (err) {
        printf("svc-client: paint: framebuffer_info: errno %u\n", err);
        return 1;
    }
    uint32_t size = (uint32_t)((screen.size + 4095) & ~4095ull);
    uint8_t *pixels = aligned_alloc(4096, size);
    err = pixels ? walos_device_map(screen.physical, size, pixels) : 48;
    if (!err) err = walos_console_screen(0);
    if (err) {
        printf("svc-client: paint: errno %u\n", err);
        return 1;
    }
    uint32_t color = screen.format == WALOS_FRAMEBUFFER_XRGB ? 0xFF8040u : 0x4080FFu;
    for (uint32_t y = 16; y < 80; y++) {
        uint32_t *row = (uint32_t *)(pixels + y * screen.pitch);
        for (uint32_t x = 16; x < 80; x++) row[x] = color;
    }
    printf("svc-client: painted on %ux%u\n", screen.width, screen.height);
    fflush(stdout);
    for (;;) sleep(60);
}

/* Keys from the keyboard service, until `count` bytes came. */
static int keys(int count) {
    uint32_t endpoint;
    uint32_t err = connect_to("keyboard", &endpoint);
    if (err) {
        printf("svc-client: connect keyboard: errno %u\n", err);
        return 1;
    }
    printf("svc-client: holding the keyboard\n");
    fflush(stdout);
    char got[256];
    int have = 0;
    while (have < count && have < (int)sizeof got - 1) {
        walos_channel_result result;
        err = walos_channel_recv(endpoint, got + have, sizeof got - 1 - have, NULL, 0, &result);
        if (err) {
            printf("svc-client: keys: errno %u\n", err);
            return 1;
        }
        have += result.bytes;
    }
    got[have] = 0;
    printf("svc-client: keys: %s\n", got);
    return 0;
}

static uint32_t spawn_with(const walos_device_grant *grant) {
    const char *argv[] = {"/tests/svc-client.wasm", "rights"};
    walos_spawn_devices_request request = {
        .request = {.path = argv[0], .path_len = strlen(argv[0]), .dirfd = WALOS_ROOT_DIRECTORY, .argv = argv,
                    .argc = 2, .flags = WALOS_SPAWN_INHERIT_ENVIRONMENT | WALOS_SPAWN_DEVICES},
        .grants = grant,
        .grant_count = 1};
    uint32_t pid;
    uint32_t err = walos_spawn(&request.request, &pid);
    if (err) return err;
    walos_status status;
    walos_wait(pid, 0, &status, NULL, 0);
    return status.ending == WALOS_EXITED ? status.code : 1000 + status.ending;
}

static uint8_t window[3 * 4096] __attribute__((aligned(4096)));

/* Each device call's errno, in the order tests/services/run.py expects them. */
static int devices(void) {
    uint32_t value, fd, again;
    uint32_t results[] = {
        walos_port_read(0x71, 1, &value),
        walos_port_read(0x60, 1, &value),
        walos_port_read(0x70, 4, &value),
        walos_port_write(0x80, 1, 0),
        walos_port_read(0x71, 3, &value),
        walos_interrupt(1, &fd),
        walos_interrupt(3, &fd),
        walos_interrupt(3, &again),
        walos_interrupt(16, &again),
        walos_device_map(0xFD000000u, 4096, window),
        walos_device_map(0x100000000ull, 4096, window),
        walos_device_map(0x100000000ull, 4096, window),
        walos_device_map(0x100001000ull, 4096, window + 100),
        walos_device_map(0x100000000ull, 3 * 4096, window + 4096),
        walos_console_input("x", 1),
        spawn_with(&(walos_device_grant){.kind = WALOS_GRANT_PORTS, .first = 0x60, .count = 1}),
        spawn_with(&(walos_device_grant){.kind = WALOS_GRANT_PORTS, .first = 0x71, .count = 1}),
    };
    printf("svc-client: devices:");
    for (unsigned i = 0; i < sizeof results / sizeof results[0]; i++) printf(" %u", results[i]);
    printf("\n");
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 4 && strcmp(argv[1], "child") == 0) return child(atoi(argv[2]), atoi(argv[3]));
    if (argc == 2 && strcmp(argv[1], "rights") == 0) {
        uint32_t value;
        uint32_t granted = walos_port_read(0x71, 1, &value), other = walos_port_read(0x70, 1, &value);
        printf("svc-client: rights: %u %u\n", granted, other);
        return granted == 0 && other == 2 ? 7 : 1;
    }
    const char *fd = getenv("WALOS_INIT_FD");
    if (!fd) {
        printf("svc-client: no WALOS_INIT_FD\n");
        return 2;
    }
    init_fd = (uint32_t)atoi(fd);
    if (argc == 5 && strcmp(argv[1], "many") == 0) return many(argv[0], argv[2], atoi(argv[3]), atoi(argv[4]));
    if (argc == 3 && strcmp(argv[1], "crash") == 0) return survive(argv[2], 1);
    if (argc == 3 && strcmp(argv[1], "kill") == 0) return survive(argv[2], 0);
    if (argc == 3 && strcmp(argv[1], "connect") == 0) {
        uint32_t endpoint;
        uint32_t err = connect_to(argv[2], &endpoint);
        printf("svc-client: connect %s: errno %u\n", argv[2], err);
        return err ? 1 : 0;
    }
    if (argc == 3 && strcmp(argv[1], "keys") == 0) return keys(atoi(argv[2]));
    if (argc == 2 && strcmp(argv[1], "devices") == 0) return devices();
    if (argc == 2 && strcmp(argv[1], "paint") == 0) return paint();
    if (argc == 4 && strcmp(argv[1], "restart") == 0) return restarts(argv[2], atoi(argv[3]));
    printf("usage: svc-client many NAME CLIENTS REQUESTS | crash NAME | kill NAME | connect NAME | keys COUNT | "
           "devices | paint | restart NAME COUNT\n");
    return 2;
}
