#!/usr/bin/env python3
"""The in-QEMU tests: boot the kernel, read what it printed, check how QEMU ended.

usage: run.py KERNEL.elf ESP.img ROOT.tar [CASE...]
Each case is one boot. Prints `PASS name` or `FAIL name: reason` (with the serial log), then `N passed, M failed`.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from cases import expect, run_cases  # noqa: E402
from machine import QMP, Interactive, exit_status, ovmf_command, pvh_command, run
from screen import rows_showing, text_mismatches

FONT = "/usr/share/consolefonts/Uni2-Terminus16.psf.gz"

KERNEL = None
ESP_IMAGE = None
ROOT_TAR = None
TIME_LIMIT = 180  # seconds per boot under TCG on a busy machine; a normal PVH boot takes about one, the kernel
# cases about 110 on a loaded machine (the resource bombs fill memory several times)
# The floor of the kernel's own test plan: a plan that shrank (cases lost from kernel/test) is a failure.
KERNEL_CASES_AT_LEAST = 27


class CaseFailure(AssertionError):
    def __init__(self, reason, boot):
        super().__init__("%s\n--- serial log (last lines) ---\n%s" % (reason, boot.tail()))


def check_exit(boot, code):
    expect(not boot.timed_out, "no end within %d s (a hang)" % TIME_LIMIT)
    expect(boot.status == exit_status(code),
           "QEMU exit status %s, expected %d (kernel exit code %d)" % (boot.status, exit_status(code), code))


def case_pvh_kernel_tests():
    """The kernel's own test cases, in one PVH boot."""
    return checked(run(pvh_command(KERNEL, "test expect-cpus=2", cpus=2, initrd=ROOT_TAR), TIME_LIMIT),
                   check_kernel_tests)


def check_kernel_tests(boot, at_least=None):
    """The kernel's test summary: every planned case passed or was skipped; a whole run (`test`) plans at least
    KERNEL_CASES_AT_LEAST cases, a run of named cases exactly `at_least`."""
    plan = re.search(r"^ktest: plan (\d+)", boot.output, re.M)
    summary = re.search(r"^ktest: (\d+) passed, (\d+) failed, (\d+) skipped", boot.output, re.M)
    expect(plan and summary, "no test plan or summary line")
    passed, failed, skipped = (int(summary.group(i)) for i in (1, 2, 3))
    expect(failed == 0, "kernel test failures:\n" + "\n".join(
        line for line in boot.output.splitlines() if "FAILED" in line or line.lstrip().startswith("FAIL ")))
    expect(passed + skipped == int(plan.group(1)), "planned %s, passed %d, skipped %d" % (plan.group(1), passed, skipped))
    floor = KERNEL_CASES_AT_LEAST if at_least is None else at_least
    expect(int(plan.group(1)) >= floor, "the kernel plans %s cases, fewer than %d" % (plan.group(1), floor))
    print("  kernel cases: %d passed, %d skipped of %s planned" % (passed, skipped, plan.group(1)))
    expect(len(re.findall(r"^TEST \S+ (ok|skipped)", boot.output, re.M)) == int(plan.group(1)), "TEST lines do not match")
    for line in re.findall(r"^TEST \S+ skipped: .*", boot.output, re.M):
        print("  " + line)
    check_exit(boot, 0)
    return boot


def case_pvh_banner():
    """A normal PVH boot reaches the banner and its boot log (not a test run: it halts, so time it out)."""
    return checked(run(pvh_command(KERNEL, ""), TIME_LIMIT, until="walos is up"), check_banner)


def uefi_image(work, cmdline):
    """A private copy of the ESP image with this kernel command line and the test root archive."""
    image = os.path.join(work, "esp.img")
    shutil.copy(ESP_IMAGE, image)
    path = os.path.join(work, "cmdline.txt")
    with open(path, "w") as f:
        f.write(cmdline + "\n")
    subprocess.run(["mcopy", "-o", "-i", image, path, "::/walos/cmdline.txt"], check=True)
    subprocess.run(["mcopy", "-o", "-i", image, ROOT_TAR, "::/walos/root.tar"], check=True)
    return image


def case_uefi_kernel_tests():
    """OVMF, the walos loader, then the kernel's test cases (with the test root archive): the whole UEFI path,
    end to end, with processes and the spec scripts on the interpreter (the PVH run has them on native code)."""
    work = tempfile.mkdtemp(prefix="walos-uefi-")
    try:
        boot = run(ovmf_command(uefi_image(work, "test engine=interp"), work), TIME_LIMIT)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def checks(boot):
        expect("walos loader" in boot.output, "the loader did not start")
        expect("boot: UEFI loader" in boot.output, "the kernel did not report the UEFI boot path")
        expect("engine: interp" in boot.output, "the kernel did not run its tests on the interpreter")
        return check_kernel_tests(boot)
    return checked(boot, checks)


def check_screen(command, work_dir, text="walos 0.1.0"):
    """Boots, waits for the kernel to finish starting, takes a QMP screendump and finds `text` (the banner, or
    a line of what the boot ran once the log has scrolled it away) pixel by pixel against the console font, on
    exactly one row: the framebuffer console really shows it."""
    machine = Interactive(command)
    try:
        expect(machine.wait_for("walos is up", TIME_LIMIT), "the kernel did not finish starting:\n" + machine.output())
        expect(re.search(r"screen: \d+x\d+ framebuffer", machine.output()), "the kernel found no framebuffer")
        qmp = QMP(machine.qmp_path)
        dump = os.path.join(work_dir, "screen.ppm")
        reply = qmp.command("screendump", filename=dump)
        qmp.close()
        expect("return" in reply, "screendump failed: %s" % reply)
        rows = rows_showing(dump, FONT, text)
        expect(len(rows) == 1, "%r is shown on rows %s, not on one" % (text, rows))
        _, lit = text_mismatches(dump, FONT, text, row=rows[0])
        expect(lit == {(0xE8, 0xE8, 0xE8)}, "%r is not in the console's white: %s" % (text, lit))
    finally:
        machine.close()


def case_pvh_screen():
    """PVH: the kernel sets a mode on QEMU's standard VGA itself."""
    work = tempfile.mkdtemp(prefix="walos-screen-")
    try:
        check_screen(pvh_command(KERNEL, "", extra=["-vga", "std"]), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def case_uefi_screen():
    """UEFI: the framebuffer the loader set up through GOP."""
    work = tempfile.mkdtemp(prefix="walos-screen-")
    try:
        image = os.path.join(work, "esp.img")
        shutil.copy(ESP_IMAGE, image)
        # The boot runs /bin/sysinfo, whose listing scrolls the banner away on a 48-row screen.
        check_screen(ovmf_command(image, work), work, "walos system information")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check_banner(boot):
    expect("walos 0.1.0" in boot.output, "no banner")
    expect("boot: PVH direct boot" in boot.output, "no boot-source line")
    expect(re.search(r"memory: \d+ MiB usable", boot.output), "no memory line")
    expect("walos is up" in boot.output, "the kernel did not finish starting")
    return boot


def checked(boot, checks):
    """Runs `checks(boot)`; a failure carries the end of the serial log."""
    try:
        return checks(boot)
    except CaseFailure:
        raise
    except AssertionError as failure:
        raise CaseFailure(str(failure), boot)


def fault_case(name, code_checks):
    boot = run(pvh_command(KERNEL, "test=" + name), TIME_LIMIT)
    return checked(boot, lambda boot: check_fault(boot, code_checks))


def check_fault(boot, code_checks):
    expect("KERNEL PANIC" in boot.output, "no panic report")
    for text in code_checks(boot):
        expect(re.search(text, boot.output), "the report lacks %r" % text)
    expect("Backtrace:" in boot.output and re.search(r"#00 0x[0-9a-f]{16} \S", boot.output),
           "no symbolized backtrace")
    expect("System halted." in boot.output, "the report did not finish")
    check_exit(boot, 2)
    return boot


def case_fault_guard_page():
    def checks(boot):
        cr2 = re.search(r"EXPECT CR2=(0x[0-9a-f]+)", boot.output)
        expect(cr2, "the test did not say which address it reads")
        return [r"Page fault \(#PF\), vector 14", "CR2=" + cr2.group(1), r"page not present, read",
                "guard page below the kernel main stack", r"FaultTests"]
    return fault_case("fault-guard-page", checks)


def case_fault_stack_overflow():
    return fault_case("fault-stack-overflow", lambda boot: [
        r"Page fault \(#PF\)", r"write\)?: guard page below the kernel main stack \(stack overflow\)",
        r"FaultTests.recurse"])


def case_fault_divide_error():
    return fault_case("fault-divide-error", lambda boot: [
        r"Divide error \(#DE\), vector 0,", r"RIP=0x[0-9a-f]+ cpu_divide", r"#00 .*FaultTests.divide\(by:\)",
        r"RAX=", r"CR3="])


def case_fault_swift_trap():
    return fault_case("fault-swift-trap", lambda boot: [
        r"Invalid opcode \(#UD\), vector 6", r"a Swift runtime check failed", r"FaultTests.element"])


SHARE_BIG_FILE = 64 << 20  # more than any root archive holds: read through 9P, streamed


def prepare_share(share):
    """The host directory kernel/test/HostShareTests.swift expects under the mount tag walostest."""
    os.makedirs(os.path.join(share, "tree", "a", "b"))
    files = {"hello.txt": b"hello from the host\n", "tree/a/b/c.txt": b"deep\n", "remove-me.txt": b"remove me\n",
             "rename-me.txt": b"rename me\n"}
    for name, data in files.items():
        with open(os.path.join(share, name), "wb") as f:
            f.write(data)
    big = os.urandom(SHARE_BIG_FILE)
    with open(os.path.join(share, "big.bin"), "wb") as f:
        f.write(big)
    return zlib.adler32(big)


def read_file(path):
    with open(path, "rb") as f:
        return f.read()


def share_case(boot_with):
    """Prepares the shares, boots with `boot_with(work, extra QEMU arguments)`, checks the share afterwards."""
    work = tempfile.mkdtemp(prefix="walos-9p-")
    try:
        share = os.path.join(work, "share")
        adler = prepare_share(share)
        decoy = os.path.join(work, "decoy")
        os.mkdir(decoy)
        # A second share, first on the bus: the kernel must pick the share by its tag.
        extra = ["-fsdev", "local,id=decoy,path=%s,security_model=none" % decoy,
                 "-device", "virtio-9p-pci,fsdev=decoy,mount_tag=decoy",
                 "-fsdev", "local,id=share,path=%s,security_model=none" % share,
                 "-device", "virtio-9p-pci,fsdev=share,mount_tag=walostest"]
        boot = boot_with(work, extra)
        return checked(boot, lambda boot: check_share(boot, share, adler))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def case_pvh_9p_share():
    """A host directory shared over virtio-9p: the kernel reads a 64 MiB file through it (checksum and a copy
    compared byte for byte), creates, writes, renames, links and removes files and directories, and the host
    sees every change afterwards."""
    return share_case(lambda work, extra: run(pvh_command(KERNEL, "test=9p-share", initrd=ROOT_TAR, extra=extra),
                                              TIME_LIMIT))


def case_uefi_9p_share():
    """The same after OVMF, which places the devices' BARs its own way (SeaBIOS does under PVH)."""
    return share_case(lambda work, extra: run(ovmf_command(uefi_image(work, "test=9p-share"), work, extra=extra),
                                              TIME_LIMIT))


def check_share(boot, share, adler):
    check_kernel_tests(boot, at_least=1)
    reported = re.search(r"9p-share: big.bin (\d+) bytes adler32 (\d+)", boot.output)
    expect(reported, "the kernel did not report big.bin's checksum")
    expect(int(reported.group(1)) == SHARE_BIG_FILE and int(reported.group(2)) == adler,
           "big.bin read as %s bytes with Adler-32 %s; the host has %d bytes, %d" %
           (reported.group(1), reported.group(2), SHARE_BIG_FILE, adler))
    rate = re.search(r"9p-share: msize .*", boot.output)
    if rate:
        print("  " + rate.group(0))
    path = lambda name: os.path.join(share, name)  # noqa: E731
    expect(read_file(path("copy.bin")) == read_file(path("big.bin")), "copy.bin differs from big.bin")
    expect(sorted(os.listdir(path("out"))) == ["hard.txt", "link", "new.txt", "sub", "trunc.txt"],
           "out/ holds %s" % sorted(os.listdir(path("out"))))
    expect(read_file(path("out/new.txt")) == b"written by walos\n", "out/new.txt has the wrong contents")
    expect(os.stat(path("out/hard.txt")).st_ino == os.stat(path("out/new.txt")).st_ino,
           "out/hard.txt is not a hard link to out/new.txt")
    expect(os.stat(path("out/new.txt")).st_mtime_ns == 1_000_000_000 * 10**9 + 5, "out/new.txt's mtime was not set")
    expect(os.path.islink(path("out/link")) and os.readlink(path("out/link")) == "new.txt",
           "out/link is not a symbolic link to new.txt")
    expect(os.listdir(path("out/sub")) == ["moved.txt"] and read_file(path("out/sub/moved.txt")) == b"moved",
           "out/sub does not hold moved.txt, renamed from out/tmp.txt")
    expect(read_file(path("out/trunc.txt")) == b"0123", "out/trunc.txt was not truncated to 4 bytes")
    expect(not os.path.exists(path("remove-me.txt")), "remove-me.txt is still there")
    expect(not os.path.exists(path("rename-me.txt")) and read_file(path("renamed.txt")) == b"rename me\n",
           "rename-me.txt was not renamed to renamed.txt")
    expect(read_file(path("hello.txt")) == b"hello from the host\n", "hello.txt changed")
    expect(os.listdir(os.path.join(os.path.dirname(share), "decoy")) == [], "the decoy share was written to")
    return boot


CASES = {
    "pvh-kernel-tests": case_pvh_kernel_tests,
    "pvh-banner": case_pvh_banner,
    "uefi-kernel-tests": case_uefi_kernel_tests,
    "pvh-screen": case_pvh_screen,
    "uefi-screen": case_uefi_screen,
    "fault-guard-page": case_fault_guard_page,
    "fault-stack-overflow": case_fault_stack_overflow,
    "fault-divide-error": case_fault_divide_error,
    "fault-swift-trap": case_fault_swift_trap,
    "pvh-9p-share": case_pvh_9p_share,
    "uefi-9p-share": case_uefi_9p_share,
}


def main():
    global KERNEL, ESP_IMAGE, ROOT_TAR
    KERNEL, ESP_IMAGE, ROOT_TAR = sys.argv[1:4]
    run_cases(CASES, sys.argv[4:])


if __name__ == "__main__":
    main()
