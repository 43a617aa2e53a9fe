import WASI

/// Lists walos's processes (the `walos` module's `list`, through guest/Walos): pid, parent, state, processor
/// time, linear memory, kernel memory and program.
enum Output {
    static func line(_ text: String) {
        var text = text + "\n"
        text.withUTF8 { bytes in
            var iov = wasi_ciovec(buffer: bytes.baseAddress, length: UInt32(bytes.count))
            var written: UInt32 = 0
            _ = wasi_fd_write(1, &iov, 1, &written)
        }
    }
}

func column(_ text: String, _ width: Int) -> String {
    var text = text
    while text.utf8.count < width { text = " " + text }
    return text
}

@main
struct PS {
    static func main() {
        let states = ["running", "runnable", "blocked", "ended"]
        do throws(Walos.Failure) {
            Output.line("  PID PPID STATE       CPU ms  MEMORY KiB  KERNEL KiB  PROGRAM")
            for process in try Walos.list() {
                let state = process.state < 4 ? states[Int(process.state)] : "?"
                Output.line(column("\(process.pid)", 5) + column("\(process.parent)", 5) + " "
                            + state + column("", 9 - state.utf8.count) + column("\(process.cpuNanoseconds / 1_000_000)", 9)
                            + column("\(process.memoryBytes / 1024)", 12) + column("\(process.kernelBytes / 1024)", 12)
                            + "  " + process.name)
            }
        } catch {
            Output.line("ps: walos.list failed with errno \(error.errno)")
        }
    }
}
