/// PCI configuration space through the legacy I/O ports (mechanism #1): enough to find a device by vendor and
/// device ID, read its base address registers and enable it.
enum PCI {
    struct Address {
        let bus: UInt8, device: UInt8, function: UInt8
    }

    static func read32(_ a: Address, _ offset: UInt8) -> UInt32 {
        Port(0xCF8).write32(configAddress(a, offset))
        return Port(0xCFC).read32()
    }

    static func write32(_ a: Address, _ offset: UInt8, _ value: UInt32) {
        Port(0xCF8).write32(configAddress(a, offset))
        Port(0xCFC).write32(value)
    }

    private static func configAddress(_ a: Address, _ offset: UInt8) -> UInt32 {
        UInt32(1) << 31 | UInt32(a.bus) << 16 | UInt32(a.device) << 11 | UInt32(a.function) << 8 | UInt32(offset & 0xFC)
    }

    /// Lets the device answer its I/O ports and read and write memory itself (the command register's I/O space
    /// and bus master bits).
    static func enableIOAndDMA(_ a: Address) {
        write32(a, 0x04, read32(a, 0x04) & 0xFFFF | 0x5)
    }

    /// An I/O BAR's first port.
    static func ioBar(_ a: Address, _ index: Int) -> UInt16 {
        UInt16(truncatingIfNeeded: read32(a, UInt8(0x10 + index * 4)) & 0xFFFC)
    }

    /// The first function with this vendor and device ID.
    static func find(vendor: UInt16, device: UInt16) -> Address? {
        for bus in 0..<256 {
            for slot in 0..<32 {
                for function in 0..<8 {
                    let address = Address(bus: UInt8(bus), device: UInt8(slot), function: UInt8(function))
                    let id = read32(address, 0)
                    if id == 0xFFFF_FFFF {
                        if function == 0 { break } else { continue }
                    }
                    if UInt16(truncatingIfNeeded: id) == vendor && UInt16(id >> 16) == device { return address }
                }
            }
        }
        return nil
    }

    /// A memory BAR's physical base (32- or 64-bit).
    static func memoryBar(_ a: Address, _ index: Int) -> UInt64 {
        let offset = UInt8(0x10 + index * 4)
        let low = read32(a, offset)
        var base = UInt64(low & 0xFFFF_FFF0)
        if low & 0x6 == 0x4 { base |= UInt64(read32(a, offset + 4)) << 32 }
        return base
    }
}
