#!/usr/bin/env python3
"""walos's shell and first programs (/bin/sh, echo, cat, ls, wc, head, mkdir, rm, cp, mv, grep, hexdump, date,
uptime, clear, kill, free), from the outside.

Scripts run under `./walos run` and, where POSIX fixes the output, under the host's dash with the host's
coreutils (the reference): both must print the same bytes. What only walos has (its messages, traps, jobs
killed through the `walos` module) is checked against literal expectations. A boot with the shell on the serial
console is typed at as a person would, over serial and on the PS/2 keyboard (QMP input-send-event): prompt, line
editing, history, pipelines, files, jobs, traps, `clear`; screendumps show it on the screen, against the font.

usage: run.py TEST_PROGRAMS_DIR KERNEL ROOT_TAR [CASE...]
"""
import datetime
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
sys.path.insert(0, os.path.join(HERE, "..", "qemu"))
from cases import expect, run_cases  # noqa: E402
from machine import SerialConsole, exit_status, pvh_boot  # noqa: E402
from screen import Font, read_ppm, rows_showing  # noqa: E402

WALOS = os.path.join(HERE, "..", "..", "walos")
SH = os.path.join(HERE, "..", "..", "build", "programs", "sh.wasm")
FONT = "/usr/share/consolefonts/Uni2-Terminus16.psf.gz"
DASH = "/bin/dash"
PROGRAMS = KERNEL = ROOT_TAR = None
LIMIT = 180  # seconds a boot may take on a busy machine

# POSIX fixes what these print, so walos and dash with GNU coreutils must agree byte for byte. $WORK is an
# empty directory: /tmp (a RAM directory) in walos, a fresh host directory for dash.
SCRIPT = r"""
cd "$WORK"
echo hello   world
echo 'single $HOME quoted' "double \"quoted\" \$x" back\ slash
export GREETING=hi
echo "$GREETING there" ${GREETING}s
echo -n no newline; echo
echo one > f
echo two >> f
cat f
cat < f
cat f f | wc -l
wc -c < f
wc -w f
head -n 1 f
echo three four five | wc -w
cat missing 2> err; echo status $?
cat err | wc -l
echo to-stderr 2>&1 > out; cat out
mkdir -p a/b/c
cd a/b
echo here > here; ls ..; cat ../b/here
cd ../..
echo deep > a/b/c/file
cat a/b/c/file
ls a/b
ls
rm -r a
ls
rm f err out
ls
echo alpha > g; echo Beta >> g; echo gamma beta >> g; echo >> g; echo delta >> g
grep beta g; echo grep $?
grep -i beta g
grep -v a g
grep -n -c a g
grep -c zzz g; echo none $?
cat g | grep -in BETA
cp g h; cat h | wc -l
mkdir d; cp g h d; ls d
mv h d/renamed; ls; ls d
mv d e; ls e
cat g g g g | hexdump -C
echo -n 0123456789abcdef0123456789abcdef0123456789abcdef | hexdump -C
rm -r e g
echo end
"""


def walos_sh(script, extra=(), args=(), env=None):
    command = [sys.executable, WALOS, "run", "--ram-dir", "/tmp", "--env", "WORK=/tmp", *extra, SH, *args]
    result = subprocess.run(command, input=script.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            timeout=LIMIT, env=env)
    return result.returncode, result.stdout, result.stderr


def case_script_matches_dash():
    """A script of pipelines, redirections, quoting, variables, cd and file tools: the same output as dash."""
    script = SCRIPT
    expect(os.path.exists(DASH), "dash, the reference shell, is missing: %s" % DASH)
    work = tempfile.mkdtemp(prefix="walos-sh-")
    try:
        reference = subprocess.run([DASH], input=script.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   cwd=work, env={"PATH": "/usr/bin:/bin", "WORK": work, "LC_ALL": "C"}, timeout=60)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    status, out, err = walos_sh(script)
    expect(status == 0, "walos's shell ended with %d; stderr %r" % (status, err[-500:]))
    expect(reference.returncode == 0, "dash ended with %d: %r" % (reference.returncode, reference.stderr))
    expect(out == reference.stdout, "walos printed\n%s\ndash printed\n%s" % (out.decode(), reference.stdout.decode()))
    print("  %d lines alike" % len(out.splitlines()))


def case_missing_command_and_trap():
    """A missing command is 127 with a message; a trapping program is 134 with the trap's message; a program
    given by path from a shared directory runs; proc_exit codes reach $?."""
    script = "nosuch-program arg\necho missing $?\n/t/oob.wasm\necho trap $?\n/t/exit-code.wasm 7\necho code $?\n" \
             "cd /nowhere\necho cd $?\necho 'unterminated\necho syntax $?\n"
    status, out, err = walos_sh(script, extra=("--dir", PROGRAMS + "::/t"))
    expect(out == b"missing 127\ntrap 134\ncode 7\ncd 1\nsyntax 2\n", "got %r; stderr %r" % (out, err))
    expect(b"sh: nosuch-program: command not found\n" in err, "no not-found message: %r" % err)
    expect(b"trapped: out of bounds memory access" in err, "no trap message: %r" % err)
    expect(b"sh: cd: /nowhere: no such file or directory" in err, "no cd message: %r" % err)
    expect(b"unterminated quote" in err, "no syntax message: %r" % err)
    expect(status == 0, "the shell's status is its last command's (0): %d" % status)


def case_background_jobs():
    """`&` starts a job and goes on; `jobs` lists it; `kill $!` stops it and `wait` reports 137; a second job
    that ends by itself (while `sleep 1` runs) is still waited for by its number, with its status."""
    script = ("/t/wait.wasm &\necho started\njobs\nkill $!\necho kill $?\nwait $!\necho waited $?\n"
              "/t/exit-code.wasm 5 &\nsleep 1\nwait %1\necho second $?\n/t/wait.wasm &\nkill %1\nwait\necho all $?\n"
              "jobs\necho done\n")
    status, out, err = walos_sh(script, extra=("--dir", PROGRAMS + "::/t"))
    expect(out == b"started\n[1] Running /t/wait.wasm\nkill 0\nwaited 137\nsecond 5\nall 0\ndone\n",
           "got %r; stderr %r" % (out, err))
    expect(status == 0, "status %d" % status)


def case_date_and_uptime():
    """`date` prints the wall clock in `date -u`'s C-locale form, within a minute of the host's; `uptime` the
    time since boot and the processes (the shell, uptime itself)."""
    before = time.time()
    status, out, err = walos_sh("date\ndate -I\nuptime\n")
    lines = out.decode().splitlines()
    expect(status == 0 and len(lines) == 3, "got %r; stderr %r" % (out, err))
    shown = datetime.datetime.strptime(lines[0], "%a %b %d %H:%M:%S UTC %Y").replace(tzinfo=datetime.timezone.utc)
    expect(abs(shown.timestamp() - before) < 120, "date says %s, the host %s" % (lines[0], time.ctime(before)))
    expect(lines[0] == time.strftime("%a %b %e %H:%M:%S UTC %Y", shown.utctimetuple()), "not date -u's form: %r" % lines[0])
    expect(lines[1] == shown.strftime("%Y-%m-%d"), "date -I: %r" % lines[1])
    expect(re.fullmatch(r"up \d+:\d\d:\d\d, 2 processes", lines[2]), "uptime: %r" % lines[2])


def case_sleep():
    """`sleep 2.5` waits on walos's clock: `date` before and after differ by 2 to 30 seconds; a duration that is
    not a number is status 1 with GNU sleep's message."""
    status, out, err = walos_sh("date\nsleep 2.5\ndate\nsleep 1x\necho $?\n")
    lines = out.decode().splitlines()
    expect(len(lines) == 3 and lines[2] == "1", "got %r; stderr %r" % (out, err))
    before, after = (datetime.datetime.strptime(line, "%a %b %d %H:%M:%S UTC %Y") for line in lines[:2])
    expect(2 <= (after - before).total_seconds() <= 30, "slept from %s to %s" % (lines[0], lines[1]))
    expect(err == b"sleep: invalid time interval '1x'\n", "stderr %r" % err)


def case_commands_and_scripts():
    """`sh -c LINE`, `sh FILE`, and the status of the last command as the shell's."""
    status, out, err = walos_sh("", args=("-c", "echo from -c; /t/exit-code.wasm 3"), extra=("--dir", PROGRAMS + "::/t"))
    expect((status, out) == (3, b"from -c\n"), "sh -c: got %r; stderr %r" % ((status, out), err))
    status, out, err = walos_sh("cd /tmp; echo 'echo in a script' > s; echo 'wc -c < s' >> s\nsh s\n")
    expect((status, out) == (0, b"in a script\n27\n"), "sh FILE: got %r; stderr %r" % ((status, out), err))
    status, out, err = walos_sh("cd /tmp; mkdir -p a/b; cd a/./b/../b; pwd; pwd | wc -c; cd ..; pwd; cd; pwd\n",
                                extra=("--env", "HOME=/tmp/a/b"))
    expect((status, out) == (0, b"/tmp/a/b\n9\n/tmp/a\n/tmp/a/b\n"), "cd and pwd: got %r; stderr %r" % ((status, out), err))


class Console(SerialConsole):
    """walos booted to its shell, the serial console on pipes and the screen reachable through QMP."""

    def __init__(self, root=None, extra=()):
        self.dir = tempfile.mkdtemp(prefix="walos-console-")
        super().__init__([*pvh_boot(KERNEL, root or ROOT_TAR), *extra], LIMIT, os.path.join(self.dir, "qmp"))

    def press(self, *qcodes):
        """One stroke on the PS/2 keyboard: the keys pressed in order (modifiers first), released in reverse."""
        key = lambda code, down: {"type": "key", "data": {"down": down, "key": {"type": "qcode", "data": code}}}
        events = [key(code, True) for code in qcodes] + [key(code, False) for code in reversed(qcodes)]
        reply = self.monitor().command("input-send-event", events=events)
        expect("return" in reply, "input-send-event failed: %s" % reply)

    def keyboard(self, text, at):
        """Types `text` on the PS/2 keyboard a key at a time, each after the echo of the one before (the i8042
        and QEMU's keyboard hold only a few bytes); the offset past the echo of the last."""
        for char in text:
            self.press(*strokes(char))
            at = self.read_until(char.encode(), at)
        return at

    def screen_rows(self, *texts):
        """A screendump: for each text, the rows (of the 48) showing it from column 0, checked against the font."""
        dump = self.screendump(os.path.join(self.dir, "screen.ppm"))
        return [rows_showing(dump, FONT, text) for text in texts]

    def expect_power_off(self, what):
        """The shell ends and walos powers off (debug exit 0)."""
        deadline = time.time() + LIMIT
        while self.process.poll() is None and time.time() < deadline:
            time.sleep(0.1)
        expect(self.process.poll() == exit_status(0), "%s did not power walos off: %r" % (what, self.process.poll()))

    def close(self):
        super().close()
        shutil.rmtree(self.dir, ignore_errors=True)


# The US layout as QEMU's key codes: what each character is typed with.
SHIFTED = dict(zip('~!@#$%^&*()_+{}|:"<>?', "`1234567890-=[]\\;',./"))
KEY_NAMES = {" ": "spc", "-": "minus", "=": "equal", "[": "bracket_left", "]": "bracket_right", "\\": "backslash",
             ";": "semicolon", "'": "apostrophe", "`": "grave_accent", ",": "comma", ".": "dot", "/": "slash",
             "\r": "ret", "\t": "tab"}


def strokes(char):
    if char.isupper():
        return ["shift", char.lower()]
    if char in SHIFTED:
        return ["shift", KEY_NAMES.get(SHIFTED[char], SHIFTED[char])]
    return [KEY_NAMES.get(char, char)]


def root_with_test_programs(directory):
    """The root archive with /t holding test programs (a trapping one, a waiting one)."""
    path = os.path.join(directory, "root.tar")
    shutil.copyfile(ROOT_TAR, path)
    with tarfile.open(path, "a", format=tarfile.USTAR_FORMAT) as archive:
        folder = tarfile.TarInfo("t")
        folder.type, folder.mode = tarfile.DIRTYPE, 0o755
        archive.addfile(folder)
        for name in ("oob.wasm", "wait.wasm"):
            archive.add(os.path.join(PROGRAMS, name), "t/" + name)
    return path


def typed_session(lines, root=None):
    """Boots to the shell, types each (line, wanted) on the PS/2 keyboard with Enter after it, and waits for
    `wanted` (bytes) on the serial console after it; the console, still running, and the offset reached."""
    console = Console(root=root)
    try:
        at = console.read_until(b"walos is up")
        at = console.read_until(b"walos:/$ ", at)
        for line, wanted in lines:
            at = console.keyboard(line, at)
            console.press("ret")
            at = console.read_until(wanted, at)
    except BaseException:
        console.close()
        raise
    return console, at


def expect_on_screen(console, *texts):
    """Each text is on the screen, from column 0 of some row; the rows found."""
    found = console.screen_rows(*texts)
    for text, rows in zip(texts, found):
        expect(rows, "the screen does not show %r" % text)
    return found


def case_console_shell():
    """The boot ends at the shell's prompt on serial and screen; typed lines run, with backspace, cursor keys
    and history; `exit` powers walos off."""
    console = Console()
    try:
        prompt = b"walos:/$ "
        at = console.read_until(b"walos is up")
        at = console.read_until(prompt, at)
        # Backspace mends a typo; the left arrow inserts in the middle; the echo is what a terminal shows.
        console.type(b"echo helo\x7f\x7fllo | wc -c\r")
        at = console.read_until(b"\r\n6\r\n", at)
        console.type(b"cd etc\r")
        at = console.read_until(b"walos:/etc$ ", at)
        # `l -1`, three times left, `s`: the line run is `ls -1`.
        console.type(b"l -1\x1b[D\x1b[D\x1b[Ds\r")
        at = console.read_until(b"\r\nmotd\r\n", at)
        console.type(b"cd /\r")
        at = console.read_until(prompt, at)
        # Up three times: `cd /`, `ls -1`, then `cd etc`, run again.
        console.type(b"\x1b[A\x1b[A\x1b[A\r")
        at = console.read_until(b"walos:/etc$ ", at)
        console.type(b"echo marker-$?\r")
        at = console.read_until(b"marker-0", at)
        # The screen shows the same: find the prompt's row and check its glyphs against the font.
        expect_on_screen(console, "walos:/etc$ echo marker-$?")
        console.type(b"exit\r")
        console.expect_power_off("exit")
    finally:
        console.close()


def case_keyboard_pipeline_and_files():
    """Typed on the PS/2 keyboard: a pipeline, redirections to a file and `cat` of it; the screen shows each
    command line under its prompt and the output under it."""
    console, at = typed_session([
        ("echo Hello, keyboard | wc -c", b"\r\n16\r\n"),
        ("mkdir /work; echo 'one two' > /work/f; echo three >> /work/f", b"walos:/$ "),
        ("cat /work/f", b"\r\none two\r\nthree\r\n"),
    ])
    try:
        rows = expect_on_screen(console, "walos:/$ echo Hello, keyboard | wc -c", "16 ", "walos:/$ cat /work/f",
                                "one two", "three")
        expect(rows[0][-1] + 1 in rows[1], "the pipeline's output is not under it: rows %s" % rows)
        expect(rows[2][-1] + 1 in rows[3] and rows[2][-1] + 2 in rows[4], "cat's output is not under it: rows %s" % rows)
    finally:
        console.close()


def case_keyboard_jobs_missing_command_and_trap():
    """Typed on the keyboard: a background job listed, killed and waited for; a missing command; a trapping
    program; each message on serial and on screen."""
    directory = tempfile.mkdtemp(prefix="walos-root-")
    try:
        console, at = typed_session([
            ("/t/wait.wasm &", b"walos:/$ "),
            ("jobs", b"[1] Running /t/wait.wasm\r\n"),
            ("kill %1; wait %1; echo status $?", b"status 137\r\n"),
            ("nosuch-program", b"sh: nosuch-program: command not found\r\n"),
            ("/t/oob.wasm; echo trap $?", b"trapped: out of bounds memory access in function 0 (read_far)\r\ntrap 134\r\n"),
        ], root=root_with_test_programs(directory))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    try:
        trap = re.search(rb"sh: process \d+ trapped: out of bounds memory access", console.output)
        expect(trap, "no trap message")
        expect_on_screen(console, "walos:/$ jobs", "[1] Running /t/wait.wasm", "status 137",
                         "sh: nosuch-program: command not found", "trap 134", trap.group(0).decode())
    finally:
        console.close()


def case_keyboard_cd_and_relative_paths():
    """`cd` into a directory and out by a relative path; files named relative to the current directory."""
    motd = open(os.path.join(HERE, "..", "..", "root", "etc", "motd"), "rb").read().splitlines()[0]
    console, at = typed_session([
        ("cd etc", b"walos:/etc$ "),
        ("cat motd", b"\r\n" + motd + b"\r\n"),
        ("cd ../srv", b"walos:/srv$ "),
        ("echo made > here; cat ./here ../srv/here; pwd", b"\r\nmade\r\nmade\r\n/srv\r\n"),
    ])
    try:
        rows = expect_on_screen(console, "walos:/srv$ echo made > here; cat ./here ../srv/here; pwd", "/srv ")
        expect(rows[0][-1] + 3 in rows[1], "pwd's output is not where it belongs: rows %s" % rows)
    finally:
        console.close()


def case_keyboard_line_editing():
    """The keyboard's Shift, Caps Lock, Ctrl, Backspace, Delete, arrows and Home/End edit the line as the
    serial console's bytes do."""
    prompt = b"walos:/$ "
    console, at = typed_session([])
    try:
        # Backspace mends a typo; two lefts, then X goes in the middle; Delete takes the b after it; End.
        at = console.keyboard("echo abdd", at)
        console.press("backspace")
        at = console.read_until(b"\x08", at)
        console.press("left")
        console.press("left")
        at = console.keyboard("X", at)
        console.press("delete")
        at = console.read_until(b"\r" + prompt + b"echo aXd", at)
        console.press("end")
        at = console.keyboard(" end", at)
        console.press("ret")
        at = console.read_until(b"\r\naXd end\r\n", at)
        # Caps Lock makes capitals, Shift with it small letters; Home goes to the start of the line.
        at = console.keyboard("cho ", at)
        console.press("caps_lock")
        console.press("a")
        at = console.read_until(b"A", at)
        console.press("shift", "b")
        at = console.read_until(b"b", at)
        console.press("caps_lock")
        console.press("home")
        at = console.keyboard("e", at)
        console.press("ret")
        at = console.read_until(b"\r\nAb\r\n", at)
        # Up recalls the line; Ctrl-U drops a line, Ctrl-C too.
        console.press("up")
        at = console.read_until(b"echo Ab", at)
        console.press("ret")
        at = console.read_until(b"\r\nAb\r\n", at)
        at = console.keyboard("junk", at)
        console.press("ctrl", "u")
        at = console.keyboard("echo after-u", at)
        console.press("ret")
        at = console.read_until(b"\r\nafter-u\r\n", at)
        at = console.keyboard("junk", at)
        console.press("ctrl", "c")
        at = console.read_until(b"^C", at)
        expect(console.output[:at].endswith(b"junk^C"), "Ctrl-C did not show as ^C after the line")
        at = console.read_until(prompt, at)
        expect_on_screen(console, "walos:/$ echo Ab", "after-u", "walos:/$ junk^C")
        # Ctrl-D on an empty line ends the shell, and walos powers off.
        console.press("ctrl", "d")
        console.expect_power_off("Ctrl-D")
    finally:
        console.close()


def case_clear_leaves_only_the_prompt():
    """`clear` writes ncurses's clear sequence; the screen then shows the prompt on its first row and nothing
    else but the cursor after it."""
    console, at = typed_session([("echo some text", b"some text\r\n"),
                                 ("clear", b"\x1b[H\x1b[2J\x1b[3Jwalos:/$ ")])
    try:
        rows = expect_on_screen(console, "walos:/$ ")
        expect(rows == [[0]], "the prompt is not (only) on the first row: %s" % rows)
        width, height, pixel = read_ppm(os.path.join(console.dir, "screen.ppm"))
        font = Font(FONT)
        # The cursor's cell (just after the prompt) aside, everything but the prompt is background.
        cursor = range(9 * font.width, 10 * font.width)
        lit = [(x, y) for y in range(height) for x in range(len("walos:/$ ") * font.width if y < font.height else 0,
                                                             width)
               if sum(pixel(x, y)) > 3 * 0x60 and not (y < font.height and x in cursor)]
        expect(not lit, "%d pixels lit besides the prompt, the first at %s" % (len(lit), lit[:1]))
        cursor_pixels = [sum(pixel(x, font.height - 1)) > 3 * 0x60 for x in cursor]
        expect(all(cursor_pixels), "no cursor underline after the prompt: %s" % cursor_pixels)
    finally:
        console.close()


def case_kill_program():
    """/bin/kill: stops only descendants of its own, so the shell's job survives it (EPERM), with clear
    messages for a missing process, a bad signal and no operand; the shell's builtin then stops the job."""
    script = ("/t/wait.wasm &\n/bin/kill.wasm -9 $!; echo kill $?\njobs\n/bin/kill.wasm -s TERM 999999; "
              "echo missing $?\n/bin/kill.wasm; echo usage $?\n/bin/kill.wasm -BOGUS 1; echo signal $?\n"
              "/bin/kill.wasm x; echo operand $?\nkill %1; wait $!; echo builtin $?\n")
    status, out, err = walos_sh(script, extra=("--dir", PROGRAMS + "::/t"))
    expect(out == b"kill 1\n[1] Running /t/wait.wasm\nmissing 1\nusage 2\nsignal 2\noperand 1\nbuiltin 137\n",
           "got %r; stderr %r" % (out, err))
    lines = err.decode().splitlines()
    expect(re.fullmatch(r"kill: \d+: not permitted", lines[0]), "the EPERM message: %r" % lines)
    expect(lines[1:] == ["kill: 999999: no such process", "kill: usage: kill [-s SIGNAL | -SIGNAL] PID...",
                         "kill: BOGUS: invalid signal", "kill: x: not a process id"], "messages: %r" % lines)


def free_table(lines):
    """One `free` report (header, Mem:, Heap:) as {label: [numbers]}, checking the header."""
    expect(lines[0].split() == ["total", "used", "free", "reserved"], "free's header: %r" % lines[0])
    table = {}
    for line in lines[1:]:
        label, *numbers = line.split()
        table[label] = [int(n) for n in numbers]
    expect(sorted(table) == ["Heap:", "Mem:"], "free's rows: %r" % lines)
    return table


def case_free_program():
    """/bin/free: procps's layout; the machine's total is the memory the kernel's boot log reports; used plus
    free is the total; a 4 MiB file in RAM shows in `used` and leaves it when removed; -m agrees with -b."""
    sh_size = os.path.getsize(SH)
    copies = (4 << 20) // sh_size + 1
    # cat and rm run once first: the kernel keeps the modules it loaded (with their native code) for the next
    # process that runs them, and that memory is not the file's.
    script = ("cat /p/sh.wasm > /tmp/warm\nrm /tmp/warm\n"
              "free -b\nfree -m\ncat" + " /p/sh.wasm" * copies + " > /tmp/big\nfree -b\nrm /tmp/big\nfree -b\n"
              "free -x; echo usage $?\n")
    log = os.path.join(tempfile.mkdtemp(prefix="walos-free-"), "log")
    try:
        status, out, err = walos_sh(script, extra=("--dir", os.path.dirname(SH) + "::/p"), env=dict(os.environ, WALOS_LOG=log))
        boot_log = open(log, "rb").read().decode("utf-8", "replace")
    finally:
        shutil.rmtree(os.path.dirname(log), ignore_errors=True)
    lines = out.decode().splitlines()
    expect(status == 0 and len(lines) == 13 and lines[12] == "usage 2", "got %r; stderr %r" % (out, err))
    expect(err == b"free: usage: free [-b|-k|-m]\n", "a bad option's message: %r" % err)
    before, in_mib, with_file, after = (free_table(lines[i:i + 3]) for i in range(0, 12, 3))
    usable = re.search(r"memory: (\d+) MiB usable", boot_log)
    expect(usable, "no memory line in the boot log")
    total, used, free, reserved = before["Mem:"]
    expect(total >> 20 == int(usable.group(1)), "total %d, the boot log says %s MiB" % (total, usable.group(1)))
    expect(used + free == total and 0 < reserved < free, "Mem: %s" % before["Mem:"])
    heap, heap_used, heap_free = before["Heap:"]
    expect(0 < heap_used <= heap and heap_used + heap_free == heap, "Heap: %s" % before["Heap:"])
    expect(in_mib["Mem:"][0] == total >> 20, "-m: %s" % in_mib["Mem:"])
    size = copies * sh_size
    grown = with_file["Mem:"][1] - used
    expect(grown >= size, "a %d-byte file: used grew by %d" % (size, grown))
    expect(after["Mem:"][1] - used < size // 2, "rm did not give the file back: %s -> %s" % (before["Mem:"], after["Mem:"]))


CASES = {f.__name__[len("case_"):]: f for f in [case_script_matches_dash, case_missing_command_and_trap,
                                                case_background_jobs, case_date_and_uptime, case_sleep, case_commands_and_scripts,
                                                case_console_shell, case_keyboard_pipeline_and_files,
                                                case_keyboard_jobs_missing_command_and_trap,
                                                case_keyboard_cd_and_relative_paths, case_keyboard_line_editing,
                                                case_clear_leaves_only_the_prompt, case_kill_program,
                                                case_free_program]}

if __name__ == "__main__":
    PROGRAMS, KERNEL, ROOT_TAR = (os.path.abspath(p) for p in sys.argv[1:4])
    run_cases(CASES, sys.argv[4:])
