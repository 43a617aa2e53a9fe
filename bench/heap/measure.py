#!/usr/bin/env python3
"""Instructions per alloc/free pair of the kernel heap, counted by callgrind (deterministic).

usage: measure.py HEAP_BENCH_EXECUTABLE

Each workload runs twice, with few and with many pairs; the difference of the two instruction counts divided by
the difference of the pair counts leaves out start-up and set-up costs.
"""
import os
import re
import subprocess
import sys
import tempfile

WORKLOADS = ["small", "mixed", "large"]
FEW, MANY = 1_000, 21_000


def instructions(executable, workload, pairs):
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={os.path.join(scratch, 'out')}",
             executable, workload, str(pairs)],
            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"bench-heap: {workload} {pairs} failed:\n{result.stdout}{result.stderr}")
    match = re.search(r"Collected\s*:\s*(\d+)", result.stderr)
    if not match:
        sys.exit(f"bench-heap: no callgrind total in:\n{result.stderr}")
    return int(match.group(1))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for workload in WORKLOADS:
        few = instructions(sys.argv[1], workload, FEW)
        many = instructions(sys.argv[1], workload, MANY)
        print(f"bench-heap: {workload}: {(many - few) / (MANY - FEW):.1f} instructions per alloc/free pair")


if __name__ == "__main__":
    main()
