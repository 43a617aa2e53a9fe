# walos's own guest programs: Embedded Swift for wasm32, linked with Debian's wasi-libc (for malloc and memcpy,
# and its _start), installed into the root filesystem's /bin as NAME.wasm.

DEB_PACKAGES += wasi-libc

PROGRAMS       := $(notdir $(patsubst %/,%,$(dir $(wildcard programs/*/main.swift))))
PROGRAM_BUILD  := $(BUILD)/programs
PROGRAM_WASMS  := $(PROGRAMS:%=$(PROGRAM_BUILD)/%.wasm)
WASI_SYSROOT   := /usr/lib/wasm32-wasi
GUEST_SWIFTFLAGS := -target wasm32-unknown-none-wasm -enable-experimental-feature Embedded -wmo -parse-as-library \
    -Osize -Xfrontend -disable-stack-protector -I programs/include

.PHONY: programs
programs: $(PROGRAM_WASMS)

# Every program also gets what programs/common holds (streams, arguments, paths).
PROGRAM_COMMON := $(wildcard programs/common/*.swift)
# The programs that use the walos module, through the Swift guest package (guest/Walos) compiled into them;
# the others stay plain preview1 programs.
WALOS_PROGRAMS := free init kill mandel ps sh svc uptime

$(PROGRAM_BUILD)/%.o: programs/%/*.swift $(PROGRAM_COMMON) programs/include/* mk/programs.mk
	@mkdir -p $(@D)
	$(SWIFTC) $(GUEST_SWIFTFLAGS) -module-name $* -c $(filter %.swift,$^) -o $@

# String comparisons and searches need Unicode data; the toolchain's wasm32 archive has no symbol index, so a
# copy gets one (wasm-ld takes from it only what a program uses). Debug sections stay out of /bin; the name
# section stays, for the function names in trap messages.
UNICODE_TABLES := $(PROGRAM_BUILD)/libswiftUnicodeDataTables.a
$(UNICODE_TABLES): $(dir $(SWIFTC))../lib/swift/embedded/wasm32-unknown-none-wasm/libswiftUnicodeDataTables.a
	@mkdir -p $(@D)
	cp $< $@.tmp && $(TOOLCHAIN)/llvm-ar s $@.tmp && mv $@.tmp $@

$(PROGRAM_BUILD)/%.wasm: $(PROGRAM_BUILD)/%.o $(UNICODE_TABLES)
	$(TOOLCHAIN)/wasm-ld --strip-debug $(WASI_SYSROOT)/crt1-command.o $< $(UNICODE_TABLES) -L$(WASI_SYSROOT) -lc -o $@

define walos-program
$(PROGRAM_BUILD)/$(1).o: $(wildcard programs/$(1)/*.swift) $(PROGRAM_COMMON) $(wildcard guest/Walos/*.swift) \
		$(wildcard guest/include/* programs/include/*) mk/programs.mk
	@mkdir -p $$(@D)
	$(SWIFTC) $(GUEST_SWIFTFLAGS) -I guest/include -module-name $(1) -c $$(filter %.swift,$$^) -o $$@
endef
$(foreach program,$(WALOS_PROGRAMS),$(eval $(call walos-program,$(program))))
