#!/usr/bin/env python3
"""Boots the walos UEFI loader under QEMU + OVMF with a stand-in kernel and with bad inputs.

usage: run.py [CASE...]    (run from the repository root, after `make loader`)

Each case builds its own FAT disk image (mtools) holding build/esp/EFI/BOOT/BOOTX64.EFI and the case's files.
A good boot must end with the stand-in kernel's isa-debug-exit status 0x21 and its "all checks passed" line; a
bad input must show the loader's message and then OVMF's report that the boot option failed (the loader
returned to the firmware instead of hanging). Ends with `N passed, M failed`.
"""
import concurrent.futures
import io
import os
import shutil
import subprocess
import sys
import tarfile
import threading
import time

TOOLCHAIN = os.environ.get("TOOLCHAIN", "/opt/swift/usr/bin")
LOADER = "build/esp/EFI/BOOT/BOOTX64.EFI"
WORK = "build/loader-tests"
HERE = os.path.dirname(os.path.abspath(__file__))
OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
BOOT_TIMEOUT = 120
FIRMWARE_GAVE_UP = 'BdsDxe: failed to start Boot0001'
STANDIN_PASSED_STATUS = (0x10 << 1) | 1
COMMAND_LINE = "console=serial loader-test"


def build_standin():
    """Compiles the stand-in kernel; returns its bytes."""
    obj, elf = os.path.join(WORK, "standin.o"), os.path.join(WORK, "standin.elf")
    subprocess.run([os.path.join(TOOLCHAIN, "clang"), "--target=x86_64-unknown-none-elf", "-ffreestanding",
                    "-fno-builtin", "-fPIE", "-fno-jump-tables", "-mno-red-zone", "-mgeneral-regs-only", "-Os",
                    "-Wall", "-Werror", "-c", os.path.join(HERE, "standin", "kernel.c"), "-o", obj], check=True)
    subprocess.run([os.path.join(TOOLCHAIN, "ld.lld"), "-static", "-nostdlib", "-T",
                    os.path.join(HERE, "standin", "kernel.ld"), obj, "-o", elf], check=True)
    return open(elf, "rb").read()


def root_archive():
    """A small ustar archive like build/root.tar."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        data = b"walos loader test\n"
        info = tarfile.TarInfo("etc/motd")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def patched(elf, offset, value):
    return elf[:offset] + value + elf[offset + len(value):]


def cut_in_second_segment(elf):
    """The file cut inside its second segment, without section headers (which would lie outside it too)."""
    phoff = int.from_bytes(elf[32:40], "little")
    second = int.from_bytes(elf[phoff + 56 + 8:phoff + 56 + 16], "little")
    no_sections = patched(patched(elf, 40, bytes(8)), 60, bytes(4))
    return no_sections[:second + 16]


def make_disk(path, files):
    """A FAT disk image with the loader and `files` ({"walos/NAME": bytes})."""
    with open(path, "wb") as f:
        f.truncate(64 << 20)
    subprocess.run(["mformat", "-i", path, "-F", "::"], check=True)
    subprocess.run(["mmd", "-i", path, "::/EFI", "::/EFI/BOOT", "::/walos"], check=True)
    subprocess.run(["mcopy", "-i", path, LOADER, "::/EFI/BOOT/BOOTX64.EFI"], check=True)
    staging = path + ".files"
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    for name, data in files.items():
        local = os.path.join(staging, os.path.basename(name))
        with open(local, "wb") as f:
            f.write(data)
        subprocess.run(["mcopy", "-i", path, local, "::/" + name], check=True)
    shutil.rmtree(staging)


def reported(output, marker):
    """Whether a whole line starting with `marker` has arrived."""
    at = output.find(marker.encode())
    return at >= 0 and output.find(b"\n", at) >= 0


def boot(name, disk, extra_args, stop_marker):
    """Boots `disk`; returns (QEMU's exit status, or None on timeout, and the serial output). Stops QEMU early
    once a line with `stop_marker` appears (the firmware has taken over again)."""
    variables = os.path.join(WORK, name + ".vars.fd")
    shutil.copyfile(OVMF_VARS, variables)
    command = ["qemu-system-x86_64", "-machine", "q35", "-m", "512M", "-nodefaults", "-display", "none",
               "-no-reboot", "-net", "none",
               "-drive", f"if=pflash,format=raw,readonly=on,file={OVMF_CODE}",
               "-drive", f"if=pflash,format=raw,file={variables}",
               "-drive", f"format=raw,file={disk}",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-serial", "stdio"] + extra_args
    qemu = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    output = bytearray()
    stopped = threading.Event()

    def read():
        for chunk in iter(lambda: qemu.stdout.read1(4096), b""):
            output.extend(chunk)
            if stop_marker and reported(output, stop_marker):
                qemu.kill()
                break
        stopped.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    finished = stopped.wait(BOOT_TIMEOUT)
    if not finished:
        qemu.kill()
    status = qemu.wait()
    reader.join(5)
    text = output.decode("utf-8", "replace").replace("\r", "")
    with open(os.path.join(WORK, name + ".serial.log"), "w") as log:
        log.write(text)
    return (status if finished else None), text


def cases(kernel, archive):
    line = (COMMAND_LINE + "\n").encode()
    good = {"walos/kernel.elf": kernel, "walos/root.tar": archive, "walos/cmdline.txt": line}
    without = lambda name: {k: v for k, v in good.items() if k != name}
    with_kernel = lambda data: dict(good, **{"walos/kernel.elf": data})
    booted = ["walos loader", "\nK\n", "standin: all checks passed"]
    return {
        "boots-standin-kernel": (good, [], booted + [f"standin: command line [{COMMAND_LINE}]"], True),
        "no-command-line": (without("walos/cmdline.txt"), [], booted + ["standin: command line []"], True),
        "missing-kernel": (without("walos/kernel.elf"), [],
                           ["walos loader: error: cannot open \\walos\\kernel.elf: EFI_NOT_FOUND", "Not Found"], False),
        "garbage-kernel": (with_kernel(b"this is not an ELF file\n" * 40), [],
                           ["invalid kernel \\walos\\kernel.elf: not an ELF file (bad magic)", "Load Error"], False),
        "truncated-kernel": (with_kernel(cut_in_second_segment(kernel)), [],
                             ["invalid kernel \\walos\\kernel.elf: segment 1 lies outside the file"], False),
        "wrong-machine": (with_kernel(patched(kernel, 18, (183).to_bytes(2, "little"))), [],
                          ["invalid kernel \\walos\\kernel.elf: wrong machine 183 (expected x86-64, 62)"], False),
        "32-bit-kernel": (with_kernel(patched(kernel, 4, b"\x01")), [],
                          ["invalid kernel \\walos\\kernel.elf: not a 64-bit ELF file (class 1)"], False),
        "missing-root-archive": (without("walos/root.tar"), [],
                                 ["walos loader: error: cannot open \\walos\\root.tar: EFI_NOT_FOUND"], False),
        "no-graphics": (good, ["-vga", "none"], ["walos loader: error: no graphics output (GOP)"], False),
    }


def run_case(name, files, extra_args, expected, boots):
    disk = os.path.join(WORK, name + ".img")
    make_disk(disk, files)
    args = extra_args if "-vga" in extra_args else ["-vga", "std"] + extra_args
    started = time.monotonic()
    status, text = boot(name, disk, args, None if boots else FIRMWARE_GAVE_UP)
    elapsed = time.monotonic() - started
    problems = [f"missing {e!r}" for e in expected if e not in text]
    if boots:
        if status != STANDIN_PASSED_STATUS:
            problems.append(f"QEMU exit status {status}, expected {STANDIN_PASSED_STATUS}")
        if "standin: FAILED" in text:
            problems.append("a stand-in check failed")
    else:
        if status is None:
            problems.append("timed out: the loader did not return to the firmware")
        if FIRMWARE_GAVE_UP not in text:
            problems.append("the firmware did not report the failed boot option")
        if "\nK\n" in text:
            problems.append("the kernel was entered")
    os.remove(disk)
    return name, problems, elapsed


def main():
    os.makedirs(WORK, exist_ok=True)
    if not os.path.exists(LOADER):
        sys.exit(f"{LOADER} is missing: run `make loader` first")
    all_cases = cases(build_standin(), root_archive())
    selected = sys.argv[1:] or list(all_cases)
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(run_case, name, *all_cases[name]) for name in selected]
        for future in concurrent.futures.as_completed(futures):
            name, problems, elapsed = future.result()
            if problems:
                failed += 1
                print(f"FAIL {name} ({elapsed:.1f} s): " + "; ".join(problems)
                      + f" (serial log: {WORK}/{name}.serial.log)", flush=True)
            else:
                passed += 1
                print(f"ok   {name} ({elapsed:.1f} s)", flush=True)
    print(f"loader: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
