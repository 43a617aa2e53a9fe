/// The interpreter's WebAssembly 3.0 instructions (tail calls, throws, multi-memory) and the entry of native code share one case of its loop and run
/// here, out of line: a case of their own each, tried, made the loop's call path of 2.0 code execute 5% more
/// instructions on bench/wasm's fib.
extension Store {
    /// Runs the instruction at `ip`; returns where to continue.
    @inline(never)
    func executeOutOfLine(_ ip: UnsafeMutablePointer<Inst>, _ fp: UnsafeMutablePointer<UInt64>,
                          _ ctx: inout ExecutionContext, depth: Int) throws(Trap) -> UnsafeMutablePointer<Inst> {
        let i = ip.pointee
        switch i.op {
        case .returnCall, .returnCallIndirect:
            // A tail call counts as a call: one tick, spent at once, so that an endless tail-recursive loop can
            // be interrupted and runs out of fuel.
            var tick = 1
            try spendTicks(&tick)
            return try tailCall(ip, fp, &ctx, depth: depth)
        case .refAsNonNull:
            guard fp[Int(i.a)] != Slot.null else { throw .nullReference }
            return ip + 1
        case .gc:
            // Out of line with the other rare instructions, so that GC adds no case to the interpreter loop.
            try executeGC(ip, fp, ctx.instance.object)
            return ip + 2
        case .native:
            return try enterNative(ip, fp, &ctx, depth: depth)
        case .throwTag, .throwRef, .throwPending:
            // A throw caught at a loop's start is a back edge: it counts a tick.
            var tick = 1
            try spendTicks(&tick)
            return try throwException(i, ip: ip, fp: fp, depth: depth, &ctx)
        default:
            return ip + (try executeOnMemory(i, ip[1], fp, ctx.instance))
        }
    }
}
