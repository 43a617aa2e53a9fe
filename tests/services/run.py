#!/usr/bin/env python3
"""walos's services (README "Services"): /bin/init starts the services of /etc/services in dependency order,
hands out endpoints only as manifests grant them, restarts by policy, and `svc` reports them. From the outside:
walos boots in QEMU with a test manifest and a C client (tests/services/client.c) in its root archive; the test
reads the boot log and types at the shell on the serial console.

usage: run.py KERNEL ROOT_TAR SVC_CLIENT_WASM [CASE...]
"""
import os
import re
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
sys.path.insert(0, os.path.join(HERE, "..", "qemu"))
from cases import expect, run_cases  # noqa: E402
from machine import SerialConsole, exit_status, pvh_boot, root_archive  # noqa: E402
from screen import read_ppm  # noqa: E402

KERNEL = ROOT_TAR = CLIENT = None
LIMIT = 180  # seconds a step may take on a busy machine
PROMPT = b"walos:/$ "

# Defined in the reverse of their order: only `after` puts first, second and third in order. crashy exits at
# once, always; nosy calls a service its manifest does not grant; bogus has a bad line; missing has no module.
MANIFEST = """\
# the services suite's manifest
[third]
module = /srv/echo.wasm
args = --check second
after = second
dirs = /etc
calls = second

[second]
module = /srv/echo.wasm
args = --check first
after = first
calls = first

[first]
module = /srv/echo.wasm
dirs = / /tmp
devices = port:0x80

[echo]
module = /srv/echo.wasm
restart = on-failure
limit = 5
backoff = 50ms

[crashy]
module = /srv/echo.wasm
args = --exit 3
restart = always
limit = 3
backoff = 20ms

[nosy]
module = /srv/echo.wasm
args = --check first
calls = second
after = third

[bogus]
module = /srv/echo.wasm
colour = blue

[baddev]
module = /srv/echo.wasm
devices = port:0x60 serial

[missing]
module = /srv/missing.wasm

[once]
module = /srv/echo.wasm
args = --exit 4
restart = never

[keyboard]
module = /srv/keyboard.wasm
devices = port:0x60 port:0x64 irq:1 console

[devices]
module = /tests/svc-client.wasm
args = devices
restart = never
devices = ports:0x70-0x71 irq:3 memory:0x100000000+0x2000
"""


def root_with(manifest, directory):
    """ROOT_TAR with /etc/services replaced by `manifest` and the client in /tests."""
    return root_archive(ROOT_TAR, os.path.join(directory, "root.tar"), leave_out=["etc/services"],
                        folders=["tests"], files=[("etc/services", manifest.encode()), ("tests/svc-client.wasm", CLIENT)])


class Console(SerialConsole):
    """walos booted with a root archive, its serial console on pipes."""

    def __init__(self, root, manifest=MANIFEST, vga="none"):
        self.dir = tempfile.mkdtemp(prefix="walos-services-")
        super().__init__(pvh_boot(KERNEL, root_with(manifest, self.dir) if root is None else root, vga=vga),
                         LIMIT, qmp_path=os.path.join(self.dir, "qmp"))

    def press(self, keys):
        """Types on the machine's PS/2 keyboard (QMP send-key), one key at a time: QEMU qcodes."""
        for key in keys:
            reply = self.monitor().command("send-key", keys=[{"type": "qcode", "data": key}])
            expect("return" in reply, "send-key %s: %s" % (key, reply))
            time.sleep(0.05)

    def command(self, line, marker="done"):
        return super().command(line, PROMPT, marker)

    def power_off(self):
        self.type(b"exit\r")
        deadline = time.time() + LIMIT
        while self.process.poll() is None and time.time() < deadline:
            chunk = self.process.stdout.read()
            if chunk:
                self.output += chunk
            time.sleep(0.1)
        self.output += self.process.stdout.read() or b""
        return self.process.poll()

    def close(self):
        super().close()
        shutil.rmtree(self.dir, ignore_errors=True)


BOOT = None


def booted():
    """The suite's boot (one for the cases that share it), at its first prompt."""
    global BOOT
    if BOOT is None:
        BOOT = Console(None)
        BOOT.read_until(b"walos is up")
        BOOT.read_until(PROMPT)
    return BOOT


def boot_log():
    console = booted()
    return console.text(0, console.output.find(PROMPT))


def started(log):
    """(name, pid) of each `svc: started NAME (pid N)` line, in order."""
    return [(m.group(1), int(m.group(2))) for m in re.finditer(r"svc: started (\S+) \(pid (\d+)\)", log)]


def svc_table(console):
    printed, status = console.command("svc")
    expect(status == 0, "svc: status %d: %r" % (status, printed))
    lines = printed.strip("\n").splitlines()
    expect(lines and lines[0].split() == ["NAME", "STATE", "PID", "RESTARTS", "LAST", "EXIT"], "svc's header: %r" % lines)
    table = {}
    for line in lines[1:]:
        name, state, pid, restarts, last = line.split(None, 4)
        table[name] = (state, pid, int(restarts), last.strip())
    return table


def case_dependency_order():
    """first, second (after first) and third (after second) start in that order though the manifest lists them
    backwards; each called the one before it through init when it started and got its answer."""
    log = boot_log()
    order = [name for name, _ in started(log)]
    expect([n for n in order if n in ("first", "second", "third")] == ["first", "second", "third"],
           "start order: %r" % order)
    pids = dict(started(log))
    for name, before in (("second", "first"), ("third", "second")):
        expect("%s: %s answered: %s %d: hello from %s" % (name, before, before, pids[before], name) in log,
               "%s did not reach %s (pid %d):\n%s" % (name, before, pids[before], log))
    expect(order.index("nosy") > order.index("third"), "nosy started before third: %r" % order)


def case_bad_manifest_lines_do_not_stop_the_boot():
    """A line with an unknown key is a warning with its line number and leaves its service out; a module that
    is not there is a `cannot start` line; the boot goes on to the shell."""
    log = boot_log()
    line = MANIFEST.splitlines().index("colour = blue") + 1
    expect("svc: /etc/services:%d: unknown key colour; bogus skipped" % line in log, "no warning:\n%s" % log)
    expect("svc: missing: cannot start: /srv/missing.wasm: no such file or directory" in log, "no cannot-start:\n%s" % log)
    expect("bogus" not in [name for name, _ in started(log)], "bogus started")
    line = MANIFEST.splitlines().index("devices = port:0x60 serial") + 1
    expect("svc: /etc/services:%d: devices takes port:N, ports:A-B, irq:N, memory:ADDRESS+LENGTH, memory:framebuffer "
           "or console; baddev skipped" % line in log, "no devices warning:\n%s" % log)
    expect("svc: first: dirs /tmp: no such file or directory; not given" in log, "no dirs warning:\n%s" % log)
    table = svc_table(booted())
    expect("bogus" not in table and table["missing"] == ("failed", "-", 0, "no start"), "svc: %r" % table)


def case_ungranted_connect_is_refused():
    """nosy's manifest grants it `second` only: its connect to `first` is refused (EACCES), in its own words and
    in init's."""
    log = boot_log()
    expect("nosy: cannot call first: permission denied" in log, "nosy was not refused:\n%s" % log)
    expect("svc: nosy may not call first: refused" in log, "init did not say it refused:\n%s" % log)


def case_crash_loop_stops_at_its_limit():
    """crashy exits with status 3 at once, restart always, limit 3, backoff 20 ms: three restarts with the delay
    doubling, then it is given up on; four starts in all, and `svc` shows it failed."""
    console = booted()
    console.read_until(b"svc: crashy failed too often, stopped", 0)
    log = console.text()
    for attempt, delay in ((1, 20), (2, 40), (3, 80)):
        expect("svc: crashy exited with status 3, restart %d of 3 in %d ms" % (attempt, delay) in log,
               "no restart %d:\n%s" % (attempt, log))
    expect([name for name, _ in started(log)].count("crashy") == 4, "crashy's starts:\n%s" % log)
    expect(log.count("restart 4 of 3") == 0, "a fourth restart:\n%s" % log)
    state, pid, restarts, last = svc_table(console)["crashy"]
    expect((state, pid, restarts, last) == ("failed", "-", 3, "status 3"), "svc: crashy %r" % ((state, pid, restarts, last),))


def case_svc_reports_each_service():
    """`svc`: state, pid (the one the boot log gave), restarts and last exit of each service."""
    console = booted()
    table = svc_table(console)
    pids = dict(started(console.text()))
    for name in ("first", "second", "third", "nosy"):
        expect(table[name][:3] == ("running", str(pids[name]), 0), "%s: %r, started as %d" % (name, table[name], pids[name]))
    expect(table["once"] == ("failed", "-", 0, "status 4"), "once (restart never, exit 4): %r" % (table["once"],))
    expect(table["devices"][3] == "status 0", "devices (restart never, exit 0): %r" % (table["devices"],))
    expect(table["keyboard"][:3] == ("running", str(pids["keyboard"]), 0), "keyboard: %r" % (table["keyboard"],))
    expect(sorted(table) == sorted(["first", "second", "third", "echo", "crashy", "nosy", "missing", "once",
                                    "keyboard", "devices"]),
           "services: %r" % sorted(table))


def case_many_clients_every_reply_checked():
    """Eight client processes, each with its own endpoint to echo, 50 requests each at once: all 400 replies
    are the right ones, from one server; then two such clients at once, started by the shell."""
    console = booted()
    printed, status = console.command("/tests/svc-client.wasm many echo 8 50")
    expect(status == 0 and "svc-client: 8 clients, 400 replies checked, 0 clients failed" in printed,
           "status %d: %r" % (status, printed))
    # Two clients started by the shell at once, each asking init on an endpoint of its own.
    printed, status = console.command("/tests/svc-client.wasm many echo 4 50 & /tests/svc-client.wasm many echo 4 50; wait")
    expect(status == 0 and printed.count("svc-client: 4 clients, 200 replies checked, 0 clients failed") == 2,
           "status %d: %r" % (status, printed))


def case_killed_service_restarts_and_clients_reconnect():
    """A client holds an endpoint to echo; init kills echo (`kill echo`, what `svc kill` asks): the client's
    endpoint says EPIPE, echo restarts by its policy (on-failure, 50 ms), and a new endpoint reaches the new
    instance; `svc` shows the new pid, one restart, `killed`."""
    console = booted()
    old = svc_table(console)["echo"]
    printed, status = console.command("/tests/svc-client.wasm kill echo")
    expect(status == 0, "status %d: %r" % (status, printed))
    expect("svc-client: the old endpoint: errno 64 (EPIPE)" in printed, "no EPIPE: %r" % printed)
    found = re.search(r"the new instance answered 'echo (\d+): again' \(pid (\d+), was (\d+)\)", printed)
    expect(found and found.group(3) == old[1] and found.group(2) != old[1], "new instance: %r (was %r)" % (printed, old))
    log = console.text()
    expect("svc: echo was killed, restart 1 of 5 in 50 ms" in log, "no restart line:\n%s" % log[-2000:])
    expect(("echo", int(found.group(2))) in started(log), "no start line for pid %s" % found.group(2))
    expect(svc_table(console)["echo"] == ("running", found.group(2), 1, "killed"), "svc: %r" % (svc_table(console)["echo"],))


def case_crashed_service_restarts_with_backoff():
    """A client makes echo trap: EPIPE on its endpoint, a restart after 100 ms (the second in a row: the backoff
    doubled), and the new instance answers a new endpoint."""
    console = booted()
    before = svc_table(console)["echo"]
    start = console.at
    printed, status = console.command("/tests/svc-client.wasm crash echo")
    expect(status == 0 and "errno 64 (EPIPE)" in printed, "status %d: %r" % (status, printed))
    log = console.text(start)
    found = re.search(r"svc: echo trapped: .*, restart (\d) of 5 in (\d+) ms", log)
    expect(found, "no restart line:\n%s" % log)
    # Restarts in a row double the delay (a run of 30 s would have started the count over).
    expect(int(found.group(2)) == 50 << (int(found.group(1)) - 1), "backoff: %s" % found.group(0))
    state, pid, restarts, last = svc_table(console)["echo"]
    expect((state, restarts, last) == ("running", before[2] + 1, "trapped") and pid != before[1],
           "svc: %r, before %r" % ((state, pid, restarts, last), before))


def case_svc_stop_start_and_call():
    """`svc call` reaches a service through init; `svc stop` stops it (a connect is then refused), `svc start`
    brings it back under a new pid; a service reads files only with `dirs = /`; unknown services and verbs are
    errors."""
    console = booted()
    printed, status = console.command("svc call first hello there")
    pid = svc_table(console)["first"][1]
    expect(status == 0 and printed.strip() == "first %s: hello there" % pid, "call: %d %r" % (status, printed))
    printed, status = console.command("svc stop first")
    expect(status == 0 and svc_table(console)["first"][:2] == ("stopped", "-"), "stop: %r" % (svc_table(console)["first"],))
    printed, status = console.command("svc call first hi")
    expect(status == 1 and "svc: first: not running (stopped or failed)" in printed, "call stopped: %d %r" % (status, printed))
    before = console.at
    printed, status = console.command("svc start first")
    console.read_until(b"svc: started first (pid", before)
    printed, status = console.command("svc call first again")
    new = svc_table(console)["first"]
    expect(status == 0 and printed.strip() == "first %s: again" % new[1] and new[1] != pid, "after start: %r %r" % (printed, new))
    # Directories are rights too: first has `dirs = /`, echo none.
    motd = open(os.path.join(HERE, "..", "..", "root", "etc", "motd")).read().splitlines()[0]
    printed, status = console.command("svc call first read /etc/motd")
    expect(status == 0 and printed.strip() == "first %s: %s" % (new[1], motd), "first read: %d %r" % (status, printed))
    printed, status = console.command("svc call echo read /etc/motd")
    expect(status == 0 and printed.strip().endswith(": cannot read /etc/motd: no such file or directory"),
           "echo read: %d %r" % (status, printed))
    # third has `dirs = /etc`: a directory other than / is a preopen of its own, and nothing outside it is.
    printed, status = console.command("svc call third read /etc/motd")
    expect(status == 0 and printed.strip().endswith(": " + motd), "third read /etc/motd: %d %r" % (status, printed))
    printed, status = console.command("svc call third read /bin/sh.wasm")
    expect(status == 0 and printed.strip().endswith(": cannot read /bin/sh.wasm: no such file or directory"),
           "third read /bin/sh.wasm: %d %r" % (status, printed))
    printed, status = console.command("svc call nosuch x")
    expect(status == 1 and "svc: nosuch: no such service" in printed, "unknown: %d %r" % (status, printed))
    printed, status = console.command("svc frobnicate")
    expect(status == 2 and "usage: svc" in printed, "bad verb: %d %r" % (status, printed))


def case_session_end_stops_services():
    """`exit` in the console session: init stops every running service and walos powers off with status 0."""
    console = booted()
    status = console.power_off()
    global BOOT
    BOOT = None
    try:
        log = console.text()
        expect(status == exit_status(0), "power off status %r:\n%s" % (status, log[-2000:]))
        for name in ("first", "second", "third", "echo", "nosy"):
            expect("svc: stopped %s" % name in log, "%s was not stopped:\n%s" % (name, log[-2000:]))
    finally:
        console.close()


def case_driver_rights_are_checked():
    """A driver reaches only the devices its manifest line names: the kernel answers each device call past them
    with an error (EACCES for a port, line or window not granted, EINVAL for a bad width, line or overlap, EBUSY
    for a line held), and a spawn may hand a child only part of the caller's rights (EPERM past them)."""
    log = boot_log()
    # port 0x71; 0x60; 0x70 x4; write 0x80; width 3; line 1; line 3; line 3 again; line 16; window not granted;
    # granted window; over it again; unaligned; past the granted length; console; child with 0x60; with 0x71.
    wanted = "0 2 2 2 28 2 0 10 28 2 0 28 28 2 2 63 7"
    found = re.search(r"svc-client: devices: ([\d ]+)", log)
    expect(found and found.group(1).strip() == wanted, "device calls: %r, wanted %r:\n%s"
           % (found and found.group(1), wanted, log[-2000:]))
    expect("svc-client: rights: 0 2" in log, "the child's rights:\n%s" % log[-2000:])


def case_keyboard_service_delivers_keys():
    """The PS/2 keyboard's driver is a service: keys typed on the machine's keyboard reach the shell through it
    (the console's input), a client that connects to it gets the keys instead while it holds it, and after the
    driver is killed its restarted instance takes the interrupt line over."""
    console = booted()
    expect("keyboard: PS/2 (i8042, scancode set 1, US layout) on interrupt line 1" in boot_log(),
           "the keyboard service did not start:\n%s" % boot_log()[-2000:])
    start = console.at
    console.press(["e", "c", "h", "o", "spc", "k", "b", "ret"])
    console.read_match(re.compile(rb"echo kb\r*\nkb\r*\n"), start)
    console.read_until(PROMPT)
    console.type(b"/tests/svc-client.wasm keys 3\r")
    console.read_until(b"svc-client: holding the keyboard")
    console.press(["x", "y", "z"])
    console.read_until(b"svc-client: keys: xyz")
    console.read_until(PROMPT)
    printed, status = console.command("echo after")
    expect(status == 0 and printed.strip() == "after", "the shell after the client: %d %r" % (status, printed))
    # A driver that ends lets go of its line; its restarted instance takes it and serves the keys again.
    ready = b"keyboard: PS/2 (i8042, scancode set 1, US layout) on interrupt line 1"
    start = console.at
    printed, status = console.command("svc kill keyboard")
    expect(status == 0, "svc kill keyboard: %d %r" % (status, printed))
    console.read_until(ready, start)
    start = console.at
    console.press(["e", "c", "h", "o", "spc", "a", "g", "a", "i", "n", "ret"])
    console.read_match(re.compile(rb"echo again\r*\nagain\r*\n"), start)
    console.read_until(PROMPT)


def case_framebuffer_window_reaches_the_screen():
    """A driver granted `memory:framebuffer` maps the framebuffer over its own linear memory (device_map) and its
    plain stores reach the screen: the square it paints is on QEMU's screendump, pixel for pixel."""
    manifest = "[paint]\nmodule = /tests/svc-client.wasm\nargs = paint\nrestart = never\ndevices = memory:framebuffer\n"
    console = Console(None, manifest=manifest, vga="std")
    try:
        console.read_until(b"svc-client: painted on 1024x768")
        console.read_until(PROMPT)
        width, height, pixel = read_ppm(console.screendump(os.path.join(console.dir, "screen.ppm")))
        expect((width, height) == (1024, 768), "screen %dx%d" % (width, height))
        wrong = [(x, y) for y in range(16, 80) for x in range(16, 80) if pixel(x, y) != (0xFF, 0x80, 0x40)]
        expect(not wrong, "%d pixels of the square are not 0xFF8040, the first at %r: %r"
               % (len(wrong), wrong[:1], wrong and pixel(*wrong[0])))
        outside = [(x, y) for (x, y) in [(15, 16), (80, 16), (16, 15), (16, 80), (500, 400)] if pixel(x, y) == (0xFF, 0x80, 0x40)]
        expect(not outside, "the square's color outside it at %r" % outside)
    finally:
        console.close()


def case_default_manifest():
    """The root archive's own /etc/services: echo starts at boot, answers `svc call`, and the shell comes up."""
    console = Console(ROOT_TAR)
    try:
        console.read_until(b"walos is up")
        console.read_until(PROMPT)
        pid = dict(started(console.text())).get("echo")
        expect(pid, "echo did not start:\n%s" % console.text())
        printed, status = console.command("svc call echo hello")
        expect(status == 0 and printed.strip() == "echo %d: hello" % pid, "call: %d %r" % (status, printed))
        expect(console.power_off() == exit_status(0), "no power off")
    finally:
        console.close()


CASES = {f.__name__[len("case_"):]: f for f in [
    case_dependency_order, case_bad_manifest_lines_do_not_stop_the_boot, case_ungranted_connect_is_refused,
    case_crash_loop_stops_at_its_limit, case_svc_reports_each_service, case_many_clients_every_reply_checked,
    case_killed_service_restarts_and_clients_reconnect, case_crashed_service_restarts_with_backoff,
    case_svc_stop_start_and_call, case_driver_rights_are_checked, case_keyboard_service_delivers_keys,
    case_session_end_stops_services, case_framebuffer_window_reaches_the_screen, case_default_manifest]}

if __name__ == "__main__":
    KERNEL, ROOT_TAR, CLIENT = (os.path.abspath(p) for p in sys.argv[1:4])
    run_cases(CASES, sys.argv[4:], cleanup=lambda: BOOT and BOOT.close())
