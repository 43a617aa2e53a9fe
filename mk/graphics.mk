# The display service and /bin/mandel from the outside (tests/graphics/run.py): screendumps of the explorer
# compared pixel for pixel with the image the test computes itself, and the service's checks and ownership
# through a C client (tests/graphics/display.c) run from the shell of a booted walos.
GRAPHICS_CLIENT := $(BUILD)/test-programs/display.wasm
$(GRAPHICS_CLIENT): tests/graphics/display.c guest/include/walos.h mk/graphics.mk
	@mkdir -p $(@D)
	$(CLANG) $(WASI_TEST_CFLAGS) -I guest/include $< -nodefaultlibs -lc $(WASI_TEST_BUILTINS) -o $@

TEST_SUITES += test-graphics
GRAPHICS_CASE_COUNT := $(shell grep -c '^def case_' tests/graphics/run.py)
.PHONY: test-graphics
test-graphics:
	@$(SUITE) graphics --build "$(KERNEL_ELF) $(ROOT_TAR) $(GRAPHICS_CLIENT)" \
		--min-passed $(GRAPHICS_CASE_COUNT) -- $(PYTHON) tests/graphics/run.py $(GRAPHICS_CLIENT) $(KERNEL_ELF) $(ROOT_TAR)

BENCHMARKS += bench-display
.PHONY: bench-display
bench-display: $(KERNEL_ELF) $(ROOT_TAR) $(GRAPHICS_CLIENT)
	@$(PYTHON) bench/display.py $(KERNEL_ELF) $(ROOT_TAR) $(GRAPHICS_CLIENT)
