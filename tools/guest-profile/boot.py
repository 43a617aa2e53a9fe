#!/usr/bin/env python3
"""Counts the guest instructions of a boot to the shell's prompt and out again (PVH, one processor, -icount
shift=0), per kernel function, with tbcount.c: the boot's own profile.

usage: boot.py KERNEL.elf ROOT.tar COUNTS [KERNEL_ARGUMENTS...]
then:  report.py KERNEL.elf COUNTS
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "qemu"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "tools"))
import machine  # noqa: E402

kernel, root, counts = sys.argv[1:4]
plugin = os.path.join(os.path.dirname(os.path.abspath(kernel)), "..", "tools", "tbcount.so")
# One processor, single-threaded TCG: -icount needs it, and the counts then do not depend on timing.
command = [word for word in machine.CONSOLE_MACHINE]
command[command.index("tcg,thread=multi")] = "tcg"
command[command.index("-smp") + 1] = "1"
machine.CONSOLE_MACHINE = command + ["-icount", "shift=0", "-plugin", "%s,out=%s" % (plugin, counts)]
arguments = machine.pvh_boot(kernel, root)
arguments[arguments.index("-append") + 1] = " ".join(sys.argv[4:])
console = machine.SerialConsole(arguments, 600)
try:
    console.read_until(b"walos:/$ ")
    console.type(b"exit\r")
    console.process.wait(timeout=300)
finally:
    console.close()
