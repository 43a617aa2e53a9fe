#!/usr/bin/env python3
"""Run the WASI conformance programs under a runner and compare with a reference.

usage: run-tests.py --wasm-dir DIR --runner CMD [--reference CMD] [NAME...]

Every program tests/wasi/NAME.c or NAME.swift (compiled to DIR/NAME.wasm by mk/wasi.mk) runs under the runner being tested
and under the reference (default: wasmtime through tests/wasi/wasmtime-run.py), each time on a fresh copy of
the fixture tree preopened as /sandbox plus an empty directory preopened as /scratch, with the same
arguments, environment and standard input. Both commands are called the way wasmtime's CLI is:

    CMD --dir HOST::/sandbox --dir HOST::/scratch [--env K=V]... -- prog.wasm args...

stdout, stderr and the exit status must match byte for byte, and with --compare-trees (for a runner whose --dir
is the host directory itself, as `./walos run` shares it over virtio-9p) so must both directory trees
afterwards: every name, kind, file content and link target; after a trap (status 134) or a runtime error
(status 1) each runtime's own "Error: ..." message and what follows it is left out of the comparison.

Comment lines at the top of a program set up its run:
    // wasi-args: ARGS...        (shell syntax)
    // wasi-env: K=V...          (shell syntax)
    // wasi-stdin: TEXT          (standard input, with \\n escapes; default empty)
    // wasi-reference: expected  (compare with NAME.expected instead of running the reference: for behaviour
                                  where walos follows the WASI specification and wasmtime does not)
    // wasi-exit: N              (the expected exit status with wasi-reference: expected; default 0)
An .expected file is written by hand, from the specification, never from a run: it is made of blocks
separated by blank lines, each starting with "#" lines that say where the block's expected lines come from
(a block without them fails the program).

Prints PASS/FAIL per program and ends with `wasi: N passed, M failed`.
"""
import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_REFERENCE = f"{sys.executable} {os.path.join(HERE, 'wasmtime-run.py')}"
TIMEOUT = 120
FIXTURE_TIME = 1_600_000_000  # every fixture entry's access and modification time (seconds)

# The fixture tree: a path ending in "/" is a directory, ("->", TARGET) a symbolic link, anything else a file.
FIXTURE = [
    ("hello.txt", "Hello, WASI!\n"),
    ("numbers.txt", "0123456789"),
    ("empty.txt", ""),
    ("sub/", None),
    ("sub/inner.txt", "inner\n"),
    ("sub/deeper/", None),
    ("sub/deeper/leaf.txt", "leaf\n"),
    ("emptydir/", None),
    ("link_to_hello", ("->", "hello.txt")),
    ("link_to_sub", ("->", "sub")),
    ("dangling", ("->", "missing")),
    ("escape_link", ("->", "../outside")),
    ("absolute_link", ("->", "/etc/passwd")),
    ("loop_a", ("->", "loop_b")),
    ("loop_b", ("->", "loop_a")),
]


def make_fixture(root):
    os.makedirs(root)
    for path, content in FIXTURE:
        full = os.path.join(root, path)
        if path.endswith("/"):
            os.makedirs(full)
        elif isinstance(content, tuple):
            os.symlink(content[1], full)
        else:
            with open(full, "w") as f:
                f.write(content)
    # Times last, deepest first, so that creating entries does not move a directory's times again.
    for path, content in reversed(FIXTURE):
        os.utime(os.path.join(root, path.rstrip("/")), (FIXTURE_TIME, FIXTURE_TIME), follow_symlinks=False)
    os.utime(root, (FIXTURE_TIME, FIXTURE_TIME))


def annotations(source):
    settings = {}
    with open(source) as f:
        for line in f:
            m = re.match(r"//\s*wasi-(\w+):\s?(.*)$", line.rstrip("\n"))
            if m:
                settings[m.group(1)] = m.group(2)
            elif not line.startswith("//") and line.strip():
                break
    return settings


def tree(root):
    """A directory tree as comparable data: (path, kind, contents or link target) of every entry, sorted."""
    entries = []
    for directory, names, files in os.walk(root):
        for name in sorted(names + files):
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, root)
            if os.path.islink(path):
                entries.append((relative, "link", os.readlink(path)))
            elif os.path.isdir(path):
                entries.append((relative, "dir", None))
            else:
                with open(path, "rb") as f:
                    entries.append((relative, "file", f.read()))
    return sorted(entries)


def run(command, wasm, settings, workdir):
    sandbox, scratch = os.path.join(workdir, "sandbox"), os.path.join(workdir, "scratch")
    make_fixture(sandbox)
    os.makedirs(scratch)
    argv = shlex.split(command) + ["--dir", f"{sandbox}::/sandbox", "--dir", f"{scratch}::/scratch"]
    for entry in shlex.split(settings.get("env", "")):
        argv += ["--env", entry]
    argv += ["--", wasm] + shlex.split(settings.get("args", ""))
    stdin = settings.get("stdin", "").encode().decode("unicode_escape").encode()
    try:
        proc = subprocess.run(argv, input=stdin, capture_output=True, timeout=TIMEOUT)
        return proc.returncode, proc.stdout, proc.stderr, (tree(sandbox), tree(scratch))
    except subprocess.TimeoutExpired:
        return "timeout", b"", b"", None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def expected_output(path):
    """The expected stdout in an .expected file, and the first line that lacks a comment on its provenance."""
    lines, unexplained, explained = [], None, False
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                explained = False
            elif line.startswith("#"):
                explained = True
            else:
                if not explained and unexplained is None:
                    unexplained = number
                lines.append(line)
    return "".join(line + "\n" for line in lines).encode(), unexplained


def comparable(status, stderr):
    """stderr without the runtime's own error report, which every runtime words differently."""
    if status in (1, 134):
        at = stderr.find(b"Error: ")
        while at > 0 and stderr[at - 1:at] != b"\n":
            at = stderr.find(b"Error: ", at + 1)
        if at >= 0:
            return stderr[:at]
    return stderr


def tree_difference(got, want):
    """The first entry of the sandbox and scratch trees where the runner's differs from the reference's."""
    for label, mine, theirs in zip(("sandbox", "scratch"), got or ([], []), want or ([], [])):
        if mine != theirs:
            extra = [entry for entry in mine if entry not in theirs]
            missing = [entry for entry in theirs if entry not in mine]
            return (f"  {label} tree: runner has {repr(extra[0])[:200] if extra else 'nothing more'}, "
                    f"reference has {repr(missing[0])[:200] if missing else 'nothing more'}\n")
    return ""


def describe(label, result):
    status, stdout, stderr, _ = result
    text = f"  {label}: status {status}\n"
    text += "".join(f"    | {line}\n" for line in stdout.decode(errors="replace").splitlines()[:200])
    if stderr:
        text += "".join(f"    ! {line}\n" for line in stderr.decode(errors="replace").splitlines()[:20])
    return text


def difference(got, want):
    """The first differing line of stdout, to point at the failing check."""
    a, b = got[1].decode(errors="replace").splitlines(), want[1].decode(errors="replace").splitlines()
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else "<end>"
        y = b[i] if i < len(b) else "<end>"
        if x != y:
            return f"  stdout line {i + 1}: got {x!r}, expected {y!r}\n"
    return ""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wasm-dir", required=True)
    parser.add_argument("--runner", required=True, help="the command under test")
    parser.add_argument("--reference", default=DEFAULT_REFERENCE)
    parser.add_argument("--compare-trees", action="store_true",
                        help="the runner changes the host directories: compare them with the reference's afterwards")
    parser.add_argument("--verbose", action="store_true", help="show both outputs of every program")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()

    sources = {os.path.splitext(f)[0]: f for f in os.listdir(HERE) if f.endswith((".c", ".swift"))}
    names = args.names or sorted(sources)
    passed = failed = 0
    for name in names:
        source = os.path.join(HERE, sources.get(name, name + ".c"))
        wasm = os.path.join(args.wasm_dir, name + ".wasm")
        settings = annotations(source)
        if not os.path.exists(wasm):
            print(f"FAIL {name}: {wasm} is missing")
            failed += 1
            continue
        got = run(args.runner, wasm, settings, tempfile.mkdtemp(prefix=f"wasi-{name}-"))
        if settings.get("reference") == "expected":
            expected, unexplained = expected_output(os.path.join(HERE, name + ".expected"))
            if unexplained is not None:
                print(f"FAIL {name}: line {unexplained} of {name}.expected has no comment saying where it comes from")
                failed += 1
                continue
            want = (int(settings.get("exit", "0")), expected, b"", None)
            reference = "expected"
        else:
            want = run(args.reference, wasm, settings, tempfile.mkdtemp(prefix=f"wasi-{name}-ref-"))
            reference = "reference"
        trees_differ = args.compare_trees and want[3] is not None and got[3] != want[3]
        same = (got[0] == want[0] and got[1] == want[1]
                and comparable(got[0], got[2]) == comparable(want[0], want[2]) and not trees_differ)
        if same:
            passed += 1
            print(f"PASS {name}")
        else:
            failed += 1
            print(f"FAIL {name}")
            trees = tree_difference(got[3], want[3]) if trees_differ else ""
            print(difference(got, want) + trees + describe("runner", got) + describe(reference, want), end="")
        if args.verbose and same:
            print(describe("runner", got), end="")
    print(f"wasi: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
