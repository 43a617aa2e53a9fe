#!/usr/bin/env python3
"""walos's display calls (docs/abi.md, "Display") and /bin/mandel from the outside.

The explorer is booted to, typed at on the serial console and photographed through QMP's screendump; every pixel
of each frame must equal the image computed here, in Python, with the rules programs/mandel/Fractal.swift states
(fixed-point integers, so the two agree exactly). The calls' checking runs tests/programs/display.wat under
`./walos run` (which boots with QEMU's standard VGA and no window: a screen no one sees). Without any screen
(`-vga none`), mandel says so and fails.

usage: run.py TEST_PROGRAMS_DIR KERNEL ROOT_TAR [CASE...]
"""
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
sys.path.insert(0, os.path.join(HERE, "..", "qemu"))
from cases import expect, run_cases  # noqa: E402
from machine import SerialConsole, exit_status, pvh_boot  # noqa: E402
from screen import read_ppm, rows_showing, text_mismatches  # noqa: E402

WALOS = os.path.join(HERE, "..", "..", "walos")
FONT = "/usr/share/consolefonts/Uni2-Terminus16.psf.gz"
PROMPT = b"walos:/$ "
PROGRAMS = KERNEL = ROOT_TAR = None
LIMIT = 240  # seconds a boot, or a frame, may take on a busy machine

# programs/mandel/Fractal.swift, again.
FRACTION_BITS = 24
ONE = 1 << FRACTION_BITS
CENTER_LIMIT = 4 << FRACTION_BITS
PALETTE = [0x421E0F, 0x19071A, 0x09012F, 0x040449, 0x000764, 0x0C2C8A, 0x1852B1, 0x397DD1,
           0x86B5E5, 0xD3ECF8, 0xF1E9BF, 0xF8C95F, 0xFFAA00, 0xCC8000, 0x995700, 0x6A3403]


class View:
    def __init__(self, height):
        self.center_x, self.center_y, self.step, self.zoom = -(ONE * 3 // 4), 0, 3 * ONE // height, 0

    @property
    def iterations(self):
        return 64 + 32 * max(self.zoom, 0)

    def pan(self, dx, dy, width, height):
        clamp = lambda value: min(max(value, -CENTER_LIMIT), CENTER_LIMIT)  # noqa: E731
        self.center_x = clamp(self.center_x + dx * (width // 8) * self.step)
        self.center_y = clamp(self.center_y + dy * (height // 8) * self.step)

    def zoom_in(self):
        if self.step >= 2:
            self.step //= 2
            self.zoom += 1

    def report(self, frame):
        return "mandel: frame %d center %d %d step %d iterations %d" % (
            frame, self.center_x, self.center_y, self.step, self.iterations)


# Remembered: a pan moves the points by whole blocks, so most of the next frame's are the last frame's.
@functools.lru_cache(maxsize=None)
def color(cr, ci, limit):
    zr = zi = 0
    for i in range(limit):
        zr2, zi2 = (zr * zr) >> FRACTION_BITS, (zi * zi) >> FRACTION_BITS
        if zr2 + zi2 > 4 * ONE:
            return PALETTE[i % 16]
        zi = ((zr * zi) >> (FRACTION_BITS - 1)) + ci
        zr = zr2 - zi2 + cr
    return 0


def image(view, width, height, block):
    """Every pixel, row by row, as (red, green, blue): one point per block, its top-left corner's."""
    rows = []
    for by in range(0, height, block):
        ci = view.center_y + (by - height // 2) * view.step
        row = []
        for bx in range(0, width, block):
            value = color(view.center_x + (bx - width // 2) * view.step, ci, view.iterations)
            row += [(value >> 16, (value >> 8) & 0xFF, value & 0xFF)] * min(block, width - bx)
        rows += [row] * min(block, height - by)
    return rows


def differing_pixels(dump, view, block):
    width, height, pixel = read_ppm(dump)
    expected = image(view, width, height, block)
    return sum(1 for y in range(height) for x in range(width) if pixel(x, y) != expected[y][x]), width, height


class Console(SerialConsole):
    """walos booted to its shell with a screen: the serial console on pipes, the screen through QMP."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="walos-graphics-")
        self.dumps = 0
        super().__init__(pvh_boot(KERNEL, ROOT_TAR), LIMIT, os.path.join(self.dir, "qmp"))

    def next_screendump(self):
        self.dumps += 1
        return self.screendump(os.path.join(self.dir, "screen-%d.ppm" % self.dumps))

    def close(self):
        super().close()
        shutil.rmtree(self.dir, ignore_errors=True)


FRAME = re.compile(rb"mandel: frame \d+ [^\r\n]*\r?\n")


def case_mandel_draws_what_it_should():
    """`mandel -r` at the shell: the first frame, one pan right and one zoom in are each exactly the image
    computed here; `q` gives the screen back to the console, which shows its text again with the prompt."""
    console = Console()
    try:
        at = console.read_until(PROMPT, console.read_until(b"walos is up"))
        console.type(b"mandel -r\r")
        view = None
        for frame, keys in enumerate([None, b"\x1b[C", b"+"], 1):
            if keys:
                console.type(keys)
            match = console.read_match(FRAME, at)
            at = match.end()
            dump = console.next_screendump()
            width, height, _ = read_ppm(dump)
            if view is None:
                view = View(height)
            if keys == b"\x1b[C":
                view.pan(1, 0, width, height)
            elif keys == b"+":
                view.zoom_in()
            reported = match.group(0).decode().strip()
            expect(reported == view.report(frame), "frame %d: mandel reported %r, expected %r" % (
                frame, reported, view.report(frame)))
            wrong, _, _ = differing_pixels(dump, view, 2)
            expect(wrong == 0, "frame %d: %d of %d pixels differ from the computed image" % (frame, wrong, width * height))
        console.type(b"q")
        at = console.read_until(PROMPT, at)
        console.type(b"echo back-$?\r")
        console.read_until(b"back-0", at)
        dump = console.next_screendump()
        rows = rows_showing(dump, FONT, "walos:/$ echo back-$?")
        expect(rows, "the console's text did not come back on the screen after mandel")
        # Four lines up: the command that started mandel, above the three lines it printed while it drew.
        expect(text_mismatches(dump, FONT, "walos:/$ mandel -r", row=rows[0] - 4)[0] == 0,
               "the console's older text (the command that started mandel) was not drawn again")
    finally:
        console.close()


def walos(arguments, script=b""):
    command = [sys.executable, WALOS, "run", "--dir", PROGRAMS + "::/t", *arguments]
    result = subprocess.run(command, input=script, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=LIMIT)
    return result.returncode, result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")


def case_calls_check_their_arguments():
    """Every pointer and size a display call takes is checked (EFAULT, EINVAL), nothing happens without the
    screen (EPERM), acquiring twice is fine: tests/programs/display.wat `faults`, WASI's errno numbers."""
    status, out, err = walos([os.path.join(PROGRAMS, "display.wasm"), "faults"])
    expected = ("info 0\nowner 0\nacquire 0\nacquire 0\nowned-by-caller 1\n"
                "efault-pointer 21\nefault-rows 21\nefault-info 21\n"
                "einval-stride 28\neinval-right 28\neinval-bottom 28\neinval-wrap 28\n"
                "present-at-end 0\npresent-empty 0\nrelease 0\nrelease-again 63\npresent-unowned 63\n")
    expect((status, out) == (0, expected), "status %d, got\n%s\nexpected\n%s\nstderr %r" % (status, out, expected, err))


def case_one_owner_at_a_time():
    """A second process gets EBUSY (and EPERM for the rest) while one owns the screen, mandel says who owns it;
    an owner that exits, traps or is killed without releasing gives the screen back all the same."""
    script = (b"/t/display.wasm hold | /t/display.wasm check\necho pipeline $?\n"
              b"mandel -1 -b 16\necho after-exit $?\n"
              b"/t/display.wasm trap\necho trap $?\nmandel -1 -b 16\necho after-trap $?\n"
              b"/t/display.wasm hold > /tmp/held &\n/t/display.wasm wait-owner\necho owner $?\n"
              b"mandel -1 -b 16\necho busy $?\nkill %1\nwait\nmandel -1 -b 16\necho after-kill $?\n")
    sh = os.path.join(os.path.dirname(ROOT_TAR), "programs", "sh.wasm")
    status, out, err = walos(["--ram-dir", "/tmp", sh], script)
    expected = ("acquire 10\npresent-other 63\nrelease-other 63\nowned-by-other 1\npipeline 0\nafter-exit 0\n"
                "trap 134\nafter-trap 0\nowner 0\nbusy 1\nafter-kill 0\n")
    expect((status, out) == (0, expected), "status %d, got\n%s\nexpected\n%s\nstderr %r" % (status, out, expected, err))
    expect(re.search(r"mandel: the screen is in use by process [1-9]\d* \(EBUSY\)\n", err),
           "mandel did not say who owns the screen: %r" % err)


def case_no_screen_is_a_clear_error():
    """Without a framebuffer (QEMU's -vga none on the PVH path) the calls are ENODEV: mandel, the console
    program, says so and ends with status 1."""
    from machine import pvh_command, run
    boot = run(pvh_command(KERNEL, append="init=/bin/mandel.wasm", initrd=ROOT_TAR, extra=("-vga", "none")), LIMIT)
    expect(boot.status == exit_status(1), "QEMU ended with %r (timed out: %s):\n%s" % (boot.status, boot.timed_out, boot.tail()))
    for line in ["screen: no framebuffer", "mandel: no screen here (ENODEV): walos found no framebuffer",
                 "/bin/mandel.wasm ended with status 1"]:
        expect(line in boot.output, "no %r in the log:\n%s" % (line, boot.tail()))


CASES = {f.__name__[len("case_"):]: f for f in [case_mandel_draws_what_it_should, case_calls_check_their_arguments,
                                                case_one_owner_at_a_time, case_no_screen_is_a_clear_error]}

if __name__ == "__main__":
    PROGRAMS, KERNEL, ROOT_TAR = (os.path.abspath(p) for p in sys.argv[1:4])
    run_cases(CASES, sys.argv[4:])
