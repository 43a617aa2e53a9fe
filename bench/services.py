#!/usr/bin/env python3
"""Service restart for `make bench`: walos booted with a manifest whose echo service restarts at once
(`backoff = 0ms`) under QEMU's `-icount shift=0`, where a nanosecond of the guest's monotonic clock is one guest
instruction. tests/services/client.c `restart echo N`, run at the shell, asks init to kill echo N times and
measures each time from the request to the restarted instance's first answer on a new endpoint: init sees the
end, spawns the module again (its compiled code comes from the module cache), the service says it is ready,
and the client's connect and call go through.

usage: services.py KERNEL ROOT_TAR SVC_CLIENT_WASM
"""
import os
import re
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "qemu"))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "tools"))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "services"))
from machine import COUNTING_CONSOLE_MACHINE, SerialConsole, pvh_boot  # noqa: E402
import run as services  # noqa: E402

MANIFEST = """\
[echo]
module = /srv/echo.wasm
backoff = 0ms
limit = 1000
"""
RESTARTS = 20


def main(kernel, root, client):
    services.ROOT_TAR, services.CLIENT = root, client
    with tempfile.TemporaryDirectory(prefix="walos-bench-services-") as directory:
        console = SerialConsole(pvh_boot(kernel, services.root_with(MANIFEST, directory), vga="none"), 600,
                                machine=COUNTING_CONSOLE_MACHINE)
        try:
            console.read_until(b"walos:/$ ")
            console.type(b"/tests/svc-client.wasm restart echo %d\r" % RESTARTS)
            found = console.read_match(re.compile(rb"svc-client: restart echo ns:([\d ]+)\r?\n"))
        finally:
            console.close()
    counts = [int(n) for n in found.group(1).split()]
    print("service restart (%d kills of echo, -icount shift=0): guest instructions from the kill request to the "
          "new instance's first answer median %d, min %d, max %d"
          % (len(counts), statistics.median(counts), min(counts), max(counts)))


if __name__ == "__main__":
    main(*(os.path.abspath(p) for p in sys.argv[1:4]))
