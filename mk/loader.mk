# The UEFI loader: Embedded Swift (loader/*.swift, with lib/ELF and lib/BootInfo as modules) compiled position
# independent, plus C shims for the UEFI calling convention, linked with GNU ld and gnu-efi into a PE image.
DEB_PACKAGES += gnu-efi binutils qemu-system-x86 ovmf mtools
TEST_SUITES  += test-loader

LOADER_EFI   := $(BUILD)/esp/EFI/BOOT/BOOTX64.EFI
LOADER_BUILD := $(BUILD)/loader
LOADER_SWIFTFLAGS := -target x86_64-unknown-none-elf -enable-experimental-feature Embedded -wmo -parse-as-library \
	-Osize -Xfrontend -disable-stack-protector -Xfrontend -function-sections -Xcc -ffreestanding \
	-Xcc -nostdlibinc -Xcc -mno-red-zone -Xcc -fPIC -Xllvm -relocation-model=pic -I $(LOADER_BUILD)/modules
LOADER_CFLAGS := --target=x86_64-unknown-none-elf -ffreestanding -fno-builtin -fno-stack-protector -fPIC \
	-fshort-wchar -mno-red-zone -Os -Wall -Werror -DGNU_EFI_USE_MS_ABI -I/usr/include/efi -I/usr/include/efi/x86_64
LOADER_OBJECTS := $(LOADER_BUILD)/Loader.o $(LOADER_BUILD)/ELF.o $(LOADER_BUILD)/BootInfo.o \
	$(LOADER_BUILD)/uefi.o $(LOADER_BUILD)/runtime.o $(LOADER_BUILD)/enter_kernel.o
# gnu-efi's relocation stub and linker script (the image is a shared object turned into a PE by objcopy).
GNU_EFI_LIB := /usr/lib

.PHONY: loader test-loader
all: loader
loader: $(LOADER_EFI)

# A portable library compiled again as an Embedded module for the loader: $(call loader-module,NAME,DEPENDENCIES)
define loader-module
$(LOADER_BUILD)/$(1).o: $(wildcard lib/$(1)/*.swift) $(foreach d,$(2),$(LOADER_BUILD)/$(d).o)
	@mkdir -p $(LOADER_BUILD)/modules
	$(SWIFTC) $(LOADER_SWIFTFLAGS) -module-name $(1) -emit-module \
		-emit-module-path $(LOADER_BUILD)/modules/$(1).swiftmodule -c $(wildcard lib/$(1)/*.swift) -o $$@
endef
$(eval $(call loader-module,BootInfo,))
$(eval $(call loader-module,ELF,))

$(LOADER_BUILD)/Loader.o: $(wildcard loader/*.swift) loader/shims.h loader/module.modulemap mk/loader.mk \
		$(LOADER_BUILD)/ELF.o $(LOADER_BUILD)/BootInfo.o
	$(SWIFTC) $(LOADER_SWIFTFLAGS) -I loader -module-name Loader -c $(wildcard loader/*.swift) -o $@
	@touch $@

$(LOADER_BUILD)/%.o: loader/%.c loader/shims.h mk/loader.mk
	@mkdir -p $(LOADER_BUILD)
	$(CLANG) $(LOADER_CFLAGS) -c $< -o $@

$(LOADER_BUILD)/%.o: loader/%.S
	@mkdir -p $(LOADER_BUILD)
	$(CLANG) --target=x86_64-unknown-none-elf -fPIC -c $< -o $@

$(LOADER_BUILD)/loader.so: $(LOADER_OBJECTS)
	ld -shared -Bsymbolic -nostdlib -znocombreloc --no-undefined -T $(GNU_EFI_LIB)/elf_x86_64_efi.lds \
		$(GNU_EFI_LIB)/crt0-efi-x86_64.o $(LOADER_OBJECTS) $(GNU_EFI_LIB)/libgnuefi.a -o $@

$(LOADER_EFI): $(LOADER_BUILD)/loader.so
	@mkdir -p $(dir $@)
	objcopy -j .text -j .sdata -j .data -j .rodata -j .dynamic -j .dynsym -j .rel -j .rela -j '.rel.*' \
		-j '.rela.*' -j .reloc --target efi-app-x86_64 --subsystem=10 $< $@

test-loader:
	@$(SUITE) loader --build $(LOADER_EFI) --min-passed 9 -- $(PYTHON) tests/loader/run.py

# lib/Console's tests read Debian's console fonts (the kernel links the same font, see mk/kernel.mk).
DEB_PACKAGES += console-setup-linux
