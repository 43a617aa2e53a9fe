import CPU

/// Processor-wide operations and identification.
enum Processor {
    static func halt() { cpu_hlt() }
    static func disableInterrupts() { cpu_cli() }
    static func enableInterrupts() { cpu_sti() }
    /// Waits for the next interrupt with interrupts enabled.
    static func waitForInterrupt() { cpu_sti_hlt() }
    static var interruptsEnabled: Bool { cpu_read_rflags() & (1 << 9) != 0 }

    static func timestamp() -> UInt64 { cpu_rdtsc() }
    /// Tells the processor it is in a polling loop (PAUSE): kinder to a sibling thread and to QEMU.
    static func spinWaitHint() { cpu_pause() }

    /// Stops this processor for good.
    static func stop() -> Never {
        while true {
            cpu_cli()
            cpu_hlt()
        }
    }

    static func cpuid(_ leaf: UInt32, _ subleaf: UInt32 = 0) -> (eax: UInt32, ebx: UInt32, ecx: UInt32, edx: UInt32) {
        var a: UInt32 = 0, b: UInt32 = 0, c: UInt32 = 0, d: UInt32 = 0
        cpu_cpuid(leaf, subleaf, &a, &b, &c, &d)
        return (a, b, c, d)
    }

    static var hasInvariantTSC: Bool {
        cpuid(0x8000_0000).eax >= 0x8000_0007 && cpuid(0x8000_0007).edx & (1 << 8) != 0
    }
    static var hasRDRAND: Bool { cpuid(1).ecx & (1 << 30) != 0 }
}

/// Model-specific registers the kernel uses.
enum MSR: UInt32 {
    case apicBase = 0x1B
    case efer = 0xC000_0080

    func read() -> UInt64 { cpu_rdmsr(rawValue) }
    func write(_ value: UInt64) { cpu_wrmsr(rawValue, value) }
}

enum ControlRegisters {
    static var cr0: UInt64 {
        get { cpu_read_cr0() }
        set { cpu_write_cr0(newValue) }
    }
    static var cr2: UInt64 { cpu_read_cr2() }
    static var cr3: UInt64 {
        get { cpu_read_cr3() }
        set { cpu_write_cr3(newValue) }
    }
    static var cr4: UInt64 { cpu_read_cr4() }
    static func invalidate(virtual address: UInt64) { cpu_invlpg(address) }
}
