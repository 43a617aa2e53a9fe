# Host unit tests of the portable kernel libraries in lib/ (the root Package.swift).
TEST_SUITES += test-unit

.PHONY: test-unit
test-unit:
	@$(SUITE) unit --min-passed 174 -- $(SWIFT) test --package-path . --scratch-path .build
