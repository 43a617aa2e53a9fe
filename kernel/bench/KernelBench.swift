import FileSystem
import WASIWax

/// Figures measured inside the kernel for `make bench` (bench/boot.py boots with `bench` on the command line,
/// under `-icount shift=0`, where the time-stamp counter counts guest instructions). Prints `bench: NAME VALUE`
/// lines and ends QEMU.
enum KernelBench {
    static func run() -> Never {
        Log.text("bench: entry-tsc ")
        Log.decimal(Kernel.bannerTimestamp)
        Log.put(10)
        let pairs: UInt64 = 100_000
        var size = 16
        let start = Processor.timestamp()
        for _ in 0..<pairs {
            let p = heapAllocate(size, 16)!
            heapFree(p)
            size = size == 512 ? 16 : size + 16
        }
        let elapsed = Processor.timestamp() - start
        Log.text("bench: heap-pair-tsc ")
        Log.decimal(elapsed / pairs)
        Log.put(10)
        processFigures()
        DebugExit.exit(0)
    }

    /// WASI call cost and process start-up, from the programs in /tests (the test root archive), when present.
    private static func processFigures() {
        guard let fs = RootFileSystem.shared, (try? Paths.resolve(Array("tests/clock-loop.wasm".utf8), in: fs.root)) != nil
        else { return }
        let calls: UInt64 = 10_000
        let loops = ["tests/clock-loop.wasm", "tests/empty-loop.wasm", "tests/fdstat-loop.wasm"]
        // Each once first: what a first start does once (compiling the module, the kernel's first use of the
        // WASI function table) is not a call's cost.
        for loop in loops { _ = timed(loop) }
        let withCalls = timed(loops[0]), withoutCalls = timed(loops[1])
        report("wasi-clock-call-tsc", withCalls > withoutCalls ? (withCalls - withoutCalls) / calls : 0)
        let withStat = timed(loops[2])
        report("wasi-fdstat-call-tsc", withStat > withoutCalls ? (withStat - withoutCalls) / calls : 0)
        let runs: UInt64 = 100
        let start = Processor.timestamp()
        for _ in 0..<runs { _ = timed("tests/true.wasm") }
        Log.text("bench: process-start-teardown-tsc ")
        Log.decimal((Processor.timestamp() - start) / runs)
        Log.put(10)
        liveProcessFigures()
        processCallFigures()
        preemptionFigures()
    }

    /// Two CPU-bound processes on this processor (tests/walos/procs.c parallel): from the tick that asks the
    /// running one to yield to the other running, on average and at worst (Scheduler.countPreemption).
    private static func preemptionFigures() {
        let local = ProcessorLocal.current
        let count = local.preemptions, ticks = local.preemptionTicks
        local.preemptionWorst = 0
        _ = timed("tests/procs.wasm", ["parallel", "2", "5000000"])
        let preemptions = local.preemptions - count
        report("preemptions", preemptions)
        report("preemption-latency-tsc", preemptions > 0 ? (local.preemptionTicks - ticks) / preemptions : 0)
        report("preemption-latency-worst-tsc", local.preemptionWorst)
    }

    /// What a live process holds beyond what the kernel held before it started: kernel heap bytes and frames
    /// (its linear memory, value stack, call frames and kernel stack) while /tests/hello.wasm writes its line.
    private static func liveProcessFigures() {
        _ = timed("tests/hello.wasm")  // caches the kernel keeps for reuse are made
        let heap = KernelHeap.bytesInUse, frames = MemoryManager.freeFrameCount
        var liveHeap = 0, liveFrames = 0
        let request = RunRequest(program: Array("tests/hello.wasm".utf8), arguments: ["/tests/hello.wasm"],
                                 writeStdout: { _ in
                                     liveHeap = KernelHeap.bytesInUse - heap
                                     liveFrames = frames - MemoryManager.freeFrameCount
                                 },
                                 writeStderr: { _ in })
        _ = ProcessRunner.run(request)
        Log.text("bench: hello-process-heap-bytes ")
        Log.decimal(UInt64(max(liveHeap, 0)))
        Log.put(10)
        Log.text("bench: hello-process-frames ")
        Log.decimal(UInt64(max(liveFrames, 0)))
        Log.put(10)
    }

    /// walos's process calls, through /tests/procs.wasm (tests/walos/procs.c): a one-byte round trip between
    /// two processes through two pipes (and through a channel, /tests/channels.wasm), and a spawn + exit + wait of a hello program, the first and a later
    /// start of the same module (the differences between runs that do more and less of it, each pair alike in
    /// what it finds in the module cache). The first start
    /// finds no module in the cache (LoadedModules), nor does the run it is compared with; later starts find
    /// hello's module, and procs's, there.
    private static func processCallFigures() {
        let trips: UInt64 = 2000
        _ = timed("tests/procs.wasm", ["ping-pong", "0"])  // leaves procs's module in the cache for both runs
        let setup = timed("tests/procs.wasm", ["ping-pong", "0"])
        let pingPong = timed("tests/procs.wasm", ["ping-pong", "\(trips)"])
        report("pipe-round-trip-tsc", pingPong > setup ? (pingPong - setup) / trips : 0)
        // The same round trip as one channel_call of one byte to an echo child (tests/walos/channels.c ping).
        _ = timed("tests/channels.wasm", ["ping", "0"])
        let callSetup = timed("tests/channels.wasm", ["ping", "0"])
        let calls = timed("tests/channels.wasm", ["ping", "\(trips)"])
        report("channel-round-trip-tsc", calls > callSetup ? (calls - callSetup) / trips : 0)
        // 1 MiB through a channel: copied in 16 messages of 64 KiB, or moved as pages (channel_send_pages).
        let rounds: UInt64 = 20
        _ = timed("tests/channels.wasm", ["bench-pages", "0", "none"])
        let fill = timed("tests/channels.wasm", ["bench-pages", "\(rounds)", "none"])
        let copied = timed("tests/channels.wasm", ["bench-pages", "\(rounds)", "copy"])
        let moved = timed("tests/channels.wasm", ["bench-pages", "\(rounds)", "pages"])
        report("channel-mib-copied-tsc", copied > fill ? (copied - fill) / rounds : 0)
        report("channel-mib-pages-tsc", moved > fill ? (moved - fill) / rounds : 0)
        _ = LoadedModules.flushed()
        let cold = timed("tests/procs.wasm", ["cycles", "0", "/tests/hello.wasm"])
        _ = LoadedModules.flushed()
        let first = timed("tests/procs.wasm", ["cycles", "1", "/tests/hello.wasm"])
        let one = timed("tests/procs.wasm", ["cycles", "1", "/tests/hello.wasm"])
        let eleven = timed("tests/procs.wasm", ["cycles", "11", "/tests/hello.wasm"])
        report("spawn-wait-first-tsc", first > cold ? first - cold : 0)
        report("spawn-wait-again-tsc", eleven > one ? (eleven - one) / 10 : 0)
    }

    private static func report(_ name: StaticString, _ value: UInt64) {
        Log.text("bench: ")
        Log.text(name)
        Log.put(32)
        Log.decimal(value)
        Log.put(10)
    }

    private static func timed(_ path: String, _ arguments: [String] = []) -> UInt64 {
        let request = RunRequest(program: Array(path.utf8), arguments: ["/" + path] + arguments,
                                 environment: ["SELF=/" + path], writeStdout: { _ in }, writeStderr: { _ in })
        let start = Processor.timestamp()
        _ = ProcessRunner.run(request)
        return Processor.timestamp() - start
    }
}
