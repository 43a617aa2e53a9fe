import Wax

/// The monotonic clock: nanoseconds since boot from the time-stamp counter, calibrated against the PIT. Reading
/// it is one `rdtsc` and a multiplication, cheap enough for every WASI clock call.
///
/// Every processor reads the same counter with no offset of its own: the kernel never writes IA32_TSC or
/// IA32_TSC_ADJUST, and QEMU's TCG gives all virtual processors one counter (the virtual clock, or under
/// `-icount` the instruction count), so the clock never goes back when a thread moves between processors.
enum Clock {
    nonisolated(unsafe) private(set) static var tscFrequency: UInt64 = 0
    nonisolated(unsafe) private static var start: UInt64 = 0
    /// Nanoseconds per TSC tick as a 32.32 fixed-point number.
    nonisolated(unsafe) private static var scale: UInt64 = 0
    /// The realtime and monotonic clocks as Wax's `TimestampClock` words, which the engine reads itself for
    /// clock_time_get: ids 0 (realtime) and 1 (monotonic), `start`, `scale`, then realtime's offset (set by
    /// `RealTime.start`) and monotonic's, 0. Written by `calibrate` and `RealTime.start` at boot, before any
    /// process runs, and never again. Read inline, make bench-wasi's clock_time_get went from 147 guest
    /// instructions over an empty call to 12 from native code, and from 173 to less than the empty call's own.
    nonisolated(unsafe) private static var words: UnsafeMutablePointer<UInt64>? = nil

    static let calibrationMicroseconds: UInt64 = 20_000

    static func calibrate() {
        let before = Processor.timestamp()
        PIT.wait(microseconds: calibrationMicroseconds)
        let ticks = Processor.timestamp() - before
        tscFrequency = ticks * 1_000_000 / calibrationMicroseconds
        scale = (1_000_000_000 << 32) / tscFrequency
        start = before
        let published = UnsafeMutablePointer<UInt64>.allocate(capacity: 5)
        published.initialize(from: [2, start, scale, 0, 0], count: 5)
        words = published
    }

    /// Sets the realtime clock's offset from the monotonic one in the words the engine reads.
    static func publishRealtime(offset: UInt64) {
        words?[3] = offset
    }

    /// The clocks as the engine reads them itself (see `words`); nil before calibration.
    static var timestampClock: TimestampClock? {
        guard let words else { return nil }
        return TimestampClock(words: UnsafePointer(words), timestamp: { Processor.timestamp() })
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
