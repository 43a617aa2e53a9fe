/// PCI configuration space through the legacy I/O ports (mechanism #1): enough to find devices by vendor and
/// device ID, read their base address registers and capabilities, and let them use I/O ports and memory.
enum PCI {
    struct Address {
        let bus: UInt8, device: UInt8, function: UInt8
    }

    private static func select(_ a: Address, _ offset: UInt8) {
        let address = UInt32(1) << 31 | UInt32(a.bus) << 16 | UInt32(a.device) << 11 | UInt32(a.function) << 8
            | UInt32(offset & 0xFC)
        Port(0xCF8).write32(address)
    }

    static func read32(_ a: Address, _ offset: UInt8) -> UInt32 {
        select(a, offset)
        return Port(0xCFC).read32()
    }

    static func read8(_ a: Address, _ offset: UInt8) -> UInt8 {
        UInt8(truncatingIfNeeded: read32(a, offset) >> (UInt32(offset & 3) * 8))
    }

    static func write32(_ a: Address, _ offset: UInt8, _ value: UInt32) {
        select(a, offset)
        Port(0xCFC).write32(value)
    }

    static func write16(_ a: Address, _ offset: UInt8, _ value: UInt16) {
        select(a, offset)
        Port(0xCFC + UInt16(offset & 2)).write16(value)
    }

    /// Every function with this vendor ID, with its device ID.
    static func all(vendor: UInt16) -> [(address: Address, device: UInt16)] {
        var found: [(address: Address, device: UInt16)] = []
        for bus in 0..<256 {
            for slot in 0..<32 {
                for function in 0..<8 {
                    let address = Address(bus: UInt8(bus), device: UInt8(slot), function: UInt8(function))
                    let id = read32(address, 0)
                    if id == 0xFFFF_FFFF {
                        if function == 0 { break } else { continue }
                    }
                    if UInt16(truncatingIfNeeded: id) == vendor { found.append((address, UInt16(id >> 16))) }
                }
            }
        }
        return found
    }

    /// The first function with this vendor and device ID.
    static func find(vendor: UInt16, device: UInt16) -> Address? {
        all(vendor: vendor).first { $0.device == device }?.address
    }

    /// A memory BAR's physical base (32- or 64-bit); nil for an I/O BAR.
    static func memoryBar(_ a: Address, _ index: Int) -> UInt64? {
        let offset = UInt8(0x10 + index * 4)
        let low = read32(a, offset)
        guard low & 1 == 0 else { return nil }
        var base = UInt64(low & 0xFFFF_FFF0)
        if low & 0x6 == 0x4 && index < 5 { base |= UInt64(read32(a, offset + 4)) << 32 }
        return base
    }

    /// An I/O BAR's first port.
    static func ioBar(_ a: Address, _ index: Int) -> UInt16 {
        UInt16(truncatingIfNeeded: read32(a, UInt8(0x10 + index * 4)) & 0xFFFC)
    }

    /// The offsets of the function's capabilities with this ID, in list order. The walk is bounded: a list
    /// that loops ends after the 48 capabilities configuration space has room for.
    static func capabilities(_ a: Address, id: UInt8) -> [UInt8] {
        let statusHasCapabilities: UInt32 = 1 << 20
        guard read32(a, 0x04) & statusHasCapabilities != 0 else { return [] }
        var offsets: [UInt8] = []
        var next = read8(a, 0x34) & 0xFC
        var steps = 0
        while next >= 0x40 && steps < 48 {
            if read8(a, next) == id { offsets.append(next) }
            next = read8(a, next + 1) & 0xFC
            steps += 1
        }
        return offsets
    }

    /// Lets the function decode its memory BARs and access memory itself (bus mastering), as DMA needs.
    static func enableMemoryAndBusMastering(_ a: Address) {
        let command = UInt16(truncatingIfNeeded: read32(a, 0x04))
        write16(a, 0x04, command | 0x2 | 0x4)
    }

    /// Lets the function answer its I/O ports and access memory itself (the I/O space and bus master bits).
    static func enableIOAndDMA(_ a: Address) {
        let command = UInt16(truncatingIfNeeded: read32(a, 0x04))
        write16(a, 0x04, command | 0x1 | 0x4)
    }
}
