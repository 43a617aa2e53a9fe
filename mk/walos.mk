# ./walos, the host command: its tests boot walos once per case (tests/walos/run.py).
TEST_SUITES += test-walos
.PHONY: test-walos
test-walos: $(KERNEL_ELF) $(ROOT_TAR) $(TEST_ROOT_TAR)
	@$(SUITE) walos -- $(PYTHON) tests/walos/run.py $(BUILD)/test-programs
