/* walos's extension of WASI: the import module "walos" (docs/abi.md is the reference).
 * Every function returns a WASI errno (0 = success) and writes its results through pointers. A program that
 * imports none of them runs as a plain preview1 program. */
#ifndef WALOS_H
#define WALOS_H

#include <stdint.h>

#define WALOS_IMPORT(name) __attribute__((import_module("walos"), import_name(name)))

/* spawn's request. `path` is resolved below the directory descriptor `dirfd`, or from the root of the
 * filesystem with WALOS_ROOT_DIRECTORY. `argv` is the child's whole argument list (argv[0] included). */
typedef struct {
    const char *path;
    uint32_t path_len;
    uint32_t dirfd;
    const char *const *argv;
    uint32_t argc;
    const char *const *envp;
    uint32_t envc;
    const uint32_t *fd_map; /* pairs: the child's descriptor number, then the caller's */
    uint32_t fd_map_count;  /* number of pairs */
    uint32_t flags;
} walos_spawn_request;

#define WALOS_ROOT_DIRECTORY 0xFFFFFFFFu
#define WALOS_SPAWN_NO_STANDARD_STREAMS 1u /* only the map's descriptors, not the caller's 0, 1 and 2 too */
#define WALOS_SPAWN_INHERIT_ENVIRONMENT 2u /* the caller's environment (envc must be 0) */
#define WALOS_SPAWN_DEVICES 4u /* the request is a walos_spawn_devices_request: device rights for the child */

/* A device right for a child (docs/abi.md, "Devices"): it must lie within the caller's own rights (EPERM). */
typedef struct {
    uint32_t kind; /* WALOS_GRANT_PORTS, ... */
    uint32_t zero;
    uint64_t first; /* the first port, interrupt line or physical address; 0 for the console */
    uint64_t count; /* how many ports, lines or bytes (a window: page multiples); 0 for the console */
} walos_device_grant;

#define WALOS_GRANT_PORTS 0u
#define WALOS_GRANT_INTERRUPTS 1u
#define WALOS_GRANT_WINDOW 2u
#define WALOS_GRANT_CONSOLE 3u

/* spawn's request with WALOS_SPAWN_DEVICES in request.flags; pass &request to walos_spawn. */
typedef struct {
    walos_spawn_request request;
    const walos_device_grant *grants;
    uint32_t grant_count; /* at most 64 */
} walos_spawn_devices_request;

/* wait's status. */
typedef struct {
    uint32_t pid;     /* 0: no child has ended yet (WALOS_WAIT_NO_HANG) */
    uint32_t ending;  /* WALOS_EXITED, ... */
    uint32_t code;    /* proc_exit's code when it exited */
    uint32_t message_len; /* the whole message's length (a trap's, a failed start's) */
} walos_status;

#define WALOS_EXITED 0u
#define WALOS_TRAPPED 1u
#define WALOS_KILLED 2u
#define WALOS_FAILED 3u
#define WALOS_ANY_CHILD 0xFFFFFFFFu
#define WALOS_WAIT_NO_HANG 1u

/* list's record. */
typedef struct {
    uint32_t pid;
    uint32_t parent;
    uint32_t state;    /* WALOS_RUNNING, ... */
    uint32_t name_len; /* the whole name's length; the first 40 bytes are in `name` */
    uint64_t cpu_ns;
    uint64_t memory_bytes; /* linear memory */
    uint64_t kernel_bytes; /* kernel stack, pipe buffers (64 KiB each), channels and queued messages,
                            pages of messages in flight, open descriptors (256 bytes each) */
    char name[40];
} walos_process;

#define WALOS_RUNNING 0u
#define WALOS_RUNNABLE 1u
#define WALOS_BLOCKED 2u
#define WALOS_ENDED 3u

_Static_assert(sizeof(walos_spawn_request) == 40, "spawn request layout");
_Static_assert(sizeof(walos_spawn_devices_request) == 48, "spawn request with devices layout");
_Static_assert(sizeof(walos_device_grant) == 24, "device grant layout");
_Static_assert(sizeof(walos_status) == 16, "status layout");
_Static_assert(sizeof(walos_process) == 80, "process record layout");

/* A pipe: fds[0] reads, fds[1] writes. Its 64 KiB buffer is charged to the caller. */
uint32_t walos_pipe(uint32_t fds[2]) WALOS_IMPORT("pipe");
uint32_t walos_spawn(const walos_spawn_request *request, uint32_t *pid) WALOS_IMPORT("spawn");
uint32_t walos_wait(uint32_t pid, uint32_t flags, walos_status *status, char *message, uint32_t capacity)
    WALOS_IMPORT("wait");
uint32_t walos_kill(uint32_t pid) WALOS_IMPORT("kill");
uint32_t walos_list(walos_process *records, uint32_t capacity, uint32_t *count) WALOS_IMPORT("list");
uint32_t walos_self(uint32_t *pid, uint32_t *parent) WALOS_IMPORT("self");

/* Message channels (docs/abi.md, "Channels"): a connected pair of endpoints, each a descriptor. A message is
 * up to WALOS_CHANNEL_MAX_BYTES bytes and WALOS_CHANNEL_MAX_HANDLES descriptors, which move from the sender's
 * table to the receiver's. Sends wait for room, receives for a message (NONBLOCK: EAGAIN); EPIPE once the peer
 * is gone (for a receive: and no message is left). */
#define WALOS_CHANNEL_MAX_BYTES 65536u
#define WALOS_CHANNEL_MAX_HANDLES 8u

/* What channel_recv (and channel_call) received, or on EMSGSIZE the sizes the message needs. */
typedef struct {
    uint32_t bytes;
    uint32_t handles;
} walos_channel_result;

_Static_assert(sizeof(walos_channel_result) == 8, "channel result layout");

uint32_t walos_channel(uint32_t fds[2]) WALOS_IMPORT("channel");
/* One message, whole or not at all: EMSGSIZE over the byte limit, E2BIG over the handle limit, EBADF for a
 * handle that is not open, EINVAL for one named twice or an endpoint of this channel, EBUSY for an endpoint
 * with descriptors queued in it. */
uint32_t walos_channel_send(uint32_t fd, const void *bytes, uint32_t len, const uint32_t *handles,
                            uint32_t handle_count) WALOS_IMPORT("channel_send");
/* The oldest message. EMSGSIZE when it does not fit the buffers: it stays queued and `result` has its sizes. */
uint32_t walos_channel_recv(uint32_t fd, void *bytes, uint32_t capacity, uint32_t *handles, uint32_t handle_capacity,
                            walos_channel_result *result) WALOS_IMPORT("channel_recv");
/* channel_send, then channel_recv of the next message on the same endpoint (the reply), in one call. */
uint32_t walos_channel_call(uint32_t fd, const void *bytes, uint32_t len, const uint32_t *handles,
                            uint32_t handle_count, void *reply, uint32_t reply_capacity, uint32_t *reply_handles,
                            uint32_t reply_handle_capacity, walos_channel_result *result)
    WALOS_IMPORT("channel_call");

/* Messages of whole pages, moved rather than copied (docs/abi.md, "Pages"): `bytes` and `len` are multiples of
 * WALOS_PAGE_SIZE (else EINVAL), `len` at most WALOS_CHANNEL_MAX_PAGE_BYTES (else EMSGSIZE). The pages leave the
 * sender's memory, which reads zeros there afterwards; a receiver's channel_recv_pages maps them at `bytes`
 * (page aligned) in place of what was there, a channel_recv copies them. */
#define WALOS_PAGE_SIZE 4096u
#define WALOS_CHANNEL_MAX_PAGE_BYTES (1u << 30)
uint32_t walos_channel_send_pages(uint32_t fd, void *bytes, uint32_t len, const uint32_t *handles,
                                  uint32_t handle_count) WALOS_IMPORT("channel_send_pages");
uint32_t walos_channel_recv_pages(uint32_t fd, void *bytes, uint32_t capacity, uint32_t *handles,
                                  uint32_t handle_capacity, walos_channel_result *result)
    WALOS_IMPORT("channel_recv_pages");
/* What channel messages have cost since boot, system-wide: bytes copied between linear memories and the kernel,
 * and bytes moved as whole pages without a copy. */
typedef struct {
    uint64_t bytes_copied;
    uint64_t bytes_moved;
} walos_channel_stats;
_Static_assert(sizeof(walos_channel_stats) == 16, "channel stats layout");
uint32_t walos_channel_stats_get(walos_channel_stats *stats) WALOS_IMPORT("channel_stats");

/* Devices (docs/abi.md, "Devices"), for drivers that run as services: each call is EACCES unless the caller
 * holds the right (its manifest's `devices`), ENODEV where there is no such device. */
/* Reads or writes `width` (1, 2 or 4) bytes at an I/O port. */
uint32_t walos_port_read(uint32_t port, uint32_t width, uint32_t *value) WALOS_IMPORT("port_read");
uint32_t walos_port_write(uint32_t port, uint32_t width, uint32_t value) WALOS_IMPORT("port_write");
/* An endpoint on which each interrupt of ISA line `line` arrives as a message of two u32s: the line, and how
 * many interrupts came since the last message. EBUSY while another driver holds the line. */
uint32_t walos_interrupt(uint32_t line, uint32_t *fd) WALOS_IMPORT("interrupt");
/* Maps physical memory `physical..physical+len` over the caller's memory at `at` (all page multiples), uncached:
 * loads and stores there reach the device. EINVAL where a window is already mapped. */
uint32_t walos_device_map(uint64_t physical, uint32_t len, void *at) WALOS_IMPORT("device_map");
/* Bytes for the console's input, as if typed (a keyboard driver). */
uint32_t walos_console_input(const void *bytes, uint32_t len) WALOS_IMPORT("console_input");

/* Where the framebuffer is (no right needed to ask; ENODEV without one). */
typedef struct {
    uint64_t physical;
    uint64_t size;   /* bytes: pitch * height */
    uint32_t width;  /* pixels */
    uint32_t height;
    uint32_t pitch;  /* bytes from one row to the next */
    uint32_t format; /* WALOS_FRAMEBUFFER_XRGB (0x00RRGGBB words) or WALOS_FRAMEBUFFER_XBGR (0x00BBGGRR) */
} walos_framebuffer;

#define WALOS_FRAMEBUFFER_XRGB 0u
#define WALOS_FRAMEBUFFER_XBGR 1u

_Static_assert(sizeof(walos_framebuffer) == 32, "framebuffer info layout");

uint32_t walos_framebuffer_info(walos_framebuffer *info) WALOS_IMPORT("framebuffer_info");
/* The kernel's text console stops drawing on the framebuffer (drawing 0: its text keeps arriving) or draws it
 * all again (1), for the display driver: EACCES unless the caller holds the framebuffer's whole window. When
 * the caller ends with the console stopped, the kernel has it draw again. */
uint32_t walos_console_screen(uint32_t drawing) WALOS_IMPORT("console_screen");

/* The display (docs/abi.md, "Display"): the service `display` (/srv/display.wasm, the framebuffer's driver)
 * owns the screen; a program draws XRGB8888 pixels (32-bit little-endian 0x00RRGGBB) in its own memory and sends
 * rectangles of them there. A client connects through init (WALOS_INIT_FD) and speaks the protocol below on its
 * endpoint: each request a message of u32s, the first its operation; each reply starts with the errno. The
 * inline functions speak it for C and Swift programs. One client endpoint at a time owns the screen; when it
 * closes (the client exits, traps or is killed) the text console gets the screen back. Without a framebuffer
 * every request is ENODEV. */
#define WALOS_DISPLAY_INFO 1u    /* reply: errno, width, height, format, owner pid (0: none) */
#define WALOS_DISPLAY_ACQUIRE 2u /* pid (what the owner says it is, shown by info); reply: errno (EBUSY) */
#define WALOS_DISPLAY_PRESENT 3u /* x, y, width, height, then width*height pixels; reply: errno (EINVAL, EPERM) */
#define WALOS_DISPLAY_RELEASE 4u /* reply: errno (EPERM unless the caller's endpoint owns the screen) */
#define WALOS_DISPLAY_XRGB8888 0u
/* A present message's header: the operation and four u32s; the pixels follow, as many as fit in a message. */
#define WALOS_DISPLAY_PRESENT_HEADER 20u
#define WALOS_DISPLAY_PRESENT_MAX_PIXELS ((WALOS_CHANNEL_MAX_BYTES - WALOS_DISPLAY_PRESENT_HEADER) / 4u)

typedef struct {
    uint32_t width;  /* the screen, in pixels */
    uint32_t height;
    uint32_t format; /* WALOS_DISPLAY_XRGB8888, what present takes */
    uint32_t owner;  /* the pid the owning client gave in acquire; 0: none */
} walos_display;

_Static_assert(sizeof(walos_display) == 16, "display info layout");

/* A request of `count` u32s on `fd`, its reply's errno (and the `reply_count` u32s after it into `reply`). */
static inline uint32_t walos_display_request(uint32_t fd, const uint32_t *words, uint32_t count, uint32_t *reply,
                                             uint32_t reply_count) {
    uint32_t answer[8] = {0};
    walos_channel_result result;
    uint32_t err = walos_channel_call(fd, words, count * 4u, 0, 0, answer, sizeof answer, 0, 0, &result);
    if (err) return err;
    if (result.bytes < 4u + reply_count * 4u) return 29u; /* EIO: the service broke the protocol */
    for (uint32_t i = 0; i < reply_count; i++) reply[i] = answer[1 + i];
    return answer[0];
}

/* A new endpoint to the display service in *fd, asked of init on `init_fd` (WALOS_INIT_FD): init's errno
 * (EACCES when the caller may not call `display`, ENOENT without the service, ECONNREFUSED when it stopped). */
static inline uint32_t walos_display_connect(uint32_t init_fd, uint32_t *fd) {
    static const char request[] = "connect display";
    char reply[64];
    uint32_t handles[WALOS_CHANNEL_MAX_HANDLES];
    walos_channel_result result;
    uint32_t err = walos_channel_call(init_fd, request, sizeof request - 1, 0, 0, reply, sizeof reply, handles,
                                      WALOS_CHANNEL_MAX_HANDLES, &result);
    if (err) return err;
    uint32_t code = 0, digits = 0;
    while (digits < result.bytes && reply[digits] >= '0' && reply[digits] <= '9')
        code = code * 10u + (uint32_t)(reply[digits++] - '0');
    if (digits == 0 || (code == 0 && result.handles == 0)) return 29u; /* EIO: init broke its protocol */
    if (code) return code;
    *fd = handles[0];
    return 0;
}

static inline uint32_t walos_display_info(uint32_t fd, walos_display *info) {
    uint32_t request = WALOS_DISPLAY_INFO, words[4];
    uint32_t err = walos_display_request(fd, &request, 1, words, 4);
    if (!err) *info = (walos_display){words[0], words[1], words[2], words[3]};
    return err;
}

/* The caller's endpoint owns the screen (success again if it already does): EBUSY while another does. The text
 * console stops drawing until the owner releases the screen or its endpoint closes. */
static inline uint32_t walos_display_acquire(uint32_t fd) {
    uint32_t request[2] = {WALOS_DISPLAY_ACQUIRE, 0}, parent;
    walos_self(&request[1], &parent);
    return walos_display_request(fd, request, 2, 0, 0);
}

/* Sends `height` rows of `width` pixels, row r at `pixels + r * stride` bytes, to the screen at (x, y), as many
 * messages as it takes (rows, or parts of a row, copied into each). EINVAL for a stride under width * 4 or a
 * rectangle that leaves the screen (nothing is drawn: a rectangle of several messages is checked against the
 * screen first), EPERM unless the caller owns the screen. */
static inline uint32_t walos_display_present(uint32_t fd, const void *pixels, uint32_t stride, uint32_t x,
                                             uint32_t y, uint32_t width, uint32_t height) {
    static uint32_t message[WALOS_CHANNEL_MAX_BYTES / 4u];
    const uint32_t most = WALOS_DISPLAY_PRESENT_MAX_PIXELS;
    if ((uint64_t)stride < (uint64_t)width * 4u || (uint64_t)x + width > 0xFFFFFFFFu ||
        (uint64_t)y + height > 0xFFFFFFFFu)
        return 28u; /* EINVAL */
    if ((uint64_t)width * height > most) {
        walos_display screen;
        uint32_t err = walos_display_info(fd, &screen);
        if (err) return err;
        if ((uint64_t)x + width > screen.width || (uint64_t)y + height > screen.height) return 28u;
    }
    uint32_t columns = width < most ? width : most;
    uint32_t left = 0;
    do {
        uint32_t part = width - left < columns ? width - left : columns;
        uint32_t rows = part ? most / part : height;
        uint32_t top = 0;
        do {
            uint32_t band = height - top < rows ? height - top : rows;
            message[0] = WALOS_DISPLAY_PRESENT;
            message[1] = x + left;
            message[2] = y + top;
            message[3] = part;
            message[4] = band;
            for (uint32_t r = 0; r < band; r++) {
                const uint32_t *row = (const uint32_t *)((const char *)pixels + (uint64_t)(top + r) * stride) + left;
                __builtin_memcpy(&message[5 + r * part], row, part * 4u);
            }
            uint32_t answer[2];
            walos_channel_result result;
            uint32_t err = walos_channel_call(fd, message, WALOS_DISPLAY_PRESENT_HEADER + band * part * 4u, 0, 0,
                                              answer, sizeof answer, 0, 0, &result);
            if (!err) err = result.bytes >= 4u ? answer[0] : 29u;
            if (err) return err;
            top += band;
        } while (top < height);
        left += part;
    } while (left < width);
    return 0;
}

/* Gives the screen back to the text console, which draws its text again (EPERM unless the caller owns it). */
static inline uint32_t walos_display_release(uint32_t fd) {
    uint32_t request = WALOS_DISPLAY_RELEASE;
    return walos_display_request(fd, &request, 1, 0, 0);
}

/* Memory totals (walos.memory_info), in bytes. */
typedef struct {
    uint64_t total;     /* the memory the kernel manages */
    uint64_t free;      /* of which free */
    uint64_t reserved;  /* of which the kernel keeps for itself: processes and files cannot take it */
    uint64_t heap;      /* the kernel heap's size */
    uint64_t heap_used; /* of which allocated */
} walos_memory_totals;

_Static_assert(sizeof(walos_memory_totals) == 40, "memory info layout");

uint32_t walos_memory_info(walos_memory_totals *info) WALOS_IMPORT("memory_info");

#endif
