#!/usr/bin/env python3
"""Programs built with other toolchains (Zig, C through zig cc, Rust), run under a runner and under wasmtime.

usage: run.py --wasm-dir DIR --runner CMD [--reference CMD] [NAME...]

Every program tests/toolchains/NAME.zig, NAME.c or NAME.rs (built to DIR/NAME.wasm by mk/toolchains.mk) runs
under the runner being tested and under the reference (default: wasmtime through tests/wasi/wasmtime-run.py) as
tests/wasi/run-tests.py runs its programs (by its own code): the same fixture tree preopened as /sandbox, an
empty /scratch, the same arguments, environment and standard input, set by the same comment lines at the top
of the source (`// wasi-args:`, `// wasi-env:`, `// wasi-stdin:`). stdout, stderr, the exit status and the
/sandbox and /scratch trees on the host afterwards must match byte for byte (each runtime's own "Error: ..."
report after a trap is left out). Two more comment lines:
    // wasi-stream: LINE...        (shell syntax) standard input written one line at a time through an open
                                   pipe, STREAM_PAUSE seconds apart; the program must answer each line with an
                                   output line ending in it before the next is written (streaming), and end
                                   when the pipe closes; nothing is preopened
    // wasi-output: large          the outputs are shown by length and SHA-256 when they differ
Prints PASS/FAIL per program and ends with `toolchains: N passed, M failed`.
"""
import argparse
import hashlib
import importlib.util
import os
import select
import shlex
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WASI_TESTS = os.path.join(HERE, "..", "wasi")
DEFAULT_REFERENCE = f"{sys.executable} {os.path.join(WASI_TESTS, 'wasmtime-run.py')}"
SOURCE_SUFFIXES = (".zig", ".c", ".rs")
STREAM_PAUSE = 0.3  # seconds between two lines of a streamed standard input


def load_wasi_runner():
    """tests/wasi/run-tests.py, for its runs, its comment lines and its comparison of error reports."""
    spec = importlib.util.spec_from_file_location("wasi_run_tests", os.path.join(WASI_TESTS, "run-tests.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


wasi = load_wasi_runner()


def run_streamed(argv, lines):
    """Writes `lines` one at a time through an open pipe, each once the program has answered the one before
    (an output line ending in it), STREAM_PAUSE seconds apart, then closes the pipe. A program that does not
    answer while the pipe is open gets the status "no answer to LINE before the end of input"."""
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    errors = []
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)
    reader.start()
    out, deadline = b"", time.time() + wasi.TIMEOUT
    try:
        for line in lines:
            proc.stdin.write(line.encode() + b"\n")
            proc.stdin.flush()
            seen, answer = len(out), line.encode() + b"\n"
            while answer not in out[seen:]:
                ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.time()))
                if not ready:
                    return f"no answer to {line!r} in {wasi.TIMEOUT} s with the pipe open", out, b"", None
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    return f"stdout ended before an answer to {line!r}", out, b"", None
                out += chunk
            time.sleep(STREAM_PAUSE)
        proc.stdin.close()
        out += proc.stdout.read()
        status = proc.wait(timeout=max(1.0, deadline - time.time()))
        reader.join()
        return status, out, errors[0] if errors else b"", None
    except subprocess.TimeoutExpired:
        return "timeout", out, b"", None
    finally:
        if proc.poll() is None:
            proc.kill()


def run(command, wasm, settings):
    """(status, stdout, stderr, host trees): a run as tests/wasi/run-tests.py makes it (the fixture tree and
    /scratch preopened, stdin at once, the trees read afterwards); or, for a streamed stdin, a run with nothing
    preopened (no trees)."""
    if "stream" not in settings:
        return wasi.run(command, wasm, settings, tempfile.mkdtemp(prefix=f"toolchains-{os.path.basename(wasm)}-"))
    argv = shlex.split(command)
    for entry in shlex.split(settings.get("env", "")):
        argv += ["--env", entry]
    return run_streamed(argv + ["--", wasm] + shlex.split(settings.get("args", "")), shlex.split(settings["stream"]))


def describe_large(label, result):
    status, stdout, stderr, _ = result
    return (f"  {label}: status {status}, stdout {len(stdout)} bytes sha256 {hashlib.sha256(stdout).hexdigest()}, "
            f"stderr {len(stderr)} bytes sha256 {hashlib.sha256(stderr).hexdigest()}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wasm-dir", required=True)
    parser.add_argument("--runner", required=True, help="the command under test")
    parser.add_argument("--reference", default=DEFAULT_REFERENCE)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()

    sources = {os.path.splitext(f)[0]: f for f in os.listdir(HERE) if f.endswith(SOURCE_SUFFIXES)}
    passed = failed = 0
    for name in args.names or sorted(sources):
        wasm = os.path.join(args.wasm_dir, name + ".wasm")
        if name not in sources or not os.path.exists(wasm):
            print(f"FAIL {name}: no source in {HERE} or no {wasm}")
            failed += 1
            continue
        settings = wasi.annotations(os.path.join(HERE, sources[name]))
        started = time.time()
        got = run(args.runner, wasm, settings)
        want = run(args.reference, wasm, settings)
        if (isinstance(got[0], int) and got[0] == want[0] and got[1] == want[1]
                and wasi.comparable(got[0], got[2]) == wasi.comparable(want[0], want[2]) and got[3] == want[3]):
            passed += 1
            print(f"PASS {name} ({time.time() - started:.1f} s)", flush=True)
            continue
        failed += 1
        print(f"FAIL {name}")
        if settings.get("output") == "large":
            print(describe_large("runner", got) + describe_large("reference", want), end="", flush=True)
        else:
            print(wasi.difference(got, want) + wasi.describe("runner", got) + wasi.describe("reference", want),
                  end="", flush=True)
        if got[3] != want[3]:
            print(wasi.tree_difference(got[3], want[3]), end="", flush=True)
    print(f"toolchains: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
