/// walos's shell: `sh` reads commands from standard input, `sh -c LINE` runs one line, `sh FILE` runs a
/// script. A prompt shows when input is a console; `-i` also edits lines (see LineReader). The status of the
/// last command is the shell's.
@main
struct Sh {
    static func main() {
        var arguments = Array(ProgramContext.arguments.dropFirst())
        var editing = false
        if arguments.first == "-i" {
            editing = true
            arguments.removeFirst()
        }
        let console = Stream(fd: 0).fileType == 2
        let shell = Shell(environment: ProgramContext.environment, interactive: editing || console)
        if arguments.first == "-c" {
            guard arguments.count > 1 else {
                shell.complain("-c: a command line is needed")
                ProgramContext.exit(2)
            }
            shell.run(line: arguments[1])
            ProgramContext.exit(shell.status)
        }
        if let script = arguments.first {
            let file = Path.open(Path.absolute(script, from: shell.directory))
            guard file.errno == 0 else {
                shell.complain("\(script): \(describe(file.errno))")
                ProgramContext.exit(127)
            }
            var reader = LineReader(editing: false, fd: file.fd)
            while let line = reader.next(prompt: "") { shell.run(line: line) }
            ProgramContext.exit(shell.status)
        }
        var reader = LineReader(editing: editing, fd: 0)
        while true {
            shell.reapJobs()
            let prompt = shell.interactive ? "walos:\(shell.directory)$ " : ""
            guard let line = reader.next(prompt: prompt) else { break }
            shell.run(line: line)
        }
        ProgramContext.exit(shell.status)
    }
}
