/// Wall-clock time: the RTC read once at boot, carried forward by the monotonic clock.
enum RealTime {
    nonisolated(unsafe) private static var bootEpochNanoseconds: UInt64 = 0

    static func start() {
        let seconds = UInt64(max(RealTimeClock.secondsSinceEpoch(centuryRegister: Platform.centuryRegister), 0))
        bootEpochNanoseconds = seconds * 1_000_000_000 &- Clock.nanoseconds()
        Clock.publishRealtime(offset: bootEpochNanoseconds)
    }

    static func nanoseconds() -> UInt64 { bootEpochNanoseconds &+ Clock.nanoseconds() }
}
