/// One service of /etc/services (README, "Services").
struct ServiceConfig {
    enum Restart { case never, onFailure, always }

    var name: String
    var line: Int
    var module = ""
    var arguments: [String] = []
    var environment: [String] = []
    var after: [String] = []
    var restart = Restart.onFailure
    /// Restarts in a row before the service is given up on.
    var limit = 5
    /// The first restart's delay; each further one in a row doubles it (up to 30 s).
    var backoffMilliseconds: UInt64 = 100
    /// The services it may connect to through init.
    var calls: [String] = []
    /// The directories it is given (each a preopen), and the devices it may use.
    var directories: [String] = []
    var devices: [DeviceRight] = []
}

/// One word of `devices` (README, "Services"): what the kernel lets the service touch.
enum DeviceRight: Equatable {
    /// `port:N` or `ports:FIRST-LAST` (both included).
    case ports(first: UInt64, count: UInt64)
    /// `irq:N`, an ISA interrupt line (0 to 15).
    case interrupt(UInt64)
    /// `memory:ADDRESS+LENGTH` (page multiples), or `memory:framebuffer`, resolved when the service starts.
    case window(first: UInt64, count: UInt64)
    case framebuffer
    /// `console`: it may type on the console (a keyboard driver).
    case console

    init?(_ word: String) {
        let parts = word.split(separator: ":", maxSplits: 1).map { String($0) }
        switch (parts.first ?? "", parts.count == 2 ? parts[1] : nil) {
        case ("console", nil): self = .console
        case ("port", let value?):
            guard let port = DeviceRight.number(value), port < 65536 else { return nil }
            self = .ports(first: port, count: 1)
        case ("ports", let value?):
            let ends = value.split(separator: "-").map { DeviceRight.number(String($0)) }
            guard ends.count == 2, let first = ends[0], let last = ends[1], first <= last, last < 65536 else { return nil }
            self = .ports(first: first, count: last - first + 1)
        case ("irq", let value?):
            guard let line = DeviceRight.number(value), line < 16 else { return nil }
            self = .interrupt(line)
        case ("memory", "framebuffer"): self = .framebuffer
        case ("memory", let value?):
            let parts = value.split(separator: "+").map { DeviceRight.number(String($0)) }
            guard parts.count == 2, let first = parts[0], let count = parts[1], count > 0,
                  first & 0xFFF == 0, count & 0xFFF == 0 else { return nil }
            self = .window(first: first, count: count)
        default: return nil
        }
    }

    /// Decimal, or hexadecimal after 0x; below 2^52 (a physical address), which also keeps the arithmetic in
    /// 64 bits: a checked 64-bit parse needs 128-bit multiplication on wasm32, which is not linked.
    static func number(_ text: String) -> UInt64? {
        let hex = text.hasPrefix("0x")
        let digits = Array((hex ? text.dropFirst(2) : Substring(text)).utf8)
        guard !digits.isEmpty, digits.count <= (hex ? 13 : 15) else { return nil }
        var value: UInt64 = 0
        for digit in digits {
            let d: UInt8
            switch digit {
            case 48...57: d = digit - 48
            case 97...102 where hex: d = digit - 87
            case 65...70 where hex: d = digit - 55
            default: return nil
            }
            value = value &* (hex ? 16 : 10) &+ UInt64(d)
        }
        return value < 1 << 52 ? value : nil
    }
}

/// The manifest's parser: sections `[name]`, then `key = value` lines; `#` starts a comment. A bad line is
/// a warning with its line number and its service is left out; the rest of the file still counts.
enum Manifest {
    static func parse(_ text: String, path: String, warn: (String) -> Void) -> [ServiceConfig] {
        var services: [ServiceConfig] = []
        var current: ServiceConfig? = nil
        var broken = false
        func finish() {
            guard var service = current else { return }
            current = nil
            if broken { return }
            if service.module.isEmpty {
                warn("\(path):\(service.line): \(service.name) has no module; skipped")
                return
            }
            if services.contains(where: { $0.name == service.name }) {
                warn("\(path):\(service.line): \(service.name) is defined twice; skipped")
                return
            }
            service.after = service.after.filter { $0 != service.name }
            services.append(service)
        }
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = trimmed(Substring(rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""))
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                finish()
                broken = false
                let name = line.hasSuffix("]") ? String(line.dropFirst().dropLast()) : ""
                guard isName(name) else {
                    warn("\(path):\(number): bad section \(line); skipped")
                    current = ServiceConfig(name: "?", line: number)
                    broken = true
                    continue
                }
                current = ServiceConfig(name: name, line: number)
                continue
            }
            guard current != nil else {
                warn("\(path):\(number): a line outside any [service]; ignored")
                continue
            }
            if broken { continue }
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = parts.count == 2 ? trimmed(parts[0]) : ""
            let value = parts.count == 2 ? trimmed(parts[1]) : ""
            let words = value.split(separator: " ").map { String($0) }
            var problem: String? = nil
            switch key {
            case "module":
                if value.hasPrefix("/") && words.count == 1 { current!.module = value } else { problem = "module must be one absolute path" }
            case "args": current!.arguments = words
            case "env":
                if words.allSatisfy({ $0.utf8.contains(61) && !$0.hasPrefix("=") }) { current!.environment = words }
                else { problem = "env takes NAME=VALUE words" }
            case "after":
                if words.allSatisfy(isName) { current!.after = words } else { problem = "after takes service names" }
            case "calls":
                if words.allSatisfy(isName) { current!.calls = words } else { problem = "calls takes service names" }
            case "restart":
                switch value {
                case "never": current!.restart = .never
                case "on-failure": current!.restart = .onFailure
                case "always": current!.restart = .always
                default: problem = "restart is never, on-failure or always"
                }
            case "limit":
                if let limit = Int(value), limit >= 0, limit <= 1000 { current!.limit = limit } else { problem = "limit is a count (0 to 1000)" }
            case "backoff":
                if let milliseconds = duration(value) { current!.backoffMilliseconds = milliseconds }
                else { problem = "backoff is a duration such as 100ms or 2s" }
            case "dirs":
                if words.allSatisfy({ $0.hasPrefix("/") }) { current!.directories = words } else { problem = "dirs takes absolute paths" }
            case "devices":
                let rights = words.compactMap { DeviceRight($0) }
                if rights.count == words.count { current!.devices = rights }
                else { problem = "devices takes port:N, ports:A-B, irq:N, memory:ADDRESS+LENGTH, memory:framebuffer or console" }
            case "": problem = "not a `key = value` line"
            default: problem = "unknown key \(key)"
            }
            if let problem {
                warn("\(path):\(number): \(problem); \(current!.name) skipped")
                broken = true
            }
        }
        finish()
        return services
    }

    static func isName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 32 && name.utf8.allSatisfy {
            ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 || ($0 >= 65 && $0 <= 90)
        }
    }

    /// `100ms`, `2s` or a bare number of milliseconds.
    static func duration(_ text: String) -> UInt64? {
        var digits = Substring(text)
        var scale: UInt64 = 1
        if digits.hasSuffix("ms") { digits = digits.dropLast(2) } else if digits.hasSuffix("s") { digits = digits.dropLast(); scale = 1000 }
        // Parsed by hand: a checked 64-bit multiply needs 128-bit arithmetic on wasm32, which is not linked.
        guard let value = Int(digits), value >= 0, value <= 3_600_000 else { return nil }
        return UInt64(value) &* scale
    }

    static func trimmed(_ text: Substring) -> String {
        var text = text
        while let first = text.first, first == " " || first == "\t" || first == "\r" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text = text.dropLast() }
        return String(text)
    }
}
