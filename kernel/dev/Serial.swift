/// A 16550 UART: the kernel log's first and most dependable output.
struct Serial16550 {
    private let data: Port
    private let interruptEnable: Port
    private let fifoControl: Port
    private let lineControl: Port
    private let modemControl: Port
    private let lineStatus: Port

    static let com1 = Serial16550(base: 0x3F8)

    init(base: UInt16) {
        data = Port(base)
        interruptEnable = Port(base + 1)
        fifoControl = Port(base + 2)
        lineControl = Port(base + 3)
        modemControl = Port(base + 4)
        lineStatus = Port(base + 5)
    }

    /// 115200 baud, 8 data bits, no parity, one stop bit, FIFOs on, interrupts off.
    func initialize() {
        interruptEnable.write8(0)
        lineControl.write8(0x80)
        data.write8(1)
        interruptEnable.write8(0)
        lineControl.write8(0x03)
        fifoControl.write8(0xC7)
        modemControl.write8(0x03)
    }

    func write(_ byte: UInt8) {
        var spins = 0
        while lineStatus.read8() & 0x20 == 0 && spins < 100_000 { spins += 1 }
        data.write8(byte)
    }

    var hasInput: Bool { lineStatus.read8() & 0x01 != 0 }
    func read() -> UInt8 { data.read8() }
}
