import WASI
import CWalos

/// /bin/init, the service manager and walos's first WebAssembly process: it starts the services of
/// /etc/services in the order their `after` lines ask, hands out endpoints to them (only to processes whose
/// manifest lists the service in `calls`, and to the console session), restarts them by their restart policy,
/// and then runs the console session (`/bin/sh.wasm -i`). When that session ends it stops the services and
/// exits with the session's status, and walos powers off. README "Services"; docs/abi.md "The service manager".
@main
struct Init {
    static func main() {
        Manager().run()
    }
}

final class Service {
    enum State { case waiting, starting, running, backoff, stopped, exited, failed }

    let config: ServiceConfig
    var state = State.waiting
    var pid: UInt32 = 0
    /// Every restart by policy since boot, and those in a row (against the limit).
    var restarts = 0
    var failures = 0
    var lastExit = "-"
    /// init's end of the channel on which the service gets its clients (its WALOS_SERVICE_FD).
    var control: UInt32? = nil
    /// init's end of the service's own endpoint to init (its WALOS_INIT_FD).
    var requests: UInt32? = nil
    /// Clients' endpoints (the service's ends) that wait for the service to be ready.
    var pending: [UInt32] = []
    /// When a backoff ends, or by when a starting service must have said it is ready.
    var deadline: UInt64 = 0
    var startedAt: UInt64 = 0
    var stopRequested = false
    var restartRequested = false

    init(_ config: ServiceConfig) { self.config = config }

    var name: String { config.name }

    var stateName: String {
        switch state {
        case .waiting: "waiting"
        case .starting: "starting"
        case .running: "running"
        case .backoff: "restarting"
        case .stopped: "stopped"
        case .exited: "exited"
        case .failed: "failed"
        }
    }

    /// Up, or done for good: what the services after it wait for.
    var isSettled: Bool { state != .waiting && state != .starting && state != .backoff }
}

final class Manager {
    static let manifestPath = "/etc/services"
    static let consoleProgram = "/bin/sh.wasm"
    static let millisecond: UInt64 = 1_000_000
    /// How long a service may take to say it is ready, and the boot to bring the services up, before the
    /// services after it (and the console) start anyway.
    static let readyLimit: UInt64 = 5_000_000_000
    static let bootLimit: UInt64 = 10_000_000_000
    /// A run this long forgives the failures before it: the next crash starts the backoff and the count over.
    static let healthyRun: UInt64 = 30_000_000_000

    var services: [Service] = []
    var consolePid: UInt32 = 0
    var consoleEndpoint: UInt32? = nil
    /// Further endpoints to init (`endpoint` requests), each with the rights of the process that asked for it
    /// (owner nil: the console session's): one for each command the shell runs, so that no two processes
    /// share one and take each other's replies.
    var derived: [(fd: UInt32, owner: Service?)] = []
    static let derivedLimit = 256
    var consoleStarted = false
    var consoleStatus: UInt32? = nil
    var bootDeadline: UInt64 = 0

    func log(_ line: String) { Stream.output.line("svc: " + line) }

    func run() -> Never {
        load()
        bootDeadline = Poll.now() + Manager.bootLimit
        while true {
            startDue()
            if !consoleStarted && (services.allSatisfy { $0.isSettled } || Poll.now() >= bootDeadline) {
                consoleStarted = true
                startConsole()
            }
            if let status = consoleStatus { shutdown(status) }
            var fds: [UInt32] = []
            for service in services {
                if let control = service.control { fds.append(control) }
                if let requests = service.requests { fds.append(requests) }
            }
            if let consoleEndpoint { fds.append(consoleEndpoint) }
            fds += derived.map { $0.fd }
            let ready = Poll.readable(fds, timeout: timeout())
            for fd in ready { handle(fd) }
            reap()
        }
    }

    // MARK: The manifest

    func load() {
        let opened = Path.open(Manager.manifestPath)
        guard opened.errno == 0 else {
            log("no \(Manager.manifestPath) (\(describe(opened.errno))): no services")
            return
        }
        var bytes: [UInt8] = []
        _ = Files.forEachChunk(of: opened.fd) { chunk in
            bytes += chunk
            return true
        }
        _ = wasi_fd_close(opened.fd)
        var configs = Manifest.parse(String(decoding: bytes, as: UTF8.self), path: Manager.manifestPath) { log($0) }
        for index in configs.indices {
            for dependency in configs[index].after where !configs.contains(where: { $0.name == dependency }) {
                log("\(configs[index].name): after \(dependency), which is no service; ignored")
            }
            configs[index].after = configs[index].after.filter { dependency in configs.contains { $0.name == dependency } }
        }
        // The services whose dependencies can all come first, in the manifest's order; the others are in (or
        // behind) a cycle of `after` lines.
        var ordered: [ServiceConfig] = []
        var changed = true
        while changed {
            changed = false
            for config in configs where !ordered.contains(where: { $0.name == config.name })
                && config.after.allSatisfy({ dependency in ordered.contains { $0.name == dependency } }) {
                ordered.append(config)
                changed = true
            }
        }
        for config in configs where !ordered.contains(where: { $0.name == config.name }) {
            log("\(config.name): its `after` services wait for it in a cycle; skipped")
        }
        services = ordered.map { Service($0) }
    }

    func service(_ name: String) -> Service? { services.first { $0.name == name } }

    // MARK: Starting

    /// Starts what may start now: waiting services whose `after` services are settled, restarts whose
    /// backoff is over; a starting service past its time to be ready counts as running.
    func startDue() {
        var changed = true
        while changed {
            changed = false
            let now = Poll.now()
            for service in services {
                switch service.state {
                case .waiting:
                    if service.config.after.allSatisfy({ self.service($0)?.isSettled ?? true }) {
                        start(service)
                        changed = true
                    }
                case .backoff where now >= service.deadline:
                    start(service)
                    changed = true
                case .starting where now >= service.deadline:
                    log("\(service.name) did not say it is ready in \(Manager.readyLimit / Manager.millisecond) ms; taken as running")
                    running(service)
                    changed = true
                default:
                    break
                }
            }
        }
    }

    func start(_ service: Service) {
        let config = service.config
        var map: [(child: UInt32, parent: UInt32)] = [(1, 1), (2, 2)]
        var next: UInt32 = 3
        // Its directories, as preopens from 3 on (a directory spawn hands over is a preopen of the child, named
        // by the path it was opened with); those opened here are closed once the child has its own.
        var opened: [Int32] = []
        defer { for fd in opened { _ = wasi_fd_close(fd) } }
        for directory in config.directories {
            var fd = Path.rootPreopen ?? -1
            if directory != "/" {
                let (directoryFd, errno) = Path.open(directory, oflags: 2)
                guard errno == 0 else {
                    log("\(service.name): dirs \(directory): \(describe(errno)); not given")
                    continue
                }
                fd = directoryFd
                opened.append(fd)
            }
            guard fd >= 0 else { continue }
            map.append((next, UInt32(fd)))
            next += 1
        }
        let control: (UInt32, UInt32), requests: (UInt32, UInt32)
        do throws(Walos.Failure) {
            control = try Walos.channel()
            requests = try Walos.channel()
        } catch {
            log("\(service.name): cannot start: no channel (\(describe(UInt16(error.errno))))")
            failed(service)
            return
        }
        map.append((next, control.1))
        map.append((next + 1, requests.1))
        let environment = config.environment + ["WALOS_SERVICE=\(service.name)", "WALOS_SERVICE_FD=\(next)",
                                                "WALOS_INIT_FD=\(next + 1)"]
        let pid: UInt32
        do throws(Walos.Failure) {
            // Only standard output and error, the boot log: the console's input stays the session's.
            pid = try Walos.spawn(config.module, arguments: [config.module] + config.arguments,
                                  environment: environment, descriptors: map, standardStreams: false,
                                  devices: try config.devices.map(grant))
        } catch {
            for fd in [control.0, control.1, requests.0, requests.1] { _ = wasi_fd_close(Int32(fd)) }
            log("\(service.name): cannot start: \(config.module): \(describe(UInt16(error.errno)))")
            service.lastExit = "no start"
            failed(service)
            return
        }
        _ = wasi_fd_close(Int32(control.1))
        _ = wasi_fd_close(Int32(requests.1))
        service.pid = pid
        service.control = control.0
        service.requests = requests.0
        service.state = .starting
        service.startedAt = Poll.now()
        service.deadline = service.startedAt + Manager.readyLimit
        service.stopRequested = false
        service.restartRequested = false
        log("started \(service.name) (pid \(pid))")
    }

    /// The kernel's form of a device right; the framebuffer's window is asked of the kernel (ENODEV: none).
    func grant(_ right: DeviceRight) throws(Walos.Failure) -> walos_device_grant {
        switch right {
        case .ports(let first, let count): return Walos.grant(WALOS_GRANT_PORTS, first: first, count: count)
        case .interrupt(let line): return Walos.grant(WALOS_GRANT_INTERRUPTS, first: line, count: 1)
        case .window(let first, let count): return Walos.grant(WALOS_GRANT_WINDOW, first: first, count: count)
        case .framebuffer:
            let screen = try Walos.framebuffer()
            return Walos.grant(WALOS_GRANT_WINDOW, first: screen.physical, count: (screen.size + 4095) & ~4095)
        case .console: return Walos.grant(WALOS_GRANT_CONSOLE)
        }
    }

    /// The service serves: the clients that waited for it get it.
    func running(_ service: Service) {
        service.state = .running
        let waiting = service.pending
        service.pending = []
        for endpoint in waiting { deliver(endpoint, to: service) }
    }

    /// Hands a client's endpoint (the service's end) to the service, or keeps it for the next instance.
    func deliver(_ endpoint: UInt32, to service: Service) {
        if service.state == .running, let control = service.control {
            do throws(Walos.Failure) {
                try Walos.send(control, Walos.Message(Array("connect".utf8), handles: [endpoint]))
                return
            } catch {}
        }
        service.pending.append(endpoint)
    }

    /// Done for good: its waiting clients see the end of their endpoints.
    func failed(_ service: Service, state: Service.State = .failed) {
        service.state = state
        for endpoint in service.pending { _ = wasi_fd_close(Int32(endpoint)) }
        service.pending = []
    }

    func startConsole() {
        var map: [(child: UInt32, parent: UInt32)] = []
        var next: UInt32 = 3
        if let root = Path.rootPreopen {
            map.append((3, UInt32(root)))
            next = 4
        }
        do throws(Walos.Failure) {
            let endpoint = try Walos.channel()
            map.append((next, endpoint.1))
            let environment = ProgramContext.environment.filter { !$0.hasPrefix("WALOS_INIT_FD=") }
                + ["WALOS_INIT_FD=\(next)"]
            consolePid = try Walos.spawn(Manager.consoleProgram, arguments: [Manager.consoleProgram, "-i"],
                                         environment: environment, descriptors: map)
            _ = wasi_fd_close(Int32(endpoint.1))
            consoleEndpoint = endpoint.0
        } catch {
            log("cannot start the console session \(Manager.consoleProgram): \(describe(UInt16(error.errno)))")
            consoleStatus = 127
        }
    }

    // MARK: Waiting

    /// How long the next poll may wait: until the next backoff or readiness deadline, and not at all past
    /// the boot's while the console waits. A process whose endpoints are all gone is reaped by a short tick.
    func timeout() -> UInt64? {
        let now = Poll.now()
        var until: UInt64? = nil
        func consider(_ deadline: UInt64) { until = min(until ?? deadline, deadline) }
        for service in services {
            if service.state == .backoff || service.state == .starting { consider(service.deadline) }
            if service.pid != 0 && service.control == nil { consider(now + 50_000_000) }
        }
        if !consoleStarted { consider(bootDeadline) }
        if consolePid != 0 && consoleEndpoint == nil { consider(now + 50_000_000) }
        guard let until else { return nil }
        return until > now ? until - now : 0
    }

    func handle(_ fd: UInt32) {
        if let service = services.first(where: { $0.control == fd }) {
            do throws(Walos.Failure) {
                let message = try Walos.receive(fd)
                if message.bytes == Array("ready".utf8) && service.state == .starting { running(service) }
                for handle in message.handles { _ = wasi_fd_close(Int32(handle)) }
            } catch {
                _ = wasi_fd_close(Int32(fd))
                service.control = nil
            }
            return
        }
        let owner = services.first { $0.requests == fd } ?? derived.first { $0.fd == fd }?.owner
        do throws(Walos.Failure) {
            let message = try Walos.receive(fd)
            for handle in message.handles { _ = wasi_fd_close(Int32(handle)) }
            let reply = answer(String(decoding: message.bytes, as: UTF8.self), from: owner)
            do throws(Walos.Failure) {
                try Walos.send(fd, reply)
            } catch {
                for handle in reply.handles { _ = wasi_fd_close(Int32(handle)) }
            }
        } catch {
            _ = wasi_fd_close(Int32(fd))
            if let owner, owner.requests == fd { owner.requests = nil }
            if consoleEndpoint == fd { consoleEndpoint = nil }
            derived.removeAll { $0.fd == fd }
        }
    }

    /// The reply to one request from `owner` (nil: the console session).
    func answer(_ request: String, from owner: Service?) -> Walos.Message {
        func reply(_ errno: UInt32, _ text: String = "") -> Walos.Message {
            Walos.Message(Array((text.isEmpty ? "\(errno)" : "\(errno)\n\(text)").utf8))
        }
        let words = request.split(separator: " ").map { String($0) }
        guard let verb = words.first else { return reply(28) }
        if verb == "list" && words.count == 1 {
            var text = ""
            for service in services {
                text += "\(service.name)\t\(service.stateName)\t\(service.pid)\t\(service.restarts)\t\(service.lastExit)\n"
            }
            return reply(0, text)
        }
        if verb == "endpoint" && words.count <= 2 {
            // `endpoint N`: N of them (1 to 8, one message's worth) in one reply.
            let count = words.count == 2 ? Int(words[1]) ?? 0 : 1
            guard count >= 1 && count <= 8 else { return reply(28, "1 to 8 endpoints") }
            guard derived.count + count <= Manager.derivedLimit else { return reply(6, "too many endpoints") }  // EAGAIN
            var given: [UInt32] = []
            for _ in 0..<count {
                do throws(Walos.Failure) {
                    let (kept, handed) = try Walos.channel()
                    derived.append((kept, owner))
                    given.append(handed)
                } catch {
                    for fd in given { _ = wasi_fd_close(Int32(fd)) }
                    return reply(error.errno)
                }
            }
            return Walos.Message(Array("0".utf8), handles: given)
        }
        guard words.count == 2 else { return reply(28, "unknown request") }
        guard let service = service(words[1]) else { return reply(44, "no such service") }
        switch verb {
        case "connect":
            if let owner, !owner.config.calls.contains(service.name) {
                log("\(owner.name) may not call \(service.name): refused")
                return reply(2, "not granted")
            }
            if service.state == .stopped || service.state == .exited || service.state == .failed {
                return reply(14, "\(service.name) is \(service.stateName)")
            }
            do throws(Walos.Failure) {
                let (client, server) = try Walos.channel()
                deliver(server, to: service)
                return Walos.Message(Array("0".utf8), handles: [client])
            } catch {
                return reply(error.errno)
            }
        case "start", "stop", "restart", "kill":
            // Only the console session manages services.
            guard owner == nil else { return reply(63, "not permitted") }
            return manage(verb, service)
        default:
            return reply(28, "unknown request")
        }
    }

    func manage(_ verb: String, _ service: Service) -> Walos.Message {
        let idle = service.pid == 0
        switch verb {
        case "kill":
            guard !idle else { return Walos.Message(Array("71\nnot running".utf8)) }
            log("killing \(service.name) (pid \(service.pid))")
            end(service)
        case "stop":
            if idle {
                if service.state != .failed && service.state != .exited { failed(service, state: .stopped) }
            } else {
                service.stopRequested = true
                end(service)
            }
        default:  // start, restart
            if idle {
                service.failures = 0
                service.state = .waiting
            } else if verb == "restart" {
                service.stopRequested = true
                service.restartRequested = true
                end(service)
            }
        }
        return Walos.Message(Array("0".utf8))
    }

    /// Kills the service's instance and waits for its end (it comes at the instance's next safe point), so
    /// that no client is handed to an instance that is going.
    func end(_ service: Service) {
        let pid = service.pid
        _ = try? Walos.kill(pid)
        do throws(Walos.Failure) {
            ended(service, try Walos.wait(pid))
        } catch {}
    }

    // MARK: Endings

    func reap() {
        while true {
            let ending: Walos.Ending
            do throws(Walos.Failure) {
                guard let ended = try Walos.wait(nil, noHang: true) else { return }
                ending = ended
            } catch {
                return
            }
            if ending.pid == consolePid {
                consolePid = 0
                consoleStatus = ending.kind == WALOS_EXITED ? ending.code : 1
                if let consoleEndpoint { _ = wasi_fd_close(Int32(consoleEndpoint)) }
                consoleEndpoint = nil
            } else if let service = services.first(where: { $0.pid == ending.pid }) {
                ended(service, ending)
            }
        }
    }

    func ended(_ service: Service, _ ending: Walos.Ending) {
        for fd in [service.control, service.requests] { if let fd { _ = wasi_fd_close(Int32(fd)) } }
        service.control = nil
        service.requests = nil
        service.pid = 0
        let how: String
        switch ending.kind {
        case WALOS_EXITED:
            how = "exited with status \(ending.code)"
            service.lastExit = "status \(ending.code)"
        case WALOS_TRAPPED:
            how = "trapped: \(ending.message)"
            service.lastExit = "trapped"
        case WALOS_KILLED:
            how = "was killed"
            service.lastExit = "killed"
        default:
            how = "could not start: \(ending.message)"
            service.lastExit = "no start"
        }
        let failure = !(ending.kind == WALOS_EXITED && ending.code == 0)
        if service.stopRequested {
            log("stopped \(service.name)")
            if service.restartRequested {
                service.failures = 0
                service.state = .waiting
            } else {
                failed(service, state: .stopped)
            }
            return
        }
        if Poll.now() - service.startedAt >= Manager.healthyRun { service.failures = 0 }
        let policy = service.config.restart
        guard policy == .always || (policy == .onFailure && failure) else {
            log("\(service.name) \(how)")
            failed(service, state: failure ? .failed : .exited)
            return
        }
        guard service.failures < service.config.limit else {
            log("\(service.name) \(how)")
            log("\(service.name) failed too often, stopped")
            failed(service)
            return
        }
        service.failures += 1
        service.restarts += 1
        let delay = min(service.config.backoffMilliseconds << UInt64(min(service.failures - 1, 20)), 30_000)
        log("\(service.name) \(how), restart \(service.failures) of \(service.config.limit) in \(delay) ms")
        service.state = .backoff
        service.deadline = Poll.now() + delay &* Manager.millisecond
    }

    /// The console session has ended: the services stop, and init exits with the session's status.
    func shutdown(_ status: UInt32) -> Never {
        for service in services where service.pid != 0 {
            _ = try? Walos.kill(service.pid)
            _ = try? Walos.wait(service.pid)
            log("stopped \(service.name)")
        }
        ProgramContext.exit(status)
    }
}
