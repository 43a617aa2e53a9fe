"""What the outside-in harnesses (tests/qemu, tests/walos) share: expectations, and running named cases to the
`N passed, M failed` line that tests/tools/run-suite.py reads."""
import sys
import time


def expect(condition, reason):
    if not condition:
        raise AssertionError(reason)


def run_cases(cases, names=(), cleanup=None):
    """Runs the `cases` (name -> function) named in `names` (all when none are), printing PASS or FAIL for each, then the summary; exits
    with status 1 when one failed. `cleanup` runs after the last case, however the run ends (a machine the cases
    shared)."""
    try:
        passed, failed = run_each(cases, names)
    finally:
        if cleanup:
            cleanup()
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


def run_each(cases, names):
    passed = failed = 0
    for name in names or list(cases):
        started = time.time()
        try:
            cases[name]()
            passed += 1
            print("PASS %s (%.1f s)" % (name, time.time() - started), flush=True)
        except AssertionError as failure:
            failed += 1
            print("FAIL %s: %s" % (name, failure), flush=True)
        except Exception as error:  # a broken harness step fails the case, not the whole run
            failed += 1
            print("FAIL %s: %s: %s" % (name, type(error).__name__, error), flush=True)
    return passed, failed
