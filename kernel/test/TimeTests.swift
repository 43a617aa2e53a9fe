/// The clocks inside the running kernel: the timer interrupt fires, the monotonic clock agrees with it, the RTC
/// gives a plausible date.
enum TimeTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "timer-advances") { check in
            let startTicks = Timer.ticks, startTime = Clock.nanoseconds()
            var spins = 0
            while Timer.ticks < startTicks + 10 && spins < 10_000_000 {
                Processor.waitForInterrupt()
                spins += 1
            }
            let ticks = Timer.ticks - startTicks, elapsed = Clock.nanoseconds() - startTime
            check.expect(ticks >= 10, "the timer ticked \(ticks) times")
            // Ten ticks at 100 Hz are 100 ms; TCG on a loaded machine stretches and squeezes that, not tenfold.
            check.expect(elapsed >= 50_000_000 && elapsed <= 2_000_000_000, "10 ticks took \(elapsed) ns")
        },
        .init(name: "monotonic-clock") { check in
            var previous = Clock.nanoseconds()
            for _ in 0..<10_000 {
                let now = Clock.nanoseconds()
                check.expect(now >= previous, "the clock went back from \(previous) to \(now)")
                previous = now
            }
            check.expect(Clock.tscFrequency > 10_000_000, "TSC frequency \(Clock.tscFrequency) Hz")
        },
        .init(name: "real-time-clock") { check in
            let now = RealTimeClock.read()
            check.expect(now.year >= 2024 && now.year < 2100, "year \(now.year)")
            check.expect((1...12).contains(now.month) && (1...31).contains(now.day), "date \(now.month)/\(now.day)")
            check.expect(now.hour < 24 && now.minute < 60 && now.second < 60, "time \(now.hour):\(now.minute)")
            check.expect(RealTimeClock.daysSinceEpoch(year: 2000, month: 3, day: 1) == 11_017, "days_from_civil")
        },
    ]
}
