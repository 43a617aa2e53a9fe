#!/usr/bin/env python3
"""Differential testing of Wax against wasmtime on random modules from binaryen's `wasm-opt --translate-to-fuzz`.

usage: diff.py suite --wax CMD [--seeds FIRST-LAST] [--wasm3-seeds FIRST-LAST] [--smith-seeds FIRST-LAST]
                           [--smith64-seeds FIRST-LAST] [--simd-seeds FIRST-LAST] [--gc-seeds FIRST-LAST]
                           [--jobs N]
                                                        the fixed batch of `make test`
       diff.py fuzz  --wax CMD [--seconds N] [--out DIR] random seeds; failing modules are kept in DIR
       diff.py show  --wax CMD [--kind KIND] SEED       both engines' events for one seed, to reproduce a failure

CMD runs a module like binaryen's --fuzz-exec and prints its events (`wax fuzz-exec`); with --wax given more than
once (`wax fuzz-exec --engine interp` and `--engine native`), every command must match wasmtime on each module,
which is generated and run in wasmtime once. Each seed gives random
bytes that a generator turns into a module of its kind: "2.0" (--seeds), wasm-opt with the WebAssembly 2.0
features; "3.0" (--wasm3-seeds), wasm-opt with those of WebAssembly 3.0 that binaryen 108 has and Wax runs (tail
calls and extended constant expressions; its exception handling is the legacy form, and it has no multi-memory);
"smith" (--smith-seeds), `wasm-tools smith` with exception handling, multi-memory, tail calls and extended
constants (see smith.py); "smith64" (--smith64-seeds), the same with memory64 and table64; "simd" (--simd-seeds), the same
as "smith" with 128-bit SIMD; "gc" (--gc-seeds), with GC. Random seeds take the six kinds in turn. Binaryen 108 often types
`ref.func` as a typed function reference, which 2.0 does not have: when wasmtime rejects that module, Wax must
reject it too, and the same bytes are tried again without reference types. A seed is skipped when wasm-opt or
wasmtime refuses every variant, or wasmtime runs out of fuel.
"""
import argparse
import collections
import concurrent.futures
import itertools
import os
import random
import shlex
import subprocess
import sys
import time

import events
import reference
import smith

WASM_2_0 = ["--mvp-features", "--enable-sign-ext", "--enable-mutable-globals", "--enable-nontrapping-float-to-int",
            "--enable-multivalue", "--enable-bulk-memory", "--enable-reference-types"]
WASM_3_0 = ["--enable-tail-call", "--enable-extended-const"]


def binaryen(flags):
    return lambda seed, work: generate(seed, flags, work)


# Each seed's module, by the first of its kind's generators whose module wasmtime accepts.
VARIANTS = [("2.0", binaryen(WASM_2_0)), ("2.0 without reference types", binaryen(WASM_2_0[:-1]))]
VARIANTS_3_0 = [("3.0", binaryen(WASM_2_0 + WASM_3_0)),
                ("3.0 without reference types", binaryen(WASM_2_0[:-1] + WASM_3_0))]
VARIANTS_SMITH = [("smith", smith.generate)]
VARIANTS_SMITH_64 = [("smith memory64", smith.generate64)]
VARIANTS_SIMD = [("smith simd", smith.generate_simd)]
VARIANTS_GC = [("smith gc", smith.generate_gc)]
KINDS = {"2.0": VARIANTS, "3.0": VARIANTS_3_0, "smith": VARIANTS_SMITH, "smith64": VARIANTS_SMITH_64,
         "simd": VARIANTS_SIMD, "gc": VARIANTS_GC}
WAX_TIMEOUT = 30
# Wax's trap when a store's GC objects would pass their limit.
GC_LIMIT = "GC heap exhausted"


class Outcome:
    def __init__(self, verdict, text, module=None, report=None):
        self.verdict, self.text, self.module, self.report = verdict, text, module, report


def seed_bytes(seed):
    rng = random.Random(seed)
    return rng.randbytes(rng.randint(256, 16384))


def generate(seed, flags, work):
    """The module wasm-opt makes of the seed's bytes with these feature flags, or None."""
    source = os.path.join(work, f"seed-{seed}.bin")
    target = os.path.join(work, f"seed-{seed}.wasm")
    with open(source, "wb") as f:
        f.write(seed_bytes(seed))
    done = subprocess.run(["wasm-opt", "-ttf", source, "-o", target] + flags, capture_output=True)
    if done.returncode != 0 or not os.path.exists(target):
        return None
    with open(target, "rb") as f:
        return f.read()


def run_wax(wax, data, work, seed):
    """(raw lines, canonical events) of the Wax driver; raises RuntimeError when it crashes or hangs."""
    path = os.path.join(work, f"seed-{seed}.wasm")
    with open(path, "wb") as f:
        f.write(data)
    try:
        done = subprocess.run(shlex.split(wax) + [path], capture_output=True, text=True, errors="replace",
                              timeout=WAX_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"Wax did not finish within {WAX_TIMEOUT} s")
    if done.returncode not in (0, 2, 3):
        tail = done.stderr.strip().splitlines()[-1:] or ["no message"]
        raise RuntimeError(f"Wax exited with status {done.returncode}: {tail[0]}")
    lines = done.stdout.splitlines()
    try:
        return lines, events.wax_events(lines)
    except ValueError as error:
        raise RuntimeError(str(error))


def compare(seed, variant, data, engine, waxes, work):
    try:
        expected = reference.run(engine, data)
    except reference.OutOfFuel:
        return Outcome("SKIP", f"wasmtime ran out of fuel ({variant})")
    exports = sum(1 for e in expected if e.startswith("export "))
    report = ["wasmtime:"] + expected
    for wax in waxes:
        which = f"{variant}, {wax}" if len(waxes) > 1 else variant
        try:
            raw, actual = run_wax(wax, data, work, seed)
        except RuntimeError as error:
            return Outcome("FAIL", f"{error} ({which})", data, "\n".join(report))
        report += ["", f"wax ({wax}):"] + raw
        at = events.first_difference(expected, actual)
        if at is None:
            continue
        if at < len(raw) and GC_LIMIT in raw[at]:
            # wasmtime backs a 2 GiB array lazily; Wax's collected heap has a limit (Wax's ResourceTests and
            # GCTests check that it holds).
            return Outcome("SKIP", f"the module allocates past Wax's GC heap limit ({which})")
        export = next((e[7:] for e in reversed(expected[:at]) if e.startswith("export ")), "(instantiation)")
        want = expected[at] if at < len(expected) else "(end)"
        got = "(end)" if at >= len(actual) else actual[at] if actual[at] == raw[at] else f"{actual[at]} [{raw[at]}]"
        return Outcome("FAIL", f"event {at} in export {export}: wasmtime `{want}`, Wax `{got}` ({which})", data,
                       "\n".join(report))
    return Outcome("PASS", f"{exports} exports, {len(expected)} events ({variant})", data, "\n".join(report))


def check(seed, variants, engine, waxes, work):
    rejections = []
    for variant, make in variants:
        data = make(seed, work)
        if data is None:
            rejections.append(f"the generator failed ({variant})")
            continue
        reason = reference.validate(engine, data)
        if reason is None:
            return compare(seed, variant, data, engine, waxes, work)
        for wax in waxes:
            try:
                raw, _ = run_wax(wax, data, work, seed)
            except RuntimeError as error:
                return Outcome("FAIL", f"on a module wasmtime rejects: {error} ({variant})", data)
            if not raw or not raw[0].startswith("invalid "):
                return Outcome("FAIL", f"Wax accepts a module wasmtime rejects: {reason} ({variant}, {wax})", data)
        rejections.append(f"both reject ({variant}): {reason}")
    return Outcome("SKIP", "; ".join(rejections))


def keep(outcome, seed, directory):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, f"seed-{seed}.wasm"), "wb") as f:
        f.write(outcome.module)
    if outcome.report:
        with open(os.path.join(directory, f"seed-{seed}.txt"), "w") as f:
            f.write(outcome.text + "\n\n" + outcome.report + "\n")


def outcomes(seeds, waxes, work, jobs, deadline):
    """(seed, kind, outcome) of each (seed, kind) of `seeds`, in order, checking `jobs` at a time (each seed's files
    have names of their own in `work`); takes no new seed after the deadline."""
    engine = reference.engine()
    seeds = iter(seeds)
    pending = collections.deque()
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        while True:
            while len(pending) < 2 * jobs and (deadline is None or time.monotonic() < deadline):
                item = next(seeds, None)
                if item is None:
                    break
                pending.append((item, pool.submit(check, item[0], KINDS[item[1]], engine, waxes, work)))
            if not pending:
                return
            (seed, kind), future = pending.popleft()
            yield seed, kind, future.result()


def batch(seeds, waxes, work, failed_dir, label, jobs, deadline=None):
    """Checks each (seed, kind) of `seeds`."""
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    for seed, kind, outcome in outcomes(seeds, waxes, work, jobs, deadline):
        counts[outcome.verdict] += 1
        line = f"{outcome.verdict} seed {seed}: {outcome.text}"
        if outcome.verdict == "FAIL":
            keep(outcome, seed, failed_dir)
            options = " ".join(f"--wax '{wax}'" for wax in waxes)
            line += f"\n     reproduce: python3 tests/diff/diff.py show {options} --kind {kind} {seed}" \
                    f" (module kept in {failed_dir}/seed-{seed}.wasm)"
        print(line, flush=True)
    print(f"{label}: {counts['PASS']} passed, {counts['FAIL']} failed, {counts['SKIP']} skipped")
    return counts["FAIL"] == 0


def show(seed, variants, waxes, work):
    engine = reference.engine()
    outcome = check(seed, variants, engine, waxes, work)
    print(f"{outcome.verdict} seed {seed}: {outcome.text}")
    if outcome.report:
        print(outcome.report)
    return outcome.verdict != "FAIL"


def seed_range(text):
    """The seeds of FIRST-LAST (none for None)."""
    if text is None:
        return range(0)
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["suite", "fuzz", "show"])
    parser.add_argument("seed", nargs="?", type=int)
    parser.add_argument("--wax", required=True, action="append",
                        help="command that runs a module in Wax (fuzz-exec events); repeatable")
    parser.add_argument("--seeds", default="1-200", help="suite: FIRST-LAST, WebAssembly 2.0 modules")
    parser.add_argument("--wasm3-seeds", help="suite: FIRST-LAST, wasm-opt modules with WebAssembly 3.0 features")
    parser.add_argument("--smith-seeds", help="suite: FIRST-LAST, wasm-tools smith modules")
    parser.add_argument("--smith64-seeds", help="suite: FIRST-LAST, wasm-tools smith modules with memory64")
    parser.add_argument("--simd-seeds", help="suite: FIRST-LAST, wasm-tools smith modules with SIMD")
    parser.add_argument("--gc-seeds", help="suite: FIRST-LAST, wasm-tools smith modules with GC")
    parser.add_argument("--kind", choices=sorted(KINDS), default="2.0", help="show: the seed's kind of module")
    parser.add_argument("--seconds", type=float, default=600, help="fuzz: how long to run")
    parser.add_argument("--out", default="build/fuzz", help="fuzz: where failing modules go")
    parser.add_argument("--work", default="build/diff/work")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="seeds checked at once (default: CPUs)")
    args = parser.parse_intermixed_args()
    os.makedirs(args.work, exist_ok=True)
    if args.mode == "suite":
        seeds = [(seed, "2.0") for seed in seed_range(args.seeds)]
        seeds += [(seed, "3.0") for seed in seed_range(args.wasm3_seeds)]
        seeds += [(seed, "smith") for seed in seed_range(args.smith_seeds)]
        seeds += [(seed, "smith64") for seed in seed_range(args.smith64_seeds)]
        seeds += [(seed, "simd") for seed in seed_range(args.simd_seeds)]
        seeds += [(seed, "gc") for seed in seed_range(args.gc_seeds)]
        ok = batch(seeds, args.wax, args.work, "build/diff/failed", "diff", args.jobs)
    elif args.mode == "fuzz":
        rng = random.SystemRandom()
        seeds = ((rng.randrange(1 << 20, 1 << 62), kind) for kind in itertools.cycle(KINDS))
        ok = batch(seeds, args.wax, args.work, args.out, "fuzz", args.jobs, time.monotonic() + args.seconds)
    else:
        if args.seed is None:
            parser.error("show needs a SEED")
        ok = show(args.seed, KINDS[args.kind], args.wax, args.work)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
