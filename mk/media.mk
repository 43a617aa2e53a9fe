# Boot media. build/walos.iso boots BIOS machines through GRUB (El Torito, i386-pc) and the kernel's Multiboot2
# entry, and UEFI machines through the walos loader (an El Torito EFI image); build/walos.img is a GPT disk whose
# EFI system partition holds the loader and the kernel, for a USB stick. Both carry the files of build/esp
# (mk/disk.mk): the loader, the kernel, the root archive and cmdline.txt (CMDLINE, for GRUB too).
DEB_PACKAGES += xorriso grub-pc-bin grub-common mtools gdisk qemu-system-x86 ovmf seabios
VERDICT_DEBS += grub-pc-bin

MEDIA_BUILD := $(BUILD)/media
ISO         := $(BUILD)/walos.iso
USB_IMG     := $(BUILD)/walos.img
ISO_TREE    := $(MEDIA_BUILD)/iso
# One FAT image serves both: the ISO's El Torito EFI image and the GPT disk's EFI system partition.
MEDIA_ESP   := $(ISO_TREE)/boot/efi.img
GRUB_BIOS   := $(ISO_TREE)/boot/grub/bios.img
GRUB_CFG    := $(ISO_TREE)/boot/grub/grub.cfg
# What GRUB needs built into its image: the CD, its configuration, Multiboot2, and VBE to set the mode the
# kernel's header asks for.
GRUB_MODULES := biosdisk iso9660 normal configfile multiboot2 vbe video_bochs video_cirrus

.PHONY: iso img
iso: $(ISO)
img: $(USB_IMG)

$(GRUB_BIOS): mk/media.mk
	@mkdir -p $(@D)
	grub-mkimage -O i386-pc-eltorito -p /boot/grub -o $@ $(GRUB_MODULES)

# Rewritten only when CMDLINE changes, as cmdline.txt is.
$(GRUB_CFG): FORCE
	@mkdir -p $(@D)
	@printf 'set timeout=0\nmenuentry "walos" {\n    multiboot2 /walos/kernel.elf %s\n    module2 /walos/root.tar\n}\n' \
		'$(CMDLINE)' > $@.new
	@cmp -s $@.new $@ && rm $@.new || mv $@.new $@

# A FAT image just large enough for the files (an El Torito image counts at most 65535 sectors of 512 bytes).
$(MEDIA_ESP): $(ESP_FILES)
	@mkdir -p $(@D)
	@rm -f $@.tmp
	@bytes=$$(cat $(ESP_FILES) | wc -c); truncate -s $$(( (bytes * 9 / 8 / 1048576 + 2) * 1048576 )) $@.tmp
	mformat -i $@.tmp -v WALOS ::
	mmd -i $@.tmp ::/EFI ::/EFI/BOOT ::/walos
	mcopy -i $@.tmp $(ESP_DIR)/EFI/BOOT/BOOTX64.EFI ::/EFI/BOOT/BOOTX64.EFI
	mcopy -i $@.tmp $(ESP_DIR)/walos/kernel.elf $(ESP_DIR)/walos/root.tar $(ESP_DIR)/walos/cmdline.txt ::/walos/
	mv $@.tmp $@

$(ISO): $(GRUB_BIOS) $(GRUB_CFG) $(MEDIA_ESP) $(ESP_DIR)/walos/kernel.elf $(ESP_DIR)/walos/root.tar
	@mkdir -p $(ISO_TREE)/walos
	cp $(ESP_DIR)/walos/kernel.elf $(ESP_DIR)/walos/root.tar $(ISO_TREE)/walos/
	xorriso -as mkisofs -quiet -R -J -V WALOS -o $@.tmp \
		-b boot/grub/bios.img -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info \
		-eltorito-alt-boot -e boot/efi.img -no-emul-boot $(ISO_TREE)
	mv $@.tmp $@

# GPT: the partition from 1 MiB, its type EFI system, then room for the backup table.
$(USB_IMG): $(MEDIA_ESP)
	@rm -f $@.tmp
	@sectors=$$(( $$(stat -c %s $(MEDIA_ESP)) / 512 )); truncate -s $$(( (sectors + 4096) * 512 )) $@.tmp; \
		sgdisk --new=1:2048:+$$sectors --typecode=1:ef00 --change-name=1:"EFI system partition" $@.tmp >/dev/null
	dd if=$(MEDIA_ESP) of=$@.tmp bs=1M seek=1 conv=notrunc status=none
	mv $@.tmp $@

# The media booted to the shell under SeaBIOS and OVMF (tests/media/run.py lists the cases).
TEST_SUITES += test-media
MEDIA_CASE_COUNT := $(shell grep -c '^def case_' tests/media/run.py)
.PHONY: test-media
test-media:
	@$(SUITE) media --build "$(KERNEL_ELF) $(ISO) $(USB_IMG)" --min-passed $(MEDIA_CASE_COUNT) -- \
		$(PYTHON) tests/media/run.py $(KERNEL_ELF) $(ISO) $(USB_IMG)

# Boot to the shell's prompt from each path: wall time under TCG and guest instructions under -icount.
BENCHMARKS += bench-media
.PHONY: bench-media
bench-media: $(KERNEL_ELF) $(ROOT_TAR) $(ISO) $(USB_IMG)
	@$(PYTHON) bench/media.py $(KERNEL_ELF) $(ROOT_TAR) $(ISO) $(USB_IMG)
