# Resource bombs against the kernel (tests/fuzz/bombs.py): tests/fuzz/bomb.c runs scripts of steps that each
# make the kernel spend one class of resource on the process; bombs.py also writes modules whose shape alone
# does (tables, locals, globals, segments, nesting). `make fuzz-bombs` runs random ones for FUZZ_SECONDS; suite
# `hostile` runs the scripts of tests/fuzz/hostile.txt, every class past its limit, each through `./walos run`.
FUZZ_BOMB := $(BUILD)/fuzz/bomb.wasm
HOSTILE_SCRIPTS := tests/fuzz/hostile.txt
TEST_SUITES += test-hostile

.PHONY: fuzz fuzz-bombs test-hostile
fuzz: fuzz-diff fuzz-bombs

$(FUZZ_BOMB): tests/fuzz/bomb.c tests/wasi/wasi_test.h guest/include/walos.h mk/fuzz.mk
	@mkdir -p $(@D)
	$(CLANG) $(WASI_TEST_CFLAGS) -I guest/include $< -nodefaultlibs -lc $(WASI_TEST_BUILTINS) -o $@

fuzz-bombs: deps $(KERNEL_ELF) $(ROOT_TAR) $(FUZZ_BOMB)
	$(PYTHON) tests/fuzz/bombs.py --walos "./walos run" --bomb $(FUZZ_BOMB) --seconds $(FUZZ_SECONDS) \
		--out $(BUILD)/fuzz-bombs

# Every line of the scripts must pass: the floor is their number.
HOSTILE_COUNT := $(shell grep -c '^[a-z]' $(HOSTILE_SCRIPTS))
test-hostile:
	@$(SUITE) hostile --build "$(KERNEL_ELF) $(ROOT_TAR) $(FUZZ_BOMB)" --min-passed $(HOSTILE_COUNT) -- \
		$(PYTHON) tests/fuzz/bombs.py --walos "./walos run" --bomb $(FUZZ_BOMB) --scripts $(HOSTILE_SCRIPTS) \
		--out $(BUILD)/test-results/hostile
