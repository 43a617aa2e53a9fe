# walos's shell (/bin/sh) and first programs from the outside (tests/shell/run.py): scripts under `./walos run`
# beside the host's dash, the reference, and boots typed at on the serial console and the PS/2 keyboard.
DEB_PACKAGES += dash
TEST_SUITES += test-shell
SHELL_CASE_COUNT := $(shell grep -c '^def case_' tests/shell/run.py)
.PHONY: test-shell
test-shell:
	@$(SUITE) shell --build "$(KERNEL_ELF) $(ROOT_TAR) $(addprefix $(BUILD)/test-programs/,oob.wasm exit-code.wasm wait.wasm)" \
		--min-passed $(SHELL_CASE_COUNT) -- $(PYTHON) tests/shell/run.py $(BUILD)/test-programs $(KERNEL_ELF) $(ROOT_TAR)

# Keystroke to echo: guest instructions from the i8042 to the shell's echo, and the wall time from QMP.
BENCHMARKS += bench-keyboard
.PHONY: bench-keyboard
bench-keyboard: $(KERNEL_ELF) $(ROOT_TAR)
	@$(PYTHON) bench/keyboard.py $(KERNEL_ELF) $(ROOT_TAR)
