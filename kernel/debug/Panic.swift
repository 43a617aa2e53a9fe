import CPU

/// The kernel's last words: what happened, the registers, and a backtrace with symbol names, on every log
/// output (serial and screen). Nothing here allocates, so it works when the heap is what broke.
enum Panic {
    /// Ends QEMU through isa-debug-exit instead of halting (test runs), so a harness sees the failure at once.
    nonisolated(unsafe) static var exitOnPanic = false
    /// Tells whether a virtual address can be read without faulting; set once the kernel's page tables exist.
    nonisolated(unsafe) static var isMapped: ((UInt64) -> Bool)? = nil
    nonisolated(unsafe) private static var reporting = false

    static func panic(_ message: StaticString) -> Never {
        begin()
        Log.text("KERNEL PANIC: ")
        Log.text(message)
        Log.put(10)
        backtrace(from: cpu_read_rbp())
        stop()
    }

    static func panic(_ message: String) -> Never {
        begin()
        Log.text("KERNEL PANIC: ")
        for byte in message.utf8 { Log.put(byte) }
        Log.put(10)
        backtrace(from: cpu_read_rbp())
        stop()
    }

    static func report(frame: InterruptFrame) -> Never {
        begin()
        Log.text("KERNEL PANIC: ")
        Log.text(Faults.name(frame.vector))
        Log.text(", vector ")
        Log.decimal(frame.vector)
        Log.text(", error code 0x")
        Log.hex(frame.errorCode, digits: 4)
        Log.put(10)
        if Faults.isSwiftTrap(frame) {
            Log.text("  a Swift runtime check failed (fatalError, precondition, overflow, bounds or unwrap of nil)\n")
        }
        if frame.vector == 14 {
            Log.text("  page fault at CR2=0x")
            Log.hex(ControlRegisters.cr2)
            Log.text(frame.errorCode & 1 != 0 ? " (protection violation" : " (page not present")
            Log.text(frame.errorCode & 2 != 0 ? ", write" : ", read")
            if frame.errorCode & 16 != 0 { Log.text(", instruction fetch") }
            Log.text(")")
            if let stack = KernelStacks.guardPageOwner(ControlRegisters.cr2) {
                Log.text(": guard page below ")
                Log.text(stack)
                Log.text(" (stack overflow)")
            }
            Log.put(10)
        }
        Log.text("  RIP=")
        symbolized(frame.rip)
        Log.put(10)
        registers(frame)
        backtrace(from: frame.rbp)
        stop()
    }

    private static func begin() {
        Processor.disableInterrupts()
        Processors.stopOthers()
        Log.takeOver()
        if reporting {
            Log.text("\n(fault while reporting a panic)\n")
            stop()
        }
        reporting = true
        Log.put(10)
        Log.begin(.error)
    }

    private static func stop() -> Never {
        Log.text("System halted.\n")
        if exitOnPanic { DebugExit.exit(2) }
        Processor.stop()
    }

    private static func registers(_ f: InterruptFrame) {
        register("RAX", f.rax); register("RBX", f.rbx); register("RCX", f.rcx); register("RDX", f.rdx); Log.put(10)
        register("RSI", f.rsi); register("RDI", f.rdi); register("RBP", f.rbp); register("RSP", f.rsp); Log.put(10)
        register("R8 ", f.r8); register("R9 ", f.r9); register("R10", f.r10); register("R11", f.r11); Log.put(10)
        register("R12", f.r12); register("R13", f.r13); register("R14", f.r14); register("R15", f.r15); Log.put(10)
        register("CS ", f.cs); register("SS ", f.ss); register("RFL", f.rflags); register("CR3", ControlRegisters.cr3)
        Log.put(10)
    }

    private static func register(_ name: StaticString, _ value: UInt64) {
        Log.text("  ")
        Log.text(name)
        Log.text("=")
        Log.hex(value)
    }

    static func isKernelText(_ address: UInt64) -> Bool {
        address >= layout_kernel_start() && address < layout_text_end()
    }

    private static func symbolized(_ address: UInt64) {
        Log.text("0x")
        Log.hex(address)
        if let (name, offset) = Symbols.lookup(address) {
            Log.text(" ")
            Log.text(name)
            Log.text("+0x")
            Log.hex(offset, digits: offset > 0xFFFF ? 8 : 4)
        }
    }

    /// Follows the frame-pointer chain: each frame holds the caller's frame pointer and then the return address.
    private static func backtrace(from framePointer: UInt64) {
        Log.text("Backtrace:\n")
        var rbp = framePointer
        var depth = 0
        while depth < 32, rbp != 0, rbp & 7 == 0, rbp >= DirectMap.base {
            if let isMapped, !(isMapped(rbp) && isMapped(rbp + 8)) { break }
            let frame = UnsafePointer<UInt64>(bitPattern: UInt(rbp))!
            let returnAddress = frame[1]
            guard isKernelText(returnAddress) else { break }
            Log.text("  #")
            Log.decimal(UInt64(depth), width: 2, pad: 48)
            Log.text(" ")
            symbolized(returnAddress &- 1)
            Log.put(10)
            let next = frame[0]
            guard next > rbp, next - rbp < 1 << 20 else { break }
            rbp = next
            depth += 1
        }
    }
}
