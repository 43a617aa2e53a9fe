import ACPI
import CPU

/// The I/O APIC that routes the ISA interrupt lines (the keyboard's 1, the serial ports' 3 and 4, ...) to the
/// bootstrap processor as vectors `firstVector + line`, for drivers that run as services (DeviceInterrupts).
/// Every entry starts masked; a line is unmasked while a driver holds it. The ACPI MADT says where the I/O APIC
/// is and how each ISA line arrives (an override can move it to another global system interrupt, or make it
/// level-triggered or active low). The 8259s stay masked, as they always were.
enum IOAPIC {
    static let firstVector = 48

    /// The register window: select a register, then read or write it through the data window.
    nonisolated(unsafe) private static var registers: UnsafeMutableRawPointer? = nil
    nonisolated(unsafe) private static var gsiBase: UInt32 = 0
    nonisolated(unsafe) private static var entries: UInt32 = 0
    private static let lock = SpinLock()

    /// Maps the first I/O APIC and masks all its entries; false when the machine has none.
    static func start() -> Bool {
        guard let chip = Platform.madt?.ioAPICs.first,
              let window = MemoryManager.mapDevice(physical: UInt64(chip.address), size: 0x20) else { return false }
        registers = window
        gsiBase = chip.gsiBase
        entries = ((read(1) >> 16) & 0xFF) + 1
        for entry in 0..<entries { write(0x10 + 2 * entry, 1 << 16) }
        return true
    }

    /// Routes ISA line `line` to its vector on the bootstrap processor, masked or not.
    static func route(line: UInt32, masked: Bool) {
        guard registers != nil, let madt = Platform.madt else { return }
        let (gsi, polarity, trigger) = madt.route(isaIRQ: UInt8(line))
        guard gsi >= gsiBase && gsi - gsiBase < entries else { return }
        var low = UInt32(firstVector) + line
        if polarity == .activeLow { low |= 1 << 13 }
        if trigger == .level { low |= 1 << 15 }
        if masked { low |= 1 << 16 }
        let entry = 0x10 + 2 * (gsi - gsiBase)
        let processor = ProcessorLocal.all.first?.apicID ?? 0
        lock.withLock {
            write(entry + 1, processor << 24)
            write(entry, low)
        }
    }

    private static func read(_ register: UInt32) -> UInt32 {
        // SAFETY: `registers` maps the I/O APIC's 32-byte window uncached: the select register at 0, data at 16.
        cpu_mmio_write32(registers!, register)
        return cpu_mmio_read32(registers! + 0x10)
    }

    private static func write(_ register: UInt32, _ value: UInt32) {
        // SAFETY: as in `read`; the select-then-write pair runs under `lock` once processors are up.
        cpu_mmio_write32(registers!, register)
        cpu_mmio_write32(registers! + 0x10, value)
    }
}
