import ACPI

/// What the firmware's ACPI tables say about the machine: processors, interrupt controllers, timers. Multi-core
/// bring-up and I/O APIC routing will build on this; for now the kernel records and reports it.
enum Platform {
    nonisolated(unsafe) private(set) static var madt: MADT? = nil
    nonisolated(unsafe) private(set) static var fadt: FADT? = nil
    nonisolated(unsafe) private(set) static var hpetAddress: UInt64? = nil

    static var processors: [MADT.Processor] { madt?.processors.filter { $0.isUsable } ?? [] }
    /// The CMOS register holding the century, where the FADT names one (0: none).
    static var centuryRegister: UInt8 { fadt?.centuryRegister ?? 0 }

    static func discover(rsdp: UInt64?) {
        guard let rsdp else {
            Log.warning("acpi: the firmware gave no RSDP; one processor assumed")
            return
        }
        do throws(ACPIError) {
            let tables = try ACPITables(rsdpAddress: rsdp, memory: DirectMapACPIMemory())
            madt = try tables.madt()
            fadt = try tables.fadt()
            hpetAddress = try tables.hpet()?.baseAddress
        } catch {
            Log.error("acpi: the tables are unusable (\(describe(error))); one processor assumed")
            return
        }
        guard let madt else {
            Log.warning("acpi: no MADT; one processor assumed")
            return
        }
        let ids = processors.map { "\($0.apicID)" }.joined(separator: ", ")
        Log.info("acpi: \(processors.count) processors (APIC IDs \(ids)), local APIC at 0x\(String(madt.localAPICAddress, radix: 16))")
        for ioAPIC in madt.ioAPICs {
            Log.info("acpi: I/O APIC \(ioAPIC.id) at 0x\(String(ioAPIC.address, radix: 16)), GSI base \(ioAPIC.gsiBase)")
        }
        var timers = "\(madt.overrides.count) interrupt source overrides"
        if let port = fadt?.pmTimerPort { timers += ", PM timer at port 0x\(String(port, radix: 16))" }
        if let hpetAddress { timers += ", HPET at 0x\(String(hpetAddress, radix: 16))" }
        Log.info("acpi: \(timers)")
    }
}

/// ACPI tables read through the direct map; pages outside it (firmware tables above RAM) are mapped on demand.
struct DirectMapACPIMemory: ACPIMemory {
    func bytes(at physical: UInt64, count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, physical < 1 << 52 else { return nil }
        guard let pointer = MemoryManager.mapDevice(physical: physical, size: UInt64(count)) else { return nil }
        return UnsafeRawBufferPointer(start: pointer, count: count)
    }
}

private func describe(_ error: ACPIError) -> String {
    switch error {
    case .unreadable(let address, _): "memory at 0x\(String(address, radix: 16)) is unreadable"
    case .rsdpNotFound: "no RSDP"
    case .badSignature(_, _, let address): "a table at 0x\(String(address, radix: 16)) has the wrong signature"
    case .badChecksum(_, let address): "a table at 0x\(String(address, radix: 16)) has a bad checksum"
    case .badLength(_, let length): "a table claims \(length) bytes"
    case .truncated(_, let offset): "a table is truncated at offset \(offset)"
    case .unsupportedAddressSpace(_, let space): "address space \(space) is unsupported"
    }
}
