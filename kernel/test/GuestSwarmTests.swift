import FileSystem
import WASIPreview1

/// Many processes at once, on every processor, each pushing what it makes the kernel hold to its own limits:
/// pipes, descriptors, poll lists and directory entries (its kernel-memory account), its memory, symlink
/// targets (the filesystem), its engine budget (deep calls, tables, a module of many locals). Together their
/// limits pass the memory there is many times over (issue 10): MemoryBudget's pool must refuse what does not fit
/// as each process's errno, trap or refused start, the kernel must go on, and once they are gone every frame,
/// heap byte, guest frame, kernel stack and charge must be back. Programs come from /tests (tests/fuzz/bomb.c,
/// tests/programs).
enum GuestSwarmTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "swarm-limits-together") { check in
            // Six bombs of 125 MiB of memory each: the pool has about 475 MiB on the 512 MiB test boot. Each grows,
            // then waits (await) until all have grown, so that they hold their memory together while they push at
            // their kernel-memory limits: at least three are refused. Sleeps in their place made the overlap
            // depend on how fast the host ran the guest (under a loaded host, none was refused now and then).
            let bombSteps = ["grow:2000", "await:60000", "renumber:200", "pipes:70", "fds:4200", "poll:100000",
                             "sleep:300", "symlinks:200:4000"]
            var programs: [(path: String, arguments: [String])] = []
            for _ in 0..<bombs { programs.append(("/tests/bomb.wasm", bombSteps)) }
            for name in ["deep-frames", "tables", "locals"] { programs.append(("/tests/\(name).wasm", [])) }
            warmUp(processes: programs.count)
            var refused = 0
            // Rounds, as many as it takes a round to keep nothing (at most three): see expectSomeRoundKeepsNothing.
            check.expectSomeRoundKeepsNothing(of: 3) { check in
                refused = 0
                let fs = RamFileSystem(source: RamStorage.source, clock: { RealTime.nanoseconds() })
                let endings = runTogether(programs, in: fs)
                for (index, (program, ending)) in zip(programs, endings).enumerated() {
                    let label = "\(program.path) #\(index)"
                    guard program.path == "/tests/bomb.wasm" else {
                        check.expect(ending.text.hasPrefix("trap: ") || ending.text.hasPrefix("failed: ")
                                     || ending.text == "exit 0", "\(label): \(ending.text)")
                        continue
                    }
                    let lines = ending.lines
                    if ending.text == "exit 0" {
                        for step in program.arguments {
                            let kind = step.prefix { $0 != ":" }
                            check.expect(lines.contains { $0.hasPrefix("\(kind): ") }, "\(label): no line for \(kind)")
                        }
                        check.expect(lines.last?.hasPrefix("alive ") ?? false, "\(label): no proof of life")
                        if lines.contains(where: { $0.hasPrefix("grow: ") && $0.hasSuffix(" NOMEM") }) { refused += 1 }
                    } else {
                        // Refused at its start, or a trap of its own when its engine could not have more.
                        check.expect(ending.text.hasPrefix("failed: ") || ending.text.hasPrefix("trap: "),
                                     "\(label): \(ending.text)")
                        // The pool refused the memory it starts with.
                        if ending.text.hasPrefix("failed: limit exceeded: no room for a memory") { refused += 1 }
                    }
                }
                check.expect(refused > 0, "no process was refused memory: the swarm never filled the pool")
            }
            figure("\(refused) of \(bombs) bomb processes refused memory (growing or at their start); pool \(MemoryBudget.pool.limit >> 20) MiB")
            checkService(&check)
        },
        .init(name: "descriptor-bomb") { check in
            warmUp(processes: 1)
            let before = MemorySnapshot.now
            do {
                let fs = RamFileSystem(source: RamStorage.source, clock: { RealTime.nanoseconds() })
                let output = Output()
                guard let process = spawn("/tests/bomb.wasm", ["renumber:5000", "fds:5000", "pipes:10", "sleep:1000"],
                                          directory: fs.root, output: output)
                else { return check.expect(false, "the bomb did not start") }
                // While it sleeps, its 4,096 descriptors are charged to it (and the sleep's list, a few bytes).
                let deadline = Clock.nanoseconds() + 60_000_000_000
                while !output.lines.contains(where: { $0.hasPrefix("pipes: ") }) && Clock.nanoseconds() < deadline
                    && process.endingIfEnded == nil
                {
                    _ = Wait.sleep(until: Clock.nanoseconds() + 10_000_000)
                }
                let charged = process.kernelMemory.bytes
                let descriptors = 4096 * DescriptorTable.bytesPerDescriptor
                check.expect(charged >= descriptors && charged < descriptors + 4096,
                             "4,096 open descriptors charged \(charged) bytes, not \(descriptors)")
                let ending = ProcessTests.describe(process.wait())
                check.expect(ending == "exit 0", "the bomb: \(ending)")
                let expected = ["renumber: 5000 SUCCESS", "fds: 4091 MFILE", "pipes: 0 MFILE", "sleep: 1000 SUCCESS"]
                check.expect(Array(output.lines.prefix(4)) == expected,
                             "the bomb printed \(output.lines), not \(expected) and its proof of life")
                check.expect(process.kernelMemory.bytes == 0, "\(process.kernelMemory.bytes) bytes still charged after its end")
            }
            check.expectNothingKept(since: before)
            checkService(&check)
        },
    ]

    /// What a process wrote, appended under the big kernel lock by its thread.
    final class Output {
        var bytes: [UInt8] = []

        var lines: [String] {
            BigKernelLock.withLock { bytes }.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// A program as a new process, with `directory` preopened as "/" (descriptor 3).
    private static func spawn(_ path: String, _ arguments: [String], directory: Node, output: Output) -> Process? {
        var request = RunRequest(program: Array(path.utf8.dropFirst()), arguments: [path] + arguments,
                                 writeStdout: { output.bytes.append(contentsOf: $0) }, writeStderr: { _ in })
        request.preopens = [("/", .directory(directory))]
        request.timeLimit = 300_000_000_000
        return try? ProcessRunner.spawn(request)
    }

    /// Starts every program at once, each in a directory of its own in `fs`, and waits for them all.
    private static func runTogether(_ programs: [(path: String, arguments: [String])], in fs: RamFileSystem)
        -> [(text: String, lines: [String])]
    {
        var started: [(Process?, Output)] = []
        var directories: [Node?] = []
        for (index, program) in programs.enumerated() {
            let output = Output()
            let directory = try? Paths.createDirectory(Array("p\(index)".utf8), in: fs.root)
            directories.append(directory)
            started.append((directory.flatMap { spawn(program.path, program.arguments, directory: $0, output: output) },
                            output))
        }
        releaseAwaiting(programs, started, directories)
        return started.map { process, output in
            (process.map { ProcessTests.describe($0.wait()) } ?? "failed: not started", output.lines)
        }
    }

    /// Once every started program with an `await` step has grown (printed its "grow: " line) or ended, waiting
    /// up to a minute, makes the "go" its await step looks for in each program's directory.
    private static func releaseAwaiting(_ programs: [(path: String, arguments: [String])], _ started: [(Process?, Output)],
                                        _ directories: [Node?]) {
        let awaiting = programs.indices.filter { index in
            started[index].0 != nil && programs[index].arguments.contains { $0.hasPrefix("await:") }
        }
        guard !awaiting.isEmpty else { return }
        let deadline = Clock.nanoseconds() + 60_000_000_000
        while Clock.nanoseconds() < deadline && !awaiting.allSatisfy({ index in
            started[index].0?.endingIfEnded != nil || started[index].1.lines.contains { $0.hasPrefix("grow: ") }
        }) {
            _ = Wait.sleep(until: Clock.nanoseconds() + 10_000_000)
        }
        for case let directory? in directories { _ = try? Paths.createDirectory(Array("go".utf8), in: directory) }
    }

    static let bombs = 6

    /// Makes what the kernel keeps for good (its caches, its tables grown to hold `processes` at once) with small
    /// bombs that overlap, so that the snapshot after is the baseline.
    private static func warmUp(processes: Int) {
        let fs = RamFileSystem(source: RamStorage.source, clock: { RealTime.nanoseconds() })
        let small = ["pipes:1", "fds:1", "poll:1", "symlinks:1:1", "grow:1", "sleep:200"]
        _ = runTogether([(path: String, arguments: [String])](repeating: ("/tests/bomb.wasm", small), count: processes),
                        in: fs)
    }

    /// The kernel still serves: its heap hands out memory and a program runs to its end.
    private static func checkService(_ check: inout KernelTests.Check) {
        check.expect(MemoryManager.freeFrameCount >= MemoryBudget.kernelReserve,
                     "\(MemoryManager.freeFrameCount) frames free, under the kernel's reserve of \(MemoryBudget.kernelReserve)")
        var output: [UInt8] = []
        let ending = ProcessTests.run("/tests/hello.wasm", timeLimit: nil, output: &output)
        check.expect(ending == "exit 0" && output == Array("hello\n".utf8), "hello after the bombs: \(ending)")
    }

    /// A line of figures in the test log.
    private static func figure(_ text: String) {
        for byte in "  swarm: \(text)\n".utf8 { Log.put(byte) }
    }
}
