# WASI preview1: lib/WASIPreview1 (the functions), lib/WASIWax (their binding to Wax), tools/wasi-run (a host
# runner). Their unit tests run with test-unit; suite `wasi` runs the C programs of tests/wasi under wasi-run
# and compares each with wasmtime (tests/wasi/run-tests.py; WASI_RUNNER plugs in another runner).
DEB_PACKAGES += wasi-libc libclang-rt-dev-wasm32
PIP_PACKAGES += $(WASMTIME_PIN)
TEST_SUITES  += test-wasi

WASI_TEST_BUILD    := $(BUILD)/wasi
WASI_TEST_PROGRAMS := $(patsubst tests/wasi/%.c,$(WASI_TEST_BUILD)/%.wasm,$(wildcard tests/wasi/*.c)) \
                      $(patsubst tests/wasi/%.swift,$(WASI_TEST_BUILD)/%.wasm,$(wildcard tests/wasi/*.swift))
# Debian's compiler-rt builtins for wasm32 (wasi-libc's printf needs its long double arithmetic); found when
# used, after `make deps` installed it.
WASI_TEST_BUILTINS  = $(firstword $(wildcard /usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a))
WASI_TEST_CFLAGS   := --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Werror
WASI_RUN           := .build/debug/wasi-run
WASI_RUNNER        ?= $(WASI_RUN)

.PHONY: wasi-run wasi-programs test-wasi
wasi-run:
	$(SWIFT) build --package-path . --scratch-path .build --product wasi-run

wasi-programs: $(WASI_TEST_PROGRAMS)

$(WASI_TEST_BUILD)/%.wasm: tests/wasi/%.c tests/wasi/wasi_test.h mk/wasi.mk
	@mkdir -p $(@D)
	$(CLANG) $(WASI_TEST_CFLAGS) $< -nodefaultlibs -lc $(WASI_TEST_BUILTINS) -o $@

# Embedded Swift test programs, built like walos's own programs (mk/programs.mk).
$(WASI_TEST_BUILD)/%.wasm: tests/wasi/%.swift programs/include/wasi.h mk/wasi.mk
	@mkdir -p $(@D)
	$(SWIFTC) $(GUEST_SWIFTFLAGS) -module-name $(subst -,_,$*) -c $< -o $(WASI_TEST_BUILD)/$*.o
	$(TOOLCHAIN)/wasm-ld $(WASI_SYSROOT)/crt1-command.o $(WASI_TEST_BUILD)/$*.o -L$(WASI_SYSROOT) -lc -o $@

# Every program of tests/wasi must pass: the floor is their number.
WASI_TEST_COUNT := $(words $(WASI_TEST_PROGRAMS))
test-wasi:
	@$(SUITE) wasi --build "wasi-run wasi-programs" --min-passed $(WASI_TEST_COUNT) -- \
		$(PYTHON) tests/wasi/run-tests.py --wasm-dir $(WASI_TEST_BUILD) --runner "$(WASI_RUNNER)"

# The same programs inside walos: `./walos run` boots the kernel in QEMU for each one.
TEST_SUITES += test-wasi-walos
.PHONY: test-wasi-walos
test-wasi-walos:
	@$(SUITE) wasi-walos --build "$(KERNEL_ELF) $(ROOT_TAR) wasi-programs" --min-passed $(WASI_TEST_COUNT) -- \
		$(PYTHON) tests/wasi/run-tests.py --wasm-dir $(WASI_TEST_BUILD) --runner "./walos run" --compare-trees

# `make check-latest` (not part of `make test`): the WASI comparison against the newest wasmtime on PyPI instead
# of the pinned one, so that a new release is noticed, and followed by moving WASMTIME_PIN, without turning the
# tests red. Prints every program whose output differs; exits non-zero when any does.
LATEST_WASMTIME := $(BUILD)/latest-wasmtime
.PHONY: check-latest
check-latest: deps wasi-run wasi-programs
	@rm -rf $(LATEST_WASMTIME) && $(PYTHON) -m pip install -q --upgrade --target $(LATEST_WASMTIME) wasmtime
	@echo "check-latest: pinned $(WASMTIME_PIN), newest wasmtime==$$(PYTHONPATH=$(LATEST_WASMTIME) \
		$(PYTHON) -c 'import importlib.metadata as m; print(m.version("wasmtime"))')"
	@PYTHONPATH=$(LATEST_WASMTIME) $(PYTHON) tests/wasi/run-tests.py --wasm-dir $(WASI_TEST_BUILD) \
		--runner "$(WASI_RUN)"
