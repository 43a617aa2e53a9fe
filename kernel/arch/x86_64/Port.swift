import CPU

/// An x86 I/O port. The only place the kernel uses port instructions.
struct Port {
    let number: UInt16

    init(_ number: UInt16) { self.number = number }

    func read8() -> UInt8 { cpu_inb(number) }
    func read16() -> UInt16 { cpu_inw(number) }
    func read32() -> UInt32 { cpu_inl(number) }
    func write8(_ value: UInt8) { cpu_outb(number, value) }
    func write16(_ value: UInt16) { cpu_outw(number, value) }
    func write32(_ value: UInt32) { cpu_outl(number, value) }
}
