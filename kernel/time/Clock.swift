/// The monotonic clock: nanoseconds since boot from the time-stamp counter, calibrated against the PIT. Reading
/// it is one `rdtsc` and a multiplication, cheap enough for every WASI clock call.
enum Clock {
    nonisolated(unsafe) private(set) static var tscFrequency: UInt64 = 0
    nonisolated(unsafe) private static var start: UInt64 = 0
    /// Nanoseconds per TSC tick as a 32.32 fixed-point number.
    nonisolated(unsafe) private static var scale: UInt64 = 0

    static let calibrationMicroseconds: UInt64 = 20_000

    static func calibrate() {
        let before = Processor.timestamp()
        PIT.wait(microseconds: calibrationMicroseconds)
        let ticks = Processor.timestamp() - before
        tscFrequency = ticks * 1_000_000 / calibrationMicroseconds
        scale = (1_000_000_000 << 32) / tscFrequency
        start = before
    }

    static var isCalibrated: Bool { tscFrequency != 0 }

    static func nanoseconds() -> UInt64 {
        nanoseconds(ticks: Processor.timestamp() &- start)
    }

    /// A span of time-stamp-counter ticks in nanoseconds.
    static func nanoseconds(ticks: UInt64) -> UInt64 {
        let product = ticks.multipliedFullWidth(by: scale)
        return product.high << 32 | product.low >> 32
    }

    /// Busy-waits, for drivers that need short delays.
    static func spin(nanoseconds duration: UInt64) {
        let end = nanoseconds() + duration
        while nanoseconds() < end {}
    }
}
