/// `svc`: the services of /etc/services as init sees them (README, "Services"), asked of init over the
/// endpoint the shell was given (WALOS_INIT_FD).
///
///   svc [list]                          name, state, pid, restarts and last exit of each service
///   svc start|stop|restart|kill NAME    kill stops the running instance as a crash would: its policy decides
///   svc call NAME TEXT...               connects to NAME through init, sends TEXT, prints the reply
@main
struct Svc {
    static func main() {
        let arguments = Array(ProgramContext.arguments.dropFirst())
        guard let text = ProgramContext.variable("WALOS_INIT_FD"), let endpoint = UInt32(text) else {
            ProgramContext.complain("no service manager here (WALOS_INIT_FD is not set)")
            ProgramContext.exit(1)
        }
        let verb = arguments.first ?? "list"
        do throws(Walos.Failure) {
            switch verb {
            case "list" where arguments.count <= 1:
                list(try Walos.ask(endpoint, "list").text)
            case "start", "stop", "restart", "kill":
                guard arguments.count == 2 else { usage() }
                _ = try Walos.ask(endpoint, verb + " " + arguments[1])
            case "call":
                guard arguments.count >= 3 else { usage() }
                let service = try Walos.connect(endpoint, service: arguments[1])
                let reply = try Walos.call(service, Walos.Message(Array(arguments.dropFirst(2).joined(separator: " ").utf8)))
                Stream.output.line(String(decoding: reply.bytes, as: UTF8.self))
            default:
                usage()
            }
        } catch {
            let name = arguments.count > 1 ? arguments[1] : verb
            ProgramContext.complain("\(name): " + reason(error.errno))
            ProgramContext.exit(1)
        }
    }

    static func reason(_ errno: UInt32) -> String {
        switch errno {
        case 2: "not granted"
        case 14: "not running (stopped or failed)"
        case 44: "no such service"
        case 64: "the service ended"
        case 71: "not running"
        default: describe(UInt16(errno))
        }
    }

    static func list(_ text: String) {
        Stream.output.line("NAME             STATE         PID  RESTARTS  LAST EXIT")
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0) }
            guard fields.count == 5 else { continue }
            Stream.output.line(padded(fields[0], 16) + " " + padded(fields[1], 10) + column(fields[2] == "0" ? "-" : fields[2], 6)
                               + column(fields[3], 10) + "  " + fields[4])
        }
    }

    static func padded(_ text: String, _ width: Int) -> String {
        var text = text
        while text.utf8.count < width { text += " " }
        return text
    }

    static func usage() -> Never {
        ProgramContext.complain("usage: svc [list] | svc start|stop|restart|kill NAME | svc call NAME TEXT...")
        ProgramContext.exit(2)
    }
}
