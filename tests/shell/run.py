#!/usr/bin/env python3
"""walos's shell and first programs (/bin/sh, echo, cat, ls, wc, head, mkdir, rm, cp, mv, grep, hexdump, date,
uptime), from the outside.

Scripts run under `./walos run` and, where POSIX fixes the output, under the host's dash with the host's
coreutils (the reference): both must print the same bytes. What only walos has (its messages, traps, jobs
killed through the `walos` module) is checked against literal expectations. A boot with the shell on the serial
console is typed at as a person would: prompt, line editing, history, and the screen shows it.

usage: run.py TEST_PROGRAMS_DIR KERNEL ROOT_TAR [CASE...]
"""
import datetime
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
from machine import QEMU, QMP, DEBUG_EXIT, exit_status  # noqa: E402
from screen import text_mismatches  # noqa: E402

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
    that ends by itself is waited for with its status."""
    script = ("/t/wait.wasm &\necho started\njobs\nkill $!\necho kill $?\nwait $!\necho waited $?\n"
              "/t/exit-code.wasm 5 &\nwait %1\necho second $?\n/t/wait.wasm &\nkill %1\nwait\necho all $?\n"
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


def case_commands_and_scripts():
    """`sh -c LINE`, `sh FILE`, and the status of the last command as the shell's."""
    status, out, err = walos_sh("", args=("-c", "echo from -c; /t/exit-code.wasm 3"), extra=("--dir", PROGRAMS + "::/t"))
    expect((status, out) == (3, b"from -c\n"), "sh -c: got %r; stderr %r" % ((status, out), err))
    status, out, err = walos_sh("cd /tmp; echo 'echo in a script' > s; echo 'wc -c < s' >> s\nsh s\n")
    expect((status, out) == (0, b"in a script\n27\n"), "sh FILE: got %r; stderr %r" % ((status, out), err))
    status, out, err = walos_sh("cd /tmp; mkdir -p a/b; cd a/./b/../b; pwd; pwd | wc -c; cd ..; pwd; cd; pwd\n",
                                extra=("--env", "HOME=/tmp/a/b"))
    expect((status, out) == (0, b"/tmp/a/b\n9\n/tmp/a\n/tmp/a/b\n"), "cd and pwd: got %r; stderr %r" % ((status, out), err))


class Console:
    """walos booted to its shell, the serial console on pipes and the screen reachable through QMP."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="walos-console-")
        self.qmp_path = os.path.join(self.dir, "qmp")
        command = [QEMU, "-machine", "q35", "-m", "512M", "-smp", "2", "-accel", "tcg,thread=multi", "-kernel", KERNEL,
                   "-initrd", ROOT_TAR, "-append", "", "-display", "none", "-vga", "std", "-serial", "stdio",
                   "-no-reboot", "-monitor", "none", *DEBUG_EXIT, "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        os.set_blocking(self.process.stdout.fileno(), False)
        self.output = b""

    def read_until(self, wanted, after=0):
        """Waits until `wanted` appears in the output past offset `after`; the offset just past it."""
        deadline = time.time() + LIMIT
        while True:
            chunk = self.process.stdout.read()
            if chunk:
                self.output += chunk
            found = self.output.find(wanted, after)
            if found >= 0:
                return found + len(wanted)
            expect(self.process.poll() is None, "QEMU ended; the console showed:\n%s" % self.output.decode("utf-8", "replace")[-2000:])
            expect(time.time() < deadline, "no %r on the console; it showed:\n%s" % (wanted, self.output.decode("utf-8", "replace")[-2000:]))
            time.sleep(0.05)

    def type(self, keys):
        self.process.stdin.write(keys)
        self.process.stdin.flush()

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


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
        qmp = QMP(console.qmp_path)
        dump = os.path.join(console.dir, "screen.ppm")
        reply = qmp.command("screendump", filename=dump)
        qmp.close()
        expect("return" in reply, "screendump failed: %s" % reply)
        rows = [row for row in range(48) if text_mismatches(dump, FONT, "walos:/etc$ echo marker-$?", row=row)[0] == 0]
        expect(rows, "the screen does not show the line typed at the prompt")
        console.type(b"exit\r")
        deadline = time.time() + LIMIT
        while console.process.poll() is None and time.time() < deadline:
            time.sleep(0.1)
        expect(console.process.poll() == exit_status(0), "exit did not power walos off: %r" % console.process.poll())
    finally:
        console.close()


CASES = {f.__name__[len("case_"):]: f for f in [case_script_matches_dash, case_missing_command_and_trap,
                                                case_background_jobs, case_date_and_uptime, case_commands_and_scripts,
                                                case_console_shell]}

if __name__ == "__main__":
    PROGRAMS, KERNEL, ROOT_TAR = (os.path.abspath(p) for p in sys.argv[1:4])
    run_cases(CASES, sys.argv[4:])
