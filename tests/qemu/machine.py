"""Boot walos in QEMU for a test and collect what it printed: a small, dependable harness.

Every boot has a time limit; a hang, a triple fault (QEMU exits 0 with -no-reboot) or an unexpected exit status
is a failure, and the failure carries the serial log.
"""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import json

QEMU = "qemu-system-x86_64"
DEBUG_EXIT = ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
# Every machine the tests boot: q35 with `-cpu max`, whose extensions (lzcnt, tzcnt, popcnt, SSE4.1's rounding)
# native code compiles to; QEMU's default model has none of them, and functions using them would be interpreted.
MACHINE = [QEMU, "-machine", "q35", "-cpu", "max"]
# A machine a test talks to on its serial console: two processors running in parallel on the host
# (multi-threaded TCG), no window, no monitor.
CONSOLE_MACHINE = [*MACHINE, "-m", "512M", "-smp", "2", "-accel", "tcg,thread=multi", "-display", "none",
                   "-serial", "stdio", "-no-reboot", "-monitor", "none", *DEBUG_EXIT]
# The same for `make bench`'s counts: one guest instruction per nanosecond of guest time and of the time-stamp
# counter (-icount shift=0), which needs single-threaded TCG.
COUNTING_CONSOLE_MACHINE = [*MACHINE, "-m", "512M", "-smp", "2", "-icount", "shift=0", "-display", "none",
                            "-serial", "stdio", "-no-reboot", "-monitor", "none", *DEBUG_EXIT]


def exit_status(code):
    """The status QEMU exits with when the kernel writes `code` to isa-debug-exit."""
    return (code << 1) | 1


class Boot:
    """One finished boot: its exit status, its serial output, and whether it ran out of time."""

    def __init__(self, status, output, timed_out):
        self.status = status
        self.output = output
        self.timed_out = timed_out

    def tail(self, lines=40):
        return "\n".join(self.output.splitlines()[-lines:])


def pvh_command(kernel, append="", memory="512M", cpus=1, initrd=None, extra=()):
    initrd = ["-initrd", initrd] if initrd else []
    return [*MACHINE, "-m", memory, "-smp", str(cpus), "-kernel", kernel, *initrd, "-append", append,
            "-display", "none", "-serial", "stdio", "-no-reboot", "-monitor", "none", *DEBUG_EXIT, *extra]


OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"


def ovmf_command(esp_image, work_dir, memory="512M", extra=()):
    """UEFI boot: OVMF with a private copy of its variable store, and the walos ESP image as the disk."""
    variables = os.path.join(work_dir, "ovmf-vars.fd")
    shutil.copy(OVMF_VARS, variables)
    return [*MACHINE, "-m", memory, "-display", "none", "-serial", "stdio", "-no-reboot",
            "-monitor", "none", "-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE,
            "-drive", "if=pflash,format=raw,file=" + variables, "-drive", "format=raw,file=" + esp_image,
            *DEBUG_EXIT, *extra]


def run(command, timeout, until=None):
    """Runs QEMU to its end or the time limit (serial output is stdout). With `until`, stops QEMU as soon as
    that text appears, for boots that do not end by themselves; the status is then None."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    os.set_blocking(process.stdout.fileno(), False)
    output = b""
    deadline = time.time() + timeout
    while True:
        chunk = process.stdout.read()
        if chunk:
            output += chunk
        if until is not None and until.encode() in output:
            process.kill()
            process.wait()
            return Boot(None, output.decode("utf-8", "replace"), False)
        if process.poll() is not None:
            output += process.stdout.read() or b""
            return Boot(process.returncode, output.decode("utf-8", "replace"), False)
        if time.time() > deadline:
            process.kill()
            process.wait()
            return Boot(None, output.decode("utf-8", "replace"), True)
        time.sleep(0.02)


class QMP:
    """A minimal QEMU Machine Protocol client, for screendumps."""

    def __init__(self, path, timeout=30):
        deadline = time.time() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        self.file = self.sock.makefile("rw")
        json.loads(self.file.readline())
        self.command("qmp_capabilities")

    def command(self, name, **arguments):
        self.file.write(json.dumps({"execute": name, "arguments": arguments}) + "\n")
        self.file.flush()
        while True:
            reply = json.loads(self.file.readline())
            if "return" in reply or "error" in reply:
                return reply

    def close(self):
        self.sock.close()


def pvh_boot(kernel, root, vga="std"):
    """QEMU's direct boot of `kernel` with the root archive `root`, for CONSOLE_MACHINE."""
    return ["-kernel", kernel, "-initrd", root, "-append", "", "-vga", vga]


def root_archive(source, path, files=(), folders=(), leave_out=()):
    """The root archive `source` copied to `path` without the members named in `leave_out`, with `folders` added
    and `files` (pairs of a name in the archive and a host file's path, or bytes) added: a test's own root."""
    import io
    import tarfile
    with tarfile.open(source) as original, tarfile.open(path, "w", format=tarfile.USTAR_FORMAT) as target:
        for member in original.getmembers():
            if member.name.lstrip("./") not in leave_out:
                target.addfile(member, original.extractfile(member) if member.isfile() else None)
        for name in folders:
            folder = tarfile.TarInfo(name)
            folder.type, folder.mode = tarfile.DIRTYPE, 0o755
            target.addfile(folder)
        for name, content in files:
            if isinstance(content, bytes):
                info = tarfile.TarInfo(name)
                info.size, info.mode = len(content), 0o644
                target.addfile(info, io.BytesIO(content))
            else:
                target.add(content, name)
    return path


class SerialConsole:
    """A QEMU (CONSOLE_MACHINE with `arguments`) whose serial console is on pipes: `output` holds what it printed
    so far, `type` sends keys; with `qmp_path`, `monitor()` talks QMP to it."""

    def __init__(self, arguments, limit, qmp_path=None, machine=CONSOLE_MACHINE):
        self.limit = limit
        self.qmp_path = qmp_path
        self.qmp = None
        command = machine + list(arguments)
        if qmp_path:
            command += ["-qmp", "unix:%s,server=on,wait=off" % qmp_path]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        os.set_blocking(self.process.stdout.fileno(), False)
        self.output = b""
        self.at = 0

    def text(self, start=0, end=None):
        return self.output[start:end].decode("utf-8", "replace").replace("\r", "")

    def read_until(self, wanted, after=None):
        """Waits for `wanted` past offset `after` (by default where the last wait ended); the offset past it.
        QEMU's end or the time limit first is a failure showing the console's last lines."""
        return self.read_match(wanted, after).end()

    def read_match(self, wanted, after=None):
        """As read_until, for bytes or a compiled pattern: its match."""
        from cases import expect
        pattern = re.compile(re.escape(wanted)) if isinstance(wanted, bytes) else wanted
        after = self.at if after is None else after
        deadline = time.time() + self.limit
        while True:
            chunk = self.process.stdout.read()
            if chunk:
                self.output += chunk
            match = pattern.search(self.output, after)
            if match:
                self.at = max(self.at, match.end())
                return match
            expect(self.process.poll() is None, "QEMU ended; the console showed:\n%s" % self.text()[-3000:])
            expect(time.time() < deadline, "no %r on the console; it showed:\n%s" % (wanted, self.text()[-3000:]))
            time.sleep(0.05)

    def type(self, keys):
        self.process.stdin.write(keys)
        self.process.stdin.flush()

    def command(self, line, prompt, marker="done"):
        """Types `line` at the shell and then `echo MARKER-$?`; what the command printed (the text between the
        typed line and the marker's echo), and its status. `prompt` is the shell's prompt."""
        start = self.at
        self.type(line.encode() + b"\recho " + marker.encode() + b"-$?\r")
        end = self.read_until(b"\n" + marker.encode() + b"-", start)
        self.read_until(prompt)
        status = int(re.match(r"\d+", self.text(end)).group(0))
        printed = self.text(start, end - len(marker) - 1)
        # Past the echo of the typed line, up to the prompt where the marker's line was typed.
        printed = printed.split(line, 1)[-1].lstrip("\n")
        printed = printed[:printed.rfind(prompt.decode() + "echo " + marker)]
        return printed, status

    def monitor(self):
        if self.qmp is None:
            self.qmp = QMP(self.qmp_path)
        return self.qmp

    def screendump(self, path):
        """The screen, as a PPM file at `path`."""
        from cases import expect
        reply = self.monitor().command("screendump", filename=path)
        expect("return" in reply, "screendump failed: %s" % reply)
        return path

    def close(self):
        if self.qmp is not None:
            self.qmp.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


class Interactive:
    """A QEMU that keeps running while the test watches its serial output and talks QMP to it."""

    def __init__(self, command):
        self.dir = tempfile.mkdtemp(prefix="walos-qemu-")
        self.qmp_path = os.path.join(self.dir, "qmp")
        self.serial_path = os.path.join(self.dir, "serial")
        command = [c for c in command]
        index = command.index("-serial")
        command[index + 1] = "file:" + self.serial_path
        command += ["-qmp", "unix:%s,server=on,wait=off" % self.qmp_path]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def output(self):
        try:
            with open(self.serial_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def wait_for(self, text, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in self.output():
                return True
            if self.process.poll() is not None:
                return text in self.output()
            time.sleep(0.1)
        return False

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)
