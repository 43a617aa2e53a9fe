import CWalos
import WASI

/// A job started with `&`: its number, every pid, the pids not yet ended, the text as typed.
struct BackgroundJob {
    let number: Int
    let pids: [UInt32]
    var running: [UInt32]
    let text: String
}

/// The shell's state and what runs a parsed job: builtins in the shell itself, everything else as child
/// processes through the `walos` module (docs/abi.md), joined by pipes, with redirections opened here and
/// handed to the child as its descriptors. Children get the shell's preopens under the same numbers and the
/// exported variables (PWD among them: walos's programs resolve relative paths against it).
final class Shell {
    /// Variables and whether each is exported.
    private var variables: [(name: String, value: String, exported: Bool)] = []
    /// Endpoints to init (WALOS_INIT_FD) kept for the next commands.
    private var spareEndpoints: [UInt32] = []
    var status: UInt32 = 0
    /// The pid of the last command of the last background job (`$!`).
    private var lastBackground: UInt32? = nil
    /// A job that ended stays until it is known to the user (POSIX): a script's until `wait` takes it, an
    /// interactive shell's until it is reported as done.
    private var jobs: [BackgroundJob] = []
    /// Background processes that ended before a `wait` named them, with their status (the newest 64).
    private var ended: [(pid: UInt32, status: UInt32)] = []
    let interactive: Bool

    init(environment: [String], interactive: Bool) {
        self.interactive = interactive
        for entry in environment {
            guard let equals = entry.utf8.firstIndex(of: UInt8(ascii: "=")) else { continue }
            set(String(entry[..<equals]), String(entry[entry.index(after: equals)...]), export: true)
        }
        if value("PWD") == nil { set("PWD", "/", export: true) }
        if value("PATH") == nil { set("PATH", "/bin", export: true) }
    }

    func value(_ name: String) -> String? {
        if name == "?" { return "\(status)" }
        if name == "!" { return lastBackground.map { "\($0)" } ?? "" }
        return variables.first { $0.name == name }?.value
    }

    func set(_ name: String, _ value: String, export: Bool? = nil) {
        if let index = variables.firstIndex(where: { $0.name == name }) {
            variables[index].value = value
            if let export { variables[index].exported = export }
        } else {
            variables.append((name, value, export ?? false))
        }
    }

    var directory: String { value("PWD") ?? "/" }

    /// Parses and runs one line.
    func run(line: String) {
        // Job by job, so that `$?` in one is the status of the one before.
        var parser = Parser(line) { self.value($0) }
        while true {
            do throws(SyntaxError) {
                guard let job = try parser.nextJob() else { return }
                run(job)
            } catch {
                complain(error.message)
                status = 2
                return
            }
        }
    }

    func complain(_ message: String) { Stream.error.line("sh: " + message) }

    // MARK: Jobs

    private func run(_ job: Job) {
        if job.commands.count == 1, !job.background, let builtin = Builtin(job.commands[0].words.first ?? "") {
            status = runBuiltin(builtin, job.commands[0])
            return
        }
        var pids: [UInt32] = []
        // The last command's process; when it is a builtin or did not start, the status is set already.
        var lastPid: UInt32? = nil
        var input: UInt32? = nil
        for (position, command) in job.commands.enumerated() {
            let isLast = position == job.commands.count - 1
            var output: (read: UInt32, write: UInt32)? = nil
            if !isLast {
                do throws(Walos.Failure) {
                    output = try Walos.pipe()
                } catch {
                    complain("cannot make a pipe: \(describe(UInt16(error.errno)))")
                    break
                }
            }
            var descriptors: [(child: UInt32, parent: UInt32)] = []
            if let input { descriptors.append((0, input)) }
            if let output { descriptors.append((1, output.write)) }
            var pid: UInt32? = nil
            if let builtin = Builtin(command.words.first ?? "") {
                // A builtin in a pipeline runs in the shell, its output into the pipe.
                status = runBuiltin(builtin, command, output: output?.write ?? 1)
            } else {
                pid = start(command, descriptors: descriptors)
            }
            if let pid { pids.append(pid) }
            if isLast { lastPid = pid }
            if let input { _ = wasi_fd_close(Int32(input)) }
            if let output { _ = wasi_fd_close(Int32(output.write)) }
            input = output?.read
        }
        if let input { _ = wasi_fd_close(Int32(input)) }
        if job.background {
            // A job of builtins alone has run already: nothing to wait for.
            guard !pids.isEmpty else { return }
            let number = (jobs.map { $0.number }.max() ?? 0) + 1
            jobs.append(BackgroundJob(number: number, pids: pids, running: pids, text: job.text))
            lastBackground = pids.last
            if interactive { Stream.error.line("[\(number)] \(pids.last ?? 0)") }
            status = 0
            return
        }
        for pid in pids {
            let code = waitFor(pid)
            if pid == lastPid { status = code }
        }
    }

    /// Starts one command of a pipeline; nil (with the status set and a message) when it cannot start.
    private func start(_ command: Command, descriptors: [(child: UInt32, parent: UInt32)]) -> UInt32? {
        guard let name = command.words.first else {
            // Redirections alone: opened (a `> file` creates it) and closed again.
            var opened: [Int32] = []
            _ = redirect(command.redirections, into: [], opened: &opened)
            for fd in opened { _ = wasi_fd_close(fd) }
            status = 0
            return nil
        }
        var opened: [Int32] = []
        defer { for fd in opened { _ = wasi_fd_close(fd) } }
        guard var map = redirect(command.redirections, into: descriptors, opened: &opened) else {
            status = 1
            return nil
        }
        for preopen in Path.preopens where !map.contains(where: { $0.child == UInt32(preopen.fd) }) {
            map.append((UInt32(preopen.fd), UInt32(preopen.fd)))
        }
        // An endpoint to the service manager, under the number of the shell's, while WALOS_INIT_FD is
        // exported: what the shell was granted, its commands are (`svc`, clients of services); unset, they get
        // nothing. Each command gets one of its own (init's `endpoint`), so no two share one; they come eight
        // to a request, which saves a round trip to init for most commands.
        if let text = variables.first(where: { $0.name == "WALOS_INIT_FD" && $0.exported })?.value,
           let fd = UInt32(text), !map.contains(where: { $0.child == fd }) {
            if spareEndpoints.isEmpty, let fresh = try? Walos.ask(fd, "endpoint 8").handles {
                spareEndpoints = fresh
            }
            if !spareEndpoints.isEmpty {
                let endpoint = spareEndpoints.removeFirst()
                opened.append(Int32(endpoint))
                map.append((fd, endpoint))
            }
        }
        let environment = variables.filter { $0.exported }.map { $0.name + "=" + $0.value }
        for program in candidates(name) {
            // A program below a preopen (a shared host directory) is found there, others in the root filesystem.
            let place = Path.locate(program).flatMap { $0.directory == Path.rootPreopen ? nil : $0 }
            do throws(Walos.Failure) {
                if let place {
                    return try Walos.spawn(place.relative, directory: UInt32(place.directory), arguments: command.words,
                                           environment: environment, descriptors: map)
                }
                return try Walos.spawn(program, arguments: command.words, environment: environment, descriptors: map)
            } catch {
                // Not there (or a directory of that name): the next candidate.
                if error.errno == 44 || error.errno == 2 || error.errno == 54 { continue }
                complain("\(name): cannot start: \(describe(UInt16(error.errno)))")
                status = 126
                return nil
            }
        }
        complain("\(name): command not found")
        status = 127
        return nil
    }

    /// The programs a command name may mean, in order: the path itself when it has a slash, else NAME.wasm
    /// and NAME in each PATH directory. Spawning tells which exists (programs come from the root filesystem,
    /// which the shell need not have preopened).
    private func candidates(_ name: String) -> [String] {
        if name.utf8.contains(UInt8(ascii: "/")) { return [Path.absolute(name, from: directory)] }
        var result: [String] = []
        for directory in (value("PATH") ?? "/bin").split(separator: ":") {
            result += [String(directory) + "/" + name + ".wasm", String(directory) + "/" + name]
        }
        return result
    }

    /// The descriptor map after `redirections`, applied left to right over `descriptors`; the files opened go
    /// to `opened` (closed by the caller once the child holds them). nil after a message when a file cannot
    /// be opened.
    private func redirect(_ redirections: [Redirection], into descriptors: [(child: UInt32, parent: UInt32)],
                          opened: inout [Int32]) -> [(child: UInt32, parent: UInt32)]? {
        var map = descriptors
        func assign(_ child: UInt32, _ parent: UInt32) {
            map.removeAll { $0.child == child }
            map.append((child, parent))
        }
        for redirection in redirections {
            switch redirection.kind {
            case .duplicate(let source):
                assign(redirection.fd, map.first { $0.child == source }?.parent ?? source)
            case .read, .write, .append:
                let (oflags, fdflags): (UInt32, UInt32) = switch redirection.kind {
                case .read: (0, 0)
                case .write: (1 | 8, 0)
                default: (1, 1)
                }
                let file = Path.open(Path.absolute(redirection.target, from: directory), oflags: oflags, fdflags: fdflags,
                                     write: oflags != 0)
                guard file.errno == 0 else {
                    complain("\(redirection.target): \(describe(file.errno))")
                    return nil
                }
                opened.append(file.fd)
                assign(redirection.fd, UInt32(file.fd))
            }
        }
        return map
    }

    /// Waits for `pid` and gives its status: the exit code, 128 + 6 for a trap, 128 + 9 when killed, 126 when
    /// it could not start (the last three with a message).
    private func waitFor(_ pid: UInt32) -> UInt32 {
        do throws(Walos.Failure) {
            let ending = try Walos.wait(pid)
            return code(of: ending)
        } catch {
            return 127
        }
    }

    private func code(of ending: Walos.Ending) -> UInt32 {
        switch ending.kind {
        case WALOS_EXITED: return ending.code
        case WALOS_TRAPPED:
            complain("process \(ending.pid) trapped: \(ending.message)")
            return 134
        case WALOS_KILLED:
            if interactive { complain("process \(ending.pid) killed") }
            return 137
        default:
            complain("process \(ending.pid) could not start: \(ending.message)")
            return 126
        }
    }

    /// Takes the background processes that have ended; an interactive shell says which jobs are done.
    func reapJobs() {
        while !jobs.isEmpty {
            guard let ending = try? Walos.wait(nil, noHang: true) else { break }
            ended.append((ending.pid, code(of: ending)))
            if ended.count > 64 { ended.removeFirst() }
            markEnded(ending.pid)
        }
    }

    private func markEnded(_ pid: UInt32) {
        guard let index = jobs.firstIndex(where: { $0.running.contains(pid) }) else { return }
        jobs[index].running.removeAll { $0 == pid }
        if jobs[index].running.isEmpty && interactive {
            Stream.error.line("[\(jobs[index].number)] Done \(jobs[index].text)")
            jobs.remove(at: index)
        }
    }

    // MARK: Builtins

    enum Builtin {
        case cd, pwd, exit, export, unset, jobs, wait, kill

        init?(_ name: String) {
            switch name {
            case "cd": self = .cd
            case "pwd": self = .pwd
            case "exit": self = .exit
            case "export": self = .export
            case "unset": self = .unset
            case "jobs": self = .jobs
            case "wait": self = .wait
            // A builtin as in every shell, and here for a reason of walos's own too: a process may stop only
            // its descendants, so a kill program the shell starts could not stop the shell's other children.
            case "kill": self = .kill
            default: return nil
            }
        }
    }

    private func runBuiltin(_ builtin: Builtin, _ command: Command, output standardOutput: UInt32 = 1) -> UInt32 {
        var opened: [Int32] = []
        defer { for fd in opened { _ = wasi_fd_close(fd) } }
        guard let map = redirect(command.redirections, into: [(1, standardOutput)], opened: &opened) else { return 1 }
        let output = Stream(fd: Int32(map.first { $0.child == 1 }?.parent ?? 1))
        let arguments = Array(command.words.dropFirst())
        switch builtin {
        case .cd:
            guard let destination = arguments.first ?? value("HOME") else {
                complain("cd: HOME not set")
                return 1
            }
            let target = Path.absolute(destination, from: directory)
            guard let found = Path.status(target) else {
                complain("cd: \(destination): no such file or directory")
                return 1
            }
            guard found.type == 3 else {
                complain("cd: \(destination): not a directory")
                return 1
            }
            set("PWD", target)
        case .pwd:
            output.line(directory)
        case .exit:
            ProgramContext.exit(arguments.first.flatMap { UInt32($0) } ?? status)
        case .export:
            if arguments.isEmpty {
                for variable in variables where variable.exported { output.line("export \(variable.name)=\(variable.value)") }
            }
            for argument in arguments {
                if let equals = argument.utf8.firstIndex(of: UInt8(ascii: "=")) {
                    set(String(argument[..<equals]), String(argument[argument.index(after: equals)...]), export: true)
                } else {
                    set(argument, value(argument) ?? "", export: true)
                }
            }
        case .unset:
            for argument in arguments { variables.removeAll { $0.name == argument } }
        case .jobs:
            reapJobs()
            for job in jobs { output.line("[\(job.number)] \(job.running.isEmpty ? "Done" : "Running") \(job.text)") }
            jobs.removeAll { $0.running.isEmpty }
        case .wait:
            return waitForJobs(arguments)
        case .kill:
            return kill(arguments)
        }
        return 0
    }

    /// `kill PID|%JOB...`: stops each (walos has no signals: a kill ends the process and its descendants).
    private func kill(_ arguments: [String]) -> UInt32 {
        guard !arguments.isEmpty else {
            complain("kill: usage: kill PID|%JOB...")
            return 2
        }
        var status: UInt32 = 0
        for argument in arguments {
            var pids: [UInt32] = []
            if argument.hasPrefix("%") {
                pids = Int(argument.dropFirst()).flatMap { number in jobs.first { $0.number == number }?.running } ?? []
            } else if let pid = UInt32(argument) {
                pids = [pid]
            }
            guard !pids.isEmpty else {
                complain("kill: \(argument): no such process or job")
                status = 1
                continue
            }
            for pid in pids {
                do throws(Walos.Failure) {
                    try Walos.kill(pid)
                } catch {
                    complain("kill: \(pid): \(describe(UInt16(error.errno)))")
                    status = 1
                }
            }
        }
        return status
    }

    /// A job's pids whose status `wait` has not yet taken.
    private func untaken(_ job: BackgroundJob) -> [UInt32] {
        job.pids.filter { pid in job.running.contains(pid) || ended.contains { $0.pid == pid } }
    }

    /// `wait`: every background job, or the ones named (`%N` or a pid); the status of the last one waited for.
    private func waitForJobs(_ arguments: [String]) -> UInt32 {
        var pids: [UInt32] = []
        if arguments.isEmpty {
            pids = jobs.flatMap(untaken)
        }
        for argument in arguments {
            if argument.hasPrefix("%"), let number = Int(argument.dropFirst()),
               let job = jobs.first(where: { $0.number == number }) {
                pids += untaken(job)
            } else if let pid = UInt32(argument), jobs.contains(where: { $0.running.contains(pid) })
                        || ended.contains(where: { $0.pid == pid }) {
                pids.append(pid)
            } else {
                complain("wait: \(argument): no such job")
                return 127
            }
        }
        var last: UInt32 = 0
        for pid in pids {
            if let index = ended.firstIndex(where: { $0.pid == pid }) {
                last = ended.remove(at: index).status
            } else {
                last = waitFor(pid)
                markEnded(pid)
            }
        }
        // A job whose every status has been taken is known to the user now.
        jobs.removeAll { $0.running.isEmpty && untaken($0).isEmpty }
        // POSIX: `wait` with no operands is 0.
        return arguments.isEmpty ? 0 : last
    }
}
