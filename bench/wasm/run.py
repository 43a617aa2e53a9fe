#!/usr/bin/env python3
"""Compute kernels (bench/wasm/*.c) in Wax, wasmtime, wasm3 and WasmKit, against the same C compiled natively.

usage: run.py BUILD_DIR --wax WAX [--wasmkit WASMKIT] [--instructions]

BUILD_DIR holds KERNEL.wasm (clang, wasm32, exporting run(n) -> checksum) and KERNEL (gcc -O2, the native floor).
Each engine runs run(N) three times; the table shows the best time and its ratio to native. wasmtime and wasm3 run
in this process and are timed around the call alone; Wax and WasmKit are command line tools, timed as whole
processes minus the best time of the same command calling run(0) (process start, decoding and translation).
Every engine must return the native checksum; a mismatch fails the benchmark.

With --instructions, the figure is deterministic instead: the instructions that native code, Wax and wasm3 execute
for run(N), counted by valgrind's callgrind as the whole process for run(N) minus the same process for run(0).
"""
import argparse
import math
import os
import re
import subprocess
import sys
import time

# N for each kernel: sized so that an interpreter takes around a second.
KERNELS = [("fib", 32), ("sieve", 6), ("matmul", 10), ("sha256", 50), ("nbody", 200000), ("mandelbrot", 600),
           ("lz", 30)]
RUNS = 3


def best(measure):
    """(checksum, best time) over RUNS runs of measure() -> (checksum, seconds)."""
    results = [measure() for _ in range(RUNS)]
    checksums = {c for c, _ in results}
    if len(checksums) != 1:
        raise RuntimeError(f"checksum changes between runs: {sorted(checksums)}")
    return checksums.pop(), min(t for _, t in results)


def native(build, kernel, n):
    out = subprocess.run([os.path.join(build, kernel), str(n)], capture_output=True, text=True, check=True).stdout
    checksum, seconds = out.split()
    return int(checksum), float(seconds)


def command_line(make_argv, pattern):
    """A measure for a CLI engine: process time of run(n) minus that of run(0)."""
    def once(argv):
        start = time.perf_counter()
        try:
            done = subprocess.run(argv, capture_output=True, text=True)
        except OSError as error:
            raise RuntimeError(str(error))
        elapsed = time.perf_counter() - start
        found = re.search(pattern, done.stdout)
        if done.returncode != 0 or not found:
            raise RuntimeError(f"{' '.join(argv)}: {(done.stderr or done.stdout).strip()[:200]}")
        return int(found.group(1)) & 0xFFFFFFFF, elapsed

    def measure(build, kernel, n):
        path = os.path.join(build, kernel + ".wasm")
        _, empty = best(lambda: once(make_argv(path, 0)))
        checksum, full = best(lambda: once(make_argv(path, n)))
        return checksum, max(full - empty, 0.0)
    return measure


def wasmtime_engine():
    import wasmtime

    def measure(build, kernel, n):
        engine = wasmtime.Engine()
        module = wasmtime.Module.from_file(engine, os.path.join(build, kernel + ".wasm"))

        def once():
            store = wasmtime.Store(engine)
            run = wasmtime.Instance(store, module, []).exports(store)["run"]
            start = time.perf_counter()
            checksum = run(store, n)
            return checksum & 0xFFFFFFFF, time.perf_counter() - start
        return best(once)
    return measure


def wasm3_engine():
    import wasm3

    def measure(build, kernel, n):
        with open(os.path.join(build, kernel + ".wasm"), "rb") as f:
            data = f.read()

        def once():
            environment = wasm3.Environment()
            runtime = environment.new_runtime(1 << 20)
            runtime.load(environment.parse_module(data))
            run = runtime.find_function("run")
            start = time.perf_counter()
            checksum = run(n)
            return checksum & 0xFFFFFFFF, time.perf_counter() - start
        return best(once)
    return measure


# wasm3 in a process of its own, so that callgrind counts it like the other command line engines.
WASM3_PROCESS = """
import sys, wasm3
environment = wasm3.Environment()
runtime = environment.new_runtime(1 << 20)
runtime.load(environment.parse_module(open(sys.argv[1], "rb").read()))
print("i32:%d" % runtime.find_function("run")(int(sys.argv[2])))
"""


def instructions(argv, pattern):
    """(checksum, instructions) of one process under callgrind."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + argv,
                          capture_output=True, text=True)
    found = re.search(pattern, done.stdout)
    collected = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or not found or not collected:
        raise RuntimeError(f"{' '.join(argv)}: {(done.stderr or done.stdout).strip()[-300:]}")
    return int(found.group(1)) & 0xFFFFFFFF, int(collected.group(1))


def instruction_counts(args):
    """The table of instructions per kernel: native, Wax and wasm3, each run(N) minus run(0)."""
    runners = [("native", lambda path, n: [path[:-len(".wasm")], str(n)], r"^(-?\d+)"),
               ("wax", lambda path, n: [args.wax, "run", path, "--invoke", "run", f"i32:{n}"], r"i32:(-?\d+)"),
               ("wasm3", lambda path, n: [sys.executable, "-c", WASM3_PROCESS, path, str(n)], r"i32:(-?\d+)")]
    print(f"{'kernel':<11}{'N':>7}" + "".join(f"{name:>22}" for name, _, _ in runners))
    ratios = {name: [] for name, _, _ in runners}
    failures = 0
    for kernel, n in KERNELS:
        path = os.path.join(args.build, kernel + ".wasm")
        row, floor, expected = f"{kernel:<11}{n:>7}", None, None
        for name, argv, pattern in runners:
            try:
                checksum, full = instructions(argv(path, n), pattern)
                _, empty = instructions(argv(path, 0), pattern)
            except RuntimeError as error:
                print(f"{name} on {kernel}: {error}", file=sys.stderr)
                row += f"{'error':>22}"
                failures += 1
                continue
            count = full - empty
            if name == "native":
                floor, expected = count, checksum
                row += f"{count / 1e6:>21.1f}M"
                continue
            if checksum != expected:
                print(f"{name} on {kernel}: checksum {checksum}, native {expected}", file=sys.stderr)
                row += f"{'wrong checksum':>22}"
                failures += 1
                continue
            ratios[name].append(count / floor)
            row += f"{count / 1e6:>13.1f}M{count / floor:>7.1f}x"
        print(row, flush=True)
    mean = lambda r: math.exp(sum(map(math.log, r)) / len(r))
    print(f"{'geo. mean':<40}" + "".join(f"{mean(ratios[name]):>21.1f}x" if ratios[name] else f"{'-':>22}"
                                       for name in ("wax", "wasm3")))
    if ratios["wax"] and ratios["wasm3"]:
        print(f"Wax / wasm3 instructions: {mean(ratios['wax']) / mean(ratios['wasm3']):.2f} (below 1: Wax runs fewer)")
    return failures


def engines(args):
    found = [("wax", command_line(lambda path, n: [args.wax, "run", path, "--invoke", "run", f"i32:{n}"],
                                  r"i32:(-?\d+)"))]
    try:
        found.append(("wasmtime", wasmtime_engine()))
    except ImportError:
        print("wasmtime: the Python package is not installed, left out")
    try:
        found.append(("wasm3", wasm3_engine()))
    except ImportError:
        print("wasm3: the pywasm3 package is not installed (pip install pywasm3), left out")
    if args.wasmkit and os.access(args.wasmkit, os.X_OK):
        found.append(("wasmkit", command_line(lambda path, n: [args.wasmkit, "run", path, "run", f"i32:{n}"],
                                              r"i32\((-?\d+)\)")))
    else:
        print("wasmkit: no release build of its CLI, left out")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build")
    parser.add_argument("--wax", required=True)
    parser.add_argument("--wasmkit")
    parser.add_argument("--instructions", action="store_true")
    args = parser.parse_args()
    if args.instructions:
        sys.exit(1 if instruction_counts(args) else 0)
    runners = engines(args)
    names = [name for name, _ in runners]
    print(f"{'kernel':<11}{'N':>7}{'native':>10}" + "".join(f"{name:>18}" for name in names))
    ratios = {name: [] for name in names}
    mismatches = 0
    for kernel, n in KERNELS:
        expected, floor = best(lambda: native(args.build, kernel, n))
        row = f"{kernel:<11}{n:>7}{floor * 1000:>8.1f}ms"
        for name, measure in runners:
            try:
                checksum, seconds = measure(args.build, kernel, n)
            except RuntimeError as error:
                print(f"{name} on {kernel}: {error}", file=sys.stderr)
                row += f"{'error':>18}"
                mismatches += 1
                continue
            if checksum != expected:
                row += f"{'wrong checksum':>18}"
                print(f"{name} on {kernel}: checksum {checksum}, native {expected}", file=sys.stderr)
                mismatches += 1
                continue
            ratio = seconds / floor
            ratios[name].append(ratio)
            row += f"{seconds * 1000:>9.1f}ms{ratio:>7.1f}x"
        print(row, flush=True)
    means = "".join(f"{math.exp(sum(map(math.log, r)) / len(r)):>17.1f}x" if r else f"{'-':>18}"
                    for r in ratios.values())
    print(f"{'geo. mean':<28}" + means)
    if ratios.get("wasm3") and ratios["wax"]:
        mean = lambda r: math.exp(sum(map(math.log, r)) / len(r))
        print(f"Wax / wasm3 time: {mean(ratios['wax']) / mean(ratios['wasm3']):.2f} (below 1: Wax is faster)")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
