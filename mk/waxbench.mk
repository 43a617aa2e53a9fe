# Wax against other engines: differential tests on binaryen's random modules (wasmtime as the reference) and the
# compute benchmarks of bench/wasm (Wax, wasmtime, wasm3, WasmKit, native C).
DEB_PACKAGES += binaryen gcc
PIP_PACKAGES += wasmtime pywasm3

# The Wax side of the differential tests: a fuzz-exec driver built on the Wax library (tests/diff/wax-fuzz-exec).
DIFF_DRIVER  := $(BUILD)/diff/swift/release/wax-fuzz-exec
DIFF_SOURCES := $(shell find tests/diff/wax-fuzz-exec/Sources wax/Sources/Wax -name '*.swift') \
                tests/diff/wax-fuzz-exec/Package.swift wax/Package.swift
DIFF_SEEDS   ?= 1-400
FUZZ_SECONDS ?= 1800

.PHONY: test-diff fuzz
TEST_SUITES += test-diff

$(DIFF_DRIVER): $(DIFF_SOURCES)
	$(SWIFT) build -c release --package-path tests/diff/wax-fuzz-exec --scratch-path $(BUILD)/diff/swift
	@touch $@

test-diff: $(DIFF_DRIVER)
	@$(SUITE) diff -- $(PYTHON) tests/diff/diff.py suite --wax $(DIFF_DRIVER) --seeds $(DIFF_SEEDS)

# Random seeds for FUZZ_SECONDS; failing modules and both engines' events go to build/fuzz/.
fuzz: deps $(DIFF_DRIVER)
	$(PYTHON) tests/diff/diff.py fuzz --wax $(DIFF_DRIVER) --seconds $(FUZZ_SECONDS) --out $(BUILD)/fuzz
