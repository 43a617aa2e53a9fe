# Wax, the WebAssembly engine (its own SwiftPM package in wax/): unit tests, the spec suite, the Embedded check.
#   make spec           run the WebAssembly spec scripts alone; ends with `spec: P passed, F failed, S skipped`
#   make spec VERBOSE=1 also each file's failures, skip reasons and wording differences, and the skips by reason
#   make spec-native    the same scripts on the native tier (functions it cannot compile yet stay interpreted);
#                       also prints how many functions compiled and how many fell back
#   make wax-embedded   compile the engine (and its x86-64 encoder) as Embedded Swift for x86_64-unknown-none-elf
# llvm-mc and llvm-objdump (Debian's llvm) are the independent reference for the native tier's x86-64 encoder
# (X64AssemblerTests in wax-unit).
DEB_PACKAGES += llvm
VERDICT_DEBS += llvm

WAX_PACKAGE        := wax
WAX                := $(WAX_PACKAGE)/.build/release/wax
# The spec test suite lives beside the project (../shared); a clone elsewhere finds it at the workplace's path.
WASM_SPEC_TESTSUITE ?= $(firstword $(wildcard ../shared/testdata/wasm-spec-testsuite /work/shared/testdata/wasm-spec-testsuite) \
	../shared/testdata/wasm-spec-testsuite)
WAX_EMBEDDED_DIR   := $(BUILD)/wax/embedded
EMBEDDED_SWIFTFLAGS := -target x86_64-unknown-none-elf -enable-experimental-feature Embedded -wmo -parse-as-library \
	-Osize -Xfrontend -disable-stack-protector -Xfrontend -function-sections \
	-Xcc -ffreestanding -Xcc -nostdlibinc -Xcc -mno-red-zone

TEST_SUITES += test-wax-unit test-wax-spec test-wax-spec-native test-wax-embedded

.PHONY: wax spec spec-native wax-embedded test-wax-unit test-wax-spec test-wax-spec-native test-wax-embedded

# A failed build shows its errors (SwiftPM's progress lines left out) and removes the binary, so that nothing
# goes on with a stale one.
wax:
	@mkdir -p $(BUILD)
	@$(SWIFT) build -c release --package-path $(WAX_PACKAGE) --product wax > $(BUILD)/wax-build.log 2>&1 \
		|| { grep -v '^\[' $(BUILD)/wax-build.log; rm -f $(WAX); echo "wax: the release build failed"; exit 1; }

# The floor, a little under the count reached (34763 in December 2026, with exception handling, tail calls,
# extended constants and multi-memory): a run that passes fewer has stopped running something, and fails even when
# nothing it ran failed. Raise it as Wax runs more.
SPEC_MIN_PASSED := 34750
SPEC_FLAGS := --min-passed $(SPEC_MIN_PASSED) $(if $(VERBOSE),--verbose)

spec: wax
	@$(WAX) spec $(SPEC_FLAGS) $(WASM_SPEC_TESTSUITE)

spec-native: wax
	@$(WAX) spec --engine native $(SPEC_FLAGS) $(WASM_SPEC_TESTSUITE)

WAX_UNIT_TEST_COUNT := $(call xctest-count,$(WAX_PACKAGE)/Tests)
test-wax-unit:
	@$(SUITE) wax-unit --min-passed $(WAX_UNIT_TEST_COUNT) -- $(SWIFT) test --package-path $(WAX_PACKAGE)

test-wax-spec:
	@$(SUITE) wax-spec --build wax --min-passed $(SPEC_MIN_PASSED) -- $(WAX) spec $(SPEC_FLAGS) $(WASM_SPEC_TESTSUITE)

test-wax-spec-native:
	@$(SUITE) wax-spec-native --build wax --min-passed $(SPEC_MIN_PASSED) -- \
		$(WAX) spec --engine native $(SPEC_FLAGS) $(WASM_SPEC_TESTSUITE)

# WasmParser's sources come from the checkout SwiftPM resolved; WasmTypes and WasmParser are compiled as their own
# modules (package wasmkit), then Wax and WaxScript on top of them.
WAX_CHECKOUT := $(WAX_PACKAGE)/.build/checkouts/WasmKit/Sources
wax-embedded:
	@$(SWIFT) package --package-path $(WAX_PACKAGE) resolve >/dev/null
	@mkdir -p $(WAX_EMBEDDED_DIR)
	@cd $(WAX_EMBEDDED_DIR) && $(SWIFTC) $(EMBEDDED_SWIFTFLAGS) -suppress-warnings -package-name wasmkit -module-name WasmTypes \
		-emit-module -emit-object $(abspath $(WAX_CHECKOUT))/WasmTypes/*.swift -o WasmTypes.o
	@cd $(WAX_EMBEDDED_DIR) && $(SWIFTC) $(EMBEDDED_SWIFTFLAGS) -suppress-warnings -package-name wasmkit -module-name WasmParser -I . \
		-emit-module -emit-object $$(find $(abspath $(WAX_CHECKOUT))/WasmParser -name '*.swift') -o WasmParser.o
	@cd $(WAX_EMBEDDED_DIR) && $(SWIFTC) $(EMBEDDED_SWIFTFLAGS) -module-name WaxNative \
		-emit-module -emit-object $(abspath $(WAX_PACKAGE))/Sources/WaxNative/*.swift -o WaxNative.o
	@cd $(WAX_EMBEDDED_DIR) && $(SWIFTC) $(EMBEDDED_SWIFTFLAGS) -module-name Wax -I . \
		-emit-module -emit-object $$(find $(abspath $(WAX_PACKAGE))/Sources/Wax -name '*.swift') -o Wax.o
	@cd $(WAX_EMBEDDED_DIR) && $(SWIFTC) $(EMBEDDED_SWIFTFLAGS) -module-name WaxScript -I . \
		-emit-module -emit-object $(abspath $(WAX_PACKAGE))/Sources/WaxScript/*.swift -o WaxScript.o
	@echo "wax-embedded: Wax, WaxScript and WaxNative compile as Embedded Swift ($(WAX_EMBEDDED_DIR))"

test-wax-embedded:
	@$(SUITE) wax-embedded --build wax-embedded -- echo "wax-embedded: 1 passed, 0 failed"
