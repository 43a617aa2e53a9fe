# Wax against other engines: differential tests on binaryen's random modules (wasmtime as the reference) and the
# compute benchmarks of bench/wasm (Wax, wasmtime, wasm3, WasmKit, native C).
DEB_PACKAGES += binaryen gcc
PIP_PACKAGES += $(WASMTIME_PIN)

# The Wax side of the differential tests: `wax fuzz-exec` of the release CLI (target wax, mk/wax.mk), once per
# engine of DIFF_ENGINES, each compared with wasmtime on every module. DIFF_WAX is the command the harness runs
# with `--engine NAME` and a module's path; any command printing the same events will do.
DIFF_WAX     ?= $(WAX) fuzz-exec
DIFF_ENGINES ?= interp native
DIFF_COMMANDS = $(foreach engine,$(DIFF_ENGINES),--wax '$(DIFF_WAX) --engine $(engine)')
DIFF_SEEDS   ?= 1-300
# Seeds whose modules have the WebAssembly 3.0 features binaryen 108 generates (31 of these 300 tail call).
DIFF_WASM3_SEEDS ?= 301-600
# Seeds of `wasm-tools smith` modules with exception handling, multi-memory and tail calls (of these 300: 144 with
# try_table, 38 with throw, 64 with two memories, 121 with return_call).
DIFF_SMITH_SEEDS ?= 601-900
# The same with memory64 and table64 (of these 300: 99 with a 64-bit memory, 90 with a 64-bit table). Random
# modules seldom use an address past 4 GiB whose low half is in bounds (wax/Tests/WaxTests/Memory64Tests.swift
# does): this is a smoke test of decoding, validation and the common paths.
DIFF_SMITH64_SEEDS ?= 901-1200
# The same as the smith seeds with 128-bit SIMD (of these 300: 167 with SIMD instructions, 115 of them exporting
# functions; exports whose type holds a v128 are left out, see tests/diff/smith.py).
DIFF_SIMD_SEEDS ?= 1201-1500
# The same with GC (of these 300: 159 with GC instructions, 128 of them exporting functions; exports whose type
# holds a GC reference or an externref, which may wrap one, are left out). Five allocate more than Wax's GC heap
# holds (arrays of up to 2 GiB, which wasmtime backs lazily): those are skipped.
DIFF_GC_SEEDS ?= 1501-1800
# The floor of compared seeds: with the pinned binaryen, wasm-tools and wasmtime every seed but those five is
# compared.
DIFF_MIN_PASSED ?= 1795
FUZZ_SECONDS ?= 1800

.PHONY: test-diff fuzz-diff
TEST_SUITES += test-diff

test-diff:
	@$(SUITE) diff --build wax --min-passed $(DIFF_MIN_PASSED) -- $(PYTHON) tests/diff/diff.py suite $(DIFF_COMMANDS) --seeds $(DIFF_SEEDS) \
		--wasm3-seeds $(DIFF_WASM3_SEEDS) --smith-seeds $(DIFF_SMITH_SEEDS) --smith64-seeds $(DIFF_SMITH64_SEEDS) \
		--simd-seeds $(DIFF_SIMD_SEEDS) --gc-seeds $(DIFF_GC_SEEDS)

# Random seeds for FUZZ_SECONDS; failing modules and both engines' events go to build/fuzz/.
fuzz-diff: deps wax
	$(PYTHON) tests/diff/diff.py fuzz $(DIFF_COMMANDS) --seconds $(FUZZ_SECONDS) --out $(BUILD)/fuzz

# The benchmarks: each bench/wasm kernel built to wasm32 (no imports, exporting run) and natively; the wax CLI
# in release mode (target wax, mk/wax.mk); WasmKit's CLI only where a release build already exists.
BENCH_WASM_BUILD   := $(BUILD)/bench/wasm
BENCH_WASM_KERNELS := $(filter-out native-main,$(basename $(notdir $(wildcard bench/wasm/*.c))))
BENCH_WASM_FILES   := $(BENCH_WASM_KERNELS:%=$(BENCH_WASM_BUILD)/%.wasm) $(BENCH_WASM_KERNELS:%=$(BENCH_WASM_BUILD)/%)
WASMKIT_CLI        ?= $(TOOLCHAIN)/wasmkit

.PHONY: bench-wasm bench-wasm-instructions bench-wasm-wasm3
BENCHMARKS += bench-wasm bench-wasm-instructions

$(BENCH_WASM_BUILD)/%.wasm: bench/wasm/%.c mk/waxbench.mk
	@mkdir -p $(@D)
	$(CLANG) --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export=run $< -o $@

$(BENCH_WASM_BUILD)/%: bench/wasm/%.c bench/wasm/native-main.c mk/waxbench.mk
	@mkdir -p $(@D)
	gcc -O2 $< bench/wasm/native-main.c -o $@ -lm

# pywasm3 compiles wasm3 from source at installation: when that fails, the benchmark runs without wasm3.
PYWASM3_PIN := pywasm3==0.5.0
bench-wasm-wasm3:
	@tests/tools/deps.sh "" "$(PYWASM3_PIN)" || echo "bench-wasm: pywasm3 did not install, wasm3 is left out"

bench-wasm: $(BENCH_WASM_FILES) wax bench-wasm-wasm3
	@$(PYTHON) bench/wasm/run.py $(BENCH_WASM_BUILD) --wax $(WAX) --wasmkit $(WASMKIT_CLI)

# The same kernels counted in instructions under callgrind (native, Wax, wasm3, wasmtime): deterministic, unlike
# the times.
bench-wasm-instructions: $(BENCH_WASM_FILES) wax bench-wasm-wasm3
	@$(PYTHON) bench/wasm/run.py $(BENCH_WASM_BUILD) --wax $(WAX) --instructions

# The kernel's own Wax on the same kernels, each a WASI command (native-main.c around run) under `./walos run`,
# in guest instructions (QEMU's -icount) against native code's and wasmtime's instructions under callgrind.
BENCHMARKS += bench-wasm-walos
.PHONY: bench-wasm-walos
$(BENCH_WASM_BUILD)/%.wasi.wasm: bench/wasm/%.c bench/wasm/native-main.c mk/waxbench.mk
	@mkdir -p $(@D)
	$(CLANG) $(WASI_TEST_CFLAGS) $< bench/wasm/native-main.c -nodefaultlibs -lc $(WASI_TEST_BUILTINS) -o $@

bench-wasm-walos: $(BENCH_WASM_FILES) $(BENCH_WASM_KERNELS:%=$(BENCH_WASM_BUILD)/%.wasi.wasm) $(KERNEL_ELF) $(ROOT_TAR)
	@$(PYTHON) bench/wasm/run.py $(BENCH_WASM_BUILD) --walos ./walos --instructions

# SIMD against scalar code: bench/wasm/simd's kernels built without and with -msimd128, in Wax (instructions) and
# wasmtime (times); bench/wasm/simd.py says how.
BENCHMARKS += bench-wasm-simd
.PHONY: bench-wasm-simd
BENCH_SIMD_BUILD   := $(BENCH_WASM_BUILD)/simd
BENCH_SIMD_KERNELS := $(basename $(notdir $(wildcard bench/wasm/simd/*.c)))
BENCH_SIMD_FILES   := $(BENCH_SIMD_KERNELS:%=$(BENCH_SIMD_BUILD)/%.wasm) $(BENCH_SIMD_KERNELS:%=$(BENCH_SIMD_BUILD)/%.simd.wasm)

$(BENCH_SIMD_BUILD)/%.wasm: bench/wasm/simd/%.c mk/waxbench.mk
	@mkdir -p $(@D)
	$(CLANG) --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export=run $< -o $@

$(BENCH_SIMD_BUILD)/%.simd.wasm: bench/wasm/simd/%.c mk/waxbench.mk
	@mkdir -p $(@D)
	$(CLANG) --target=wasm32 -O2 -msimd128 -nostdlib -Wl,--no-entry -Wl,--export=run $< -o $@

bench-wasm-simd: $(BENCH_SIMD_FILES) wax
	@$(PYTHON) bench/wasm/simd.py $(BENCH_SIMD_BUILD) --wax $(WAX)

# The native tier's code size and its load and compile speed (`wax compile`, host): real programs of the
# toolchains suite (C through zig cc with its libc, Rust, Zig) and the bench kernels.
BENCHMARKS += bench-wax-compile
.PHONY: bench-wax-compile
BENCH_COMPILE_PROGRAMS := zigcc_libc rust_io zig_io
bench-wax-compile: wax toolchains-programs $(BENCH_WASM_KERNELS:%=$(BENCH_WASM_BUILD)/%.wasm)
	@$(WAX) compile $(BENCH_COMPILE_PROGRAMS:%=$(TOOLCHAINS_BUILD)/%.wasm) $(BENCH_WASM_KERNELS:%=$(BENCH_WASM_BUILD)/%.wasm)
