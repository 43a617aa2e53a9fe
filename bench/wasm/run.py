#!/usr/bin/env python3
"""Compute kernels (bench/wasm/*.c) in Wax, wasmtime, wasm3 and WasmKit, against the same C compiled natively.

usage: run.py BUILD_DIR --wax WAX [--wasmkit WASMKIT] [--instructions] [--walos WALOS]

BUILD_DIR holds KERNEL.wasm (clang, wasm32, exporting run(n) -> checksum) and KERNEL (gcc -O2, the native floor).
Wax runs twice, interpreted (wax) and on its native tier (wax-native, whose unsupported functions stay
interpreted). Each engine runs run(N) three times; the table shows the best time and its ratio to native. wasmtime and wasm3 run
in this process and are timed around the call alone; Wax and WasmKit are command line tools, timed as whole
processes minus the best time of the same command calling run(0) (process start, decoding and translation).
Every engine must return the native checksum; a mismatch fails the benchmark.

With --instructions, the figure is deterministic instead: the instructions that native code, Wax, wasm3 and
wasmtime execute for run(N), counted by valgrind's callgrind as the whole process for run(N) minus the same process
for run(0) (wasm3 and wasmtime run in a process of their own for that: `run.py --wasm3-run KERNEL.wasm N`,
`--wasmtime-run`; wasmtime's compile happens in both and cancels out). --walos WALOS adds the kernel's Wax:
KERNEL.wasi.wasm (the kernel with native-main.c as a WASI command) under `WALOS run`, counted in guest
instructions under QEMU's -icount; without --wax, walos and wasmtime alone, with their ratio.
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


def best(measure, runs=RUNS):
    """(checksum, lowest cost) over `runs` runs of measure() -> (checksum, cost)."""
    results = [measure() for _ in range(runs)]
    checksums = {c for c, _ in results}
    if len(checksums) != 1:
        raise RuntimeError(f"checksum changes between runs: {sorted(checksums)}")
    return checksums.pop(), min(t for _, t in results)


def native(build, kernel, n):
    out = subprocess.run([os.path.join(build, kernel), str(n)], capture_output=True, text=True, check=True).stdout
    checksum, seconds = out.split()
    return int(checksum), float(seconds)


def timed(argv):
    """A process and its wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True)
    return done, time.perf_counter() - start


def counted(argv):
    """A process under callgrind and the instructions it executed."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + argv,
                          capture_output=True, text=True)
    collected = re.search(r"Collected : (\d+)", done.stderr)
    if not collected:
        raise RuntimeError(f"{' '.join(argv)}: callgrind counted nothing: {done.stderr.strip()[-200:]}")
    return done, int(collected.group(1))


def command_line(make_argv, pattern, cost=timed, runs=RUNS):
    """A measure for an engine run as a process: the cost of run(n) minus that of run(0) (process start,
    decoding and translation), each the lowest of `runs`."""
    def once(argv):
        try:
            done, spent = cost(argv)
        except OSError as error:
            raise RuntimeError(str(error))
        found = re.search(pattern, done.stdout)
        if done.returncode != 0 or not found:
            raise RuntimeError(f"{' '.join(argv)}: {(done.stderr or done.stdout).strip()[:200]}")
        return int(found.group(1)) & 0xFFFFFFFF, spent

    def measure(build, kernel, n):
        path = os.path.join(build, kernel + ".wasm")
        _, empty = best(lambda: once(make_argv(path, 0)), runs)
        checksum, full = best(lambda: once(make_argv(path, n)), runs)
        return checksum, max(full - empty, 0)
    return measure


def wax_argv(wax, engine="interp"):
    return lambda path, n: [wax, "run", "--engine", engine, path, "--invoke", "run", f"i32:{n}"]


WAX_RESULT = r"i32:(-?\d+)"


def wasmtime_engine():
    import wasmtime  # noqa: F401 (fails here when the package is absent)

    def measure(build, kernel, n):
        path = os.path.join(build, kernel + ".wasm")

        def once():
            run = wasmtime_run(path)
            start = time.perf_counter()
            checksum = run(n)
            return checksum & 0xFFFFFFFF, time.perf_counter() - start
        return best(once)
    return measure


def wasm3_run(path):
    """wasm3's run function for the kernel at `path`, loaded and ready."""
    import wasm3
    environment = wasm3.Environment()
    runtime = environment.new_runtime(1 << 20)
    with open(path, "rb") as f:
        runtime.load(environment.parse_module(f.read()))
    return runtime.find_function("run")


def wasmtime_run(path):
    """wasmtime's run function for the kernel at `path`, compiled and instantiated."""
    import wasmtime
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    run = wasmtime.Instance(store, wasmtime.Module.from_file(engine, path), []).exports(store)["run"]
    return lambda n: run(store, n)


def wasm3_engine():
    import wasm3  # noqa: F401 (fails here when pywasm3 is absent)

    def measure(build, kernel, n):
        path = os.path.join(build, kernel + ".wasm")

        def once():
            run = wasm3_run(path)
            start = time.perf_counter()
            checksum = run(n)
            return checksum & 0xFFFFFFFF, time.perf_counter() - start
        return best(once)
    return measure


def time_engines(args):
    found = [("wax", command_line(wax_argv(args.wax), WAX_RESULT)),
             ("wax-native", command_line(wax_argv(args.wax, "native"), WAX_RESULT))]
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


def guest_counted(argv):
    """A `./walos run` under -icount shift=0 on one processor, and the guest instructions of its run(n): the
    nanoseconds native-main.c's clock measured around the call, since the guest's clock then advances one
    nanosecond per instruction."""
    done = subprocess.run(argv, capture_output=True, text=True, env=dict(os.environ, WALOS_ICOUNT="1", SMP="1"))
    fields = done.stdout.split()
    return done, round(float(fields[1]) * 1e9) if len(fields) == 2 else 0


def instruction_engines(args):
    """Wax and wasm3 as processes under callgrind (deterministic: one run each; wasm3 runs through this script),
    and with --walos the kernel's own Wax in guest instructions (the kernel as a WASI command, KERNEL.wasi.wasm),
    interpreted and native."""
    found = []
    if args.wax:
        wasm3 = lambda path, n: [sys.executable, os.path.abspath(__file__), "--wasm3-run", path, str(n)]
        found += [("wax", command_line(wax_argv(args.wax), WAX_RESULT, counted, runs=1)),
                  ("wax-native", command_line(wax_argv(args.wax, "native"), WAX_RESULT, counted, runs=1)),
                  ("wasm3", command_line(wasm3, WAX_RESULT, counted, runs=1))]
    try:
        import wasmtime  # noqa: F401 (fails here when the package is absent)
        in_process = lambda path, n: [sys.executable, os.path.abspath(__file__), "--wasmtime-run", path, str(n)]
        found.append(("wasmtime", command_line(in_process, WAX_RESULT, counted, runs=1)))
    except ImportError:
        print("wasmtime: the Python package is not installed, left out")
    if args.walos:
        for engine in ("interp", "native"):
            walos = lambda path, n, engine=engine: [args.walos, "run", "--engine", engine,
                                                    path[:-len(".wasm")] + ".wasi.wasm", str(n)]
            found.append((f"walos-{engine}", command_line(walos, r"^(\d+) ", guest_counted, runs=1)))
    return found


def table(build, floor, runners, show, what):
    """Runs every kernel natively (`floor`) and in each engine; prints each cost with its ratio to native and the
    geometric means. Returns the number of errors and wrong checksums."""
    names = [name for name, _ in runners]
    print(f"{'kernel':<11}{'N':>7}{'native':>12}" + "".join(f"{name:>20}" for name in names))
    ratios = {name: [] for name in names}
    mismatches = 0
    for kernel, n in KERNELS:
        expected, floor_cost = floor(build, kernel, n)
        row = f"{kernel:<11}{n:>7}{show(floor_cost):>12}"
        for name, measure in runners:
            try:
                checksum, cost = measure(build, kernel, n)
            except RuntimeError as error:
                print(f"{name} on {kernel}: {error}", file=sys.stderr)
                row += f"{'error':>20}"
                mismatches += 1
                continue
            if checksum != expected:
                row += f"{'wrong checksum':>20}"
                print(f"{name} on {kernel}: checksum {checksum}, native {expected}", file=sys.stderr)
                mismatches += 1
                continue
            ratio = cost / floor_cost
            ratios[name].append(ratio)
            row += f"{show(cost):>12}{ratio:>7.1f}x"
        print(row, flush=True)
    mean = lambda r: math.exp(sum(map(math.log, r)) / len(r))
    print(f"{'geo. mean':<30}" + "".join(f"{mean(r):>19.1f}x" if r else f"{'-':>20}" for r in ratios.values()))
    if ratios.get("wasm3") and ratios.get("wax"):
        print(f"Wax / wasm3 {what}: {mean(ratios['wax']) / mean(ratios['wasm3']):.2f} (below 1: Wax is ahead)")
    if ratios.get("wasmtime") and ratios.get("walos-native"):
        print(f"walos's native tier / wasmtime {what}: "
              f"{mean(ratios['walos-native']) / mean(ratios['wasmtime']):.2f} (below 1: walos is ahead)")
    return mismatches


def main():
    if sys.argv[1:2] == ["--wasm3-run"]:
        print("i32:%d" % wasm3_run(sys.argv[2])(int(sys.argv[3])))
        return
    if sys.argv[1:2] == ["--wasmtime-run"]:
        print("i32:%d" % wasmtime_run(sys.argv[2])(int(sys.argv[3])))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build")
    parser.add_argument("--wax")
    parser.add_argument("--wasmkit")
    parser.add_argument("--walos")
    parser.add_argument("--instructions", action="store_true")
    args = parser.parse_args()
    if not args.wax and not (args.instructions and args.walos):
        parser.error("--wax is needed, unless --instructions --walos counts walos alone")
    if args.instructions:
        floor = command_line(lambda path, n: [path[:-len(".wasm")], str(n)], r"^(-?\d+)", counted, runs=1)
        mismatches = table(args.build, floor, instruction_engines(args), lambda c: f"{c / 1e6:.1f}M", "instructions")
    else:
        mismatches = table(args.build, lambda build, kernel, n: best(lambda: native(build, kernel, n)),
                           time_engines(args), lambda s: f"{s * 1000:.1f}ms", "time")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
