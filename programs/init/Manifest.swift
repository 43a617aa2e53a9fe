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
    /// The directories it is given (today: `/` or nothing), and the devices (recorded, not yet enforced).
    var directories: [String] = []
    var devices: [String] = []
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
            case "devices": current!.devices = words
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
