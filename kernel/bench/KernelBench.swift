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
        DebugExit.exit(0)
    }
}
