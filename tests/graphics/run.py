#!/usr/bin/env python3
"""The display service (/srv/display.wasm; docs/abi.md, "Display") and /bin/mandel from the outside.

The explorer is booted to, typed at on the serial console and photographed through QMP's screendump; every pixel
of each frame must equal the image computed here, in Python, with the rules programs/mandel/Fractal.swift states
(fixed-point integers, so the two agree exactly). The service's checks and ownership are tested by a C client
(tests/graphics/display.c, in /tests of the booted root) run from the shell. Without any screen (`-vga none`),
mandel says so and fails.

usage: run.py DISPLAY_CLIENT_WASM KERNEL ROOT_TAR [CASE...]
"""
import functools
import os
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
sys.path.insert(0, os.path.join(HERE, "..", "qemu"))
from cases import expect, run_cases  # noqa: E402
from machine import SerialConsole, exit_status, pvh_boot, root_archive  # noqa: E402
from screen import read_ppm, rows_showing, text_mismatches  # noqa: E402

FONT = "/usr/share/consolefonts/Uni2-Terminus16.psf.gz"
PROMPT = b"walos:/$ "
CLIENT = KERNEL = ROOT_TAR = None
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

    def __init__(self, vga="std"):
        self.dir = tempfile.mkdtemp(prefix="walos-graphics-")
        self.dumps = 0
        # The root archive with the display client in /tests, and an empty /tmp.
        root = root_archive(ROOT_TAR, os.path.join(self.dir, "root.tar"), folders=["tests", "tmp"],
                            files=[("tests/display.wasm", CLIENT)])
        super().__init__(pvh_boot(KERNEL, root, vga=vga), LIMIT, os.path.join(self.dir, "qmp"))

    def command(self, line, marker="done"):
        return super().command(line, PROMPT, marker)

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


BOOT = None


def booted():
    """The boot the client's cases share, at a prompt."""
    global BOOT
    if BOOT is None:
        BOOT = Console()
        BOOT.read_until(PROMPT, BOOT.read_until(b"walos is up"))
    return BOOT


def case_service_checks_every_request():
    """Every request is checked by the service (EINVAL for a rectangle past the screen, a short or unknown
    request; EPERM without the screen), acquiring twice is fine, and a full screen presents in several messages:
    tests/graphics/display.c `faults`, WASI's errno numbers."""
    printed, status = booted().command("/tests/display.wasm faults")
    expected = ("info 0\nformat 0\nowner 0\nacquire 0\nacquire 0\nowned-by-caller 1\n"
                "einval-stride 28\neinval-right 28\neinval-bottom 28\neinval-wrap 28\neinval-large-bottom 28\n"
                "einval-raw-wrap 28\neinval-raw-count 28\neinval-raw-operation 28\neinval-raw-acquire 28\n"
                "present-at-end 0\npresent-empty 0\npresent-full 0\nrelease 0\nrelease-again 63\n"
                "present-unowned 63\nowner-after 0\n")
    expect((status, printed) == (0, expected), "status %d, got\n%s\nexpected\n%s" % (status, printed, expected))


def case_one_owner_at_a_time():
    """A second client gets EBUSY (and EPERM for the rest) while one owns the screen, mandel says who owns it;
    an owner that exits, traps or is killed without releasing gives the screen back all the same."""
    console = booted()
    steps = [("/tests/display.wasm hold | /tests/display.wasm check", 0,
              "acquire 10\npresent-other 63\nrelease-other 63\nowned-by-other 1\n"),
             ("mandel -1 -b 16", 0, ""),
             ("/tests/display.wasm trap", 134, None),
             ("mandel -1 -b 16", 0, ""),
             ("/tests/display.wasm hold > /tmp/held &", 0, None),
             ("/tests/display.wasm wait-owner", 0, ""),
             ("mandel -1 -b 16", 1, None),
             ("kill %1", 0, None),
             ("wait", None, None),
             ("mandel -1 -b 16", 0, "")]
    for line, wanted_status, wanted in steps:
        printed, status = console.command(line)
        expect(wanted_status is None or status == wanted_status,
               "%r: status %d, expected %s: %r" % (line, status, wanted_status, printed))
        expect(wanted is None or printed == wanted, "%r printed %r, expected %r" % (line, printed, wanted))
        if line == "mandel -1 -b 16" and status == 1:
            expect(re.search(r"mandel: the screen is in use by process [1-9]\d* \(EBUSY\)\n", printed),
                   "mandel did not say who owns the screen: %r" % printed)


def case_killed_driver_gives_the_console_back():
    """The display driver killed while a client owns the screen: the kernel has the text console draw again (the
    driver had stopped it with console_screen), and the restarted driver serves the next client."""
    console = booted()
    for line in ["/tests/display.wasm hold > /tmp/held &", "/tests/display.wasm wait-owner", "svc kill display",
                 "echo console-back"]:
        printed, status = console.command(line)
        expect(status == 0, "%r: status %d: %r" % (line, status, printed))
    dump = console.next_screendump()
    expect(rows_showing(dump, FONT, "walos:/$ echo console-back"),
           "the console's text is not on the screen after the driver that owned it was killed")
    for line in ["kill %1", "wait"]:
        console.command(line)
    printed, status = console.command("mandel -1 -b 16")
    expect(status == 0, "mandel after the driver's restart: status %d: %r" % (status, printed))


def case_no_screen_is_a_clear_error():
    """Without a framebuffer (QEMU's -vga none on the PVH path) the display service cannot start (init has no
    framebuffer to grant it) and mandel, the console program, says it cannot reach it and ends with status 1;
    started by the kernel itself (init=/bin/mandel.wasm) it has no init to connect through, and says that."""
    from machine import pvh_command, run
    boot = run(pvh_command(KERNEL, append="init=/bin/mandel.wasm", initrd=ROOT_TAR, extra=("-vga", "none")), LIMIT)
    expect(boot.status == exit_status(1), "QEMU ended with %r (timed out: %s):\n%s" % (boot.status, boot.timed_out, boot.tail()))
    for line in ["screen: no framebuffer",
                 "mandel: no display service to reach: not started under init (WALOS_INIT_FD is not set)",
                 "/bin/mandel.wasm ended with status 1"]:
        expect(line in boot.output, "no %r in the log:\n%s" % (line, boot.tail()))
    console = Console(vga="none")
    try:
        log = console.text(0, console.read_until(PROMPT, console.read_until(b"walos is up")))
        expect("svc: display: cannot start" in log, "the display service started without a framebuffer:\n%s" % log)
        printed, status = console.command("mandel -1")
        expect((status, printed) == (1, "mandel: cannot reach the display service: connection refused\n"),
               "mandel without the service: status %d, %r" % (status, printed))
    finally:
        console.close()


CASES = {f.__name__[len("case_"):]: f for f in [case_mandel_draws_what_it_should, case_service_checks_every_request,
                                                case_one_owner_at_a_time, case_killed_driver_gives_the_console_back,
                                                case_no_screen_is_a_clear_error]}

if __name__ == "__main__":
    CLIENT, KERNEL, ROOT_TAR = (os.path.abspath(p) for p in sys.argv[1:4])
    run_cases(CASES, sys.argv[4:], cleanup=lambda: BOOT and BOOT.close())
