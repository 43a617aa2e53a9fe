import WASI

/// `uptime`: how long walos has run (the monotonic clock starts at boot), and how many processes there are.
@main
struct Uptime {
    static func main() {
        var nanoseconds: UInt64 = 0
        _ = wasi_clock_time_get(1, 1, &nanoseconds)
        let seconds = Int(nanoseconds / 1_000_000_000)
        let days = seconds / 86_400
        var text = "up "
        if days > 0 { text += "\(days) day\(days == 1 ? "" : "s"), " }
        text += "\(seconds / 3600 % 24):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if let processes = try? Walos.list() { text += ", \(processes.count) processes" }
        Stream.output.line(text)
    }
}
