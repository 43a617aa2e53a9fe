#!/usr/bin/env python3
"""Run one test suite, keep its log, and record how many of its tests passed, failed and were skipped.

usage: run-suite.py NAME -- COMMAND [ARGS...]

The counts come from the suite's own closing line, in this order of preference:
  - the plain line `[word:] N passed, M failed[, S skipped]` (walos's own runners print it),
  - XCTest's `Executed N tests, with M failures`.
A suite that exits non-zero without reporting a failure counts one failure, and so does a suite that exits 0
without any closing line: a runner that ran nothing has not passed anything.
The record goes to build/test-results/NAME.result; tests/tools/summarize.py adds the records up.
"""
import os
import re
import subprocess
import sys

PLAIN = re.compile(r"^(?:\w[\w-]*: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$")
XCTEST = re.compile(r"Executed (\d+) tests?, with (?:(\d+) tests? skipped and )?(\d+) failures?")


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


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit(__doc__)
    name, command = sys.argv[1], sys.argv[3:]
    out_dir = os.path.join("build", "test-results")
    os.makedirs(out_dir, exist_ok=True)
    log_path = os.path.join(out_dir, name + ".log")
    print(f"=== suite {name}: {' '.join(command)}", flush=True)
    lines = []
    with open(log_path, "w") as log:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        for line in proc.stdout:
            sys.stdout.write(line)
            log.write(line)
            lines.append(line.rstrip("\n"))
        status = proc.wait()
    result = counts(lines)
    note = ""
    if result is None:
        result = (0, 1, 0)
        note = f"no result line (exit status {status})"
    elif status != 0 and result[1] == 0:
        result = (result[0], 1, result[2])
        note = f"exit status {status} with no failure reported"
    passed, failed, skipped = result
    with open(os.path.join(out_dir, name + ".result"), "w") as f:
        f.write(f"{passed} {failed} {skipped} {note}\n")
    print(f"=== suite {name}: {passed} passed, {failed} failed, {skipped} skipped {note}".rstrip(), flush=True)


if __name__ == "__main__":
    main()
