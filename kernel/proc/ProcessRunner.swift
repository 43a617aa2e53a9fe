import FileSystem
import Synchronization
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
    /// Guest path, and where the directory is, in the order the guest sees them (fd 3 on).
    var preopens: [(guest: String, source: PreopenSource)] = []
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
    /// The devices it may use (the first program: all of them; docs/abi.md "Devices").
    var devices = DeviceRights.none

    enum PreopenSource {
        /// A directory of the root filesystem, by its path there.
        case root([UInt8])
        /// A directory (by its path there, "." for the root) of the host directory shared over virtio-9p under
        /// this mount tag (`./walos run --dir`).
        case share(tag: [UInt8], path: [UInt8])
        /// A directory the kernel holds already (a test's own RAM filesystem).
        case directory(Node)
    }

    enum StandardInput {
        case none
        /// The host command's standard input, asked for as the guest reads it.
        case host(HostInput)
        /// The serial console (ConsoleInput).
        case console
    }
}

/// Runs WASI programs as processes (Process): each on a thread of its own, with a Wax store and instance torn
/// down when it ends, so nothing of a process outlives it. A trap, a bad module or an exhausted limit ends the
/// process with a report; the kernel goes on.
enum ProcessRunner {
    /// Limits every process gets. A linear memory may reach what the pool could back, since its whole size is
    /// charged (GuestMemorySpace): on a machine of 8 GiB a memory64 memory grows past 4 GiB, touched sparsely.
    static let limits = StoreLimits(maxMemoryPages: UInt64(MemoryBudget.pool.limit >> 16), maxTableElements: 1 << 20,
                                    maxTotalTableElements: 1 << 22, maxCallDepth: 4096, valueStackSlots: 1 << 18,
                                    maxNativeStackBytes: nativeStackBytes)
    /// The engine every process runs on (the kernel command line's `engine=interp|native`): native code where Wax
    /// compiles a function, the interpreter elsewhere. Native by default: guests run 4x fewer instructions.
    nonisolated(unsafe) static var engine: Engine = .native
    /// Stack native code and what it calls may use below its entry: a process's kernel stack is 64 KiB, the
    /// engine's own frames above the entry and a WASI call at the deepest point take the rest.
    static let nativeStackBytes = 32 << 10
    /// What the engine may spend on a process beside its linear memory: its decoded module, instance, tables,
    /// value stack and frames. More is refused (the module or instance does not load, table.grow is -1, a call
    /// traps), and so is what would eat into the frames the kernel keeps for itself.
    static let engineBudget = 64 << 20

    /// A new process's engine account: `engineBudget` of its own, drawn from MemoryBudget's pool as it is spent.
    static func engineAccount() -> MemoryAccount {
        MemoryAccount(limit: engineBudget, parent: MemoryBudget.pool)
    }

    /// Starts the program as a new process; `Process.wait` gives its end.
    static func spawn(_ request: RunRequest) throws(ProcessTable.SpawnError) -> Process {
        let name = "/" + String(decoding: request.program, as: UTF8.self)
        return try ProcessTable.spawn(name: name, timeLimit: request.timeLimit) { process in
            let budget = engineAccount()
            BigKernelLock.acquire()
            let prepared = prepare(request, as: process, budget: budget)
            BigKernelLock.release()
            return execute(prepared, budget: budget, as: process, entry: request.entry, results: request.results)
        }
    }

    /// Runs the program to its end.
    static func run(_ request: RunRequest) -> WASIExit {
        do throws(ProcessTable.SpawnError) {
            return try spawn(request).wait() ?? .failed("the process did not end")
        } catch {
            return .failed(error == .noMemory ? "no memory for another process"
                                              : "too many processes (\(ProcessTable.limit))")
        }
    }

    /// True when the calling process is being stopped (killed, or its time is up): its waits give up (`Wait`)
    /// and its engine ends it at the next safe point.
    static func isStopping() -> Bool {
        Scheduler.currentIsInterrupted
    }

    /// The program's life, on its process's thread. Its descriptors close, under the big kernel lock, as soon
    /// as it ends, so the other ends of its pipes see it at once, and the text console draws again if the
    /// process had stopped it (a display driver that is killed or traps too). What the engine spends on the
    /// process is charged to `budget` (see `engineBudget`, which its module's footprint is already charged to)
    /// and goes with its store; its module's charge goes when the program ends.
    static func execute(_ prepared: Prepared, budget: MemoryAccount, as process: Process, entry: WASIEntry = .command,
                        results: @escaping ([Value]) -> Void = { _ in }) -> WASIExit {
        guard case .success(let module, let moduleBytes, let context) = prepared else {
            if case .failure(let exit) = prepared { return exit }
            return .failed("\(process.name): cannot start")
        }
        defer {
            BigKernelLock.withLock {
                context.closeAll()
                ConsoleScreen.processEnded(process.pid)
            }
            budget.release(module.footprint)
        }
        let account = ResourceAccount(charge: { budget.take($0) }, release: { budget.release($0) })
        // The engine's interruption flag is the thread's yield request: the timer raises it to preempt, a kill
        // or a time limit to stop.
        let store = Store(limits: limits, memoryAllocator: allocator(countingIn: process), account: account,
                          interruptFlag: process.thread.yieldRequested)
        store.engine = engine
        // A stop raises the thread's yield request after it marks the thread (Thread.interrupt); a spawned
        // child without this hint asked `isStopping` on every call.
        context.stopHint = UnsafePointer(process.thread.yieldRequested)
        // The thread that makes all the process's calls, and holds the big kernel lock for them.
        context.lockHolder = UInt(bitPattern: Unmanaged.passUnretained(process.thread).toOpaque())
        store.interruptionHandler = { () throws(Trap) in
            if process.stopReason != nil { throw .interrupted }
            Scheduler.yield()
        }
        var exit = WASIProcess.run(module, context: context, store: store, clock: Clock.timestampClock, entry: entry,
                                   results: results)
        if let reason = process.stopReason, case .trapped = exit {
            switch reason {
            case .timeLimit: exit = .trapped("time limit exceeded (\(process.timeLimit / 1_000_000) ms)")
            case .killed: exit = .trapped("killed")
            }
        }
        return exit.located(in: store, moduleBytes: moduleBytes)
    }

    /// Guest memory from GuestMemorySpace, counted in the process's `memoryBytes`.
    private static func allocator(countingIn process: Process) -> MemoryAllocator {
        let space = GuestMemorySpace.allocator
        return MemoryAllocator(
            allocate: { byteCount, capacity in
                // Address space is charged too: the region holds a process-table's worth of full reservations.
                let reservation = GuestMemorySpace.reservation(byteCount, capacity)
                guard process.reservedBytes.load(ordering: .relaxed) + reservation <= GuestMemorySpace.reservationLimit,
                      let base = space.allocate(byteCount, capacity) else { return nil }
                process.reservedBytes.wrappingAdd(reservation, ordering: .relaxed)
                process.memoryBytes.wrappingAdd(byteCount, ordering: .relaxed)
                return base
            },
            grow: { base, byteCount, newByteCount in
                guard space.grow(base, byteCount, newByteCount) else { return false }
                process.memoryBytes.wrappingAdd(newByteCount - byteCount, ordering: .relaxed)
                return true
            },
            deallocate: { base, byteCount in
                process.reservedBytes.wrappingSubtract(GuestMemorySpace.reservation(at: base), ordering: .relaxed)
                space.deallocate(base, byteCount)
                process.memoryBytes.wrappingSubtract(byteCount, ordering: .relaxed)
            },
            reservesIndexSpace: space.reservesIndexSpace)
    }

    enum Prepared {
        case success(Module, [UInt8], WASIContext)
        case failure(WASIExit)
    }

    enum LoadError: Error {
        case unreadable
        case invalid(ModuleError)
        /// The decoded module alone does not fit the engine budget.
        case overBudget
    }

    /// A program's bytes and module, decoded within the engine budget (or found in LoadedModules) and charged to
    /// `budget`: how every process starts, from `walos run` and from walos.spawn alike.
    static func load(_ file: Node, chargingTo budget: MemoryAccount) throws(LoadError) -> (Module, [UInt8]) {
        let (module, bytes) = try decoded(file)
        guard budget.take(module.footprint) else { throw .overBudget }
        return (module, bytes)
    }

    /// A file's bytes and module: the cache's, under the file's content version, when it holds them; else read,
    /// and decoded unless the cache holds the same bytes.
    private static func decoded(_ file: Node) throws(LoadError) -> (Module, [UInt8]) {
        let version = file.contentVersion
        if let version, let cached = LoadedModules.module(ofVersion: version) { return cached }
        guard let bytes = try? file.contents() else { throw .unreadable }
        do throws(ModuleError) {
            return (try LoadedModules.module(for: bytes, version: version, maxFootprint: engineBudget), bytes)
        } catch {
            throw .invalid(error)
        }
    }

    /// The module and the WASI context: what reads the filesystem, under the big kernel lock.
    private static func prepare(_ request: RunRequest, as process: Process, budget: MemoryAccount) -> Prepared {
        let fs = RootFileSystem.shared!
        let name = process.name
        let file: Node
        do throws(FileSystemError) {
            file = try Paths.resolve(request.program, in: fs.root)
        } catch {
            return .failure(.failed("\(name): no such program"))
        }
        guard file.kind == .file else { return .failure(.failed("\(name) is not a file")) }
        let module: Module, bytes: [UInt8]
        do throws(LoadError) {
            (module, bytes) = try load(file, chargingTo: budget)
        } catch {
            switch error {
            case .unreadable: return .failure(.failed("\(name) cannot be read"))
            case .invalid(let reason): return .failure(.failed("\(name): \(reason.description)"))
            case .overBudget: return .failure(.failed("\(name): resource limit: module"))
            }
        }
        let context = WASIContext(arguments: request.arguments, environment: request.environment, fileSystem: fs,
                                  host: host(for: request, process: process), kernelMemory: process.kernelMemory)
        process.context = context
        context.pageMemory = process.pageMemory
        context.devices = request.devices
        var shares: [(tag: [UInt8], root: Node)] = []
        for preopen in request.preopens {
            let directory = directory(preopen.source, shares: &shares)
            do throws(Errno) {
                guard let directory else { throw .noEntry }
                try context.preopen(directory, as: preopen.guest)
            } catch {
                budget.release(module.footprint)
                return .failure(.failed("cannot preopen \(preopen.guest)\(error == .noEntry ? ": not found" : "")"))
            }
        }
        return .success(module, bytes, context)
    }

    /// The directory a preopen names: in the root filesystem, or in a host share. Each share gets one session
    /// (a new one would end the fids of the last), kept in `shares` and ended when the process lets go of its
    /// nodes; each is a device of its own.
    private static func directory(_ source: RunRequest.PreopenSource, shares: inout [(tag: [UInt8], root: Node)])
        -> Node?
    {
        switch source {
        case .root(let path):
            return try? Paths.resolve(path, in: RootFileSystem.shared.root)
        case .directory(let node):
            return node
        case .share(let tag, let path):
            if !shares.contains(where: { $0.tag == tag }) {
                guard let (client, root) = try? HostShares.connect(tag: tag),
                      let node = try? NinePNode.adopting(root, client: client,
                                                         device: RamFileSystem.device + 1 + UInt64(shares.count))
                else { return nil }
                shares.append((tag, node))
            }
            let root = shares.first { $0.tag == tag }!.root
            return try? Paths.resolve(path, in: root)
        }
    }

    private static func host(for request: RunRequest, process: Process) -> WASIHost {
        let input = request.stdin
        let terminals = request.terminals
        return WASIHost(
            realtime: { RealTime.nanoseconds() },
            monotonic: { Clock.nanoseconds() },
            // The process's own calls are bound by owned(by:).
            processCPUTime: { 0 },
            threadCPUTime: { 0 },
            clockResolution: 1,
            random: { GuestRandom.fill($0) },
            readStdin: { buffer in
                switch input {
                case .none: 0
                case .host(let host): host.read(into: buffer) ?? 0
                case .console: ConsoleInput.read(into: buffer) ?? 0
                }
            },
            stdinReady: {
                switch input {
                case .none: true
                case .host(let host): host.isReady
                case .console: ConsoleInput.isReady
                }
            },
            writeStdout: request.writeStdout,
            writeStderr: request.writeStderr,
            isTerminal: { terminals.contains($0) },
            sleep: { nanoseconds in
                let (end, overflow) = Clock.nanoseconds().addingReportingOverflow(nanoseconds)
                _ = Wait.sleep(until: overflow ? .max : end)
            },
            isStopping: { isStopping() },
            yield: { Scheduler.yield() },
            lock: BigKernelLock.lock).owned(by: process)
    }
}

extension WASIHost {
    /// This host as `process`'s own: the calls that act on the process itself (its CPU clocks, its waits, its
    /// children) bound to it, the rest (streams, clocks, the lock) shared with the host it came
    /// from, a first process's or a parent's.
    consuming func owned(by process: Process) -> WASIHost {
        var host = self
        host.processCPUTime = { process.cpuNanoseconds }
        host.threadCPUTime = { process.cpuNanoseconds }
        host.waiter = PipeWait.waiter()
        host.processes = ProcessFamily.services(of: process)
        host.devices = Devices.services
        host.pages = GuestMemorySpace.pageMover
        return host
    }
}

extension ProcessRunner {
    /// Sets `engine` from the command line's `engine=` (interp or native); another name keeps the default.
    static func chooseEngine(_ name: String?) {
        if let name {
            if let chosen = Engine(name: name) {
                engine = chosen
            } else {
                Log.error("engine: no engine \"\(name)\" (interp or native)")
            }
        }
        Log.info("engine: \(engine == .native ? "native" : "interp")")
    }
}
