# The guest profiler: a QEMU TCG plugin counting guest instructions per translation block, and the report that
# turns its counts into instructions per kernel function (tools/guest-profile/report.py says how to run both).
# A development aid: no test or benchmark depends on it.
GUEST_PROFILER := $(BUILD)/tools/tbcount.so

.PHONY: guest-profiler
guest-profiler: $(GUEST_PROFILER)

$(GUEST_PROFILER): tools/guest-profile/tbcount.c mk/guestprofile.mk
	@mkdir -p $(@D)
	gcc -shared -fPIC -O2 -Wall $< -o $@
