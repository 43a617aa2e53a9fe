#!/usr/bin/env python3
"""Keystroke to echo for `make bench`: walos booted to its shell under QEMU's `-icount shift=0` (the guest's
time-stamp counter counts guest instructions), letters typed on the PS/2 keyboard through QMP one at a time.
The kernel (`keylatency` on its command line) logs the instructions from the keyboard's interrupt to the shell's
echo of the key: the interrupt's message to the keyboard service (/srv/keyboard.wasm), its reading and decoding
of the controller's bytes, `console_input`, which wakes the shell's read, and the echo. The host measures the
wall time from QMP's send to the echo on serial.

usage: keyboard.py KERNEL ROOT_TAR
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "qemu"))
from machine import QEMU, QMP  # noqa: E402

KEYS = "abcdefghijklmnopqrstuvwxyz" * 2


def main(kernel, root):
    directory = tempfile.mkdtemp(prefix="walos-keys-")
    qmp_path = os.path.join(directory, "qmp")
    command = [QEMU, "-machine", "q35", "-m", "512M", "-smp", "2", "-icount", "shift=0", "-kernel", kernel,
               "-initrd", root, "-append", "keylatency", "-display", "none", "-vga", "std", "-serial", "stdio",
               "-no-reboot", "-monitor", "none", "-qmp", "unix:%s,server=on,wait=off" % qmp_path]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    os.set_blocking(process.stdout.fileno(), False)
    output = b""

    def until(pattern, after, limit=120):
        nonlocal output
        deadline = time.time() + limit
        while True:
            output += process.stdout.read() or b""
            match = re.compile(pattern).search(output, after)
            if match:
                return match
            if time.time() > deadline or process.poll() is not None:
                raise SystemExit("no %r from walos; it showed:\n%s" % (pattern, output[-2000:].decode("utf-8", "replace")))
            time.sleep(0.002)

    try:
        at = until(rb"walos:/\$ ", 0).end()
        qmp = QMP(qmp_path)
        instructions, walls = [], []
        for key in KEYS:
            events = [{"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": key}}}
                      for down in (True, False)]
            started = time.time()
            qmp.command("input-send-event", events=events)
            echo = until(re.escape(key.encode()), at)
            walls.append(time.time() - started)
            logged = until(rb"keyboard: echo (\d+) cycles after the key", echo.end())
            instructions.append(int(logged.group(1)))
            at = logged.end()
        qmp.close()
    finally:
        process.kill()
        process.wait()
    print("keystroke to echo (%d keys, -icount shift=0): guest instructions from the interrupt to the echo median %d, "
          "min %d, max %d; wall from QMP to the serial echo median %.1f ms, max %.1f ms"
          % (len(KEYS), statistics.median(instructions), min(instructions), max(instructions),
             1000 * statistics.median(walls), 1000 * max(walls)))


if __name__ == "__main__":
    main(*sys.argv[1:3])
