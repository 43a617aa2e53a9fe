# The test run's own bookkeeping (tests/tools: run-suite.py, summarize.py), tested like everything else.
TEST_SUITES += test-harness
.PHONY: test-harness
test-harness:
	@$(SUITE) harness --min-passed 5 -- $(PYTHON) tests/tools/selftest.py
