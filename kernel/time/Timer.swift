/// The periodic timer interrupt on every processor, from the local APIC timer calibrated against the PIT: the
/// scheduler's clock (sleepers, preemption requests); the bootstrap processor also counts the global ticks.
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
            LocalAPIC.endOfInterrupt()
            if ProcessorLocal.currentIndex == 0 {
                ticks &+= 1
                ProcessTable.enforceDeadlines()
            }
            Scheduler.tick()
        }
        startThisProcessor()
    }

    /// Every processor has its own APIC timer; the bootstrap processor's calibration serves them all (QEMU's
    /// APIC timers all count at the same bus clock).
    static func startThisProcessor() {
        LocalAPIC.startPeriodic(count: UInt32(apicTicksPerSecond / hertz))
    }
}
