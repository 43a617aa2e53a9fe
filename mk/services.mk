# Services: WebAssembly modules in /srv that /bin/init (programs/init) starts from /etc/services. Each
# services/NAME/main.swift is built as a walos program (with programs/common and guest/Walos) into /srv/NAME.wasm.
SERVICES      := $(notdir $(patsubst %/,%,$(dir $(wildcard services/*/main.swift))))
SERVICE_BUILD := $(BUILD)/services
SERVICE_WASMS := $(SERVICES:%=$(SERVICE_BUILD)/%.wasm)

$(ROOT_TAR): $(SERVICE_WASMS)

$(SERVICE_BUILD)/%.o: services/%/*.swift $(PROGRAM_COMMON) $(wildcard guest/Walos/*.swift) \
		$(wildcard guest/include/* programs/include/*) mk/services.mk
	@mkdir -p $(@D)
	$(SWIFTC) $(GUEST_SWIFTFLAGS) -I guest/include -module-name $* -c $(filter %.swift,$^) -o $@

# The keyboard driver decodes scancodes with the kernel library's decoder (host-tested in the unit suite).
$(SERVICE_BUILD)/keyboard.o: lib/Console/KeyboardDecoder.swift
# The display driver converts pixels with the kernel library's copy (host-tested in the unit suite).
$(SERVICE_BUILD)/display.o: lib/Console/PixelCopy.swift

$(SERVICE_BUILD)/%.wasm: $(SERVICE_BUILD)/%.o $(UNICODE_TABLES)
	$(TOOLCHAIN)/wasm-ld --strip-debug $(WASI_SYSROOT)/crt1-command.o $< $(UNICODE_TABLES) -L$(WASI_SYSROOT) -lc -o $@

# The services suite boots walos with manifests of its own (tests/services/run.py) and a C client
# (tests/services/client.c) added to the root archive.
SERVICE_TEST_PROGRAMS := $(BUILD)/test-programs/svc-client.wasm
$(BUILD)/test-programs/svc-client.wasm: tests/services/client.c guest/include/walos.h mk/services.mk
	@mkdir -p $(@D)
	$(CLANG) $(WASI_TEST_CFLAGS) -I guest/include $< -nodefaultlibs -lc $(WASI_TEST_BUILTINS) -o $@

TEST_SUITES += test-services
SERVICES_CASE_COUNT := $(shell grep -c '^def case_' tests/services/run.py)
.PHONY: test-services
test-services:
	@$(SUITE) services --build "$(KERNEL_ELF) $(ROOT_TAR) $(SERVICE_TEST_PROGRAMS)" --min-passed $(SERVICES_CASE_COUNT) -- \
		$(PYTHON) tests/services/run.py $(KERNEL_ELF) $(ROOT_TAR) $(SERVICE_TEST_PROGRAMS)

BENCHMARKS += bench-services
.PHONY: bench-services
bench-services: $(KERNEL_ELF) $(ROOT_TAR) $(SERVICE_TEST_PROGRAMS)
	@$(PYTHON) bench/services.py $(KERNEL_ELF) $(ROOT_TAR) $(SERVICE_TEST_PROGRAMS)
