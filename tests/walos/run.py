#!/usr/bin/env python3
"""`./walos run` from the outside: exit statuses, separate byte-exact streams, traps, time limits, bad modules,
stdin, --dir and --env, as a user of the command sees them.

usage: run.py PROGRAMS_DIR
PROGRAMS_DIR holds the test programs built from tests/programs/*.wat (hello, oob, loop...).
Prints PASS/FAIL per case and `N passed, M failed`.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from cases import expect, run_cases  # noqa: E402

WALOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "walos")
PROGRAMS = None


def walos(*arguments, stdin=b""):
    done = subprocess.run([WALOS, *arguments], input=stdin, capture_output=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


def program(name):
    return os.path.join(PROGRAMS, name + ".wasm")


def case_version():
    status, out, _ = walos("--version")
    expect(status == 0 and out.startswith(b"walos "), "walos --version printed %r" % out)


def case_hello_exit_zero():
    status, out, err = walos("run", program("hello"))
    expect((status, out, err) == (0, b"hello\n", b""), "got %r" % ((status, out, err),))


def case_trap_status_and_message():
    status, out, err = walos("run", program("oob"))
    expect(status == 134, "status %d, expected 134" % status)
    expect(b"wasm trap: out of bounds memory access in function 0 (read_far)" in err, "stderr %r" % err)
    expect(out == b"", "stdout %r" % out)


def case_time_limit():
    status, _, err = walos("run", "--timeout", "1", program("loop"))
    expect(status == 134 and b"time limit exceeded" in err, "status %d, stderr %r" % (status, err))


def case_malformed_module():
    with tempfile.NamedTemporaryFile(suffix=".wasm") as bad:
        bad.write(b"definitely not wasm")
        bad.flush()
        status, _, err = walos("run", bad.name)
    expect(status == 1 and b"magic header not detected" in err, "status %d, stderr %r" % (status, err))


def case_missing_start():
    status, _, err = walos("run", program("no-start"))
    expect(status == 1 and b"_start" in err, "status %d, stderr %r" % (status, err))


def case_streams_are_separate_and_exact():
    status, out, err = walos("run", "--env", "GREETING=bytes \x01\x7f ok", program("echo"), "one", "two words",
                             stdin=b"line1\r\nline2\x00\xff")
    expect(status == 3, "status %d" % status)
    expect(out == b"line1\r\nline2\x00\xff", "stdout not byte-exact: %r" % out)
    expect(err == b"one\ntwo words\nGREETING=bytes \x01\x7f ok\n", "stderr %r" % err)


def case_directory():
    with tempfile.TemporaryDirectory() as host:
        with open(os.path.join(host, "note.txt"), "wb") as f:
            f.write(b"from the host\n")
        status, out, err = walos("run", "--dir", host + "::/data", program("cat-note"))
    expect((status, out) == (0, b"from the host\n"), "got %r" % ((status, out, err),))


CASES = [case_version, case_hello_exit_zero, case_trap_status_and_message, case_time_limit, case_malformed_module,
         case_missing_start, case_streams_are_separate_and_exact, case_directory]


def main():
    global PROGRAMS
    PROGRAMS = sys.argv[1]
    run_cases({case.__name__[len("case_"):]: case for case in CASES})


if __name__ == "__main__":
    main()
