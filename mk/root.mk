# The root filesystem archive the kernel mounts at /: the tree in root/ plus walos's own programs in /bin
# (mk/programs.mk). Reproducible: fixed owner, time, order and modes, whatever the checkout's umask and dates.
DEB_PACKAGES += tar

ROOT_FILES := $(shell find root -type f 2>/dev/null | sort)
ROOT_TREE  := $(BUILD)/root
ROOT_TAR_CREATE := tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 --sort=name \
	--mode=a+rX,u+w,go-w --exclude=.gitkeep -C $(ROOT_TREE) -cf

.PHONY: root
root: $(ROOT_TAR)

$(ROOT_TAR): $(ROOT_FILES) $(PROGRAM_WASMS) mk/root.mk
	@rm -rf $(ROOT_TREE) && mkdir -p $(ROOT_TREE)/bin
	@cp -R root/. $(ROOT_TREE)/
	@cp $(PROGRAM_WASMS) $(ROOT_TREE)/bin/
	$(ROOT_TAR_CREATE) $@ $$(ls -A $(ROOT_TREE))

# The archive the in-QEMU tests boot with: the root archive plus the test programs in /tests (tests/programs,
# WebAssembly text built with wabt), and two modules that are not WebAssembly at all.
DEB_PACKAGES  += wabt
TEST_PROGRAMS := $(patsubst tests/programs/%.wat,$(BUILD)/test-programs/%.wasm,$(wildcard tests/programs/*.wat))

$(BUILD)/test-programs/%.wasm: tests/programs/%.wat
	@mkdir -p $(@D)
	wat2wasm $< -o $@

$(BUILD)/test-programs/garbage.wasm:
	@mkdir -p $(@D)
	printf 'this is not a WebAssembly module at all' > $@

$(BUILD)/test-programs/truncated.wasm: $(BUILD)/test-programs/hello.wasm
	head -c $$(( $$(wc -c < $<) / 2 )) $< > $@

$(TEST_ROOT_TAR): $(ROOT_TAR) $(TEST_PROGRAMS) $(BUILD)/test-programs/garbage.wasm $(BUILD)/test-programs/truncated.wasm
	@rm -rf $(ROOT_TREE)/tests && mkdir -p $(ROOT_TREE)/tests
	@cp $(filter %.wasm,$^) $(ROOT_TREE)/tests/
	$(ROOT_TAR_CREATE) $@ $$(ls -A $(ROOT_TREE))
	@rm -rf $(ROOT_TREE)/tests
