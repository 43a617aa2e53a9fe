#!/usr/bin/env python3
"""Add up the records of tests/tools/run-suite.py: a table per suite (with its wall time), then the closing
`N passed, M failed` line.

usage: summarize.py SUITE...
Every suite named (the test suites `make test` is meant to run) must have left a readable record; one that did
not (its build failed before it could start, or its runner died) is a failed suite, shown with the end of its
log and of the make output that should have run it. Exits 1 when any test or suite failed.
"""
import os
import sys

OUT_DIR = os.path.join("build", "test-results")


def read_record(name):
    """(passed, failed, skipped, seconds, note), or None when the suite left no readable record."""
    try:
        fields = open(os.path.join(OUT_DIR, name + ".result")).read().split(" ", 4)
        return (int(fields[0]), int(fields[1]), int(fields[2]), int(fields[3]),
                fields[4].strip() if len(fields) > 4 else "")
    except (OSError, ValueError, IndexError):
        return None


def tail(path, count=30):
    try:
        with open(path, errors="replace") as f:
            return f.read().splitlines()[-count:]
    except OSError:
        return []


def main():
    expected = sys.argv[1:]
    if not expected:
        sys.exit(__doc__)
    rows, missing = [], []
    for name in expected:
        record = read_record(name)
        if record is None:
            missing.append(name)
            rows.append((name, 0, 1, 0, 0, "did not run: no readable record"))
        else:
            rows.append((name, *record))
    unexpected = sorted(f[:-7] for f in os.listdir(OUT_DIR) if f.endswith(".result") and f[:-7] not in expected) \
        if os.path.isdir(OUT_DIR) else []

    print()
    print(f"{'suite':<24}{'passed':>8}{'failed':>8}{'skipped':>9}{'seconds':>9}")
    for name, p, f, s, seconds, note in rows:
        print(f"{name:<24}{p:>8}{f:>8}{s:>9}{seconds:>9}  {note}".rstrip())
    for name in missing:
        print(f"\nsuite {name} did not run. The end of its log and of the make output:")
        for line in tail(os.path.join(OUT_DIR, name + ".log")) + tail(os.path.join(OUT_DIR, "make.log")):
            print("  | " + line)
    for name in unexpected:
        print(f"note: build/test-results/{name}.result is not one of the suites make test runs; not counted")
    for name, _, f, _, _, _ in rows:
        if f:
            print(f"failed suite {name}: see build/test-results/{name}.log")
    passed = sum(r[1] for r in rows)
    failed = sum(r[2] for r in rows)
    skipped = sum(r[3] for r in rows)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
