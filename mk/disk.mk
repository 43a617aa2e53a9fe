# The boot disk: the root filesystem archive, the EFI system partition (a tree in build/esp and a FAT image of
# it for QEMU), and `make run`, which boots it under OVMF.
DEB_PACKAGES += mtools qemu-system-x86 ovmf

ESP_DIR    := $(BUILD)/esp
# BOOTX64.EFI comes from mk/loader.mk.
ESP_FILES  := $(ESP_DIR)/EFI/BOOT/BOOTX64.EFI $(ESP_DIR)/walos/kernel.elf $(ESP_DIR)/walos/root.tar \
              $(ESP_DIR)/walos/cmdline.txt
# The kernel command line written to walos/cmdline.txt: `make run CMDLINE="..."`.
CMDLINE    ?=
OVMF_CODE  := /usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS  := /usr/share/OVMF/OVMF_VARS_4M.fd
# Serial only with NOGRAPHIC=1 or without an X display.
QEMU_DISPLAY := $(if $(or $(NOGRAPHIC),$(if $(DISPLAY),,none)),-display none)
# SMP=N processors (default 2), run in parallel on the host's (multi-threaded TCG); `-cpu max` has the extensions
# native code compiles to (lzcnt, tzcnt, popcnt, SSE4.1), which QEMU's default model lacks.
SMP ?= 2
QEMU_RUN_FLAGS := -machine q35 -cpu max -m 512M -smp $(SMP) -accel tcg,thread=multi -no-reboot -serial stdio \
    -drive if=pflash,format=raw,readonly=on,file=$(OVMF_CODE) -drive if=pflash,format=raw,file=$(BUILD)/ovmf-vars.fd \
    -drive format=raw,file=$(ESP_IMG) -device isa-debug-exit,iobase=0xf4,iosize=0x04 $(QEMU_DISPLAY)

.PHONY: esp FORCE
all: $(ESP_IMG)
esp: $(ESP_IMG)

$(ESP_DIR)/walos/kernel.elf: $(KERNEL_ELF)
	@mkdir -p $(@D)
	cp $< $@

$(ESP_DIR)/walos/root.tar: $(ROOT_TAR)
	@mkdir -p $(@D)
	cp $< $@

# Rewritten only when CMDLINE changes, so that the image is not rebuilt for nothing.
$(ESP_DIR)/walos/cmdline.txt: FORCE
	@mkdir -p $(@D)
	@printf '%s\n' '$(CMDLINE)' | cmp -s - $@ || printf '%s\n' '$(CMDLINE)' > $@

# A superfloppy FAT32 image (OVMF boots it without a partition table), 64 MiB or twice the files' size.
$(ESP_IMG): $(ESP_FILES)
	@rm -f $@.tmp
	@bytes=$$(cat $(ESP_FILES) | wc -c); mib=$$(( bytes * 2 / 1048576 + 16 )); [ $$mib -ge 64 ] || mib=64; \
		truncate -s $${mib}M $@.tmp
	mformat -i $@.tmp -F -v WALOS ::
	mmd -i $@.tmp ::/EFI ::/EFI/BOOT ::/walos
	mcopy -i $@.tmp $(ESP_DIR)/EFI/BOOT/BOOTX64.EFI ::/EFI/BOOT/BOOTX64.EFI
	mcopy -i $@.tmp $(ESP_DIR)/walos/kernel.elf $(ESP_DIR)/walos/root.tar $(ESP_DIR)/walos/cmdline.txt ::/walos/
	mv $@.tmp $@

$(BUILD)/ovmf-vars.fd:
	@mkdir -p $(@D)
	cp $(OVMF_VARS) $@

# The kernel powers off through isa-debug-exit with 0, which QEMU reports as status 1.
run: deps $(ESP_IMG) $(BUILD)/ovmf-vars.fd
	qemu-system-x86_64 $(QEMU_RUN_FLAGS) || [ $$? -eq 1 ]
