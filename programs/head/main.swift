/// `head [-n COUNT] [FILE...]`: the first COUNT lines (10) of each file, or of standard input.
@main
struct Head {
    static func main() {
        var arguments = Array(ProgramContext.arguments.dropFirst())
        // The old form `-COUNT`.
        if let first = arguments.first, first.hasPrefix("-"), let count = Int(first.dropFirst()) {
            arguments[0] = "-n\(count)"
        }
        let options = Options(arguments, known: "", withValue: "n", usage: "head [-n COUNT] [FILE...]")
        guard let count = Int(options.value("n") ?? "10"), count >= 0 else {
            ProgramContext.complain("invalid number of lines: \(options.value("n") ?? "")")
            ProgramContext.exit(2)
        }
        let many = options.operands.count > 1
        var first = true
        let ok = Files.eachInput(options.operands) { name, fd in
            if many { Stream.output.write((first ? "" : "\n") + "==> \(name) <==\n") }
            first = false
            var left = count
            _ = Files.forEachChunk(of: fd) { chunk in
                var end = 0
                while end < chunk.count && left > 0 {
                    if chunk[end] == 10 { left -= 1 }
                    end += 1
                }
                Stream.output.write(Array(chunk[..<end]))
                return left > 0
            }
        }
        ProgramContext.exit(ok ? 0 : 1)
    }
}
