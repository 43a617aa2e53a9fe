# walos's display calls and /bin/mandel from the outside (tests/graphics/run.py): screendumps of the explorer
# compared pixel for pixel with the image the test computes itself, and the calls' checks and ownership.
TEST_SUITES += test-graphics
GRAPHICS_CASE_COUNT := $(shell grep -c '^def case_' tests/graphics/run.py)
.PHONY: test-graphics
test-graphics:
	@$(SUITE) graphics --build "$(KERNEL_ELF) $(ROOT_TAR) $(BUILD)/programs/sh.wasm $(BUILD)/test-programs/display.wasm" \
		--min-passed $(GRAPHICS_CASE_COUNT) -- $(PYTHON) tests/graphics/run.py $(BUILD)/test-programs $(KERNEL_ELF) $(ROOT_TAR)
