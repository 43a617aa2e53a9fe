#!/usr/bin/env python3
"""Guest instructions per kernel function, from the counts of tbcount.c (a QEMU TCG plugin), optionally as the
difference from a baseline run divided by a number of units (run A does N more round trips than run B: the
cost of one).

usage: report.py KERNEL.elf COUNTS [BASELINE_COUNTS UNITS] [--top K]

Each function's line: instructions (per unit), calls (executions of its first block, per unit), its name
demangled. Build the plugin and take counts with:
    make guest-profiler
    WALOS_ICOUNT=1 SMP=1 WALOS_QEMU_ARGS="-plugin build/tools/tbcount.so,out=/tmp/a.txt" ./walos run prog.wasm
"""
import bisect
import collections
import subprocess
import sys

DEMANGLE = "/opt/swift/usr/bin/swift-demangle"


def symbols(kernel):
    found = []
    listing = subprocess.run(["nm", "-n", "--defined-only", kernel], capture_output=True, text=True, check=True)
    for line in listing.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[1] in "tTwW":
            found.append((int(fields[0], 16), fields[2]))
    return found


def tally(path, table):
    """(instructions, first-block executions) per function name."""
    addresses = [address for address, _ in table]
    starts = dict(table)
    instructions, calls = collections.Counter(), collections.Counter()
    with open(path) as counts:
        for line in counts:
            address, size, executions = line.split()
            address, executed = int(address, 16), int(executions)
            index = bisect.bisect_right(addresses, address) - 1
            name = table[index][1] if index >= 0 else "?"
            instructions[name] += int(size) * executed
            if starts.get(address) == name:
                calls[name] += executed
    return instructions, calls


def main():
    arguments = sys.argv[1:]
    top = 40
    if "--top" in arguments:
        at = arguments.index("--top")
        top = int(arguments[at + 1])
        del arguments[at:at + 2]
    if len(arguments) not in (2, 4):
        sys.exit(__doc__)
    table = symbols(arguments[0])
    instructions, calls = tally(arguments[1], table)
    units = 1
    if len(arguments) == 4:
        base_instructions, base_calls = tally(arguments[2], table)
        instructions.subtract(base_instructions)
        calls.subtract(base_calls)
        units = int(arguments[3])
    print("total: %.0f guest instructions%s" % (sum(instructions.values()) / units, " per unit" if units > 1 else ""))
    rows = instructions.most_common(top)
    names = subprocess.run([DEMANGLE, "--simplified", "--compact"], input="\n".join(name for name, _ in rows),
                           capture_output=True, text=True).stdout.splitlines()
    for (name, count), shown in zip(rows, names):
        print("%12.0f %10.2f  %s" % (count / units, calls[name] / units, shown[:140]))


if __name__ == "__main__":
    main()
