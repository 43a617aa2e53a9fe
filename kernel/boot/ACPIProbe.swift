/// Looks for the ACPI root pointer where BIOS firmware keeps it: the first KiB of the EBDA and 0xE0000-0xFFFFF.
enum ACPIProbe {
    static func findRSDPInBIOSArea() -> UInt64 {
        let ebda = UInt64(PhysicalPointer(0x40E).load(UInt16.self, at: 0)) << 4
        if ebda >= 0x80000, let found = scan(from: ebda, count: 1024) { return found }
        return scan(from: 0xE0000, count: 0x20000) ?? 0
    }

    private static func scan(from base: UInt64, count: Int) -> UInt64? {
        var offset = 0
        while offset + 20 <= count {
            let candidate = PhysicalPointer(base + UInt64(offset))
            // "RSD PTR " followed by a valid checksum over the first 20 bytes.
            if candidate.load(UInt64.self, at: 0) == 0x2052_5450_2044_5352 {
                let bytes = candidate.bytes(count: 20)
                var sum: UInt8 = 0
                for byte in bytes { sum &+= byte }
                if sum == 0 { return base + UInt64(offset) }
            }
            offset += 16
        }
        return nil
    }
}
