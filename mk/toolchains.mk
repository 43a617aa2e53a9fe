# Suite `toolchains`: WASI programs built with other toolchains than walos's own (Zig from PyPI `ziglang`, C
# through `zig cc`, Rust from Debian), each run under `./walos run` and under the pinned wasmtime with the same
# arguments, environment and standard input (tests/toolchains/run.py). Sources are tests/toolchains/NAME.zig,
# NAME.c (built with zig cc) and NAME.rs, built to build/toolchains/NAME.wasm.
ZIGLANG_PIN  := ziglang==0.17.1
DEB_PACKAGES += rustc libstd-rust-dev-wasm32 lld-14
PIP_PACKAGES += $(WASMTIME_PIN) $(ZIGLANG_PIN)
VERDICT_DEBS += rustc libstd-rust-dev-wasm32 lld-14
TEST_SUITES  += test-toolchains

TOOLCHAINS_BUILD := $(BUILD)/toolchains
# Zig keeps its caches in build/, so that a clean build starts afresh and a second run compiles nothing.
ZIG              := ZIG_LOCAL_CACHE_DIR=$(TOOLCHAINS_BUILD)/zig-cache ZIG_GLOBAL_CACHE_DIR=$(BUILD)/zig-global-cache \
                    $(PYTHON) -m ziglang
# Debian's rustc by its path: a rustup toolchain earlier on PATH is not what the build installed. Debian's
# wasm32-wasi standard library links with the LLVM 14 wasm-ld it recommends (newer ones refuse its .rlib
# metadata members).
RUSTC            := /usr/bin/rustc
RUST_WASM_LD     := /usr/lib/llvm-14/bin/wasm-ld
TOOLCHAINS_SOURCES  := $(wildcard tests/toolchains/*.zig tests/toolchains/*.c tests/toolchains/*.rs)
TOOLCHAINS_PROGRAMS := $(addprefix $(TOOLCHAINS_BUILD)/,$(addsuffix .wasm,$(basename $(notdir $(TOOLCHAINS_SOURCES)))))

.PHONY: toolchains-programs test-toolchains
toolchains-programs: $(TOOLCHAINS_PROGRAMS)

$(TOOLCHAINS_BUILD)/%.wasm: tests/toolchains/%.zig tests/toolchains/support/*.zig mk/toolchains.mk
	@mkdir -p $(@D)
	$(ZIG) build-exe -target wasm32-wasi -O ReleaseSafe -fstrip -femit-bin=$@ $<
	@touch $@ # zig copies a cached build with its old time, which would leave it older than its source

$(TOOLCHAINS_BUILD)/%.wasm: tests/toolchains/%.c mk/toolchains.mk
	@mkdir -p $(@D)
	$(ZIG) cc -target wasm32-wasi -O2 -g0 -Wall -Werror -o $@ $<
	@touch $@

$(TOOLCHAINS_BUILD)/%.wasm: tests/toolchains/%.rs mk/toolchains.mk
	@mkdir -p $(@D)
	$(RUSTC) --edition 2021 --target wasm32-wasi -O -C strip=debuginfo -C linker=$(RUST_WASM_LD) -o $@ $<

# Every program must pass: the floor is their number.
TOOLCHAINS_CASE_COUNT := $(words $(TOOLCHAINS_PROGRAMS))
test-toolchains:
	@$(SUITE) toolchains --build "$(KERNEL_ELF) $(ROOT_TAR) toolchains-programs" \
		--min-passed $(TOOLCHAINS_CASE_COUNT) -- \
		$(PYTHON) tests/toolchains/run.py --wasm-dir $(TOOLCHAINS_BUILD) --runner "./walos run"
