#!/usr/bin/env python3
"""Boot figures for `make bench`: time and guest instructions to the kernel's entry, kernel image size, and the
kernel heap's cost per allocation/free pair.

usage: boot.py KERNEL.elf ESP.img
Instructions come from QEMU's `-icount shift=0`, where the guest's time-stamp counter advances one per guest
instruction: deterministic, unlike the wall times, which are the median of several boots on a shared machine.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "qemu"))
from machine import ovmf_command, pvh_command, run  # noqa: E402


def image_size(kernel):
    headers = subprocess.run(["readelf", "-lW", kernel], capture_output=True, text=True, check=True).stdout
    loaded = sum(int(m.group(1), 16) for m in re.finditer(r"^\s+LOAD\s+\S+\s+\S+\s+\S+\s+\S+\s+(0x[0-9a-f]+)",
                                                            headers, re.M))
    return os.path.getsize(kernel), loaded


def wall_to_banner(command, runs):
    walls = []
    for _ in range(runs):
        started = time.time()
        run(command(), 120, until="walos 0.1.0")
        walls.append(time.time() - started)
    return statistics.median(walls)


def bench_figures(command):
    boot = run(command, 600)
    return dict(re.findall(r"^bench: (\S+) (\d+)", boot.output, re.M))


def main():
    kernel, esp = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="walos-bench-")
    try:
        image = os.path.join(work, "esp.img")
        shutil.copy(esp, image)
        pvh_wall = wall_to_banner(lambda: pvh_command(kernel, ""), 5)
        uefi_wall = wall_to_banner(lambda: ovmf_command(image, work), 3)
        pvh = bench_figures(pvh_command(kernel, "bench", extra=["-icount", "shift=0"]))
        with open(os.path.join(work, "cmdline.txt"), "w") as f:
            f.write("bench\n")
        subprocess.run(["mcopy", "-o", "-i", image, os.path.join(work, "cmdline.txt"), "::/walos/cmdline.txt"],
                       check=True)
        uefi = bench_figures(ovmf_command(image, work, extra=["-icount", "shift=0"]))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    file_size, loaded = image_size(kernel)
    print("boot to the kernel banner, wall time under TCG:  PVH %.3f s (median of 5), OVMF %.2f s (median of 3)"
          % (pvh_wall, uefi_wall))
    print("boot to the kernel entry, guest instructions (-icount shift=0):  PVH %s, OVMF %s"
          % (pvh.get("entry-tsc", "?"), uefi.get("entry-tsc", "?")))
    print("kernel image: %d bytes on disk, %d bytes loaded" % (file_size, loaded))
    print("kernel heap, guest instructions per allocate/free pair:  %s" % pvh.get("heap-pair-tsc", "?"))


if __name__ == "__main__":
    main()
