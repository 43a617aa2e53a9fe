/// The CMOS real-time clock: wall-clock time at boot, as seconds since the Unix epoch (the RTC keeps UTC on the
/// machines walos targets, as QEMU's does by default).
enum RealTimeClock {
    private static let address = Port(0x70), data = Port(0x71)

    struct Reading: Equatable {
        var second, minute, hour, day, month, year: Int
    }

    /// `centuryRegister` comes from the ACPI FADT when it names one.
    static func read(centuryRegister: UInt8 = 0) -> Reading {
        var previous = raw(centuryRegister)
        while true {
            let current = raw(centuryRegister)
            if current == previous { return decode(current, statusB: register(0x0B)) }
            previous = current
        }
    }

    static func secondsSinceEpoch(centuryRegister: UInt8 = 0) -> Int64 {
        let r = read(centuryRegister: centuryRegister)
        return daysSinceEpoch(year: r.year, month: r.month, day: r.day) * 86_400
            + Int64(r.hour * 3600 + r.minute * 60 + r.second)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func raw(_ centuryRegister: UInt8) -> [UInt8] {
        while register(0x0A) & 0x80 != 0 {}  // wait out an update in progress
        return [register(0x00), register(0x02), register(0x04), register(0x07), register(0x08), register(0x09),
                centuryRegister == 0 ? 0 : register(centuryRegister)]
    }

    private static func decode(_ r: [UInt8], statusB: UInt8) -> Reading {
        let binary = statusB & 0x04 != 0, twentyFourHour = statusB & 0x02 != 0
        func value(_ byte: UInt8) -> Int { binary ? Int(byte) : Int(byte >> 4) * 10 + Int(byte & 0x0F) }
        var hour = value(r[2] & 0x7F)
        if !twentyFourHour && r[2] & 0x80 != 0 { hour = (hour % 12) + 12 } else if !twentyFourHour && hour == 12 { hour = 0 }
        let century = r[6] == 0 ? 20 : value(r[6])
        return Reading(second: value(r[0]), minute: value(r[1]), hour: hour, day: value(r[3]), month: value(r[4]),
                       year: century * 100 + value(r[5]))
    }

    private static func register(_ index: UInt8) -> UInt8 {
        address.write8(index)
        return data.read8()
    }
}
