/// The periodic timer interrupt, from the local APIC timer calibrated against the PIT. It counts ticks now;
/// the scheduler will preempt on it.
enum Timer {
    static let hertz: UInt64 = 100
    static let tickNanoseconds: UInt64 = 1_000_000_000 / hertz
    nonisolated(unsafe) private(set) static var ticks: UInt64 = 0
    nonisolated(unsafe) private(set) static var apicTicksPerSecond: UInt64 = 0

    static func start() {
        LocalAPIC.startOneShot(initialCount: UInt32.max)
        PIT.wait(microseconds: Clock.calibrationMicroseconds)
        let elapsed = UInt64(UInt32.max - LocalAPIC.currentCount)
        LocalAPIC.stopTimer()
        apicTicksPerSecond = elapsed * 1_000_000 / Clock.calibrationMicroseconds
        Interrupts.register(vector: Interrupts.timerVector) { _ in
            ticks &+= 1
            LocalAPIC.endOfInterrupt()
            ProcessRunner.tick()
        }
        LocalAPIC.startPeriodic(count: UInt32(apicTicksPerSecond / hertz))
    }
}
