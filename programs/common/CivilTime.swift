import WASI

/// A UTC calendar date and time from seconds since the epoch (Howard Hinnant's civil_from_days).
struct CivilTime {
    let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    /// 0 Sunday ... 6 Saturday.
    let weekday: Int

    init(seconds: UInt64) {
        let days = Int(seconds / 86_400), rest = Int(seconds % 86_400)
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = rest / 3600
        minute = rest / 60 % 60
        second = rest % 60
        weekday = (days % 7 + 11) % 7  // 1970-01-01 was a Thursday
    }

    /// The wall clock now (clock_time_get, realtime).
    static var now: CivilTime {
        var nanoseconds: UInt64 = 0
        _ = wasi_clock_time_get(0, 1, &nanoseconds)
        return CivilTime(seconds: nanoseconds / 1_000_000_000)
    }

    /// `2026-12-05 14:52:00 UTC`.
    var text: String {
        "\(year)-\(pad(month, 2))-\(pad(day, 2)) \(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)) UTC"
    }
}

/// `value` in decimal, with zeros in front up to `width` digits.
func pad(_ value: Int, _ width: Int) -> String {
    var text = "\(value)"
    while text.utf8.count < width { text = "0" + text }
    return text
}
