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

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from cases import expect, run_cases  # noqa: E402
from machine import QMP, Interactive, exit_status, ovmf_command, pvh_command, run
from screen import text_mismatches

FONT = "/usr/share/consolefonts/Uni2-Terminus16.psf.gz"

KERNEL = None
ESP_IMAGE = None
ROOT_TAR = None
TIME_LIMIT = 120  # seconds per boot under TCG on a busy machine; a normal PVH boot takes about one
# The floor of the kernel's own test plan: a plan that shrank (cases lost from kernel/test) is a failure.
KERNEL_CASES_AT_LEAST = 12


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


def check_kernel_tests(boot):
    plan = re.search(r"^ktest: plan (\d+)", boot.output, re.M)
    summary = re.search(r"^ktest: (\d+) passed, (\d+) failed, (\d+) skipped", boot.output, re.M)
    expect(plan and summary, "no test plan or summary line")
    passed, failed, skipped = (int(summary.group(i)) for i in (1, 2, 3))
    expect(failed == 0, "kernel test failures:\n" + "\n".join(
        line for line in boot.output.splitlines() if "FAILED" in line or line.lstrip().startswith("FAIL ")))
    expect(passed + skipped == int(plan.group(1)), "planned %s, passed %d, skipped %d" % (plan.group(1), passed, skipped))
    expect(int(plan.group(1)) >= KERNEL_CASES_AT_LEAST,
           "the kernel plans %s cases, fewer than the %d it had" % (plan.group(1), KERNEL_CASES_AT_LEAST))
    print("  kernel cases: %d passed, %d skipped of %s planned" % (passed, skipped, plan.group(1)))
    expect(len(re.findall(r"^TEST \S+ (ok|skipped)", boot.output, re.M)) == int(plan.group(1)), "TEST lines do not match")
    for line in re.findall(r"^TEST \S+ skipped: .*", boot.output, re.M):
        print("  " + line)
    check_exit(boot, 0)
    return boot


def case_pvh_banner():
    """A normal PVH boot reaches the banner and its boot log (not a test run: it halts, so time it out)."""
    return checked(run(pvh_command(KERNEL, ""), TIME_LIMIT, until="walos is up"), check_banner)


def case_uefi_kernel_tests():
    """OVMF, the walos loader, then the kernel's test cases (with the test root archive): the whole UEFI path,
    end to end."""
    work = tempfile.mkdtemp(prefix="walos-uefi-")
    try:
        image = os.path.join(work, "esp.img")
        shutil.copy(ESP_IMAGE, image)
        cmdline = os.path.join(work, "cmdline.txt")
        with open(cmdline, "w") as f:
            f.write("test\n")
        subprocess.run(["mcopy", "-o", "-i", image, cmdline, "::/walos/cmdline.txt"], check=True)
        subprocess.run(["mcopy", "-o", "-i", image, ROOT_TAR, "::/walos/root.tar"], check=True)
        boot = run(ovmf_command(image, work), TIME_LIMIT)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def checks(boot):
        expect("walos loader" in boot.output, "the loader did not start")
        expect("boot: UEFI loader" in boot.output, "the kernel did not report the UEFI boot path")
        return check_kernel_tests(boot)
    return checked(boot, checks)


def check_screen(command, work_dir):
    """Boots, waits for the kernel to finish starting, takes a QMP screendump and checks the banner pixel by
    pixel against the console font: the framebuffer console really shows it."""
    machine = Interactive(command)
    try:
        expect(machine.wait_for("walos is up", TIME_LIMIT), "the kernel did not finish starting:\n" + machine.output())
        expect(re.search(r"screen: \d+x\d+ framebuffer", machine.output()), "the kernel found no framebuffer")
        qmp = QMP(machine.qmp_path)
        dump = os.path.join(work_dir, "screen.ppm")
        reply = qmp.command("screendump", filename=dump)
        qmp.close()
        expect("return" in reply, "screendump failed: %s" % reply)
        wrong, lit = text_mismatches(dump, FONT, "walos 0.1.0")
        expect(wrong == 0, "%d pixels of the banner differ from the font's glyphs" % wrong)
        expect(lit == {(0xE8, 0xE8, 0xE8)}, "the banner is not in the console's white: %s" % lit)
        wrong_next, _ = text_mismatches(dump, FONT, "walos 0.1.0", row=1)
        expect(wrong_next > 0, "the second row repeats the banner: the check cannot tell rows apart")
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
        check_screen(ovmf_command(image, work), work)
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
}


def main():
    global KERNEL, ESP_IMAGE, ROOT_TAR
    KERNEL, ESP_IMAGE, ROOT_TAR = sys.argv[1:4]
    run_cases(CASES, sys.argv[4:])


if __name__ == "__main__":
    main()
