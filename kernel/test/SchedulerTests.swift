import Synchronization

/// Threads and the scheduler: switching, blocking with and without deadlines, interruption, every processor at
/// work, and stacks that come back.
enum SchedulerTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "threads-ping-pong") { check in
            // Two threads hand a token back and forth through a wait queue: each round is two blocks and wakes.
            let queue = WaitQueue()
            final class Token { var holder = 0, rounds = 0 }
            let token = Token()
            let rounds = 2000
            func player(_ me: Int) -> () -> Void {
                {
                    let interrupts = InterruptState.disable()
                    queue.lock.lock()
                    while token.rounds < rounds {
                        if token.holder == me {
                            token.rounds += 1
                            token.holder = 1 - me
                            queue.wakeAllLocked()
                        } else {
                            _ = Scheduler.wait(on: queue)
                        }
                    }
                    queue.wakeAllLocked()
                    queue.lock.unlock()
                    interrupts.restore()
                }
            }
            let a = Scheduler.spawn("ping", player(0)), b = Scheduler.spawn("pong", player(1))
            let deadline = Clock.nanoseconds() + 20_000_000_000
            check.expect(a.join(deadline: deadline) && b.join(deadline: deadline), "the players did not finish")
            check.expect(token.rounds == rounds, "\(token.rounds) rounds of \(rounds)")
        },
        .init(name: "threads-sleep-and-deadlines") { check in
            let start = Clock.nanoseconds()
            let sleeper = Scheduler.spawn("sleeper") { _ = Scheduler.sleep(until: Clock.nanoseconds() + 50_000_000) }
            check.expect(sleeper.join(deadline: start + 5_000_000_000), "the sleeper did not wake")
            let elapsed = Clock.nanoseconds() - start
            check.expect(elapsed >= 50_000_000, "a 50 ms sleep ended after \(elapsed) ns")
            // Sleeping costs no processor time: the thread ran only to start and to end.
            check.expect(sleeper.cpuTicks < Clock.tscFrequency / 100, "the sleeper ran \(sleeper.cpuTicks) TSC ticks")
            // A wait whose deadline passes returns timedOut.
            let queue = WaitQueue()
            let interrupts = InterruptState.disable()
            queue.lock.lock()
            let reason = Scheduler.wait(on: queue, deadline: Clock.nanoseconds() + 20_000_000)
            queue.lock.unlock()
            interrupts.restore()
            check.expect(reason == .timedOut, "a wait past its deadline returned \(reason)")
            check.expect(queue.waiters.isEmpty, "the timed-out waiter is still queued")
        },
        .init(name: "threads-interrupt-ends-waits") { check in
            let queue = WaitQueue()
            final class Outcome { var reason: Thread.WakeReason = .none }
            let outcome = Outcome()
            let waiter = Scheduler.spawn("waiter") {
                let interrupts = InterruptState.disable()
                queue.lock.lock()
                outcome.reason = Scheduler.wait(on: queue)
                queue.lock.unlock()
                interrupts.restore()
            }
            _ = Scheduler.sleep(until: Clock.nanoseconds() + 20_000_000)
            waiter.interrupt()
            check.expect(waiter.join(deadline: Clock.nanoseconds() + 5_000_000_000), "the waiter did not end")
            check.expect(outcome.reason == .interrupted, "the wait ended with \(outcome.reason)")
            // An interrupted thread's later waits end at once.
            let late = Scheduler.spawn("late") {}
            late.interrupt()
            check.expect(late.join(deadline: Clock.nanoseconds() + 5_000_000_000), "an interrupted thread hung")
        },
        .init(name: "threads-on-every-processor") { check in
            // Busy threads that yield now and then: idle processors steal them, so every processor runs some.
            let processors = Processors.count
            final class Seen { let mask = Atomic<Int>(0) }
            let seen = Seen()
            var threads: [Thread] = []
            for _ in 0..<(2 * processors) {
                threads.append(Scheduler.spawn("busy") {
                    let end = Clock.nanoseconds() + 100_000_000
                    while Clock.nanoseconds() < end {
                        seen.mask.bitwiseOr(1 << ProcessorLocal.currentIndex, ordering: .relaxed)
                        Scheduler.yield()
                    }
                })
            }
            for thread in threads {
                check.expect(thread.join(deadline: Clock.nanoseconds() + 10_000_000_000), "a busy thread hung")
            }
            let mask = seen.mask.load(ordering: .relaxed)
            check.expect(mask == (1 << processors) - 1, "threads ran on processors \(mask) of \(processors)")
        },
        .init(name: "threads-stacks-come-back") { check in
            _ = Scheduler.spawn("warm up") {}.join()
            let before = MemorySnapshot.now
            for _ in 0..<200 {
                let thread = Scheduler.spawn("short") { _ = Scheduler.sleep(until: Clock.nanoseconds() + 100_000) }
                _ = thread.join()
            }
            check.expectNothingKept(since: before)
        },
    ]
}
