#!/usr/bin/env python3
"""SIMD against scalar code: kernels that clang vectorises (bench/wasm/simd/*.c), each built twice for wasm32,
without and with -msimd128, run in Wax (interpreted and on its native tier, instructions counted by callgrind as
in run.py --instructions) and in wasmtime (its compiler: times of the call, best of RUNS, with their spread).

usage: simd.py BUILD_DIR --wax WAX

BUILD_DIR holds KERNEL.wasm and KERNEL.simd.wasm, each exporting run(n) -> checksum; both builds must return the
same checksum in every engine. The last column is the SIMD build's cost over the scalar build's: below 1, SIMD is
ahead. Wax's native tier leaves functions with SIMD instructions to the interpreter (README, "SIMD"), so there
the SIMD build runs interpreted.
"""
import argparse
import os
import sys

import run

KERNELS = [("blur", 60), ("dot", 5000)]
RUNS = 5


def wasmtime_times(path, n):
    """The checksum and every time of RUNS calls of run(n), each in a fresh instance."""
    import time

    import wasmtime
    engine = wasmtime.Engine(wasmtime.Config())
    module = wasmtime.Module.from_file(engine, path)
    checksums, times = set(), []
    for _ in range(RUNS):
        store = wasmtime.Store(engine)
        function = wasmtime.Instance(store, module, []).exports(store)["run"]
        start = time.perf_counter()
        checksums.add(function(store, n) & 0xFFFFFFFF)
        times.append(time.perf_counter() - start)
    if len(checksums) != 1:
        raise RuntimeError(f"{path}: checksum changes between runs: {sorted(checksums)}")
    return checksums.pop(), times


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build")
    parser.add_argument("--wax", required=True)
    args = parser.parse_args()
    counted = {engine: run.command_line(run.wax_argv(args.wax, engine), run.WAX_RESULT, run.counted, runs=1)
               for engine in ("interp", "native")}
    print(f"{'kernel':<8}{'N':>6}  {'engine':<22}{'scalar':>14}{'SIMD':>14}{'SIMD/scalar':>13}")
    failures = 0
    for kernel, n in KERNELS:
        rows = []
        checksums = set()
        for engine, measure in counted.items():
            scalar = measure(args.build, kernel, n)
            vector = measure(args.build, kernel + ".simd", n)
            checksums |= {scalar[0], vector[0]}
            rows.append((f"wax {engine} (instr.)", f"{scalar[1] / 1e6:.1f}M", f"{vector[1] / 1e6:.1f}M",
                         f"{vector[1] / scalar[1]:.2f}"))
        scalar_sum, scalar_times = wasmtime_times(os.path.join(args.build, kernel + ".wasm"), n)
        vector_sum, vector_times = wasmtime_times(os.path.join(args.build, kernel + ".simd.wasm"), n)
        checksums |= {scalar_sum, vector_sum}
        # The ratio of the best times, and the range of the ratios of every pair of runs.
        ratios = [v / s for s in scalar_times for v in vector_times]
        rows.append(("wasmtime (ms, best)", f"{min(scalar_times) * 1e3:.2f}", f"{min(vector_times) * 1e3:.2f}",
                     f"{min(vector_times) / min(scalar_times):.2f} ({min(ratios):.2f}-{max(ratios):.2f})"))
        for k, (engine, scalar, vector, ratio) in enumerate(rows):
            print(f"{kernel if k == 0 else '':<8}{n if k == 0 else '':>6}  {engine:<22}{scalar:>14}{vector:>14}  {ratio}")
        if len(checksums) != 1:
            print(f"{kernel}: the builds and engines disagree: checksums {sorted(checksums)}", file=sys.stderr)
            failures += 1
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
