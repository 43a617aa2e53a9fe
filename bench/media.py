#!/usr/bin/env python3
"""Boot to the shell's prompt, from each way walos boots (`make bench-media`): PVH direct boot, OVMF with the walos
loader from build/walos.img as a USB stick and from build/walos.iso, and GRUB from build/walos.iso under SeaBIOS.

usage: media.py KERNEL ROOT_TAR ISO IMG
Wall time: from starting QEMU to the prompt on serial, the median of three boots under multi-threaded TCG on a
shared machine. Guest instructions: under `-icount shift=0` the guest's TSC counts instructions from reset; the
kernel's boot line gives the TSC beside its log timestamp, so "walos is up" (logged as the shell starts) is
placed in instructions from reset, firmware and boot loader included.
"""
import importlib.util
import os
import re
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("media_suite", os.path.join(HERE, "..", "tests", "media", "run.py"))
media = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(media)

RUNS = 3
# -icount needs one TCG thread; one processor, since OVMF under -icount takes minutes as it is.
ICOUNT_MACHINE = [{"tcg,thread=multi": "tcg,thread=single", "2": "1"}.get(a, a) for a in media.MACHINE] + \
    ["-icount", "shift=0"]
media.shell_suite.LIMIT = 900
def boot(arguments, firmware, machine):
    """Boots to the prompt; the seconds it took and the serial output."""
    started = time.time()
    console = media.MediaConsole(arguments, firmware=firmware, machine=machine)
    try:
        at = console.read_until(b"walos is up")
        console.read_until(media.PROMPT, at)
        return time.time() - started, console.output.decode("utf-8", "replace")
    finally:
        console.close()


def logged(log, pattern):
    """The first log line matching `pattern`: its timestamp in nanoseconds and the match."""
    found = re.search(r"\[\s*(\d+)\.(\d{6})\] [^\n]*" + pattern, log)
    return (int(found.group(1)) * 10**9 + int(found.group(2)) * 1000, found) if found else (None, None)


def instructions(log):
    """Guest instructions from reset to "walos is up", from the boot line's TSC and the log timestamps."""
    boot_time, boot_line = logged(log, r"boot: [^\n]*, TSC (\d+)")
    up_time, _ = logged(log, "walos is up")
    mhz = re.search(r"clock: TSC (\d+) MHz", log)
    if boot_line is None or up_time is None or mhz is None:
        return None
    return int(boot_line.group(3)) + (up_time - boot_time) * int(mhz.group(1)) // 1000


def main():
    kernel, root_tar, iso, img = sys.argv[1:5]
    paths = [
        ("PVH direct boot", ["-kernel", kernel, "-initrd", root_tar, "-append", ""], False),
        ("SeaBIOS and GRUB, walos.iso", ["-cdrom", iso], False),
        ("OVMF, walos.iso", ["-cdrom", iso], True),
        ("OVMF, walos.img as a USB stick", ["-device", "qemu-xhci", "-drive",
                                            "if=none,id=stick,format=raw,snapshot=on,file=" + img,
                                            "-device", "usb-storage,drive=stick,removable=on"], True),
    ]
    print("boot to the shell prompt: wall time under TCG (median of %d), guest instructions to \"walos is up\" "
          "(-icount shift=0)" % RUNS)
    for name, arguments, firmware in paths:
        wall = statistics.median(boot(arguments, firmware, media.MACHINE)[0] for _ in range(RUNS))
        try:
            count = instructions(boot(arguments, firmware, ICOUNT_MACHINE)[1])
        except AssertionError:  # no prompt within the time limit: the wall figure still stands
            count = None
        print("  %-32s %6.2f s  %s instructions" % (name, wall, "?" if count is None else "{:,}".format(count)))


if __name__ == "__main__":
    main()
