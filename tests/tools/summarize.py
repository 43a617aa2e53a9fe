#!/usr/bin/env python3
"""Add up the records of tests/tools/run-suite.py: a table per suite, then the closing `N passed, M failed` line.
Exits 1 when any test failed or when no suite ran."""
import os
import sys

out_dir = os.path.join("build", "test-results")
rows = []
if os.path.isdir(out_dir):
    for name in sorted(os.listdir(out_dir)):
        if name.endswith(".result"):
            fields = open(os.path.join(out_dir, name)).read().split(" ", 3)
            rows.append((name[:-7], int(fields[0]), int(fields[1]), int(fields[2]), fields[3].strip() if len(fields) > 3 else ""))

print()
print(f"{'suite':<24}{'passed':>8}{'failed':>8}{'skipped':>9}")
for name, p, f, s, note in rows:
    print(f"{name:<24}{p:>8}{f:>8}{s:>9}  {note}".rstrip())
passed = sum(r[1] for r in rows)
failed = sum(r[2] for r in rows) + (0 if rows else 1)
skipped = sum(r[3] for r in rows)
for name, _, f, _, _ in rows:
    if f:
        print(f"failed suite {name}: see build/test-results/{name}.log")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
