import FileSystem
import WASIPreview1
import WASIWax
import Wax

/// What to run: a WASI program from the root filesystem, with its arguments, environment, preopened
/// directories and standard streams.
struct RunRequest {
    /// The program's path in the root filesystem, without the leading "/".
    var program: [UInt8]
    var arguments: [String]
    var environment: [String] = []
    /// Guest path, and the directory's path in the root filesystem.
    var preopens: [(guest: String, path: [UInt8])] = []
    /// Stops the program after this much monotonic time (nil: no limit).
    var timeLimit: UInt64? = nil
    var stdin: StandardInput = .none
    var writeStdout: (UnsafeRawBufferPointer) -> Void
    var writeStderr: (UnsafeRawBufferPointer) -> Void
    /// Which standard streams (0, 1, 2) are terminals on the other side.
    var terminals: [Int] = []
    /// What to call: the command's entry, or an export with arguments (`walos run --invoke`).
    var entry: WASIEntry = .command
    /// Receives what the entry returned.
    var results: ([Value]) -> Void = { _ in }

    enum StandardInput {
        case none
        /// The host command's standard input, asked for as the guest reads it.
        case host(HostInput)
    }
}

/// Runs WASI programs as processes: a Wax store and instance per process, torn down when it ends, so nothing
/// of a process outlives it. A trap, a bad module or an exhausted limit ends the process with a report; the
/// kernel goes on.
enum ProcessRunner {
    /// Limits every process gets.
    static let limits = StoreLimits(maxMemoryPages: 16384, maxTableElements: 1 << 20, maxCallDepth: 4096,
                                    valueStackSlots: 1 << 18)

    nonisolated(unsafe) private static var running: Store? = nil
    nonisolated(unsafe) private static var deadline: UInt64 = .max
    nonisolated(unsafe) private static var deadlinePassed = false

    /// Called from the timer interrupt: stops a process that has used up its time.
    static func tick() { _ = isStopping() }

    /// True when the running process is being stopped (its time is up); the first look after its deadline
    /// raises the engine's interruption flag, so the guest ends at its next loop or call, and every wait in the
    /// kernel (`Wait`) gives up.
    static func isStopping() -> Bool {
        if deadlinePassed { return true }
        guard let store = running, Clock.nanoseconds() >= deadline else { return false }
        deadlinePassed = true
        store.requestInterruption()
        return true
    }

    static func run(_ request: RunRequest) -> WASIExit {
        let fs = RootFileSystem.shared!
        let name = "/" + String(decoding: request.program, as: UTF8.self)
        let file: Node
        do throws(FileSystemError) {
            file = try fs.resolve(request.program, in: fs.root)
        } catch {
            return .failed("\(name): no such program")
        }
        guard file.kind == .file else { return .failed("\(name) is not a file") }
        let module: Module
        do throws(ModuleError) {
            module = try Module(bytes: file.data)
        } catch {
            return .failed("\(name): \(error.description)")
        }
        let context = WASIContext(arguments: request.arguments, environment: request.environment, fileSystem: fs,
                                  host: host(for: request))
        for preopen in request.preopens {
            do throws(FileSystemError) {
                let directory = try fs.resolve(preopen.path, in: fs.root)
                do throws(Errno) {
                    try context.preopen(directory, as: preopen.guest)
                } catch {
                    return .failed("cannot preopen \(preopen.guest)")
                }
            } catch {
                return .failed("cannot preopen \(preopen.guest): not found")
            }
        }
        let store = Store(limits: limits, memoryAllocator: GuestMemorySpace.allocator)
        deadlinePassed = false
        deadline = request.timeLimit.map { Clock.nanoseconds() &+ $0 } ?? .max
        running = store
        var exit = WASIProcess.run(module, context: context, store: store, entry: request.entry,
                                   results: request.results)
        running = nil
        deadline = .max
        let timedOut = deadlinePassed
        deadlinePassed = false
        if timedOut, case .trapped = exit {
            exit = .trapped("time limit exceeded (\(request.timeLimit! / 1_000_000) ms)")
        }
        return exit.located(in: store, moduleBytes: file.data)
    }

    private static func host(for request: RunRequest) -> WASIHost {
        let input = request.stdin
        let terminals = request.terminals
        // One process runs at a time and never waits for another: its CPU time is the time since it started.
        let started = Clock.nanoseconds()
        return WASIHost(
            realtime: { RealTime.nanoseconds() },
            monotonic: { Clock.nanoseconds() },
            processCPUTime: { Clock.nanoseconds() - started },
            threadCPUTime: { Clock.nanoseconds() - started },
            clockResolution: 1,
            random: { GuestRandom.fill($0) },
            readStdin: { buffer in
                guard case .host(let host) = input else { return 0 }
                return host.read(into: buffer) ?? 0
            },
            stdinReady: {
                guard case .host(let host) = input else { return true }
                return host.isReady
            },
            writeStdout: request.writeStdout,
            writeStderr: request.writeStderr,
            isTerminal: { terminals.contains($0) },
            sleep: { nanoseconds in
                let (end, overflow) = Clock.nanoseconds().addingReportingOverflow(nanoseconds)
                _ = Wait.sleep(until: overflow ? .max : end)
            },
            isStopping: { isStopping() })
    }
}
