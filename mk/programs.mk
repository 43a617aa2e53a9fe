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

$(PROGRAM_BUILD)/%.o: programs/%/*.swift programs/include/* mk/programs.mk
	@mkdir -p $(@D)
	$(SWIFTC) $(GUEST_SWIFTFLAGS) -module-name $* -c $(filter %.swift,$^) -o $@

$(PROGRAM_BUILD)/%.wasm: $(PROGRAM_BUILD)/%.o
	$(TOOLCHAIN)/wasm-ld $(WASI_SYSROOT)/crt1-command.o $< -L$(WASI_SYSROOT) -lc -o $@

# ps uses the walos module through the Swift guest package (guest/Walos), compiled into it; programs that do
# not use it stay plain preview1 programs.
$(PROGRAM_BUILD)/ps.o: programs/ps/*.swift guest/Walos/*.swift guest/include/* programs/include/* mk/programs.mk
	@mkdir -p $(@D)
	$(SWIFTC) $(GUEST_SWIFTFLAGS) -I guest/include -module-name ps -c $(filter %.swift,$^) -o $@
