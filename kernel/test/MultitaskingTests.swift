import WASIWax

/// Processes on the scheduler: several at once on every processor, fair shares, blocked ones using no processor
/// time, and kills in every state.
enum MultitaskingTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "processes-share-the-processors") { check in
            // Twice as many CPU-bound processes as processors, started together: over a second, each gets its
            // share of processor time (the least at least half the most) and together they keep every processor
            // busy. Judged by processor time, not by when equal work ends: under TCG the same code runs at
            // different speeds in different processes (QEMU's software TLB is direct-mapped, so a process whose
            // value stack shares a slot with the engine's data it reads runs 2-4x slower, in native code the most).
            let count = 2 * Processors.count
            var processes: [Process] = []
            for _ in 0..<count {
                guard let process = spawn("/tests/loop.wasm") else {
                    check.expect(false, "could not spawn")
                    return
                }
                processes.append(process)
            }
            _ = Scheduler.sleep(until: Clock.nanoseconds() + 100_000_000)
            let before = processes.map { $0.cpuNanoseconds }
            let window: UInt64 = 1_000_000_000
            _ = Scheduler.sleep(until: Clock.nanoseconds() + window)
            let used = zip(processes, before).map { $0.cpuNanoseconds - $1 }
            for process in processes { process.stop(.killed) }
            for process in processes {
                let ending = process.wait(deadline: Clock.nanoseconds() + 10_000_000_000)
                check.expect(ProcessTests.describe(ending).hasPrefix("trap: killed"),
                             "a spinning process ended with \(ProcessTests.describe(ending))")
            }
            var text = "  processor time of each spinning process in \(window / 1_000_000) ms, in ms:"
            for nanoseconds in used { text += " \(nanoseconds / 1_000_000)" }
            for byte in (text + "\n").utf8 { Log.put(byte) }
            let least = used.min() ?? 0, most = used.max() ?? 0, total = used.reduce(0, +)
            check.expect(least * 2 >= most, "processor time from \(least) to \(most) ns")
            check.expect(total * 4 >= window * 3 * UInt64(Processors.count),
                         "\(total) ns of processor time in all on \(Processors.count) processors")
        },
        .init(name: "blocked-processes-use-no-processor") { check in
            // A process waiting in poll_oneoff on a far clock uses no processor time while it waits.
            guard let waiter = spawn("/tests/wait.wasm") else {
                check.expect(false, "could not spawn")
                return
            }
            _ = Scheduler.sleep(until: Clock.nanoseconds() + 50_000_000)
            let before = waiter.cpuNanoseconds
            _ = Scheduler.sleep(until: Clock.nanoseconds() + 300_000_000)
            let during = waiter.cpuNanoseconds - before
            check.expect(during < 5_000_000, "a blocked process used \(during) ns of processor time in 300 ms")
            waiter.stop(.killed)
            let ending = waiter.wait(deadline: Clock.nanoseconds() + 10_000_000_000)
            check.expect(ProcessTests.describe(ending).hasPrefix("trap: killed"),
                         "the blocked process ended with \(ProcessTests.describe(ending))")
        },
        .init(name: "kill-in-every-state") { check in
            killRound(&check)  // fills the kernel's lists of reusable slots and ranges to this many processes
            check.expectSomeRoundKeepsNothing(of: 8) { check in killRound(&check) }
            check.expect(ProcessTable.count == 0, "\(ProcessTable.count) processes left")
        },
    ]

    /// Running (an endless loop), runnable (more loops than processors) and blocked (poll on a far clock)
    /// processes, all killed.
    static func killRound(_ check: inout KernelTests.Check) {
        var victims: [Process] = []
        for _ in 0..<(Processors.count + 1) {
            if let process = spawn("/tests/loop.wasm") { victims.append(process) }
        }
        if let process = spawn("/tests/wait.wasm") { victims.append(process) }
        check.expect(victims.count == Processors.count + 2, "could not spawn the victims")
        _ = Scheduler.sleep(until: Clock.nanoseconds() + 100_000_000)
        for victim in victims { victim.stop(.killed) }
        for victim in victims {
            let ending = victim.wait(deadline: Clock.nanoseconds() + 10_000_000_000)
            check.expect(ProcessTests.describe(ending).hasPrefix("trap: killed"),
                         "a killed process ended with \(ProcessTests.describe(ending))")
        }
    }

    static func spawn(_ path: String) -> Process? {
        let request = RunRequest(program: Array(path.utf8.dropFirst()), arguments: [path],
                                 writeStdout: { _ in }, writeStderr: { _ in })
        return try? ProcessRunner.spawn(request)
    }
}
