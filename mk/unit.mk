# Host unit tests of the portable kernel libraries in lib/ (the root Package.swift).
TEST_SUITES += test-unit
UNIT_TEST_COUNT := $(call xctest-count,tests/unit)

.PHONY: test-unit
test-unit:
	@$(SUITE) unit --min-passed $(UNIT_TEST_COUNT) -- $(SWIFT) test --package-path . --scratch-path .build
