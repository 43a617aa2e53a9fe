/// /srv/echo.wasm, a service (README, "Services"): it answers each request on each client's endpoint with
/// `NAME PID: TEXT` (its service name, its pid and the request), serving many clients at once. `read PATH`
/// answers with the file's first line (when its manifest gave it `dirs = /`); `crash` makes it trap (for tests
/// of restarts); `--exit CODE` makes it exit at once, before it is ready; `--check NAME`
/// makes it call service NAME through init at its start and say what it answered.
import CWalos

@main
struct Echo {
    static func main() {
        guard let control = number("WALOS_SERVICE_FD") else {
            ProgramContext.complain("not started as a service (WALOS_SERVICE_FD is not set)")
            ProgramContext.exit(2)
        }
        let name = ProgramContext.variable("WALOS_SERVICE") ?? "echo"
        var pid: UInt32 = 0, parent: UInt32 = 0
        _ = walos_self(&pid, &parent)
        var arguments = Array(ProgramContext.arguments.dropFirst())
        while arguments.count >= 2 {
            let option = arguments.removeFirst(), value = arguments.removeFirst()
            switch option {
            case "--exit":
                ProgramContext.exit(UInt32(value) ?? 1)
            case "--check":
                check(value, as: name)
            default:
                ProgramContext.complain("unknown option \(option)")
                ProgramContext.exit(2)
            }
        }
        do throws(Walos.Failure) {
            try Walos.serviceReady(control)
        } catch {
            ProgramContext.exit(1)
        }
        var clients: [UInt32] = []
        while true {
            for fd in Poll.readable([control] + clients, timeout: nil) {
                do throws(Walos.Failure) {
                    let message = try Walos.receive(fd)
                    if fd == control {
                        // init hands over a new client's endpoint.
                        clients += message.handles
                        continue
                    }
                    let text = String(decoding: message.bytes, as: UTF8.self)
                    if text == "crash" { crash() }
                    let answer = text.hasPrefix("read ") ? read(String(text.dropFirst(5))) : text
                    try Walos.send(fd, Walos.Message(Array("\(name) \(pid): \(answer)".utf8)))
                } catch {
                    // init is gone: the system stops; a client is gone: forget it.
                    if fd == control { ProgramContext.exit(0) }
                    Stream(fd: Int32(fd)).close()
                    clients.removeAll { $0 == fd }
                }
            }
        }
    }

    static func number(_ variable: String) -> UInt32? { ProgramContext.variable(variable).flatMap { UInt32($0) } }

    /// Calls `service` once through init and prints what came back (or why nothing did).
    static func check(_ service: String, as name: String) {
        guard let initEndpoint = number("WALOS_INIT_FD") else { return }
        do throws(Walos.Failure) {
            let endpoint = try Walos.connect(initEndpoint, service: service)
            let reply = try Walos.call(endpoint, Walos.Message(Array("hello from \(name)".utf8)))
            Stream.output.line("\(name): \(service) answered: \(String(decoding: reply.bytes, as: UTF8.self))")
            Stream(fd: Int32(endpoint)).close()
        } catch {
            Stream.output.line("\(name): cannot call \(service): \(describe(UInt16(error.errno)))")
        }
    }

    /// The first line of file `path`, if the service was given a directory that holds it (`dirs = /`).
    static func read(_ path: String) -> String {
        let file = Path.open(path)
        guard file.errno == 0 else { return "cannot read \(path): \(describe(file.errno))" }
        defer { Stream(fd: file.fd).close() }
        let (bytes, errno) = Stream(fd: file.fd).read(4096)
        guard errno == 0 else { return "cannot read \(path): \(describe(errno))" }
        return String(decoding: bytes.prefix { $0 != 10 }, as: UTF8.self)
    }

    static func crash() -> Never {
        fatalError("crash requested")
    }
}
