# Host benchmark of the kernel heap (lib/Memory/Heap*.swift, compiled together with bench/heap/main.swift):
# instructions per alloc/free pair, counted by callgrind so that the figure is the same on every run.
# Exclusivity checks are off, as in the Embedded kernel build.
BENCHMARKS   += bench-heap
DEB_PACKAGES += valgrind

HEAP_BENCH         := $(BUILD)/membench/heap-bench
HEAP_BENCH_SOURCES := bench/heap/main.swift $(wildcard lib/Memory/Heap*.swift)

$(HEAP_BENCH): $(HEAP_BENCH_SOURCES) mk/membench.mk
	@mkdir -p $(dir $@)
	$(SWIFTC) -O -wmo -enforce-exclusivity=unchecked -module-name HeapBench $(HEAP_BENCH_SOURCES) -o $@

.PHONY: bench-heap
bench-heap: $(HEAP_BENCH)
	@$(PYTHON) bench/heap/measure.py $(HEAP_BENCH)
