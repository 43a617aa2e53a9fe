#!/usr/bin/env python3
"""Boot figures for `make bench`: time and guest instructions to the kernel's entry, kernel image size, and the
kernel heap's cost per allocation/free pair.

usage: boot.py KERNEL.elf
Instructions come from QEMU's `-icount shift=0`, where the guest's time-stamp counter advances one per guest
instruction: deterministic, unlike the wall times, which are the median of several boots on a shared machine.
"""
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "qemu"))
from machine import pvh_command, run  # noqa: E402


def image_size(kernel):
    headers = subprocess.run(["readelf", "-lW", kernel], capture_output=True, text=True, check=True).stdout
    loaded = sum(int(m.group(1), 16) for m in re.finditer(r"^\s+LOAD\s+\S+\s+\S+\s+\S+\s+\S+\s+(0x[0-9a-f]+)",
                                                            headers, re.M))
    return os.path.getsize(kernel), loaded


def main():
    kernel = sys.argv[1]
    walls = []
    for _ in range(5):
        started = time.time()
        boot = run(pvh_command(kernel, ""), 60, until="walos 0.1.0")
        walls.append(time.time() - started)
    icount = run(pvh_command(kernel, "bench", extra=["-icount", "shift=0"]), 300)
    figures = dict(re.findall(r"^bench: (\S+) (\d+)", icount.output, re.M))
    file_size, loaded = image_size(kernel)
    print("PVH boot to the kernel banner, wall time (median of 5, TCG):  %.3f s" % statistics.median(walls))
    print("PVH boot to the kernel entry, guest instructions (icount):     %s" % figures.get("entry-tsc", "?"))
    print("kernel image: %d bytes on disk, %d bytes loaded" % (file_size, loaded))
    print("kernel heap, guest instructions per allocate/free pair:        %s" % figures.get("heap-pair-tsc", "?"))


if __name__ == "__main__":
    main()
