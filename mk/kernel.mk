# The kernel: Embedded Swift for x86_64-unknown-none-elf, plus the assembly entry code and a few C helpers.
# Each portable library in lib/ is compiled as its own Embedded Swift module, then the kernel module, then one
# link; a second link adds the symbol table for backtraces (the table sits last, so nothing else moves).

DEB_PACKAGES += qemu-system-x86 console-setup-linux

KERNEL_BUILD := $(BUILD)/kernel
KERNEL_LIBS  := BootInfo Memory FileSystem NineP Console ACPI Random WasmTypes WasmParser Wax WaxScript WaxNative \
                WASIPreview1 WASIWax
KERNEL_SWIFT := $(shell find kernel -name '*.swift' | sort)
KERNEL_C     := $(shell find kernel -name '*.c' | sort)
KERNEL_ASM   := $(shell find kernel -name '*.S' | sort)
KERNEL_OBJS  := $(KERNEL_LIBS:%=$(KERNEL_BUILD)/lib/%.o) $(KERNEL_BUILD)/Kernel.o \
                $(KERNEL_C:%.c=$(KERNEL_BUILD)/%.o) $(KERNEL_ASM:%.S=$(KERNEL_BUILD)/%.o) $(KERNEL_BUILD)/font.o
KERNEL_FONT  := /usr/share/consolefonts/Uni2-Terminus16.psf.gz

# Exclusivity is checked at compile time only: the Embedded runtime's swift_beginAccess does nothing, so the
# dynamic checks would be calls for nothing on every access to a class's stored property.
KERNEL_SWIFTFLAGS := -target x86_64-unknown-none-elf -enable-experimental-feature Embedded -wmo \
    -parse-as-library -Osize -Xfrontend -disable-stack-protector -Xfrontend -function-sections \
    -Xcc -ffreestanding -Xcc -nostdlibinc -Xcc -mno-red-zone -Xcc -fPIE -Xllvm -relocation-model=pic \
    -enforce-exclusivity=unchecked -I include -I $(KERNEL_BUILD)/lib
KERNEL_CFLAGS := -target x86_64-unknown-none-elf -ffreestanding -nostdlibinc -mno-red-zone \
    -fPIE -fno-stack-protector -mgeneral-regs-only -O2 -Wall -Werror -Iinclude \
    -isystem $(shell $(CLANG) -print-resource-dir)/include
EMBEDDED_LIB_DIR := $(dir $(SWIFTC))../lib/swift/embedded/x86_64-unknown-none-elf

.PHONY: kernel
kernel: $(KERNEL_ELF)

# Every swiftc rule touches its object afterwards: swiftc leaves an unchanged object file as it was, older than
# its sources, and make would compile it again on every run.
# Library modules: walos's own from lib/, the engine from wax/, and WasmKit's decoder from the checkout SwiftPM
# resolves for wax/ (its package-level declarations need -package-name).
$(KERNEL_BUILD)/lib/%.o: lib/%/*.swift mk/kernel.mk
	@mkdir -p $(@D)
	$(SWIFTC) $(KERNEL_SWIFTFLAGS) -module-name $* -emit-module -emit-module-path $(@D)/$*.swiftmodule \
	    -c $(filter %.swift,$^) -o $@
	@touch $@

WASMKIT_SOURCES := wax/.build/checkouts/WasmKit/Sources
$(WASMKIT_SOURCES)/WasmParser/WasmParser.swift:
	$(SWIFT) package resolve --package-path wax

$(KERNEL_BUILD)/lib/Wasm%.o: $(WASMKIT_SOURCES)/WasmParser/WasmParser.swift mk/kernel.mk
	@mkdir -p $(@D)
	$(SWIFTC) $(KERNEL_SWIFTFLAGS) -suppress-warnings -module-name Wasm$* -package-name wasmkit -emit-module \
	    -emit-module-path $(@D)/Wasm$*.swiftmodule -c $(shell find $(WASMKIT_SOURCES)/Wasm$* -name '*.swift') -o $@
	@touch $@

define wax-module
$(KERNEL_BUILD)/lib/$(1).o: $(shell find wax/Sources/$(1) -name '*.swift') mk/kernel.mk
	@mkdir -p $$(@D)
	$(SWIFTC) $$(KERNEL_SWIFTFLAGS) -module-name $(1) -emit-module -emit-module-path $$(@D)/$(1).swiftmodule \
	    -c $$(filter %.swift,$$^) -o $$@
	@touch $$@
endef
$(foreach module,Wax WaxScript WaxNative,$(eval $(call wax-module,$(module))))

# The engine is the kernel's hot path: built -O rather than -Osize, guests execute 2.2-2.9x fewer instructions
# (make bench-wasm-walos: 35.5x native C down to 13.9x on the geometric mean) for 54 KB more kernel image.
# `private`: the modules it depends on keep -Osize.
$(KERNEL_BUILD)/lib/Wax.o: private KERNEL_SWIFTFLAGS := $(filter-out -Osize,$(KERNEL_SWIFTFLAGS)) -O
# So are the WASI calls under it and the kernel itself (scheduler, waits, process start): -O for WASIPreview1,
# WASIWax and the kernel module too (make bench-wasi: a pipe round trip 6.9k -> 5.9k guest instructions), for
# 74 KB more kernel image. The heap, frame allocator and page tables (Memory) serve all of them.
# Without Swift's merging of similar functions: a merged one is reached through a thunk (push, mov, pop, jmp),
# and the WASI call path went through eight such a pipe round trip (2,284 -> 2,204 guest instructions; a
# channel round trip 1,404 -> 1,357), for 18 KB more kernel image.
$(KERNEL_BUILD)/lib/WASIPreview1.o $(KERNEL_BUILD)/lib/WASIWax.o $(KERNEL_BUILD)/Kernel.o \
$(KERNEL_BUILD)/lib/Memory.o: private KERNEL_SWIFTFLAGS := \
    $(filter-out -Osize,$(KERNEL_SWIFTFLAGS)) -O -Xfrontend -disable-llvm-merge-functions-pass

# Which module imports which (the compiler needs the imported module's interface first).
$(KERNEL_BUILD)/lib/Memory.o $(KERNEL_BUILD)/lib/Console.o: $(KERNEL_BUILD)/lib/BootInfo.o
$(KERNEL_BUILD)/lib/WasmParser.o: $(KERNEL_BUILD)/lib/WasmTypes.o
$(KERNEL_BUILD)/lib/Wax.o: $(KERNEL_BUILD)/lib/WasmParser.o $(KERNEL_BUILD)/lib/WaxNative.o
$(KERNEL_BUILD)/lib/WaxScript.o: $(KERNEL_BUILD)/lib/Wax.o
$(KERNEL_BUILD)/lib/FileSystem.o: $(KERNEL_BUILD)/lib/NineP.o
$(KERNEL_BUILD)/lib/WASIPreview1.o: $(KERNEL_BUILD)/lib/FileSystem.o
$(KERNEL_BUILD)/lib/WASIWax.o: $(KERNEL_BUILD)/lib/WASIPreview1.o $(KERNEL_BUILD)/lib/Wax.o

$(KERNEL_BUILD)/Kernel.o: $(KERNEL_SWIFT) $(KERNEL_LIBS:%=$(KERNEL_BUILD)/lib/%.o) include/*.h include/module.modulemap mk/kernel.mk
	@mkdir -p $(@D)
	$(SWIFTC) $(KERNEL_SWIFTFLAGS) -module-name Kernel -c $(KERNEL_SWIFT) -o $@
	@touch $@

# libm needs the floating-point registers the rest of the C code stays away from.
$(KERNEL_BUILD)/kernel/runtime/libm.o: KERNEL_CFLAGS := $(filter-out -mgeneral-regs-only,$(KERNEL_CFLAGS)) -fno-math-errno

$(KERNEL_BUILD)/%.o: %.c include/*.h mk/kernel.mk
	@mkdir -p $(@D)
	$(CLANG) $(KERNEL_CFLAGS) -c $< -o $@

$(KERNEL_BUILD)/%.o: %.S mk/kernel.mk
	@mkdir -p $(@D)
	$(CLANG) -target x86_64-unknown-none-elf -c $< -o $@

# The console font, as an object with _binary_font_psf_start/_end.
$(KERNEL_BUILD)/font.o: $(KERNEL_FONT)
	@mkdir -p $(@D)
	gzip -dc $< > $(KERNEL_BUILD)/font.psf
	cd $(KERNEL_BUILD) && $(TOOLCHAIN)/llvm-objcopy -I binary -O elf64-x86-64 \
	    --rename-section .data=.rodata.font,alloc,load,readonly,data,contents font.psf font.o

# --orphan-handling=error: a section the linker script does not place fails the link (it would land where the
# kernel maps nothing); tools/check-kernel-image.py then checks that every loaded section is inside a mapped range.
KERNEL_LDFLAGS := -T kernel/arch/x86_64/linker.ld -nostdlib -static -z max-page-size=4096 --gc-sections \
    -z noexecstack --orphan-handling=error
KERNEL_LINK = $(LLD) $(KERNEL_LDFLAGS) $(KERNEL_OBJS) $(1) $(EMBEDDED_LIB_DIR)/libswiftUnicodeDataTables.a -o $(2)

# First link without symbols, a table from it, then the final link with the table.
$(KERNEL_ELF): $(KERNEL_OBJS) kernel/arch/x86_64/linker.ld tools/kernel-symbols.py tools/check-kernel-image.py
	$(call KERNEL_LINK,,$(KERNEL_BUILD)/kernel-nosyms.elf)
	$(PYTHON) tools/kernel-symbols.py $(TOOLCHAIN)/llvm-nm $(TOOLCHAIN)/swift-demangle \
	    $(KERNEL_BUILD)/kernel-nosyms.elf $(KERNEL_BUILD)/symbols.bin
	cd $(KERNEL_BUILD) && $(TOOLCHAIN)/llvm-objcopy -I binary -O elf64-x86-64 \
	    --rename-section .data=.kernel_symbols,alloc,load,readonly,data,contents symbols.bin symbols.o
	$(call KERNEL_LINK,$(KERNEL_BUILD)/symbols.o,$@.tmp)
	$(PYTHON) tools/check-kernel-image.py $@.tmp
	@$(TOOLCHAIN)/llvm-nm -n $(KERNEL_BUILD)/kernel-nosyms.elf | grep -v ' [aA] \|_binary_symbols\|__symbols_end\|__kernel_end' > $(KERNEL_BUILD)/a.nm
	@$(TOOLCHAIN)/llvm-nm -n $@.tmp | grep -v ' [aA] \|_binary_symbols\|__symbols_end\|__kernel_end' > $(KERNEL_BUILD)/b.nm
	@cmp -s $(KERNEL_BUILD)/a.nm $(KERNEL_BUILD)/b.nm || { echo "kernel: symbol table moved code"; exit 1; }
	mv $@.tmp $@

# The kernel's tests under QEMU (tests/qemu/run.py lists the cases).
TEST_SUITES += test-kernel
KERNEL_SUITE_CASE_COUNT := $(shell grep -c '^def case_' tests/qemu/run.py)
.PHONY: test-kernel
test-kernel:
	@$(SUITE) kernel --build "$(KERNEL_ELF) $(ESP_IMG) $(TEST_ROOT_TAR)" --min-passed $(KERNEL_SUITE_CASE_COUNT) -- \
		$(PYTHON) tests/qemu/run.py $(KERNEL_ELF) $(ESP_IMG) $(TEST_ROOT_TAR)

BENCHMARKS += bench-boot
.PHONY: bench-boot
bench-boot: $(KERNEL_ELF) $(ESP_IMG)
	@$(PYTHON) bench/boot.py $(KERNEL_ELF) $(ESP_IMG)
