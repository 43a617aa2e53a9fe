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

# What several fragments build on, defined here because a fragment sees only what is defined before it.
KERNEL_ELF    := $(BUILD)/kernel/kernel.elf
ROOT_TAR      := $(BUILD)/root.tar
TEST_ROOT_TAR := $(BUILD)/test-root.tar
ESP_IMG       := $(BUILD)/esp.img

DEB_PACKAGES := make python3-pip
PIP_PACKAGES :=
TEST_SUITES  :=
BENCHMARKS   :=

.PHONY: all run qemu test bench root deps clean
all:

include $(sort $(wildcard mk/*.mk))

deps:
	@tests/tools/deps.sh "$(sort $(DEB_PACKAGES))" "$(sort $(PIP_PACKAGES))"

qemu: run

# Every suite records its counts with tests/tools/run-suite.py; one failing suite does not stop the others.
test: deps
	@rm -rf $(BUILD)/test-results
	@$(MAKE) --no-print-directory -k $(TEST_SUITES); $(PYTHON) tests/tools/summarize.py

bench: deps
	@$(MAKE) --no-print-directory $(BENCHMARKS)

clean:
	rm -rf $(BUILD) .build .build-* wax/.build
