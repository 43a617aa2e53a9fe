import WASI

/// `sleep DURATION...`: waits for the sum of the durations, each a decimal number of seconds with an optional
/// fraction and unit (s, m, h or d), as GNU sleep takes them. The wait is one poll_oneoff on the monotonic
/// clock, so a kill ends it at once.
@main
struct Sleep {
    static func main() {
        let operands = ProgramContext.arguments.dropFirst()
        guard !operands.isEmpty else {
            ProgramContext.complain("usage: sleep DURATION...")
            ProgramContext.exit(1)
        }
        var total: UInt64 = 0
        for operand in operands {
            guard let nanoseconds = nanoseconds(operand) else {
                ProgramContext.complain("invalid time interval '\(operand)'")
                ProgramContext.exit(1)
            }
            total = nanoseconds > UInt64.max - total ? UInt64.max : total + nanoseconds
        }
        wait(total)
    }

    /// DURATION in nanoseconds (saturated), or nil when it is not a number with an optional unit.
    static func nanoseconds(_ duration: String) -> UInt64? {
        var text = Substring(duration)
        var unit: UInt64 = 1
        switch text.last {
        case "s": unit = 1; text = text.dropLast()
        case "m": unit = 60; text = text.dropLast()
        case "h": unit = 3600; text = text.dropLast()
        case "d": unit = 86_400; text = text.dropLast()
        default: break
        }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !text.isEmpty, parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
              parts.contains(where: { !$0.isEmpty }) else { return nil }
        let perUnit = unit &* 1_000_000_000
        // Bounded before each step, so the wrapping operators never wrap (a checked 64-bit multiply needs
        // 128-bit arithmetic on wasm32, which the programs do not link).
        let limit = UInt64.max / perUnit
        var whole: UInt64 = 0
        for digit in parts[0].utf8 {
            guard whole <= (limit - UInt64(digit - 48)) / 10 else { return UInt64.max }
            whole = whole &* 10 + UInt64(digit - 48)
        }
        var result = whole &* perUnit
        // The fraction, to the nanosecond: digits past the ninth of a second are below the clock's resolution.
        var scale = perUnit
        for digit in (parts.count > 1 ? parts[1].utf8 : Substring("").utf8) {
            scale /= 10
            if scale == 0 { break }
            result += UInt64(digit - 48) &* scale
        }
        return result
    }

    /// Waits `nanoseconds` on the monotonic clock (a relative clock subscription).
    static func wait(_ nanoseconds: UInt64) {
        // wasi_snapshot_preview1 subscription: userdata u64 at 0, tag u8 at 8 (0 = clock), then the clock's
        // id u32 at 16, timeout u64 at 24, precision u64 at 32, flags u16 at 40 (0 = relative).
        var subscription = [UInt8](repeating: 0, count: 48)
        subscription[16] = 1
        for byte in 0..<8 { subscription[24 + byte] = UInt8(truncatingIfNeeded: nanoseconds >> (8 * UInt64(byte))) }
        var event = [UInt8](repeating: 0, count: 32)
        var ready: UInt32 = 0
        let errno = wasi_poll_oneoff(subscription, &event, 1, &ready)
        if errno != 0 {
            ProgramContext.complain("cannot wait: \(describe(errno))")
            ProgramContext.exit(1)
        }
    }
}
