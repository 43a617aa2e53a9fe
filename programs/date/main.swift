/// `date [-I]`: the date and time in UTC as `date -u` writes it in the C locale (`Sat Dec  5 14:52:00 UTC 2026`),
/// or `-I` the ISO 8601 date alone.
@main
struct DateCommand {
    static func main() {
        let options = Options(Array(ProgramContext.arguments.dropFirst()), known: "Iu", usage: "date [-uI]")
        let now = CivilTime.now
        if options.has("I") {
            Stream.output.line("\(now.year)-\(pad(now.month, 2))-\(pad(now.day, 2))")
            return
        }
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = now.day < 10 ? " \(now.day)" : "\(now.day)"
        Stream.output.line("\(days[now.weekday]) \(months[now.month - 1]) \(day) \(pad(now.hour, 2)):\(pad(now.minute, 2)):"
                           + "\(pad(now.second, 2)) UTC \(now.year)")
    }
}
