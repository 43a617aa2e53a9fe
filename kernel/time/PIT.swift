/// The 8254 programmable interval timer, used only as a known clock to calibrate the TSC and the APIC timer:
/// channel 2 counts down once, and its output bit in port 0x61 rises when it reaches zero.
enum PIT {
    static let frequency: UInt64 = 1_193_182

    /// Busy-waits `microseconds` (at most about 54 ms, the counter's range).
    static func wait(microseconds: UInt64) {
        let count = frequency * microseconds / 1_000_000
        let gate = Port(0x61)
        gate.write8(gate.read8() & 0xFC | 0x01)
        Port(0x43).write8(0xB0)  // channel 2, low then high byte, mode 0 (interrupt on terminal count), binary
        Port(0x42).write8(UInt8(truncatingIfNeeded: count))
        Port(0x42).write8(UInt8(truncatingIfNeeded: count >> 8))
        gate.write8(gate.read8() & 0xFE)  // a rising gate edge starts the count
        gate.write8(gate.read8() | 0x01)
        while gate.read8() & 0x20 == 0 {}
    }
}
