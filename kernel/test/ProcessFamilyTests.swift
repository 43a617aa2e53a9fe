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
            // As many spinning children as processors for half a second: by the scheduler's accounting, each
            // processor spent most of it running threads.
            let before = ProcessorLocal.all.map { $0.runTicks }
            let start = Processor.timestamp()
            var output: [UInt8] = []
            let ending = run(["spinners", "\(Processors.count)", "500"], output: &output)
            check.expect(ending == "exit 0", "spinners: \(ending)")
            let elapsed = Processor.timestamp() &- start
            var text = "  processor busy share in %:"
            for (index, local) in ProcessorLocal.all.enumerated() where local.started {
                let ran = local.runTicks &- before[index]
                text += " \(ran * 100 / max(elapsed, 1))"
                check.expect(ran * 4 >= elapsed, "processor \(index) ran threads \(ran) of \(elapsed) ticks")
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
        let path = "/tests/procs.wasm"
        var request = RunRequest(program: Array(path.utf8.dropFirst()), arguments: [path] + arguments,
                                 environment: ["SELF=" + path],
                                 writeStdout: { captured.append(contentsOf: $0) }, writeStderr: { _ in })
        request.timeLimit = 600_000_000_000
        let ending = ProcessRunner.run(request)
        output = captured
        return ProcessTests.describe(ending)
    }
}
