/// `kill [-s SIGNAL | -SIGNAL] PID...`: stops each process (walos.kill). walos has no signals: every process
/// killed ends at once, as with SIGKILL, so the signal is checked and then makes no difference. A program may
/// stop only its own descendants (EPERM for any other); the shell's builtin `kill` reaches the shell's jobs.
@main
struct Kill {
    /// The signals `kill` accepts by name and number; all of them end the process.
    static let signals: [(name: String, number: Int)] = [("HUP", 1), ("INT", 2), ("QUIT", 3), ("KILL", 9),
                                                         ("TERM", 15)]

    static func main() {
        var operands = Array(ProgramContext.arguments.dropFirst())
        if operands.first == "-s" {
            guard operands.count > 1 else { usage() }
            checkSignal(operands[1])
            operands.removeFirst(2)
        } else if let first = operands.first, first.hasPrefix("-"), first != "--", first.utf8.count > 1 {
            checkSignal(String(first.dropFirst()))
            operands.removeFirst()
        }
        if operands.first == "--" { operands.removeFirst() }
        guard !operands.isEmpty else { usage() }
        var status: UInt32 = 0
        for operand in operands {
            guard let pid = UInt32(operand), pid > 0 else {
                ProgramContext.complain("\(operand): not a process id")
                status = 1
                continue
            }
            do throws(Walos.Failure) {
                try Walos.kill(pid)
            } catch {
                ProgramContext.complain("\(pid): \(describe(UInt16(error.errno)))")
                status = 1
            }
        }
        ProgramContext.exit(status)
    }

    /// SIGNAL as a name (with or without SIG) or a number; exits with a message for any other.
    static func checkSignal(_ signal: String) {
        let name = signal.hasPrefix("SIG") ? String(signal.dropFirst(3)) : signal
        if signals.contains(where: { $0.name == name || "\($0.number)" == name }) { return }
        ProgramContext.complain("\(signal): invalid signal")
        ProgramContext.exit(2)
    }

    static func usage() -> Never {
        ProgramContext.complain("usage: kill [-s SIGNAL | -SIGNAL] PID...")
        ProgramContext.exit(2)
    }
}
