#!/usr/bin/env python3
"""walos's boot media from the outside: build/walos.iso under SeaBIOS (GRUB and the kernel's Multiboot2 entry)
and under OVMF (the walos loader from the El Torito EFI image), build/walos.img as a USB stick under OVMF. Each
boot must reach the shell's prompt on the serial console, run a typed line and power off at `exit`.

usage: run.py KERNEL ISO IMG [CASE...]
"""
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
sys.path.insert(0, os.path.join(HERE, "..", "qemu"))
from cases import expect, run_cases  # noqa: E402
from machine import OVMF_CODE, OVMF_VARS, SerialConsole, exit_status  # noqa: E402

# The shell suite's console (typing over serial, reading up to a marker) is the one used here.
_spec = importlib.util.spec_from_file_location("shell_suite", os.path.join(HERE, "..", "shell", "run.py"))
shell_suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shell_suite)

KERNEL = ISO = IMG = None
PROMPT = b"walos:/$ "


class MediaConsole(shell_suite.Console):
    """The shell suite's console, for a machine booted from a disk rather than by QEMU directly."""

    def __init__(self, arguments, firmware=False):
        self.dir = tempfile.mkdtemp(prefix="walos-media-")
        if firmware:
            variables = os.path.join(self.dir, "ovmf-vars.fd")
            shutil.copy(OVMF_VARS, variables)
            arguments = ["-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE,
                         "-drive", "if=pflash,format=raw,file=" + variables, *arguments]
        SerialConsole.__init__(self, ["-vga", "std", *arguments], shell_suite.LIMIT)


def boot_to_shell(console, boot_line):
    """Waits for the prompt, checks the kernel's boot line and memory, runs a line, exits; returns the log."""
    try:
        at = console.read_until(b"walos is up")
        at = console.read_until(PROMPT, at)
        log = console.output.decode("utf-8", "replace")
        expect(re.search(boot_line, log), "no boot line matching %r in:\n%s" % (boot_line, log[-3000:]))
        usable = re.search(r"memory: (\d+) MiB usable", log)
        expect(usable and int(usable.group(1)) > 256, "not the machine's 512 MiB: %r" % (usable and usable.group(0)))
        # The quotes keep the typed line (echoed back) from matching what echo prints.
        console.type(b"echo media-'ok'; ls /bin\r")
        at = console.read_until(b"\r\nmedia-ok\r\n", at)
        end = console.read_until(PROMPT, at)
        listing = console.output[at:end]
        expect(b"sh.wasm" in listing and b"echo.wasm" in listing, "ls /bin printed %r" % listing)
        console.type(b"exit\r")
        deadline = time.time() + shell_suite.LIMIT
        while console.process.poll() is None and time.time() < deadline:
            time.sleep(0.1)
        expect(console.process.poll() == exit_status(0), "exit did not power walos off: %r" % console.process.poll())
        return log
    finally:
        console.close()


def case_multiboot2_header():
    """GRUB's own check: the kernel image carries a valid Multiboot2 header where a loader looks for it."""
    result = subprocess.run(["grub-file", "--is-x86-multiboot2", KERNEL])
    expect(result.returncode == 0, "grub-file does not take %s for a Multiboot2 kernel" % KERNEL)
    result = subprocess.run(["grub-file", "--is-x86-multiboot", KERNEL])
    expect(result.returncode != 0, "grub-file takes any file for a Multiboot2 kernel: it also says Multiboot 1")


def case_iso_bios_grub():
    """The ISO under SeaBIOS: GRUB loads the kernel through Multiboot2 with the root archive as a module, sets
    the framebuffer the kernel's header asks for, and the kernel uses GRUB's memory map."""
    log = boot_to_shell(MediaConsole(["-cdrom", ISO]),
                        r"boot: Multiboot2 from GRUB [^,]*, memory map of [1-9]\d* entries, framebuffer 1024x768,")
    expect("screen: 1024x768 framebuffer" in log, "the screen did not take GRUB's framebuffer")
    expect("BdsDxe" not in log, "OVMF booted, not SeaBIOS")


def case_iso_uefi_loader():
    """The ISO under OVMF: the El Torito EFI image starts the walos loader."""
    boot_to_shell(MediaConsole(["-cdrom", ISO], firmware=True), r"boot: UEFI loader,")


def case_img_usb_stick():
    """The GPT disk image as a USB stick on an xHCI controller under OVMF."""
    boot_to_shell(MediaConsole(["-device", "qemu-xhci", "-drive", "if=none,id=stick,format=raw,snapshot=on,file=" + IMG,
                                "-device", "usb-storage,drive=stick,removable=on"], firmware=True),
                  r"boot: UEFI loader,")


CASES = {f.__name__[len("case_"):]: f for f in [case_multiboot2_header, case_iso_bios_grub, case_iso_uefi_loader,
                                                case_img_usb_stick]}

if __name__ == "__main__":
    KERNEL, ISO, IMG = (os.path.abspath(p) for p in sys.argv[1:4])
    run_cases(CASES, sys.argv[4:])
