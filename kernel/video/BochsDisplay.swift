import BootInfo

/// QEMU's standard VGA (the Bochs display interface, PCI 1234:1111): the kernel sets a linear framebuffer mode
/// itself when no firmware did (the PVH path has no GOP).
enum BochsDisplay {
    private static let index = Port(0x01CE), data = Port(0x01CF)

    static func setMode(width: UInt16, height: UInt16) -> Framebuffer? {
        guard let device = PCI.find(vendor: 0x1234, device: 0x1111) else { return nil }
        write(0, 0)  // read the ID through the same pair of ports
        let id = read(0)
        guard id >= 0xB0C0 && id <= 0xB0CF else { return nil }
        write(4, 0)  // disable while changing the mode
        write(1, width)
        write(2, height)
        write(3, 32)
        write(4, 0x41)  // enabled, linear framebuffer
        guard let base = PCI.memoryBar(device, 0), base != 0 else { return nil }
        return Framebuffer(base: base, width: UInt32(width), height: UInt32(height), pitch: UInt32(width) * 4,
                           bitsPerPixel: 32, format: .bgrx)
    }

    private static func write(_ register: UInt16, _ value: UInt16) {
        index.write16(register)
        data.write16(value)
    }

    private static func read(_ register: UInt16) -> UInt16 {
        index.write16(register)
        return data.read16()
    }
}
