#!/usr/bin/env python3
"""A full-screen present through the display service for `make bench`: walos booted with QEMU's standard VGA
(1024 x 768) under `-icount shift=0`, where a nanosecond of the guest's monotonic clock is one guest instruction.
tests/graphics/display.c `bench`, run at the shell, times 10 presents of the whole screen (walos_display_present:
52 bands of at most 15 rows, one channel call each, after an `info` that checks the rectangle), then 10 presents
of one row of 16 pixels: one call, what each message costs beside its bytes.

usage: display.py KERNEL ROOT_TAR DISPLAY_CLIENT_WASM
"""
import os
import re
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "qemu"))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "tools"))
from machine import COUNTING_CONSOLE_MACHINE, SerialConsole, pvh_boot, root_archive  # noqa: E402


def main(kernel, root, client):
    with tempfile.TemporaryDirectory(prefix="walos-bench-display-") as directory:
        root = root_archive(root, os.path.join(directory, "root.tar"), folders=["tests"],
                            files=[("tests/display.wasm", client)])
        console = SerialConsole(pvh_boot(kernel, root), 600, machine=COUNTING_CONSOLE_MACHINE)
        try:
            console.read_until(b"walos:/$ ")
            console.type(b"/tests/display.wasm bench\r")
            present = console.read_match(re.compile(rb"display: present (\d+x\d+) ns:([\d ]+)\r?\n"))
            small = console.read_match(re.compile(rb"display: present 16x1 ns:([\d ]+)\r?\n"))
        finally:
            console.close()
    presents = [int(n) for n in present.group(2).split()]
    smalls = [int(n) for n in small.group(1).split()]
    print("display present of the whole screen (%s, -icount shift=0): guest instructions median %d, min %d, max %d;"
          " of one row of 16 pixels (one message): median %d"
          % (present.group(1).decode(), statistics.median(presents), min(presents), max(presents),
             statistics.median(smalls)))


if __name__ == "__main__":
    main(*(os.path.abspath(p) for p in sys.argv[1:4]))
