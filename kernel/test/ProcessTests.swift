import WASIWax
import Wax

/// Processes inside the running kernel: hostile programs end with a clear report and the kernel goes on, and
/// processes leave nothing behind. The programs come from /tests in the test root archive (tests/programs).
enum ProcessTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "process-hostile-programs") { check in hostilePrograms(&check) },
        // The same under the other engine: both trap with the same messages, on the same limits.
        .init(name: "process-hostile-programs-interp") { check in
            withEngine(.interpreter) { hostilePrograms(&check) }
        },
        .init(name: "process-thousand-no-growth") { check in
            var output: [UInt8] = []
            _ = run("/tests/true.wasm", timeLimit: nil, output: &output)  // warm up caches kept for reuse
            let before = MemorySnapshot.now
            for index in 0..<1000 {
                let ending = run("/tests/true.wasm", timeLimit: nil, output: &output)
                if ending != "exit 0" {
                    check.expect(false, "process \(index) ended with \(ending)")
                    break
                }
            }
            check.expect(GuestMemorySpace.framesInUse == 0, "\(GuestMemorySpace.framesInUse) guest memory frames left")
            check.expectNothingKept(since: before)
        },
    ]

    /// Hostile programs end as they should, under the engine the kernel runs processes on, and leave nothing.
    static func hostilePrograms(_ check: inout KernelTests.Check) {
        let expectations: [(program: String, ending: String, timeLimit: UInt64?)] = [
            ("oob", "trap: out of bounds memory access in function 0 (read_far)", nil),
            ("recursion", "trap: call stack exhausted in function 0 (f)", nil),
            ("grow", "exit 0", nil),
            ("table", "failed: limit exceeded: table of 4000000000 elements", nil),
            ("huge-memory", "failed: limit exceeded: memory of 65536 pages", nil),
            ("loop", "trap: time limit exceeded", 200_000_000),
            ("garbage", "failed: /tests/garbage.wasm: malformed module, header section, offset 0x0: magic header not detected", nil),
            ("truncated", "failed: /tests/truncated.wasm: malformed module", nil),
            // What a process may make the kernel spend (issue 10): each is bounded, charged and given back.
            ("tables", "failed: resource limit: tables: 4194304 elements and 1048576 more, at most 4194304 in all", nil),
            ("table-grow", "exit 0", nil),
            ("locals", "exit 0", nil),
            ("deep-frames", "trap: call stack exhausted in function 0 (f)", nil),
            ("passive-elements", "failed: /tests/passive-elements.wasm: resource limit, element section: decoding needs more than the 67108864 bytes allowed", nil),
            ("hello", "exit 0", nil),
        ]
        var output: [UInt8] = []
        // Caches the kernel keeps are made; every program must leave the kernel as this run left it (its
        // output, on the heap, let go).
        _ = run("/tests/hello.wasm", timeLimit: nil, output: &output)
        output = []
        let before = MemorySnapshot.now
        for expected in expectations {
            let ending = run("/tests/\(expected.program).wasm", timeLimit: expected.timeLimit, output: &output)
            check.expect(ending.hasPrefix(expected.ending), "\(expected.program): \(ending)")
            output = []
            if let changes = MemorySnapshot.now.changes(since: before) {
                check.expect(false, "\(expected.program) kept: \(changes)")
            }
        }
        _ = run("/tests/hello.wasm", timeLimit: nil, output: &output)
        check.expect(output == Array("hello\n".utf8), "hello printed \(output.count) bytes after the hostile ones")
        check.expect(GuestMemorySpace.framesInUse == 0, "\(GuestMemorySpace.framesInUse) guest memory frames left")
    }

    /// Runs `body` with processes on `engine`. The module cache is emptied before and after: a module decoded
    /// under one engine holds that engine's code (native code is compiled, and charged, as a module loads).
    static func withEngine(_ engine: Engine, _ body: () -> Void) {
        let saved = ProcessRunner.engine
        _ = LoadedModules.flushed()
        ProcessRunner.engine = engine
        body()
        _ = LoadedModules.flushed()
        ProcessRunner.engine = saved
    }

    /// Runs a program and describes its ending as "exit N", "trap: ..." or "failed: ...".
    static func run(_ path: String, timeLimit: UInt64?, output: inout [UInt8]) -> String {
        var captured: [UInt8] = []
        var request = RunRequest(program: Array(path.utf8.dropFirst()), arguments: [path],
                                 writeStdout: { captured.append(contentsOf: $0) }, writeStderr: { _ in })
        request.timeLimit = timeLimit
        let ending = ProcessRunner.run(request)
        output = captured
        return describe(ending)
    }

    /// A program's end as "exit N", "trap: ...", "failed: ...", or "no end" for nil.
    static func describe(_ ending: WASIExit?) -> String {
        switch ending {
        case .exited(let code): return "exit \(code)"
        case .trapped(let message): return "trap: \(message)"
        case .failed(let message): return "failed: \(message)"
        case nil: return "no end"
        }
    }
}
