#!/usr/bin/env python3
"""Resource bombs against the kernel: random scripts of tests/fuzz/bomb.c's steps, and random modules whose
shape alone makes an engine spend (tables, locals, globals, segments, nesting), each run under `./walos run`.

The kernel must survive every one: a run ends by itself within its time limit, never in a kernel panic (status
125); a bomb script prints one line per step and then the proof of life `alive` with the checksum computed here;
a module is run (0), refused (1, with `Error:` on stderr) or trapped (134). Failing cases are saved in OUT with
what walos printed, and the seed to run them again.

usage: bombs.py --walos CMD --bomb BOMB.wasm --out DIR (--seconds N | --seeds FIRST-LAST | --scripts FILE)

--scripts runs the bomb scripts of FILE, one per line (`#` starts a comment): the hostile suite of `make test`.
"""
import argparse
import os
import random
import shlex
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import wasm_encoding as enc  # noqa: E402

# The walos run time limit of one case, and how much longer walos may take to end it and boot.
RUN_LIMIT = 60
GRACE = 60

# Each step kind with the range its magnitudes are drawn from (log-uniformly), reaching past every limit.
STEPS = {
    "grow": (1, 70_000),
    "files": (1, 200_000),
    "fds": (1, 100_000),
    "renumber": (1, 200_000),
    "pipes": (1, 5_000),
    "size": (1, 1 << 44),
    "write": (1, 1024),
    "unlinked": (1, 1024),
    "pwrite": (1, 1 << 63),
    "symlinks": ((1, 5_000), (1, 2 << 20)),
    "path": (1, 4 << 20),
    "nest": (1, 20_000),
    "poll": (1, 5_000_000),
    "iovecs": ((1, 4_000_000), (0, 1 << 20)),
    "sleep": (0, 500),
}


def log_uniform(rng, low, high):
    if low == 0 and rng.random() < 0.1:
        return 0
    low = max(low, 1)
    # Skewed toward the top of the range, where the limits are.
    return int(round(low * (high / low) ** (rng.random() ** 0.5)))


def script(rng):
    """One to five steps, sometimes followed by a recursion that may trap."""
    steps = []
    for _ in range(rng.randint(1, 5)):
        kind = rng.choice(sorted(STEPS))
        ranges = STEPS[kind]
        if isinstance(ranges[0], tuple):
            steps.append("%s:%d:%d" % (kind, log_uniform(rng, *ranges[0]), log_uniform(rng, *ranges[1])))
        else:
            steps.append("%s:%d" % (kind, log_uniform(rng, *ranges)))
    if rng.random() < 0.2:
        steps.append("recurse:%d" % log_uniform(rng, 1, 1_000_000))
    return steps


def alive_line():
    """The proof of life bomb.c prints: the sum of i * 2654435761 (mod 2^32) for i below 4096."""
    return "alive %08x" % (sum(i * 2654435761 for i in range(4096)) & 0xFFFFFFFF)


def judge_script(steps, status, stdout, stderr):
    """None when the run is what the kernel owes a bomb script, else what was wrong."""
    lines = stdout.splitlines()
    traps = steps[-1].startswith("recurse") and status == 134 and "wasm trap" in stderr
    expected = steps[:-1] if traps else steps
    if status != 0 and not traps:
        return "exit status %d" % status
    for step, line in zip(expected, lines):
        if not line.startswith(step.split(":")[0] + ": "):
            return "step %s printed %r" % (step, line)
    if len(lines) < len(expected):
        return "only %d of %d steps reported" % (len(lines), len(expected))
    if not traps and lines[len(expected):] != [alive_line()]:
        return "no proof of life: %r" % lines[len(expected):]
    return None


def shape(rng):
    """A module of one hostile shape; its description and its bytes."""
    kind = rng.choice(["tables", "locals", "globals", "elements", "nesting", "br_table", "memory", "grow"])
    if kind == "tables":
        count, size = log_uniform(rng, 1, 1_000), log_uniform(rng, 1, 1 << 20)
        return "%d tables of %d funcref" % (count, size), enc.module(tables=[size] * count)
    if kind == "locals":
        functions, locals_ = log_uniform(rng, 1, 4_000), log_uniform(rng, 1, 50_000)
        return ("%d functions of %d i64 locals" % (functions, locals_),
                enc.module(functions=[([(locals_, enc.I64)], b"")] * functions))
    if kind == "globals":
        count = log_uniform(rng, 1, 200_000)
        return "%d globals" % count, enc.module(globals_=count)
    if kind == "elements":
        count = log_uniform(rng, 1, 1 << 20)
        return "a passive segment of %d references" % count, enc.module(passive_elements=count)
    if kind == "nesting":
        depth = log_uniform(rng, 1, 200_000)
        return "blocks nested %d deep" % depth, enc.module(start_code=enc.OP_BLOCK_EMPTY * depth + enc.OP_END * depth)
    if kind == "br_table":
        targets = log_uniform(rng, 1, 1_000_000)
        return "a br_table of %d targets" % targets, enc.module(start_code=enc.br_table(targets))
    if kind == "memory":
        pages = log_uniform(rng, 1, 65_536)
        return "a memory of %d pages at least" % pages, enc.module(memory=pages)
    rounds, delta = log_uniform(rng, 1, 10_000), log_uniform(rng, 1, 1 << 20)
    return ("table.grow and memory.grow by %d, %d times" % (delta, rounds),
            enc.module(tables=[0], memory=0, start_code=enc.grow_loop(rounds, delta)))


def judge_shape(status, stderr):
    if status in (0, 134) or (status == 1 and "Error:" in stderr):
        return None
    return "exit status %d" % status


def run(walos, arguments):
    try:
        done = subprocess.run(walos + ["--timeout", str(RUN_LIMIT)] + arguments, capture_output=True,
                              timeout=RUN_LIMIT + GRACE)
    except subprocess.TimeoutExpired as expired:
        return None, (expired.stdout or b"").decode("utf-8", "replace"), \
            (expired.stderr or b"").decode("utf-8", "replace")
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


def survived(status, stderr):
    """What went wrong with the kernel itself, or None."""
    if status is None:
        return "no end within %d s" % (RUN_LIMIT + GRACE)
    if status == 125 or "KERNEL PANIC" in stderr:
        return "kernel panic"
    return None


def bomb_case(steps, walos, bomb):
    """Runs one bomb script; returns (description, failure or None, status, stdout, stderr)."""
    status, stdout, stderr = run(walos, ["--ram-dir", "/", bomb] + steps)
    failure = survived(status, stderr) or judge_script(steps, status, stdout, stderr)
    return "bomb " + " ".join(steps), failure, status, stdout, stderr


def case(seed, walos, bomb, work):
    """Runs the case of one seed: a bomb script, or a module of a hostile shape."""
    rng = random.Random(seed)
    if rng.random() < 0.7:
        return bomb_case(script(rng), walos, bomb)
    description, module = shape(rng)
    path = os.path.join(work, "shape-%d.wasm" % seed)
    with open(path, "wb") as f:
        f.write(module)
    status, stdout, stderr = run(walos, [path])
    os.unlink(path)
    return description, survived(status, stderr) or judge_shape(status, stderr), status, stdout, stderr


def scripts(path):
    with open(path) as f:
        for line in f:
            steps = line.split("#")[0].split()
            if steps:
                yield steps


def seeds(arguments):
    if arguments.seeds:
        first, _, last = arguments.seeds.partition("-")
        yield from range(int(first), int(last or first) + 1)
        return
    end = time.monotonic() + arguments.seconds
    seed = random.SystemRandom().randrange(1 << 32)
    while time.monotonic() < end:
        yield seed
        seed += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walos", required=True, help="the run command, e.g. './walos run'")
    parser.add_argument("--bomb", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--seeds", help="FIRST-LAST: exactly these seeds")
    parser.add_argument("--scripts", help="a file of bomb scripts, one per line")
    arguments = parser.parse_args()
    walos = shlex.split(arguments.walos)
    os.makedirs(arguments.out, exist_ok=True)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as work:
        if arguments.scripts:
            cases = (("line-%d" % n, lambda steps=steps: bomb_case(steps, walos, arguments.bomb))
                     for n, steps in enumerate(scripts(arguments.scripts), 1))
        else:
            cases = (("seed-%d" % seed, lambda seed=seed: case(seed, walos, arguments.bomb, work))
                     for seed in seeds(arguments))
        for label, run_case in cases:
            description, failure, status, stdout, stderr = run_case()
            if failure is None:
                passed += 1
                print("ok   %s: %s (exit %s)" % (label, description, status), flush=True)
                print("     " + " | ".join(stdout.splitlines()[:8]), flush=True)
                continue
            failed += 1
            print("FAIL %s: %s: %s" % (label, description, failure), flush=True)
            with open(os.path.join(arguments.out, label + ".txt"), "w") as f:
                f.write("%s\n%s\nexit %s\n--- stdout\n%s\n--- stderr\n%s\n" % (description, failure, status,
                                                                              stdout[-20000:], stderr[-20000:]))
            print(stderr[-3000:], flush=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
