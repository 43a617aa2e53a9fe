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

    enum StandardInput {
        case none
        /// The contents of a file, then end of input.
        case file([UInt8])
        /// A serial port, without an end.
        case serial(Serial16550)
    }
}

/// Runs WASI programs as processes: a Wax store and instance per process, torn down when it ends, so nothing
/// of a process outlives it. A trap, a bad module or an exhausted limit ends the process with a report; the
/// kernel goes on.
enum ProcessRunner {
    /// Limits every process gets.
    static let limits = StoreLimits(maxMemoryPages: 16384, maxTableElements: 1 << 20, maxTotalTableElements: 1 << 22,
                                    maxCallDepth: 4096, valueStackSlots: 1 << 18)
    /// What the engine may spend on a process beside its linear memory: its decoded module, instance, tables,
    /// value stack and frames. More is refused (the module or instance does not load, table.grow is -1, a call
    /// traps), and so is what would eat into the frames the kernel keeps for itself.
    static let engineBudget = 64 << 20

    nonisolated(unsafe) private static var running: Store? = nil
    nonisolated(unsafe) private static var deadline: UInt64 = .max
    nonisolated(unsafe) private static var deadlinePassed = false

    /// Called from the timer interrupt: stops a process that has used up its time.
    static func tick() {
        guard let store = running, Clock.nanoseconds() >= deadline else { return }
        deadlinePassed = true
        store.requestInterruption()
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
        let budget = ResourceBudget(limit: engineBudget)
        let module: Module
        do throws(ModuleError) {
            module = try Module(bytes: file.data, maxFootprint: engineBudget)
        } catch {
            return .failed("\(name): \(error.description)")
        }
        guard budget.take(module.footprint) else { return .failed("\(name): resource limit: module") }
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
        let account = ResourceAccount(
            charge: { bytes in
                MemoryManager.frames.freeCount - (bytes + 4095) / 4096 >= GuestMemorySpace.kernelReserve
                    && budget.take(bytes)
            },
            release: { budget.give($0) })
        let store = Store(limits: limits, memoryAllocator: GuestMemorySpace.allocator, account: account)
        deadlinePassed = false
        deadline = request.timeLimit.map { Clock.nanoseconds() &+ $0 } ?? .max
        running = store
        var exit = WASIProcess.run(module, context: context, store: store)
        running = nil
        deadline = .max
        if deadlinePassed, case .trapped = exit {
            exit = .trapped("time limit exceeded (\(request.timeLimit! / 1_000_000) ms)")
        }
        return exit.located(in: store, moduleBytes: file.data)
    }

    private static func host(for request: RunRequest) -> WASIHost {
        var input = request.stdin
        var position = 0
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
                switch input {
                case .none:
                    return 0
                case .file(let bytes):
                    let n = min(buffer.count, bytes.count - position)
                    for i in 0..<n { buffer[i] = bytes[position + i] }
                    position += n
                    if position == bytes.count { input = .none }
                    return n
                case .serial(let port):
                    while !port.hasInput { Processor.waitForInterrupt() }
                    var n = 0
                    while n < buffer.count && port.hasInput {
                        buffer[n] = port.read()
                        n += 1
                    }
                    return n
                }
            },
            stdinReady: {
                if case .serial(let port) = input { return port.hasInput }
                return true
            },
            writeStdout: request.writeStdout,
            writeStderr: request.writeStderr,
            sleep: { nanoseconds in
                let end = Clock.nanoseconds() &+ nanoseconds
                while Clock.nanoseconds() < end { Processor.waitForInterrupt() }
            },
            yield: {})
    }
}
