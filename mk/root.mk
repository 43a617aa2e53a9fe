# The root filesystem archive the kernel mounts at /: the tree in root/ plus walos's own programs in /bin
# (mk/programs.mk). Reproducible: fixed owner, time, order and modes, whatever the checkout's umask and dates.
DEB_PACKAGES += tar

ROOT_FILES := $(shell find root -type f 2>/dev/null | sort)
ROOT_TREE  := $(BUILD)/root

.PHONY: root
root: $(ROOT_TAR)

$(ROOT_TAR): $(ROOT_FILES) $(PROGRAM_WASMS) mk/root.mk
	@rm -rf $(ROOT_TREE) && mkdir -p $(ROOT_TREE)/bin
	@cp -R root/. $(ROOT_TREE)/
	@cp $(PROGRAM_WASMS) $(ROOT_TREE)/bin/
	tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 --sort=name --mode=a+rX,u+w,go-w \
		--exclude=.gitkeep -C $(ROOT_TREE) -cf $@ $$(ls -A $(ROOT_TREE))
