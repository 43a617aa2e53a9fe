#!/usr/bin/env python3
"""Build what one test suite needs, run it, keep its log, and record how many of its tests passed, failed and
were skipped.

usage: run-suite.py NAME [--build "TARGET..."] [--min-passed N] -- COMMAND [ARGS...]

--build makes the targets first (make --no-print-directory TARGET...) inside the suite, so that a build failure
is this suite's failure, with the build's output in its log. --min-passed is the suite's floor: a run that
passes fewer tests than that has not tested what it should (a runner that found nothing to run, a list that
shrank), and counts as one failure.

The counts come from the suite's own closing line, in this order of preference:
  - the plain line `[word:] N passed, M failed[, S skipped]` (walos's own runners print it),
  - XCTest's `Executed N tests, with M failures`.
A suite that exits non-zero without reporting a failure counts one failure, and so does a suite that exits 0
without any closing line: a runner that ran nothing has not passed anything.
The record goes to build/test-results/NAME.result, with the suite's wall time (build included, so the summary
shows where CI's time goes); tests/tools/summarize.py adds the records up.
"""
import argparse
import os
import re
import subprocess
import sys
import time

PLAIN = re.compile(r"^(?:\w[\w-]*: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$")
XCTEST = re.compile(r"Executed (\d+) tests?, with (?:(\d+) tests? skipped and )?(\d+) failures?")
OUT_DIR = os.path.join("build", "test-results")


def counts(lines):
    for line in reversed(lines):
        m = PLAIN.match(line)
        if m:
            return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    for line in reversed(lines):
        m = XCTEST.search(line)
        if m:
            total, skipped, failed = int(m.group(1)), int(m.group(2) or 0), int(m.group(3))
            return total - failed - skipped, failed, skipped
    return None


def run(command, log, lines):
    """Runs a command, its output to the terminal, the log and `lines`; returns its exit status."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    for line in proc.stdout:
        sys.stdout.write(line)
        log.write(line)
        lines.append(line.rstrip("\n"))
    return proc.wait()


def record(name, passed, failed, skipped, seconds, note):
    with open(os.path.join(OUT_DIR, name + ".result"), "w") as f:
        f.write(f"{passed} {failed} {skipped} {seconds:.0f} {note}\n")
    print(f"=== suite {name}: {passed} passed, {failed} failed, {skipped} skipped {note}".rstrip(), flush=True)


def main():
    if "--" not in sys.argv:
        sys.exit(__doc__)
    split = sys.argv.index("--")
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("name")
    parser.add_argument("--build", default="")
    parser.add_argument("--min-passed", type=int, default=1)
    args = parser.parse_args(sys.argv[1:split])
    command = sys.argv[split + 1:]
    if not command:
        sys.exit(__doc__)
    os.makedirs(OUT_DIR, exist_ok=True)
    start = time.monotonic()
    with open(os.path.join(OUT_DIR, args.name + ".log"), "w") as log:
        if args.build:
            print(f"=== suite {args.name}: building {args.build}", flush=True)
            status = run(["make", "--no-print-directory", *args.build.split()], log, [])
            if status != 0:
                record(args.name, 0, 1, 0, time.monotonic() - start, f"the build failed (make exit status {status})")
                return
        print(f"=== suite {args.name}: {' '.join(command)}", flush=True)
        lines = []
        status = run(command, log, lines)
    result = counts(lines)
    note = ""
    if result is None:
        result = (0, 1, 0)
        note = f"no result line (exit status {status})"
    elif status != 0 and result[1] == 0:
        result = (result[0], 1, result[2])
        note = f"exit status {status} with no failure reported"
    elif result[0] < args.min_passed:
        result = (result[0], result[1] + 1, result[2])
        note = f"only {result[0]} passed, the floor is {args.min_passed}"
    record(args.name, *result, time.monotonic() - start, note)


if __name__ == "__main__":
    main()
