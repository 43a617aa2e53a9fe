# ./walos, the host command: its tests boot walos once per case (tests/walos/run.py).
TEST_SUITES += test-walos
# Every case the script defines must pass: a run that passes fewer stopped running some.
WALOS_CASE_COUNT := $(shell grep -c '^def case_' tests/walos/run.py)
.PHONY: test-walos
test-walos:
	@$(SUITE) walos --build "$(KERNEL_ELF) $(ROOT_TAR) $(TEST_ROOT_TAR) $(WALOS_TEST_PROGRAMS)" --min-passed $(WALOS_CASE_COUNT) -- \
		$(PYTHON) tests/walos/run.py $(BUILD)/test-programs

# WASI call cost against Linux in the same QEMU: Debian's kernel image (unpacked, not installed) runs
# bench/linux/syscalls.c as init.
BENCHMARKS += bench-wasi
LINUX_BENCH := $(BUILD)/linux-bench
.PHONY: bench-wasi
bench-wasi: $(KERNEL_ELF) $(TEST_ROOT_TAR) $(LINUX_BENCH)/syscalls
	@vmlinuz=$$(ls $(LINUX_BENCH)/boot/vmlinuz-* 2>/dev/null | head -1); \
		$(PYTHON) bench/wasi.py $(KERNEL_ELF) $(TEST_ROOT_TAR) $${vmlinuz:--} $(LINUX_BENCH)/syscalls

$(LINUX_BENCH)/syscalls: bench/linux/syscalls.c
	@mkdir -p $(@D)
	gcc -static -O2 $< -o $@
	@cd $(@D) && rm -f linux-image-*.deb && (apt-get download $$(apt-cache depends linux-image-amd64 | \
		sed -n 's/.*Depends: //p' | head -1) >/dev/null 2>&1 && dpkg-deb -x linux-image-*.deb . \
		|| echo "bench-wasi: no Linux kernel image could be downloaded; the comparison is left out")

# The walos ABI's test programs (C, over guest/include/walos.h): `./walos run` cases and kernel tests run them.
$(WALOS_TEST_PROGRAMS): $(BUILD)/test-programs/%.wasm: tests/walos/%.c tests/walos/roles.h guest/include/walos.h \
		mk/walos.mk
	@mkdir -p $(@D)
	$(CLANG) $(WASI_TEST_CFLAGS) -I guest/include $< -nodefaultlibs -lc $(WASI_TEST_BUILTINS) -o $@
