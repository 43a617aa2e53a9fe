# walos: the top-level build. Each subsystem has its own fragment in mk/ that adds its Debian and PyPI
# packages, its test suites and its benchmarks to the lists below; this file only ties them together.
#
#   make run    build everything and boot walos in QEMU (UEFI firmware, the walos loader, the kernel)
#   make test   build everything and run every test suite; ends with `N passed, M failed`
#   make bench  measure (timings and instruction counts; not tests)
#   make root   build the root filesystem tree root/ into its archive

TOOLCHAIN ?= /opt/swift/usr/bin
SWIFTC    := $(TOOLCHAIN)/swiftc
SWIFT     := $(TOOLCHAIN)/swift
CLANG     := $(TOOLCHAIN)/clang
LLD       := $(TOOLCHAIN)/ld.lld
BUILD     := build
PYTHON    := python3
SUITE     := $(PYTHON) tests/tools/run-suite.py
# The XCTest cases under a folder: a suite must pass every one, so one that stopped running is a failure.
xctest-count = $(shell grep -rhE '^\s*func test[A-Za-z0-9_]*\(\)' $(1) | wc -l)

# What several fragments build on, defined here because a fragment sees only what is defined before it.
KERNEL_ELF    := $(BUILD)/kernel/kernel.elf
ROOT_TAR      := $(BUILD)/root.tar
TEST_ROOT_TAR := $(BUILD)/test-root.tar
ESP_IMG       := $(BUILD)/esp.img
# The walos ABI's C test programs (tests/walos/*.c): the walos suite runs them, the test root carries them.
WALOS_TEST_PROGRAMS := $(BUILD)/test-programs/procs.wasm $(BUILD)/test-programs/channels.wasm

DEB_PACKAGES := make python3-pip
PIP_PACKAGES :=
# The reference WASI runtime and differential-testing engine, pinned: following a new release is a deliberate
# change of this line, after `make check-latest` has shown what it changes.
WASMTIME_PIN := wasmtime==51.0.0
TEST_SUITES  :=
BENCHMARKS   :=
# Debian packages the verdicts depend on: their versions head the test output (PyPI ones are pinned; Debian 12's
# do not move). Fragments add theirs.
VERDICT_DEBS := qemu-system-x86 ovmf binaryen wabt wasi-libc gnu-efi

.PHONY: all run qemu test bench root deps clean
all:

include $(sort $(wildcard mk/*.mk))

deps:
	@tests/tools/deps.sh "$(sort $(DEB_PACKAGES))" "$(sort $(PIP_PACKAGES))"

qemu: run

# Every suite builds what it needs and records its counts with tests/tools/run-suite.py; one failing suite does
# not stop the others. The summary knows every suite of TEST_SUITES (test-NAME records NAME): one that left no
# record is a failed suite, shown with the make output kept in make.log.
# Verdict-relevant tool versions (VERDICT_DEBS and every PyPI package) head the output.
test: deps
	@rm -rf $(BUILD)/test-results && mkdir -p $(BUILD)/test-results
	@tests/tools/deps.sh --versions "$(VERDICT_DEBS)" "$(sort $(PIP_PACKAGES))"
	@$(MAKE) --no-print-directory -k $(TEST_SUITES) 2>&1 | tee $(BUILD)/test-results/make.log; \
		$(PYTHON) tests/tools/summarize.py $(TEST_SUITES:test-%=%)

bench: deps
	@$(MAKE) --no-print-directory $(BENCHMARKS)

clean:
	rm -rf $(BUILD) .build .build-* wax/.build
