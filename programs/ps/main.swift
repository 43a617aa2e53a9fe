import WASI

// Lists walos's processes (the `walos` module's `list`, through guest/Walos): pid, parent, state, processor
// time, linear memory, kernel memory and program.

@main
struct PS {
    static func main() {
        let states = ["running", "runnable", "blocked", "ended"]
        do throws(Walos.Failure) {
            Stream.output.line("  PID PPID STATE       CPU ms  MEMORY KiB  KERNEL KiB  PROGRAM")
            for process in try Walos.list() {
                let state = process.state < 4 ? states[Int(process.state)] : "?"
                Stream.output.line(column("\(process.pid)", 5) + column("\(process.parent)", 5) + " "
                            + state + column("", 9 - state.utf8.count) + column("\(process.cpuNanoseconds / 1_000_000)", 9)
                            + column("\(process.memoryBytes / 1024)", 12) + column("\(process.kernelBytes / 1024)", 12)
                            + "  " + process.name)
            }
        } catch {
            Stream.output.line("ps: walos.list failed with errno \(error.errno)")
        }
    }
}
