#!/usr/bin/env python3
"""WASI and process figures for `make bench`: guest instructions per WASI call that does almost nothing
(clock_time_get) against Linux's getpid and vDSO clock_gettime measured the same way in the same QEMU
(-icount shift=0: the TSC counts guest instructions), process start and teardown, a pipe round trip between two
processes and walos.spawn + wait (tests/walos/procs.c; Linux: the same with fork, and fork + exec + wait), the wall time from
`./walos run` to the program's first byte, and how fast `./walos run` moves a program's standard output and
standard input (64 MiB out, 16 MiB through; the time of an empty run subtracted).

usage: wasi.py KERNEL.elf TEST_ROOT.tar LINUX_VMLINUZ LINUX_INIT
LINUX_VMLINUZ and LINUX_INIT (a static program, bench/linux/syscalls.c) may be '-' when not available.
"""
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "qemu"))
from machine import DEBUG_EXIT, QEMU, pvh_command, run  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def cpio_newc(files):
    """An initramfs: a newc cpio archive of (name, mode, data)."""
    out = io.BytesIO()
    for inode, (name, mode, data) in enumerate(files + [("TRAILER!!!", 0, b"")], start=1):
        encoded = name.encode() + b"\0"
        header = "070701" + "".join("%08X" % v for v in (inode, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0,
                                                          len(encoded), 0))
        out.write(header.encode() + encoded)
        out.write(b"\0" * (-out.tell() % 4))
        out.write(data)
        out.write(b"\0" * (-out.tell() % 4))
    return out.getvalue()


def linux_figures(vmlinuz, init, work):
    initramfs = os.path.join(work, "linux-initramfs.cpio")
    with open(init, "rb") as f:
        program = f.read()
    with open(initramfs, "wb") as f:
        f.write(cpio_newc([("init", 0o100755, program)]))
    boot = run([QEMU, "-machine", "q35", "-m", "512M", "-kernel", vmlinuz, "-initrd", initramfs, "-append",
                "console=ttyS0 quiet panic=-1", "-display", "none", "-serial", "stdio", "-no-reboot", "-monitor",
                "none", "-icount", "shift=0", *DEBUG_EXIT], 600)
    return dict(re.findall(r"^bench: (\S+) (\d+)", boot.output, re.M))


def first_byte_seconds(program):
    times = []
    for _ in range(5):
        started = time.time()
        process = subprocess.Popen([os.path.join(ROOT, "walos"), "run", program], stdout=subprocess.PIPE)
        process.stdout.read(1)
        times.append(time.time() - started)
        process.communicate()
    return statistics.median(times)


def run_seconds(arguments, stdin=None, status=0):
    """The median wall time of three `./walos run ARGUMENTS` ending with `status`, its output thrown away."""
    times = []
    for _ in range(3):
        source = open(stdin, "rb") if stdin else subprocess.DEVNULL
        started = time.time()
        done = subprocess.run([os.path.join(ROOT, "walos"), "run", *arguments], stdin=source,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.time() - started)
        if done.returncode != status:
            sys.exit("walos run %s: status %d" % (" ".join(arguments), done.returncode))
        if stdin:
            source.close()
    return statistics.median(times)


def stream_figures(programs):
    """MB/s through stdout (flood: 1024 blocks of 64 KiB) and through stdin to stdout (echo, 16 MiB)."""
    flood = os.path.join(programs, "flood.wasm")
    out = (64 << 20) / (run_seconds([flood, "1024"]) - run_seconds([flood, "0"])) / 1e6
    with tempfile.NamedTemporaryFile() as data:
        data.write(os.urandom(16 << 20))
        data.flush()
        echo = os.path.join(programs, "echo.wasm")
        through = (16 << 20) / (run_seconds([echo], data.name, 3) - run_seconds([echo], os.devnull, 3)) / 1e6
    return out, through


def smp_scaling(procs):
    """Wall time of two processes counting to the same number, on one processor and on two (multi-threaded TCG:
    the host's own cores run them), the time of an empty run subtracted."""
    def seconds(cpus, count):
        os.environ["SMP"] = str(cpus)
        return run_seconds([procs, "parallel", "2", str(count)])
    one = seconds(1, 30000000) - seconds(1, 0)
    two = seconds(2, 30000000) - seconds(2, 0)
    del os.environ["SMP"]
    return one, two


def main():
    kernel, test_root, vmlinuz, init = sys.argv[1:5]
    walos = dict(re.findall(r"^bench: (\S+) (\d+)", run(pvh_command(
        kernel, "bench", initrd=test_root, extra=["-icount", "shift=0"]), 600).output, re.M))
    print("WASI clock_time_get, guest instructions per call (over a call to an empty wasm function): %s"
          % walos.get("wasi-clock-call-tsc", "?"))
    print("WASI fd_fdstat_get of stdout (enters the kernel's shared state), guest instructions per call (over a "
          "call to an empty wasm function): %s" % walos.get("wasi-fdstat-call-tsc", "?"))
    linux = {}
    if vmlinuz != "-" and init != "-":
        work = os.path.dirname(os.path.abspath(init))
        linux = linux_figures(vmlinuz, init, work)
        print("Linux %s in the same QEMU, guest instructions per call: getpid %s, vDSO clock_gettime %s"
              % (os.path.basename(vmlinuz), linux.get("linux-getpid-tsc", "?"),
                 linux.get("linux-vdso-clock-gettime-tsc", "?")))
    else:
        print("Linux comparison: no Linux kernel image available")
    print("process start and teardown (/tests/true.wasm), guest instructions: %s"
          % walos.get("process-start-teardown-tsc", "?"))
    print("a live process (/tests/hello.wasm writing its line): %s bytes of kernel heap, %s frames of 4 KiB"
          % (walos.get("hello-process-heap-bytes", "?"), walos.get("hello-process-frames", "?")))
    print("pipe round trip between two processes (one byte there and back, tests/walos/procs.c ping-pong), guest "
          "instructions: %s (Linux, the same with a forked relay: %s)"
          % (walos.get("pipe-round-trip-tsc", "?"), linux.get("linux-pipe-round-trip-tsc", "?")))
    print("channel round trip between two processes (channel_call of one byte to an echo server, "
          "tests/walos/channels.c ping), guest instructions: %s" % walos.get("channel-round-trip-tsc", "?"))
    print("1 MiB through a channel between two endpoints, guest instructions per MiB: copied (16 messages of 64 KiB, "
          "channel_send + channel_recv) %s, moved as pages (channel_send_pages + channel_recv_pages) %s"
          % (walos.get("channel-mib-copied-tsc", "?"), walos.get("channel-mib-pages-tsc", "?")))
    print("walos.spawn + exit + wait of /tests/hello.wasm, guest instructions: first start %s, later starts %s "
          "(Linux fork + exec + wait of a static glibc hello: %s)"
          % (walos.get("spawn-wait-first-tsc", "?"), walos.get("spawn-wait-again-tsc", "?"),
             linux.get("linux-fork-exec-wait-tsc", "?")))
    print("preemption latency, from the tick asking a CPU-bound process to yield to the other running (two on one "
          "processor, %s preemptions), guest instructions: average %s, worst %s"
          % (walos.get("preemptions", "?"), walos.get("preemption-latency-tsc", "?"),
             walos.get("preemption-latency-worst-tsc", "?")))
    hello = os.path.join(os.path.dirname(test_root), "test-programs", "hello.wasm")
    one, two = smp_scaling(os.path.join(os.path.dirname(hello), "procs.wasm"))
    print("two CPU-bound processes, wall time under multi-threaded TCG: -smp 1 %.1f s, -smp 2 %.1f s (ratio %.2f)"
          % (one, two, one / two if two > 0 else 0))
    print("walos run to the program's first byte, wall time under TCG (median of 5): %.2f s"
          % first_byte_seconds(hello))
    print("walos run standard streams, MB/s (median of 3): stdout %.0f, stdin copied to stdout %.1f"
          % stream_figures(os.path.dirname(hello)))


if __name__ == "__main__":
    main()
