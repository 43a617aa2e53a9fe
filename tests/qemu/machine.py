"""Boot walos in QEMU for a test and collect what it printed: a small, dependable harness.

Every boot has a time limit; a hang, a triple fault (QEMU exits 0 with -no-reboot) or an unexpected exit status
is a failure, and the failure carries the serial log.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import json

QEMU = "qemu-system-x86_64"
DEBUG_EXIT = ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]


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
    return [QEMU, "-machine", "q35", "-m", memory, "-smp", str(cpus), "-kernel", kernel, *initrd, "-append", append,
            "-display", "none", "-serial", "stdio", "-no-reboot", "-monitor", "none", *DEBUG_EXIT, *extra]


OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"


def ovmf_command(esp_image, work_dir, memory="512M", extra=()):
    """UEFI boot: OVMF with a private copy of its variable store, and the walos ESP image as the disk."""
    variables = os.path.join(work_dir, "ovmf-vars.fd")
    shutil.copy(OVMF_VARS, variables)
    return [QEMU, "-machine", "q35", "-m", memory, "-display", "none", "-serial", "stdio", "-no-reboot",
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


class SerialConsole:
    """A QEMU whose serial console is on pipes: `output` holds what it printed so far, `type` sends keys."""

    def __init__(self, command, limit):
        self.limit = limit
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
        from cases import expect
        after = self.at if after is None else after
        deadline = time.time() + self.limit
        while True:
            chunk = self.process.stdout.read()
            if chunk:
                self.output += chunk
            found = self.output.find(wanted, after)
            if found >= 0:
                self.at = max(self.at, found + len(wanted))
                return found + len(wanted)
            expect(self.process.poll() is None, "QEMU ended; the console showed:\n%s" % self.text()[-3000:])
            expect(time.time() < deadline, "no %r on the console; it showed:\n%s" % (wanted, self.text()[-3000:]))
            time.sleep(0.05)

    def type(self, keys):
        self.process.stdin.write(keys)
        self.process.stdin.flush()

    def close(self):
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
