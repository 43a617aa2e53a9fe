#!/usr/bin/env python3
"""The test run's own bookkeeping, tested from the outside: run-suite.py and summarize.py on suites that fail to
build, pass nothing, die without a closing line or never run, in a scratch directory with a Makefile of its own.
Prints PASS/FAIL per case and `N passed, M failed`."""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cases import expect, run_cases  # noqa: E402

MAKEFILE = """broken:
\t@echo "compiler: error: this is not swift"; exit 1
fine:
\t@true
"""


def in_scratch(steps):
    """Runs `steps(work)` in a fresh directory holding the Makefile above; returns what it returns."""
    work = tempfile.mkdtemp(prefix="walos-selftest-")
    try:
        with open(os.path.join(work, "Makefile"), "w") as f:
            f.write(MAKEFILE)
        return steps(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def record(work, name, *arguments):
    """Runs run-suite.py; returns the suite's record: passed, failed, skipped, seconds, note (strings)."""
    subprocess.run([sys.executable, os.path.join(HERE, "run-suite.py"), name, *arguments], cwd=work,
                   capture_output=True, text=True, timeout=60)
    with open(os.path.join(work, "build", "test-results", name + ".result")) as f:
        return f.read().split(" ", 4)


def suite(work, name, *arguments):
    passed, failed, skipped, _, note = record(work, name, *arguments)
    return passed, failed, skipped, note


def summary(work, *names):
    done = subprocess.run([sys.executable, os.path.join(HERE, "summarize.py"), *names], cwd=work,
                          capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout


def case_build_failure_is_a_failed_suite():
    def steps(work):
        passed, failed, _, note = suite(work, "k", "--build", "fine broken", "--", "echo", "5 passed, 0 failed")
        expect((passed, failed) == ("0", "1"), "a suite whose build failed recorded %s passed, %s failed" % (passed, failed))
        expect("build failed" in note, "the record does not say the build failed: %r" % note)
        log = open(os.path.join(work, "build", "test-results", "k.log")).read()
        expect("this is not swift" in log, "the build's output is not in the suite's log")
    in_scratch(steps)


def case_floor():
    def steps(work):
        passed, failed, _, note = suite(work, "f", "--min-passed", "10", "--", "echo", "9 passed, 0 failed")
        expect((passed, failed) == ("9", "1"), "9 passes under a floor of 10 recorded %s, %s" % (passed, failed))
        passed, failed, _, _ = suite(work, "g", "--min-passed", "10", "--", "echo", "10 passed, 0 failed")
        expect((passed, failed) == ("10", "0"), "10 passes on a floor of 10 recorded %s, %s" % (passed, failed))
        passed, failed, _, _ = suite(work, "z", "--", "echo", "0 passed, 0 failed")
        expect(failed == "1", "a suite that passed nothing did not fail")
    in_scratch(steps)


def case_no_closing_line_or_bad_status():
    def steps(work):
        _, failed, _, _ = suite(work, "a", "--", "true")
        expect(failed == "1", "a suite without a closing line did not fail")
        _, failed, _, _ = suite(work, "b", "--", "sh", "-c", "echo '3 passed, 0 failed'; exit 3")
        expect(failed == "1", "a suite that exited 3 after '0 failed' did not fail")
    in_scratch(steps)


def case_wall_time():
    def steps(work):
        seconds = record(work, "slow", "--", "sh", "-c", "sleep 2; echo '1 passed, 0 failed'")[3]
        expect(seconds in ("2", "3"), "a suite of 2 seconds recorded %s seconds" % seconds)
        _, out = summary(work, "slow")
        expect(any(line.split()[:5] == ["slow", "1", "0", "0", seconds] for line in out.splitlines()),
               "the summary does not show the suite's time:\n" + out)
    in_scratch(steps)


def case_summary_counts_missing_suites():
    def steps(work):
        suite(work, "ran", "--", "echo", "4 passed, 0 failed")
        os.makedirs(os.path.join(work, "build", "test-results"), exist_ok=True)
        with open(os.path.join(work, "build", "test-results", "torn.result"), "w") as f:
            f.write("garbage\n")
        status, out = summary(work, "ran", "never", "torn")
        expect(status != 0, "the summary exited 0 with a suite missing")
        expect(out.rstrip().endswith("4 passed, 2 failed, 0 skipped"), "summary ends %r" % out.splitlines()[-1])
        expect("suite never did not run" in out and "suite torn did not run" in out, "missing suites not named")
        status, out = summary(work, "ran")
        expect(status == 0 and out.rstrip().endswith("4 passed, 0 failed, 0 skipped"), "a clean summary failed")
    in_scratch(steps)


if __name__ == "__main__":
    run_cases({name[5:]: f for name, f in globals().items() if name.startswith("case_")}, sys.argv[1:])
