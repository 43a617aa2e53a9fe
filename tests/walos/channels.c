/* walos's message channels from a guest (guest/include/walos.h, docs/abi.md "Channels"): one program, several
 * roles, chosen by its first argument; children are this program again in another role, their endpoint at
 * descriptor 3 (spawn's map). Every check prints what failed and exits 1; success prints a summary.
 *
 *   serve N M       a server answers N clients at once (poll_oneoff on their endpoints), M calls each
 *   client K M      M channel_calls on descriptor 3, every reply checked (client K of `serve`)
 *   echo            answers every message on descriptor 3 with the same bytes, until EPIPE
 *   server-killed   a client blocked in channel_recv and one calling get EPIPE when their server is killed
 *   pass-handles    a pipe end and a channel endpoint moved to a child work there and are gone from the sender
 *   take-handles    the child of pass-handles
 *   bad-arguments   every malformed call is an errno, and sends nothing
 *   kill-blocked    a child killed in channel_recv gives back its kernel memory and the kernel heap's bytes
 *   block           receives one message and its descriptor on 3, sends one, then waits in channel_recv
 *   ping N          N channel_call round trips of one byte with an echo child (make bench)
 *   pages N         N MiB moved as pages to a child (channel_send_pages): checksum, zeros left, nothing copied;
 *                   then N MiB sent to an endpoint closed unread: their frames come back
 *   take-pages N    the child of pages: receives N MiB of pages, answers with their checksum
 *   bad-pages       every malformed page call is an errno; a receiver too small leaves the message queued
 *   bench-pages N HOW  1 MiB sent N times by copy (16 messages of 64 KiB), by pages, or none (make bench)
 *   call-storm SEED N  N random steps over pairs of a caller and an echo server: start a pair, kill one of
 *                   them, reap, sleep; every reply checked, every end an exit 0 (EPIPE) or a kill
 *   caller          channel_calls on descriptor 3 until EPIPE, each reply checked against its request
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "roles.h"
#include "walos.h"

#define ENDPOINT 3u

/* A request of `serve`: which client, which call, and a payload whose sum the reply carries. */
typedef struct {
    uint32_t client;
    uint32_t call;
    uint32_t length;
    uint8_t payload[1000];
} request;

typedef struct {
    uint32_t client;
    uint32_t call;
    uint32_t sum;
} reply;

static uint32_t sum_of(const uint8_t *bytes, uint32_t length) {
    uint32_t sum = 0;
    for (uint32_t i = 0; i < length; i++) sum = sum * 31 + bytes[i];
    return sum;
}

static void make_channel(uint32_t fds[2]) {
    uint32_t e = walos_channel(fds);
    if (e) fail("channel", e);
}

static void send_bytes(uint32_t fd, const void *bytes, uint32_t length, const uint32_t *handles, uint32_t count) {
    uint32_t e = walos_channel_send(fd, bytes, length, handles, count);
    if (e) fail("channel_send", e);
}

/* Spawns this program in `role` with `endpoint` as its descriptor 3. */
static uint32_t spawn_with(const char *role, const char *a, const char *b, uint32_t endpoint) {
    uint32_t map[] = {ENDPOINT, endpoint};
    return spawn_role(role, a, b, map, 1, NULL);
}

static void expect_exit(uint32_t pid, const char *what) {
    walos_status status = wait_for(pid);
    if (status.ending != WALOS_EXITED || status.code != 0) fail(what, status.ending * 1000 + status.code);
}

static int client(uint32_t k, uint32_t calls) {
    request out;
    reply in;
    for (uint32_t i = 0; i < calls; i++) {
        out.client = k;
        out.call = i;
        out.length = (k * 131 + i * 17) % sizeof out.payload;
        for (uint32_t j = 0; j < out.length; j++) out.payload[j] = (uint8_t)(k + i * j);
        walos_channel_result got;
        uint32_t e = walos_channel_call(ENDPOINT, &out, 12 + out.length, NULL, 0, &in, sizeof in, NULL, 0, &got);
        if (e) fail("channel_call", e);
        if (got.bytes != sizeof in || got.handles != 0) fail("the reply's size", got.bytes);
        if (in.client != k || in.call != i || in.sum != sum_of(out.payload, out.length)) fail("a reply", i);
    }
    return 0;
}

static int serve(uint32_t clients, uint32_t calls) {
    if (clients == 0 || clients > 64) fail("clients", clients);
    uint32_t endpoints[64], pids[64];
    char k[16], m[16];
    snprintf(m, sizeof m, "%u", calls);
    for (uint32_t i = 0; i < clients; i++) {
        uint32_t pair[2];
        make_channel(pair);
        snprintf(k, sizeof k, "%u", i);
        pids[i] = spawn_with("client", k, m, pair[1]);
        close((int)pair[1]);
        endpoints[i] = pair[0];
    }
    struct pollfd polled[64];
    uint32_t open = clients, served = 0;
    for (uint32_t i = 0; i < clients; i++) polled[i] = (struct pollfd){(int)endpoints[i], POLLIN, 0};
    while (open > 0) {
        if (poll(polled, clients, -1) <= 0) fail("poll", (unsigned)errno);
        for (uint32_t i = 0; i < clients; i++) {
            if (polled[i].fd < 0 || !polled[i].revents) continue;
            request in;
            walos_channel_result got;
            uint32_t e = walos_channel_recv(endpoints[i], &in, sizeof in, NULL, 0, &got);
            if (e == EPIPE) {
                close(polled[i].fd);
                polled[i].fd = -1;
                open--;
                continue;
            }
            if (e) fail("channel_recv", e);
            if (in.client != i || got.bytes != 12 + in.length) fail("a request from its client", i);
            reply out = {in.client, in.call, sum_of(in.payload, in.length)};
            send_bytes(endpoints[i], &out, sizeof out, NULL, 0);
            served++;
        }
    }
    for (uint32_t i = 0; i < clients; i++) expect_exit(pids[i], "a client");
    if (served != clients * calls) fail("requests served", served);
    printf("serve: %u clients, %u calls, every reply checked\n", clients, served);
    return 0;
}

/* A server's loop: each answer and the wait for the next request are one channel_call. */
static int echo(void) {
    static uint8_t buffer[WALOS_CHANNEL_MAX_BYTES];
    walos_channel_result got;
    uint32_t e = walos_channel_recv(ENDPOINT, buffer, sizeof buffer, NULL, 0, &got);
    while (!e) e = walos_channel_call(ENDPOINT, buffer, got.bytes, NULL, 0, buffer, sizeof buffer, NULL, 0, &got);
    if (e != EPIPE) fail("echo: channel_call", e);
    return 0;
}

/* Waits in channel_recv on descriptor 3: exits 0 when the wait ends in EPIPE. */
static int expect_hangup(void) {
    char byte;
    walos_channel_result got;
    uint32_t e = walos_channel_recv(ENDPOINT, &byte, 1, NULL, 0, &got);
    return e == EPIPE ? 0 : 10 + (int)e;
}

static int server_killed(void) {
    uint32_t pair[2];
    make_channel(pair);
    uint32_t server = spawn_with("echo", NULL, NULL, pair[1]);
    close((int)pair[1]);
    char out = 'q', in = 0;
    walos_channel_result got;
    uint32_t e = walos_channel_call(pair[0], &out, 1, NULL, 0, &in, 1, NULL, 0, &got);
    if (e || in != 'q') fail("a call while the server lives", e);
    uint32_t waiter = spawn_with("expect-hangup", NULL, NULL, pair[0]);
    sleep_ms(300);
    walos_process p;
    if (!find_process(waiter, &p) || p.state != WALOS_BLOCKED) fail("the waiter blocked in channel_recv", p.state);
    if ((e = walos_kill(server))) fail("kill", e);
    if (wait_for(server).ending != WALOS_KILLED) fail("the server killed", 0);
    expect_exit(waiter, "the blocked receiver's EPIPE");
    if ((e = walos_channel_call(pair[0], &out, 1, NULL, 0, &in, 1, NULL, 0, &got)) != EPIPE)
        fail("a call to a killed server", e);
    if ((e = walos_channel_send(pair[0], &out, 1, NULL, 0)) != EPIPE) fail("a send to a killed server", e);
    printf("server-killed: ok\n");
    return 0;
}

static int take_handles(void) {
    char text[64];
    uint32_t handles[WALOS_CHANNEL_MAX_HANDLES];
    walos_channel_result got;
    uint32_t e = walos_channel_recv(ENDPOINT, text, sizeof text, handles, WALOS_CHANNEL_MAX_HANDLES, &got);
    if (e || got.handles != 2 || got.bytes != 5 || memcmp(text, "moved", 5)) fail("the message with handles", e);
    const char line[] = "written through a moved pipe end\n";
    if (write((int)handles[0], line, sizeof line - 1) != (ssize_t)(sizeof line - 1)) fail("write", (unsigned)errno);
    send_bytes(handles[1], "over a moved endpoint", 21, NULL, 0);
    return 0;
}

static int pass_handles(void) {
    uint32_t pair[2], pipe_fds[2], other[2];
    make_channel(pair);
    make_pipe(pipe_fds);
    make_channel(other);
    uint32_t child = spawn_with("take-handles", NULL, NULL, pair[1]);
    close((int)pair[1]);
    uint32_t moved[2] = {pipe_fds[1], other[1]};
    send_bytes(pair[0], "moved", 5, moved, 2);
    if (write((int)pipe_fds[1], "x", 1) != -1 || errno != EBADF) fail("the moved pipe end gone", (unsigned)errno);
    uint32_t e = walos_channel_send(other[1], "x", 1, NULL, 0);
    if (e != EBADF) fail("the moved endpoint gone", e);
    char text[64] = {0};
    ssize_t n = read((int)pipe_fds[0], text, sizeof text - 1);
    if (n != 33 || strcmp(text, "written through a moved pipe end\n")) fail("the pipe's bytes", (unsigned)n);
    walos_channel_result got;
    e = walos_channel_recv(other[0], text, sizeof text, NULL, 0, &got);
    if (e || got.bytes != 21 || memcmp(text, "over a moved endpoint", 21)) fail("the moved endpoint's message", e);
    expect_exit(child, "take-handles");
    /* The child's end of the pipe and of the other channel went with it. */
    if (read((int)pipe_fds[0], text, 1) != 0) fail("end of file once the moved end is gone", 0);
    if ((e = walos_channel_recv(other[0], text, 1, NULL, 0, &got)) != EPIPE) fail("EPIPE once it is gone", e);
    printf("pass-handles: ok\n");
    return 0;
}

static int bad_arguments(void) {
    uint32_t pair[2], pipe_fds[2], e;
    make_channel(pair);
    make_pipe(pipe_fds);
    if ((e = walos_channel((uint32_t *)0xFFFFFFF0u)) != EFAULT) fail("channel into a bad pointer", e);
    static uint8_t big[WALOS_CHANNEL_MAX_BYTES + 1];
    uint32_t handles[WALOS_CHANNEL_MAX_HANDLES + 1] = {pipe_fds[0]};
    if ((e = walos_channel_send(pair[0], big, sizeof big, NULL, 0)) != EMSGSIZE) fail("an oversized message", e);
    if ((e = walos_channel_send(pair[0], big, 1, handles, WALOS_CHANNEL_MAX_HANDLES + 1)) != E2BIG)
        fail("too many handles", e);
    if ((e = walos_channel_send(pair[0], (void *)0xFFFFFF00u, 1024, NULL, 0)) != EFAULT) fail("bad bytes", e);
    if ((e = walos_channel_send(pair[0], big, 1, (uint32_t *)0xFFFFFFFEu, 1)) != EFAULT) fail("bad handles", e);
    uint32_t forged = 4000;
    if ((e = walos_channel_send(pair[0], big, 1, &forged, 1)) != EBADF) fail("a forged handle", e);
    if ((e = walos_channel_send(pipe_fds[1], big, 1, NULL, 0)) != EBADF) fail("a pipe is not a channel", e);
    if ((e = walos_channel_send(77777, big, 1, NULL, 0)) != EBADF) fail("a forged endpoint", e);
    uint32_t twice[2] = {pipe_fds[0], pipe_fds[0]};
    if ((e = walos_channel_send(pair[0], big, 1, twice, 2)) != EINVAL) fail("a handle named twice", e);
    if ((e = walos_channel_send(pair[0], big, 1, &pair[1], 1)) != EINVAL) fail("its own peer", e);
    /* Nothing of that was sent, nor did the pipe end leave. */
    if ((e = fcntl((int)pair[1], F_SETFL, O_NONBLOCK))) fail("O_NONBLOCK", e);
    char byte;
    walos_channel_result got;
    if ((e = walos_channel_recv(pair[1], &byte, 1, NULL, 0, &got)) != EAGAIN) fail("nothing sent", e);
    if (write((int)pipe_fds[1], "p", 1) != 1 || read((int)pipe_fds[0], &byte, 1) != 1) fail("the pipe stayed", 0);
    /* A message larger than the buffers stays, with its sizes. */
    send_bytes(pair[0], "three", 5, &pipe_fds[0], 1);
    if ((e = walos_channel_recv(pair[1], big, 4, handles, 1, &got)) != EMSGSIZE || got.bytes != 5 || got.handles != 1)
        fail("a receive too small", e);
    if ((e = walos_channel_recv(pair[1], big, 5, handles, 0, &got)) != EMSGSIZE) fail("no room for the handle", e);
    if ((e = walos_channel_recv(pair[1], (void *)0xFFFFFFFEu, 5, handles, 1, &got)) != EFAULT) fail("bad buffer", e);
    if ((e = walos_channel_recv(pair[1], big, 5, handles, 1, (walos_channel_result *)0xFFFFFFFCu)) != EFAULT)
        fail("bad result", e);
    if ((e = walos_channel_recv(pair[1], big, 5, handles, 1, &got)) || memcmp(big, "three", 5))
        fail("the message kept", e);
    if (write((int)pipe_fds[1], "h", 1) != 1 || read((int)handles[0], &byte, 1) != 1 || byte != 'h')
        fail("the moved read end", 0);
    /* A closed peer: EPIPE for a send, and for a receive once the queue is empty. */
    send_bytes(pair[1], "last", 4, NULL, 0);
    close((int)pair[1]);
    if ((e = walos_channel_send(pair[0], "x", 1, NULL, 0)) != EPIPE) fail("a send to a closed peer", e);
    if ((e = walos_channel_recv(pair[0], big, 4, NULL, 0, &got)) || got.bytes != 4) fail("the last message", e);
    if ((e = walos_channel_recv(pair[0], big, 4, NULL, 0, &got)) != EPIPE) fail("EPIPE after the last", e);
    printf("bad-arguments: ok\n");
    return 0;
}

static int block(void) {
    char text[16];
    uint32_t handle;
    walos_channel_result got;
    uint32_t e = walos_channel_recv(ENDPOINT, text, sizeof text, &handle, 1, &got);
    if (e || got.handles != 1) fail("block: the first message", e);
    send_bytes(ENDPOINT, "queued by the child", 19, NULL, 0);
    e = walos_channel_recv(ENDPOINT, text, sizeof text, NULL, 0, &got);
    return 20 + (int)e;  /* never: killed while waiting */
}

/* One child blocked in channel_recv, holding a moved pipe end, its own message queued for the parent, killed:
 * returns the kernel heap's bytes in use afterwards. */
static uint64_t kill_blocked_once(uint32_t me, uint64_t kernel_bytes) {
    uint32_t pair[2], pipe_fds[2];
    make_channel(pair);
    make_pipe(pipe_fds);
    uint32_t child = spawn_with("block", NULL, NULL, pair[1]);
    close((int)pair[1]);
    send_bytes(pair[0], "take this", 9, &pipe_fds[1], 1);
    walos_process p;
    for (int tries = 0; tries < 200; tries++) {
        sleep_ms(10);
        if (find_process(child, &p) && p.state == WALOS_BLOCKED) break;
    }
    uint64_t cpu = p.cpu_ns;
    sleep_ms(500);
    if (!find_process(child, &p) || p.state != WALOS_BLOCKED) fail("the child blocked in channel_recv", p.state);
    if (p.cpu_ns - cpu > 5000000) fail("a blocked receiver used processor time", (unsigned)(p.cpu_ns - cpu));
    uint32_t e = walos_kill(child);
    if (e) fail("kill", e);
    if (wait_for(child).ending != WALOS_KILLED) fail("the child killed", 0);
    /* The moved write end died with the child: end of file. */
    char byte;
    if (read((int)pipe_fds[0], &byte, 1) != 0) fail("end of file once the holder is killed", 0);
    walos_channel_result got;
    char text[32];
    if ((e = walos_channel_recv(pair[0], text, sizeof text, NULL, 0, &got)) || got.bytes != 19)
        fail("the child's queued message", e);
    if ((e = walos_channel_recv(pair[0], text, sizeof text, NULL, 0, &got)) != EPIPE) fail("EPIPE after a kill", e);
    close((int)pair[0]);
    close((int)pipe_fds[0]);
    walos_process after;
    find_process(me, &after);
    if (after.kernel_bytes != kernel_bytes) fail("kernel memory back", (unsigned)after.kernel_bytes);
    walos_memory_totals totals;
    if ((e = walos_memory_info(&totals))) fail("memory_info", e);
    return totals.heap_used;
}

static int kill_blocked(void) {
    uint32_t me, parent;
    walos_self(&me, &parent);
    walos_process before;
    if (!find_process(me, &before)) fail("itself in the list", me);
    /* The first round leaves what the kernel keeps for reuse (the module cache, list buffers); the next must
     * leave the heap exactly where the one before did. */
    uint64_t first = kill_blocked_once(me, before.kernel_bytes);
    uint64_t second = kill_blocked_once(me, before.kernel_bytes);
    uint64_t third = kill_blocked_once(me, before.kernel_bytes);
    if (second != first || third != first) fail("kernel heap bytes back", (unsigned)(third - first));
    printf("kill-blocked: ok\n");
    return 0;
}

/* Calls on descriptor 3 until the server is gone, each request a counter and the echo's reply checked. */
static int caller(void) {
    for (uint64_t i = 0;; i++) {
        uint64_t out = i * 0x9E3779B97F4A7C15ull, in = 0;
        walos_channel_result got;
        uint32_t e = walos_channel_call(ENDPOINT, &out, sizeof out, NULL, 0, &in, sizeof in, NULL, 0, &got);
        if (e == EPIPE) return 0;
        if (e) fail("caller: channel_call", e);
        if (got.bytes != sizeof in || in != out) fail("caller: a reply", (unsigned)i);
    }
}

/* Pairs of a caller and an echo server call each other straight (a call switches to the process it wakes)
 * while processes are killed in every state: running, blocked in a call, woken, switched to. */
static int call_storm(uint32_t start, unsigned steps) {
    seed = start ? start : 1;
    enum { MAX = 8 };
    uint32_t live[MAX];
    unsigned count = 0, pairs = 0, kills = 0;
    for (unsigned step = 0; step < steps; step++) {
        uint32_t choice = next_random() % 4;
        if (choice == 0 && count + 2 <= MAX) {
            uint32_t pair[2];
            make_channel(pair);
            live[count++] = spawn_with("echo", NULL, NULL, pair[1]);
            live[count++] = spawn_with("caller", NULL, NULL, pair[0]);
            close((int)pair[0]);
            close((int)pair[1]);
            pairs++;
        } else if (choice == 1 && count > 0) {
            uint32_t e = walos_kill(live[next_random() % count]);
            if (e) fail("call-storm: kill", e);
            kills++;
        } else if (choice == 2 && count > 0) {
            walos_status status;
            char message[64];
            uint32_t e = walos_wait(WALOS_ANY_CHILD, WALOS_WAIT_NO_HANG, &status, message, sizeof message);
            if (e) fail("call-storm: wait", e);
            for (unsigned i = 0; status.pid && i < count; i++) {
                if (live[i] != status.pid) continue;
                if (status.ending != WALOS_KILLED && !(status.ending == WALOS_EXITED && status.code == 0))
                    fail("call-storm: an end", status.ending * 1000 + status.code);
                live[i] = live[--count];
                break;
            }
        } else if (choice == 3) {
            sleep_ms(next_random() % 4);
        }
    }
    for (unsigned i = 0; i < count; i++) walos_kill(live[i]);
    for (unsigned i = 0; i < count; i++) {
        walos_status status = wait_for(live[i]);
        if (status.ending != WALOS_KILLED && !(status.ending == WALOS_EXITED && status.code == 0))
            fail("call-storm: a last end", status.ending * 1000 + status.code);
    }
    if (process_count() != 1) fail("call-storm: processes left", process_count());
    printf("call-storm: %u pairs, %u kills: ok\n", pairs, kills);
    return 0;
}

static int ping(unsigned count) {
    uint32_t pair[2];
    make_channel(pair);
    uint32_t child = spawn_with("echo", NULL, NULL, pair[1]);
    close((int)pair[1]);
    char byte = 'p';
    for (unsigned i = 0; i < count; i++) {
        walos_channel_result got;
        uint32_t e = walos_channel_call(pair[0], &byte, 1, NULL, 0, &byte, 1, NULL, 0, &got);
        if (e || got.bytes != 1 || byte != 'p') fail("a round trip", i);
    }
    close((int)pair[0]);
    expect_exit(child, "the echo server");
    printf("ping: %u ok\n", count);
    return 0;
}

/* A checksum of `length` bytes (a multiple of 8). */
static uint64_t checksum(const uint8_t *bytes, uint32_t length) {
    uint64_t sum = 0;
    const uint64_t *words = (const uint64_t *)bytes;
    for (uint32_t i = 0; i < length / 8; i++) sum = (sum ^ words[i]) * 0x100000001B3ull + i;
    return sum;
}

static walos_channel_stats channel_stats(void) {
    walos_channel_stats stats;
    uint32_t e = walos_channel_stats_get(&stats);
    if (e) fail("channel_stats", e);
    return stats;
}

/* `mib` MiB of pages, page aligned, never touched (memory.grow gives zeros). */
static uint8_t *page_buffer(uint32_t mib) {
    uint8_t *buffer = aligned_alloc(WALOS_PAGE_SIZE, (size_t)mib << 20);
    if (!buffer) fail("aligned_alloc", mib);
    return buffer;
}

static int take_pages(uint32_t mib) {
    uint32_t size = mib << 20, e;
    uint8_t *buffer = page_buffer(mib);
    walos_channel_result got;
    /* Too small: the message stays queued, with its size. */
    if ((e = walos_channel_recv_pages(ENDPOINT, buffer, size - WALOS_PAGE_SIZE, NULL, 0, &got)) != EMSGSIZE ||
        got.bytes != size)
        fail("take-pages: a buffer too small", e);
    if ((e = walos_channel_recv_pages(ENDPOINT, buffer + 1, size, NULL, 0, &got)) != EINVAL)
        fail("take-pages: a buffer not page aligned", e);
    if ((e = walos_channel_recv_pages(ENDPOINT, buffer, size, NULL, 0, &got)) || got.bytes != size)
        fail("take-pages: channel_recv_pages", e);
    uint64_t sum = checksum(buffer, size);
    send_bytes(ENDPOINT, &sum, sizeof sum, NULL, 0);
    return 0;
}

static int pages(uint32_t mib) {
    uint32_t size = mib << 20, pair[2], e;
    make_channel(pair);
    char n[16];
    snprintf(n, sizeof n, "%u", mib);
    uint32_t child = spawn_with("take-pages", n, NULL, pair[1]);
    close((int)pair[1]);
    uint8_t *buffer = page_buffer(mib);
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (uint32_t i = 0; i < size / 8; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        ((uint64_t *)buffer)[i] = x;
    }
    uint64_t sum = checksum(buffer, size);
    walos_channel_stats before = channel_stats();
    uint64_t started = now_ns();
    if ((e = walos_channel_send_pages(pair[0], buffer, size, NULL, 0))) fail("channel_send_pages", e);
    uint64_t sent = now_ns();
    walos_channel_stats after = channel_stats();
    /* The sender's pages are gone: its memory reads zeros there, and stays usable. */
    for (uint32_t i = 0; i < size; i += WALOS_PAGE_SIZE)
        if (buffer[i] || buffer[i + WALOS_PAGE_SIZE - 1]) fail("the sender's pages read zeros", i);
    for (uint32_t i = 0; i < WALOS_PAGE_SIZE; i++)
        if (buffer[i]) fail("the sender's first page reads zeros", i);
    buffer[0] = 1;
    uint64_t theirs = 0;
    walos_channel_result got;
    if ((e = walos_channel_recv(pair[0], &theirs, sizeof theirs, NULL, 0, &got)) || got.bytes != 8)
        fail("the receiver's checksum", e);
    if (theirs != sum) fail("the checksum of the pages received", 0);
    expect_exit(child, "take-pages");
    uint64_t copied = after.bytes_copied - before.bytes_copied, moved = after.bytes_moved - before.bytes_moved;
    if (copied != 0) fail("bytes copied by channel_send_pages", (unsigned)copied);
    if (moved != size) fail("bytes moved by channel_send_pages", (unsigned)moved);
    /* Pages nobody receives: once the receiving end closes, their frames are free again (the buffer's pages are
     * all mapped now, by the reads above). */
    uint32_t unread[2], me, parent;
    make_channel(unread);
    walos_self(&me, &parent);
    walos_process listed, in_flight, back;
    if (!find_process(me, &listed)) fail("the sender in the listing", me);
    walos_memory_totals held, dropped;
    if ((e = walos_memory_info(&held))) fail("memory_info", e);
    if ((e = walos_channel_send_pages(unread[0], buffer, size, NULL, 0))) fail("pages for nobody", e);
    /* Pages in flight are the sender's kernel memory in the listing until they are received or dropped. */
    if (!find_process(me, &in_flight) || in_flight.kernel_bytes < listed.kernel_bytes + size)
        fail("pages in flight in the sender's kernel memory", (unsigned)(in_flight.kernel_bytes - listed.kernel_bytes));
    close((int)unread[1]);
    /* Back to where it was, less the descriptor just closed (256 bytes). */
    if (!find_process(me, &back) || back.kernel_bytes + 256 != listed.kernel_bytes)
        fail("pages in flight given back", (unsigned)(listed.kernel_bytes - back.kernel_bytes));
    if ((e = walos_memory_info(&dropped))) fail("memory_info", e);
    if (dropped.free + (1u << 20) < held.free + size) fail("the frames of a dropped message freed", 0);
    printf("pages %u MiB: checksum ok, sender reads zeros, 0 bytes copied, %u moved, send took %u us\n", mib,
           (unsigned)moved, (unsigned)((sent - started) / 1000));
    return 0;
}

static int bad_pages(void) {
    uint32_t pair[2], pipe_fds[2], e;
    make_channel(pair);
    make_pipe(pipe_fds);
    uint8_t *buffer = page_buffer(1);
    walos_channel_result got;
    if ((e = walos_channel_send_pages(pair[0], buffer + 8, 4096, NULL, 0)) != EINVAL) fail("a misaligned start", e);
    if ((e = walos_channel_send_pages(pair[0], buffer, 4000, NULL, 0)) != EINVAL) fail("a partial page", e);
    if ((e = walos_channel_send_pages(pair[0], (void *)0xFFFFF000u, 8192, NULL, 0)) != EFAULT) fail("bad pages", e);
    if ((e = walos_channel_send_pages(pair[0], buffer, 0x40001000u, NULL, 0)) != EMSGSIZE) fail("over 1 GiB", e);
    if ((e = walos_channel_send_pages(pipe_fds[1], buffer, 4096, NULL, 0)) != EBADF) fail("a pipe", e);
    /* Nothing was taken: the bytes are still there. */
    buffer[5] = 42;
    if ((e = walos_channel_send_pages(pair[0], buffer + 8, 4096, NULL, 0)) != EINVAL || buffer[5] != 42)
        fail("a refused send kept the pages", e);
    /* Pages with a descriptor; a receive by copy (channel_recv) gets the same bytes. */
    memset(buffer, 7, 8192);
    if ((e = walos_channel_send_pages(pair[0], buffer, 8192, &pipe_fds[0], 1))) fail("two pages and a pipe end", e);
    if (buffer[0] || buffer[8191]) fail("the sent pages read zeros", 0);
    static uint8_t copy[8192];
    uint32_t handle;
    if ((e = walos_channel_recv(pair[1], copy, sizeof copy - 1, &handle, 1, &got)) != EMSGSIZE || got.bytes != 8192)
        fail("a copy buffer too small", e);
    if ((e = walos_channel_recv(pair[1], copy, sizeof copy, &handle, 1, &got)) || got.handles != 1 ||
        copy[0] != 7 || copy[8191] != 7)
        fail("pages received by copy", e);
    /* A small message of bytes into pages: copied to the buffer's start. */
    send_bytes(pair[0], "bytes", 5, NULL, 0);
    if ((e = walos_channel_recv_pages(pair[1], buffer, 4096, NULL, 0, &got)) || got.bytes != 5 ||
        memcmp(buffer, "bytes", 5))
        fail("bytes received into pages", e);
    /* Pages never touched travel as zero pages, and replace what the receiver had. */
    memset(buffer, 9, 4096);
    if ((e = walos_channel_send_pages(pair[0], buffer + 4096, 4096, NULL, 0))) fail("an untouched page", e);
    if ((e = walos_channel_recv_pages(pair[1], buffer, 4096, NULL, 0, &got)) || got.bytes != 4096)
        fail("the untouched page received", e);
    for (uint32_t i = 0; i < 4096; i++)
        if (buffer[i]) fail("an untouched page reads zeros", i);
    /* The peer gone: EPIPE, and nothing taken. */
    close((int)pair[1]);
    buffer[0] = 3;
    if ((e = walos_channel_send_pages(pair[0], buffer, 4096, NULL, 0)) != EPIPE || buffer[0] != 3)
        fail("a send to a closed peer", e);
    printf("bad-pages: ok\n");
    return 0;
}

/* 1 MiB sent `count` times over a channel and received, by `how`: "copy" (16 messages of 64 KiB), "pages"
 * (channel_send_pages) or "none" (only the filling of the buffer, to subtract). make bench-wasi times each. */
static int bench_pages(unsigned count, const char *how) {
    uint32_t pair[2], e;
    make_channel(pair);
    uint8_t *from = page_buffer(1), *to = page_buffer(1);
    walos_channel_result got;
    int copy = how && !strcmp(how, "copy"), pages = how && !strcmp(how, "pages");
    if (!copy && !pages && !(how && !strcmp(how, "none"))) fail("bench-pages: copy, pages or none", 0);
    for (unsigned round = 0; round < count; round++) {
        memset(from, (int)round + 1, 1 << 20);
        if (copy) {
            for (uint32_t off = 0; off < (1u << 20); off += WALOS_CHANNEL_MAX_BYTES) {
                send_bytes(pair[0], from + off, WALOS_CHANNEL_MAX_BYTES, NULL, 0);
                if ((e = walos_channel_recv(pair[1], to + off, WALOS_CHANNEL_MAX_BYTES, NULL, 0, &got)))
                    fail("copy", e);
            }
        } else if (pages) {
            if ((e = walos_channel_send_pages(pair[0], from, 1 << 20, NULL, 0))) fail("send pages", e);
            if ((e = walos_channel_recv_pages(pair[1], to, 1 << 20, NULL, 0, &got))) fail("recv pages", e);
        } else {
            memcpy(to, from, 4096);
        }
        if (to[12345] != (uint8_t)(round + 1) && !(!copy && !pages)) fail("bench: the bytes", round);
    }
    printf("bench-pages: ok\n");
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) return 0;
    const char *role = argv[1];
    unsigned n = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 0;
    unsigned m = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 0;
    if (!strcmp(role, "serve")) return serve(n, m);
    if (!strcmp(role, "client")) return client(n, m);
    if (!strcmp(role, "echo")) return echo();
    if (!strcmp(role, "expect-hangup")) return expect_hangup();
    if (!strcmp(role, "server-killed")) return server_killed();
    if (!strcmp(role, "pass-handles")) return pass_handles();
    if (!strcmp(role, "take-handles")) return take_handles();
    if (!strcmp(role, "bad-arguments")) return bad_arguments();
    if (!strcmp(role, "kill-blocked")) return kill_blocked();
    if (!strcmp(role, "block")) return block();
    if (!strcmp(role, "ping")) return ping(n);
    if (!strcmp(role, "pages")) return pages(n);
    if (!strcmp(role, "take-pages")) return take_pages(n);
    if (!strcmp(role, "bad-pages")) return bad_pages();
    if (!strcmp(role, "bench-pages")) return bench_pages(n, argc > 3 ? argv[3] : NULL);
    if (!strcmp(role, "caller")) return caller();
    if (!strcmp(role, "call-storm")) return call_storm(n, m);
    return 2;
}
