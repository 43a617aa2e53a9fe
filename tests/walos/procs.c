/* walos's process calls and pipes from a guest (guest/include/walos.h): one program, several roles, chosen by
 * its first argument. It spawns itself for the children's roles: its own path is $SELF, or /run/program.wasm
 * (where `./walos run` puts the program). Every check prints what failed and exits 1; success prints a summary.
 *
 *   produce N       writes N bytes of the pattern (byte k is k mod 251) to stdout
 *   relay           copies stdin to stdout until end of file
 *   spin            loops forever
 *   sleep MS        sleeps
 *   wait-child      spawns `relay` on a pipe nobody writes, then waits for it (blocked in wait)
 *   pipeline N      produce N | relay | itself: N bytes through two pipes; prints their Adler-32
 *   pipe-errors     end of file without writers, EPIPE without readers, EAGAIN when non-blocking
 *   bad-arguments   every malformed call is an errno
 *   kill-all        children in every state, a blocked one using no processor time, all killed
 *   cycles N [PATH] N spawn/wait cycles of PATH (default: itself, which exits at once without arguments)
 *   ping-pong N     N one-byte round trips through two pipes with a relay child
 *   work M          counts to M
 *   parallel N M    N children each counting to M, waited for
 *   spinners N MS   N spinning children for MS milliseconds, then killed
 *   storm [PATH]    spawns sleepers (PATH, or itself) until spawn fails; that error, then all killed
 *   stress SEED N   N random steps: spawn, kill, pipes, sleeps, memory.grow
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "walos.h"
#include "roles.h"

static int produce(uint64_t total) {
    static unsigned char block[251 * 64];
    for (size_t i = 0; i < sizeof block; i++) block[i] = (unsigned char)(i % 251);
    uint64_t done = 0;
    while (done < total) {
        size_t chunk = total - done < sizeof block ? (size_t)(total - done) : sizeof block;
        ssize_t n = write(1, block, chunk);  /* sizeof block is a multiple of 251: the pattern continues */
        if (n <= 0) return 2;
        done += (uint64_t)n;
        if ((size_t)n != chunk) return 3;
    }
    return 0;
}

static int relay(void) {
    static char buffer[65536];
    for (;;) {
        ssize_t n = read(0, buffer, sizeof buffer);
        if (n == 0) return 0;
        if (n < 0) return 2;
        for (ssize_t at = 0; at < n;) {
            ssize_t w = write(1, buffer + at, (size_t)(n - at));
            if (w <= 0) return 3;
            at += w;
        }
    }
}

static int pipeline(uint64_t total) {
    uint32_t first[2], second[2];
    make_pipe(first);
    make_pipe(second);
    char count[24];
    snprintf(count, sizeof count, "%llu", (unsigned long long)total);
    uint32_t producer_map[] = {1, first[1]};
    uint32_t producer = spawn_role("produce", count, NULL, producer_map, 1, NULL);
    uint32_t relay_map[] = {0, first[0], 1, second[1]};
    uint32_t relayer = spawn_role("relay", NULL, NULL, relay_map, 2, NULL);
    close((int)first[0]);
    close((int)first[1]);
    close((int)second[1]);
    static unsigned char buffer[65536];
    uint32_t a = 1, b = 0;
    uint64_t received = 0;
    for (;;) {
        ssize_t n = read((int)second[0], buffer, sizeof buffer);
        if (n < 0) fail("read from the pipeline", (unsigned)errno);
        if (n == 0) break;
        /* Adler-32, reduced every 5552 bytes (zlib's NMAX: the sums cannot overflow before). */
        for (ssize_t at = 0; at < n;) {
            ssize_t end = n - at > 5552 ? at + 5552 : n;
            for (; at < end; at++) {
                a += buffer[at];
                b += a;
            }
            a %= 65521;
            b %= 65521;
        }
        received += (uint64_t)n;
    }
    walos_status p = wait_for(producer), r = wait_for(relayer);
    if (p.ending != WALOS_EXITED || p.code != 0) fail("the producer's end", p.ending * 1000 + p.code);
    if (r.ending != WALOS_EXITED || r.code != 0) fail("the relay's end", r.ending * 1000 + r.code);
    if (received != total) fail("bytes received", (unsigned)received);
    printf("pipeline: %llu bytes, adler32 %08x\n", (unsigned long long)received, (b << 16) | a);
    return 0;
}

static int pipe_errors(void) {
    uint32_t fds[2];
    char byte = 'x';
    make_pipe(fds);
    if (write((int)fds[1], "abc", 3) != 3) fail("write", (unsigned)errno);
    close((int)fds[1]);
    char got[8];
    if (read((int)fds[0], got, sizeof got) != 3 || memcmp(got, "abc", 3) != 0) fail("read what was written", 0);
    if (read((int)fds[0], got, sizeof got) != 0) fail("end of file once the writer is gone", (unsigned)errno);
    close((int)fds[0]);

    make_pipe(fds);
    close((int)fds[0]);
    if (write((int)fds[1], &byte, 1) != -1 || errno != EPIPE) fail("EPIPE without a reader", (unsigned)errno);
    close((int)fds[1]);

    make_pipe(fds);
    fcntl((int)fds[0], F_SETFL, O_NONBLOCK);
    if (read((int)fds[0], got, 1) != -1 || errno != EAGAIN) fail("EAGAIN reading an empty pipe", (unsigned)errno);
    fcntl((int)fds[1], F_SETFL, O_NONBLOCK);
    static char fill[70000];
    ssize_t n = write((int)fds[1], fill, sizeof fill);
    if (n != 65536) fail("a non-blocking write fills the pipe", (unsigned)n);
    if (write((int)fds[1], fill, 1) != -1 || errno != EAGAIN) fail("EAGAIN writing a full pipe", (unsigned)errno);
    close((int)fds[0]);
    close((int)fds[1]);

    /* A reader's end of file comes when the last writer goes, a child's copy included. */
    make_pipe(fds);
    uint32_t map[] = {0, fds[0], 1, fds[1]};
    uint32_t child = spawn_role("sleep", "200", NULL, map, 2, NULL);
    close((int)fds[1]);
    uint64_t start = now_ns();
    if (read((int)fds[0], got, 1) != 0) fail("end of file once the child's write end is gone", (unsigned)errno);
    if (now_ns() - start < 100000000u) fail("end of file before the child ended", 0);
    wait_for(child);
    close((int)fds[0]);
    printf("pipe-errors: ok\n");
    return 0;
}

static int bad_arguments(void) {
    walos_status status;
    uint32_t pid = 0, e;
    if ((e = walos_wait(WALOS_ANY_CHILD, 0, &status, NULL, 0)) != ECHILD) fail("wait without children", e);
    if ((e = walos_wait(1, 0, &status, NULL, 0)) != ECHILD) fail("wait for a process not a child", e);
    if ((e = walos_wait(WALOS_ANY_CHILD, 8, &status, NULL, 0)) != EINVAL) fail("wait with bad flags", e);
    if ((e = walos_kill(999999)) != ESRCH) fail("kill of no process", e);
    uint32_t me, parent;
    walos_self(&me, &parent);
    if ((e = walos_kill(me)) != EPERM) fail("kill of itself", e);
    if ((e = walos_pipe((uint32_t *)0xFFFFFFF0u)) != EFAULT) fail("pipe into a bad pointer", e);
    if ((e = walos_spawn((walos_spawn_request *)0xFFFFFFF0u, &pid)) != EFAULT) fail("spawn a bad request", e);
    if ((e = walos_list((walos_process *)0xFFFFFF00u, 10, &pid)) != EFAULT) fail("list into a bad pointer", e);
    const char *argv[] = {"x"};
    walos_spawn_request missing = {"/nonexistent.wasm", 17, WALOS_ROOT_DIRECTORY, argv, 1, NULL, 0, NULL, 0, 0};
    if ((e = walos_spawn(&missing, &pid)) != ENOENT) fail("spawn of a missing program", e);
    walos_spawn_request directory = {"/run", 4, WALOS_ROOT_DIRECTORY, argv, 1, NULL, 0, NULL, 0, 0};
    if ((e = walos_spawn(&directory, &pid)) != EACCES) fail("spawn of a directory", e);
    walos_spawn_request garbage = {"/run/manifest", 13, WALOS_ROOT_DIRECTORY, argv, 1, NULL, 0, NULL, 0, 0};
    if ((e = walos_spawn(&garbage, &pid)) != ENOEXEC) fail("spawn of a file that is not a module", e);
    const char *path = self_path();
    uint32_t bad_map[] = {1, 77};
    walos_spawn_request unmapped = {path, (uint32_t)strlen(path), WALOS_ROOT_DIRECTORY, argv, 1, NULL, 0, bad_map, 1, 0};
    if ((e = walos_spawn(&unmapped, &pid)) != EBADF) fail("spawn with a descriptor not open", e);
    walos_spawn_request flags = {path, (uint32_t)strlen(path), WALOS_ROOT_DIRECTORY, argv, 1, NULL, 0, NULL, 0, 64};
    if ((e = walos_spawn(&flags, &pid)) != EINVAL) fail("spawn with bad flags", e);
    const char *bad_argv[] = {(const char *)0xFFFFFFF0u};
    walos_spawn_request bad_string = {path, (uint32_t)strlen(path), WALOS_ROOT_DIRECTORY, bad_argv, 1, NULL, 0, NULL, 0, 0};
    if ((e = walos_spawn(&bad_string, &pid)) != EFAULT) fail("spawn with a bad argument pointer", e);
    if (process_count() != 1) fail("processes left after bad spawns", process_count());
    printf("bad-arguments: ok\n");
    return 0;
}

static const char *state_names[] = {"running", "runnable", "blocked", "ended"};

static int kill_all(void) {
    uint32_t me, parent;
    walos_self(&me, &parent);
    walos_process before;
    if (!find_process(me, &before)) fail("itself in the list", me);
    uint32_t silent[2], unread[2];
    make_pipe(silent);
    make_pipe(unread);
    uint32_t pids[8];
    const char *roles[8] = {"spin", "spin", "spin", "sleep", "relay", "produce", "wait-child", "relay"};
    uint32_t reader_map[] = {0, silent[0], 1, unread[1]};
    uint32_t writer_map[] = {1, unread[1]};
    pids[0] = spawn_role("spin", NULL, NULL, NULL, 0, NULL);
    pids[1] = spawn_role("spin", NULL, NULL, NULL, 0, NULL);
    pids[2] = spawn_role("spin", NULL, NULL, NULL, 0, NULL);
    pids[3] = spawn_role("sleep", "1000000", NULL, NULL, 0, NULL);
    pids[4] = spawn_role("relay", NULL, NULL, reader_map, 2, NULL);       /* blocked reading */
    pids[5] = spawn_role("produce", "1000000", NULL, writer_map, 1, NULL); /* blocked writing: nobody reads */
    pids[6] = spawn_role("wait-child", NULL, NULL, NULL, 0, NULL);         /* blocked in wait */
    uint32_t stdin_map[] = {0, silent[0]};
    pids[7] = spawn_role("relay", NULL, NULL, stdin_map, 1, NULL);         /* blocked reading, stdout free */
    walos_process during;
    /* docs/abi.md: a pipe's buffer charges 64 KiB, each of its two descriptors 256 bytes. */
    if (!find_process(me, &during) || during.kernel_bytes != before.kernel_bytes + 2 * (65536 + 2 * 256))
        fail("two pipes and their descriptors charged to their creator", (unsigned)during.kernel_bytes);
    sleep_ms(500);
    walos_process first, second;
    if (!find_process(pids[4], &first)) fail("the blocked reader in the list", pids[4]);
    sleep_ms(1000);
    if (!find_process(pids[4], &second)) fail("the blocked reader in the list", pids[4]);
    uint64_t used = second.cpu_ns - first.cpu_ns;
    printf("blocked reader: %s, %llu ns of processor time in 1 s\n", state_names[second.state & 3],
           (unsigned long long)used);
    if (second.state != WALOS_BLOCKED) fail("the reader is blocked", second.state);
    if (used > 5000000) fail("a blocked process used processor time", (unsigned)used);
    for (int i = 0; i < 8; i++) {
        walos_process p;
        if (!find_process(pids[i], &p)) fail("a child in the list", pids[i]);
        printf("%s: %s\n", roles[i], state_names[p.state & 3]);
    }
    for (int i = 0; i < 8; i++) {
        uint32_t e = walos_kill(pids[i]);
        if (e) fail("kill", e);
    }
    for (int i = 0; i < 8; i++) {
        walos_status status = wait_for(pids[i]);
        if (status.pid != pids[i] || status.ending != WALOS_KILLED) fail(roles[i], status.ending * 1000 + status.code);
    }
    close((int)silent[0]);
    close((int)silent[1]);
    close((int)unread[0]);
    close((int)unread[1]);
    /* The grandchild of wait-child ends with its parent. */
    for (int tries = 0; process_count() != 1 && tries < 100; tries++) sleep_ms(20);
    if (process_count() != 1) fail("processes left", process_count());
    walos_process after;
    find_process(me, &after);
    if (after.kernel_bytes != before.kernel_bytes) fail("kernel memory back", (unsigned)after.kernel_bytes);
    printf("kill-all: ok\n");
    return 0;
}

/* N one-byte round trips with a relay child through two pipes: each is two context switches. */
static int ping_pong(unsigned count) {
    uint32_t there[2], back[2];
    make_pipe(there);
    make_pipe(back);
    uint32_t map[] = {0, there[0], 1, back[1]};
    uint32_t child = spawn_role("relay", NULL, NULL, map, 2, NULL);
    close((int)there[0]);
    close((int)back[1]);
    char byte = 'p';
    for (unsigned i = 0; i < count; i++) {
        if (write((int)there[1], &byte, 1) != 1 || read((int)back[0], &byte, 1) != 1) fail("a round trip", i);
    }
    close((int)there[1]);
    if (read((int)back[0], &byte, 1) != 0) fail("end of file after the round trips", 0);
    if (wait_for(child).ending != WALOS_EXITED) fail("the relay's end", 0);
    printf("ping-pong: %u ok\n", count);
    return 0;
}

/* N children each counting to M, waited for: the same work spread over the processors. */
static int parallel(unsigned count, const char *work) {
    uint32_t pids[64];
    if (count > 64) count = 64;
    for (unsigned i = 0; i < count; i++) pids[i] = spawn_role("work", work, NULL, NULL, 0, NULL);
    for (unsigned i = 0; i < count; i++) {
        if (wait_for(pids[i]).ending != WALOS_EXITED) fail("a worker's end", 0);
    }
    return 0;
}

static int spinners(unsigned count, unsigned ms) {
    uint32_t pids[64];
    if (count > 64) count = 64;
    for (unsigned i = 0; i < count; i++) pids[i] = spawn_role("spin", NULL, NULL, NULL, 0, NULL);
    sleep_ms(ms);
    for (unsigned i = 0; i < count; i++) walos_kill(pids[i]);
    for (unsigned i = 0; i < count; i++) {
        if (wait_for(pids[i]).ending != WALOS_KILLED) fail("a spinner's end", 0);
    }
    return 0;
}

static int cycles(unsigned count, const char *program) {
    const char *argv[] = {program};
    walos_spawn_request request = {program, (uint32_t)strlen(program), WALOS_ROOT_DIRECTORY, argv, 1, NULL, 0,
                                   NULL, 0, 0};
    for (unsigned i = 0; i < count; i++) {
        uint32_t pid = 0, e = walos_spawn(&request, &pid);
        if (e) fail("spawn", e);
        walos_status status = wait_for(pid);
        if (status.ending != WALOS_EXITED || status.code != 0) fail("a child's end", status.ending);
    }
    printf("cycles: %u ok\n", count);
    return 0;
}

/* Spawns `sleeper` (from the root, or, for a relative path, from the first preopen) until spawn refuses. */
static int storm(const char *sleeper) {
    static uint32_t pids[1100];
    unsigned count = 0;
    uint32_t error = 0;
    const char *argv[] = {sleeper};
    uint32_t directory = sleeper[0] == '/' ? WALOS_ROOT_DIRECTORY : 3;
    walos_spawn_request request = {sleeper, (uint32_t)strlen(sleeper), directory, argv, 1, NULL, 0, NULL, 0,
                                   WALOS_SPAWN_INHERIT_ENVIRONMENT};
    while (count < 1100) {
        uint32_t pid = 0;
        error = walos_spawn(&request, &pid);
        if (error) break;
        pids[count++] = pid;
    }
    if (error != EAGAIN && error != ENOMEM) fail("the storm's error", error);
    printf("storm: %u processes, then %s\n", count, error == EAGAIN ? "EAGAIN" : "ENOMEM");
    for (unsigned i = 0; i < count; i++) walos_kill(pids[i]);
    /* At the edge of memory a child may still fail to get its instance's memory: it ends as "failed". */
    unsigned failed = 0;
    for (unsigned i = 0; i < count; i++) {
        walos_status status = wait_for(pids[i]);
        if (status.ending == WALOS_FAILED) failed++;
        else if (status.ending != WALOS_KILLED) fail("a sleeper's end", status.ending);
    }
    if (failed) printf("storm: %u could not start\n", failed);
    uint32_t pid = spawn_role("produce", "0", NULL, NULL, 0, NULL);
    if (wait_for(pid).ending != WALOS_EXITED) fail("a spawn after the storm", 0);
    printf("storm: ok\n");
    return 0;
}

static int stress(uint32_t start, unsigned steps) {
    seed = start ? start : 1;
    enum { MAX = 24 };
    uint32_t live[MAX];
    int killed[MAX];
    unsigned count = 0, ended = 0, kills = 0, pipes = 0, grows = 0;
    for (unsigned step = 0; step < steps; step++) {
        uint32_t choice = next_random() % 6;
        if (choice == 0 && count < MAX) {
            const char *roles[] = {"spin", "sleep", "produce", "relay"};
            uint32_t role = next_random() % 4;
            char number[16];
            snprintf(number, sizeof number, "%u", next_random() % 50);
            uint32_t error;
            uint32_t to_stderr[] = {1, 2};
            uint32_t pid = spawn_role(roles[role], number, NULL, to_stderr, 1, &error);
            if (error == 0) {
                live[count] = pid;
                killed[count++] = 0;
            } else if (error != EAGAIN && error != ENOMEM) {
                fail("stress: spawn", error);
            }
        } else if (choice == 1 && count > 0) {
            uint32_t i = next_random() % count;
            uint32_t e = walos_kill(live[i]);
            if (e) fail("stress: kill", e);
            killed[i] = 1;
            kills++;
        } else if (choice == 2 && count > 0) {
            walos_status status;
            char message[64];
            uint32_t e = walos_wait(WALOS_ANY_CHILD, WALOS_WAIT_NO_HANG, &status, message, sizeof message);
            if (e) fail("stress: wait", e);
            for (unsigned i = 0; status.pid && i < count; i++) {
                if (live[i] != status.pid) continue;
                if (killed[i] ? status.ending != WALOS_KILLED && status.ending != WALOS_EXITED
                              : status.ending != WALOS_EXITED)
                    fail("stress: an end", status.ending);
                live[i] = live[--count];
                killed[i] = killed[count];
                ended++;
                break;
            }
        } else if (choice == 3) {
            uint32_t fds[2];
            make_pipe(fds);
            char data[512];
            memset(data, (int)step, sizeof data);
            uint32_t map[] = {0, fds[0], 1, 2};
            uint32_t relayer = 0, error = 1;
            if (next_random() % 2) relayer = spawn_role("relay", NULL, NULL, map, 2, &error);
            if (write((int)fds[1], data, sizeof data) != (ssize_t)sizeof data) fail("stress: pipe write", 0);
            close((int)fds[1]);
            if (error == 0) {
                /* The relay holds the read end now and writes to our stdout; it ends at end of file. */
                close((int)fds[0]);
                if (count < MAX) {
                    live[count] = relayer;
                    killed[count++] = 0;
                } else if (wait_for(relayer).ending != WALOS_EXITED) {
                    fail("stress: a relay's end", 0);
                }
            } else {
                char got[512];
                if (read((int)fds[0], got, sizeof got) != (ssize_t)sizeof got || memcmp(got, data, sizeof got))
                    fail("stress: pipe read", 0);
                close((int)fds[0]);
            }
            pipes++;
        } else if (choice == 4) {
            sleep_ms(next_random() % 5);
        } else if (choice == 5) {
            if (__builtin_wasm_memory_grow(0, 1) == (size_t)-1) fail("stress: memory.grow", 0);
            grows++;
        }
    }
    for (unsigned i = 0; i < count; i++) walos_kill(live[i]);
    for (unsigned i = 0; i < count; i++) {
        walos_status status = wait_for(live[i]);
        if (status.ending != WALOS_KILLED && status.ending != WALOS_EXITED) fail("stress: a last end", status.ending);
    }
    if (process_count() != 1) fail("stress: processes left", process_count());
    fprintf(stderr, "stress: %u steps, %u waited, %u kills, %u pipes, %u grows\n", steps, ended + count, kills,
            pipes, grows);
    printf("stress: ok\n");
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) return 0;
    const char *role = argv[1];
    unsigned long long n = argc > 2 ? strtoull(argv[2], NULL, 10) : 0;
    if (!strcmp(role, "produce")) return produce(n);
    if (!strcmp(role, "relay")) return relay();
    if (!strcmp(role, "spin")) {
        for (volatile unsigned i = 0;; i++) {}
    }
    if (!strcmp(role, "work")) {
        for (volatile unsigned long long i = 0; i < n; i++) {}
        return 0;
    }
    if (!strcmp(role, "parallel")) return parallel((unsigned)n, argc > 3 ? argv[3] : "0");
    if (!strcmp(role, "sleep")) {
        sleep_ms((unsigned)n);
        return 0;
    }
    if (!strcmp(role, "wait-child")) {
        uint32_t fds[2];
        make_pipe(fds);
        uint32_t map[] = {0, fds[0]};
        wait_for(spawn_role("relay", NULL, NULL, map, 1, NULL));
        return 0;
    }
    if (!strcmp(role, "pipeline")) return pipeline(n);
    if (!strcmp(role, "pipe-errors")) return pipe_errors();
    if (!strcmp(role, "bad-arguments")) return bad_arguments();
    if (!strcmp(role, "kill-all")) return kill_all();
    if (!strcmp(role, "cycles")) return cycles((unsigned)n, argc > 3 ? argv[3] : self_path());
    if (!strcmp(role, "storm")) return storm(argc > 2 ? argv[2] : self_path());
    if (!strcmp(role, "ping-pong")) return ping_pong((unsigned)n);
    if (!strcmp(role, "spinners")) return spinners((unsigned)n, argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 100);
    if (!strcmp(role, "stress")) return stress((uint32_t)n, argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 100);
    return 2;
}
