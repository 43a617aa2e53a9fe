# Wax, the WebAssembly engine (its own SwiftPM package in wax/): unit tests and the spec suite on both engines
# (the kernel build compiles it as Embedded Swift, mk/kernel.mk).
#   make spec           run the WebAssembly spec scripts alone; ends with `spec: P passed, F failed, S skipped`
#   make spec VERBOSE=1 also each file's failures, skip reasons and wording differences, and the skips by reason
#   make spec-native    the same scripts on the native tier (functions it cannot compile yet stay interpreted);
#                       also prints how many functions compiled and how many fell back
# llvm-mc and llvm-objdump (Debian's llvm) are the independent reference for the native tier's x86-64 encoder
# (X64AssemblerTests in wax-unit).
DEB_PACKAGES += llvm
VERDICT_DEBS += llvm

WAX_PACKAGE        := wax
WAX                := $(WAX_PACKAGE)/.build/release/wax
# The spec test suite lives beside the project (../shared); a clone elsewhere finds it at the workplace's path.
WASM_SPEC_TESTSUITE ?= $(firstword $(wildcard ../shared/testdata/wasm-spec-testsuite /work/shared/testdata/wasm-spec-testsuite) \
	../shared/testdata/wasm-spec-testsuite)

# Wax's own scripts in the same format, for what the 3.0 suite no longer tests: the legacy exception instructions.
WAX_SCRIPTS := $(WAX_PACKAGE)/Tests/scripts

TEST_SUITES += test-wax-unit test-wax-spec test-wax-spec-native

.PHONY: wax spec spec-native test-wax-unit test-wax-spec test-wax-spec-native

# A failed build shows its errors (SwiftPM's progress lines left out) and removes the binary, so that nothing
# goes on with a stale one.
wax:
	@mkdir -p $(BUILD)
	@$(SWIFT) build -c release --package-path $(WAX_PACKAGE) --product wax > $(BUILD)/wax-build.log 2>&1 \
		|| { grep -v '^\[' $(BUILD)/wax-build.log; rm -f $(WAX); echo "wax: the release build failed"; exit 1; }

# The floor, the count reached (63986 in December 2026, with exception handling, tail calls, extended constants,
# multi-memory, memory64, table64, SIMD, module definitions, GC, and Wax's scripts of legacy exception handling): a
# run that passes fewer has stopped running something, and fails even when nothing it ran failed. Raise it as Wax
# runs more.
SPEC_MIN_PASSED := 63986
SPEC_FLAGS := --min-passed $(SPEC_MIN_PASSED) $(if $(VERBOSE),--verbose)

# Sources written by generators (tools/generate): SimdOp.swift from the pinned WasmKit that SwiftPM checked out;
# the numeric instructions' files and the generated regions of Inst.swift and Interpreter.swift from wax-ops.py's
# tables. wax-unit's GeneratedSourceTests checks they are current.
.PHONY: wax-generated
wax-generated: wax
	$(PYTHON) tools/generate/simd-op.py $(WAX_PACKAGE)/.build/checkouts/WasmKit/Sources/WasmParser/InstructionVisitor.swift \
		$(WAX_PACKAGE)/Sources/Wax/SimdOp.swift
	$(PYTHON) tools/generate/wax-ops.py $(WAX_PACKAGE)/Sources/Wax

spec: wax
	@$(WAX) spec $(SPEC_FLAGS) $(WASM_SPEC_TESTSUITE) $(WAX_SCRIPTS)

spec-native: wax
	@$(WAX) spec --engine native $(SPEC_FLAGS) $(WASM_SPEC_TESTSUITE) $(WAX_SCRIPTS)

WAX_UNIT_TEST_COUNT := $(call xctest-count,$(WAX_PACKAGE)/Tests)
test-wax-unit:
	@$(SUITE) wax-unit --min-passed $(WAX_UNIT_TEST_COUNT) -- $(SWIFT) test --package-path $(WAX_PACKAGE)

test-wax-spec:
	@$(SUITE) wax-spec --build wax --min-passed $(SPEC_MIN_PASSED) -- $(WAX) spec $(SPEC_FLAGS) $(WASM_SPEC_TESTSUITE) $(WAX_SCRIPTS)

test-wax-spec-native:
	@$(SUITE) wax-spec-native --build wax --min-passed $(SPEC_MIN_PASSED) -- \
		$(WAX) spec --engine native $(SPEC_FLAGS) $(WASM_SPEC_TESTSUITE) $(WAX_SCRIPTS)
