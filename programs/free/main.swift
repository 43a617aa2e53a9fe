/// `free [-b|-k|-m]`: memory totals (walos.memory_info) laid out as procps's `free`: the machine's memory (total,
/// used, free, and the reserve the kernel keeps for itself out of what is free) and the kernel heap; KiB unless
/// -b (bytes) or -m (MiB).
@main
struct Free {
    static func main() {
        var shift: UInt64 = 10
        for option in ProgramContext.arguments.dropFirst() {
            switch option {
            case "-b": shift = 0
            case "-k": shift = 10
            case "-m": shift = 20
            default:
                ProgramContext.complain("usage: free [-b|-k|-m]")
                ProgramContext.exit(2)
            }
        }
        let info: Walos.MemoryTotals
        do throws(Walos.Failure) {
            info = try Walos.memoryInfo()
        } catch {
            ProgramContext.complain("walos.memory_info: \(describe(UInt16(error.errno)))")
            ProgramContext.exit(1)
        }
        func row(_ label: String, _ values: [UInt64]) -> String {
            var line = label
            while line.utf8.count < 6 { line += " " }
            for value in values { line += column("\(value >> shift)", 12) }
            return line
        }
        Stream.output.line("      " + column("total", 12) + column("used", 12) + column("free", 12)
                           + column("reserved", 12))
        Stream.output.line(row("Mem:", [info.total, info.total - info.free, info.free, info.reserved]))
        Stream.output.line(row("Heap:", [info.heap, info.heapUsed, info.heap - info.heapUsed]))
    }
}
