import Synchronization
import WASIWax

/// walos's process calls and pipes, driven by a guest (tests/walos/procs.c, in /tests): its own checks decide
/// each role, and these cases add what only the kernel can see: every frame, heap byte, guest frame and kernel
/// stack back, and every processor running processes.
enum ProcessFamilyTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "spawn-wait-cycles-keep-nothing") { check in
            // A warm-up round fills the kernel's reusable slots; the thousand cycles after it must give back
            // exactly what they took (the snapshots flush the module cache: the cycles after the first find
            // true.wasm there).
            expectSuccess(&check, ["cycles", "10", "/tests/true.wasm"], "cycles: 10 ok\n")
            let before = MemorySnapshot.now
            let hits = LoadedModules.hits
            expectSuccess(&check, ["cycles", "1000", "/tests/true.wasm"], "cycles: 1000 ok\n")
            check.expect(LoadedModules.hits - hits == 999, "\(LoadedModules.hits - hits) module cache hits, 999 expected")
            check.expectNothingKept(since: before)
        },
        .init(name: "kill-in-every-state-keeps-nothing") { check in
            check.expectSomeRoundKeepsNothing(of: 8) { check in
                expectSuccess(&check, ["kill-all"], "kill-all: ok\n")
            }
            check.expect(ProcessTable.count == 0, "\(ProcessTable.count) processes left")
        },
        .init(name: "every-processor-runs-processes") { check in
            // As many spinning children as processors: once every one of them has run, each processor spends
            // most of the next 300 ms running threads, by the scheduler's accounting. The window starts only
            // then, so the time the program takes to load (compiled, seconds on a loaded host) does not count;
            // killing the parent ends the spinners.
            let spinners = Processors.count
            guard let parent = start(["spinners", "\(spinners)", "600000"]) else {
                check.expect(false, "procs spinners did not start")
                return
            }
            let loadedBy = Clock.nanoseconds() &+ 60_000_000_000
            while running(spinnersOf: parent) < spinners && Clock.nanoseconds() < loadedBy {
                _ = Scheduler.sleep(until: Clock.nanoseconds() &+ 10_000_000)
            }
            let before = ProcessorLocal.all.map { $0.busyTicks }
            let start = Processor.timestamp()
            _ = Scheduler.sleep(until: Clock.nanoseconds() &+ 300_000_000)
            let elapsed = Processor.timestamp() &- start
            let after = ProcessorLocal.all.map { $0.busyTicks }
            let stillSpinning = running(spinnersOf: parent)
            parent.stop(.killed)
            let ending = ProcessTests.describe(parent.wait() ?? .failed("the process did not end"))
            check.expect(ending.hasPrefix("trap: killed"), "spinners: \(ending)")
            for child in ProcessTable.all where child.parentPID == parent.pid {
                check.expect(child.wait(deadline: Clock.nanoseconds() &+ 10_000_000_000) != nil, "a spinner lives on")
            }
            check.expect(stillSpinning == spinners, "\(stillSpinning) of \(spinners) spinners ran through the window")
            var text = "  processor busy share in %:"
            for (index, local) in ProcessorLocal.all.enumerated() where local.started {
                let ran = after[index] &- before[index]
                text += " \(ran * 100 / max(elapsed, 1))"
                check.expect(ran * 4 >= elapsed * 3, "processor \(index) ran threads \(ran) of \(elapsed) ticks")
            }
            for byte in (text + "\n").utf8 { Log.put(byte) }
        },
    ]

    private static func expectSuccess(_ check: inout KernelTests.Check, _ arguments: [String], _ expected: String) {
        var output: [UInt8] = []
        let ending = run(arguments, output: &output)
        let text = String(decoding: output, as: UTF8.self)
        check.expect(ending == "exit 0" && text.hasSuffix(expected), "procs \(arguments[0]): \(ending), \(text)")
    }

    /// Runs /tests/procs.wasm with `arguments`; its standard output in `output`.
    private static func run(_ arguments: [String], output: inout [UInt8]) -> String {
        var captured: [UInt8] = []
        let ending = ProcessRunner.run(request(arguments) { captured.append(contentsOf: $0) })
        output = captured
        return ProcessTests.describe(ending)
    }

    /// Starts /tests/procs.wasm with `arguments`, its output dropped; nil when the table has no room.
    private static func start(_ arguments: [String]) -> Process? {
        try? ProcessRunner.spawn(request(arguments) { _ in })
    }

    private static func request(_ arguments: [String],
                                stdout: @escaping (UnsafeRawBufferPointer) -> Void) -> RunRequest {
        let path = "/tests/procs.wasm"
        var request = RunRequest(program: Array(path.utf8.dropFirst()), arguments: [path] + arguments,
                                 environment: ["SELF=" + path], writeStdout: stdout, writeStderr: { _ in })
        request.timeLimit = 600_000_000_000
        return request
    }

    /// How many of `parent`'s children are alive, have their memory and have run 20 ms or more.
    private static func running(spinnersOf parent: Process) -> Int {
        ProcessTable.all.filter {
            $0.parentPID == parent.pid && !$0.ended.load(ordering: .acquiring)
                && $0.memoryBytes.load(ordering: .relaxed) > 0 && $0.cpuNanoseconds >= 20_000_000
        }.count
    }
}
