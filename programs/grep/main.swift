/// `grep [-ivnc] PATTERN [FILE...]`: the lines that contain PATTERN (a fixed string); `-i` ignores ASCII
/// case, `-v` selects the lines that do not, `-n` numbers them, `-c` counts them. Status 0 when a line was
/// selected, 1 when none was, 2 on an error.
@main
struct Grep {
    static func main() {
        let usage = "grep [-ivnc] PATTERN [FILE...]"
        let options = Options(Array(ProgramContext.arguments.dropFirst()), known: "ivnc", usage: usage)
        guard !options.operands.isEmpty else {
            Stream.error.line("usage: " + usage)
            ProgramContext.exit(2)
        }
        let ignoreCase = options.has("i")
        let fold: (UInt8) -> UInt8 = { ignoreCase && $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        let pattern = Array(options.operands[0].utf8).map(fold)
        let files = Array(options.operands.dropFirst())
        var selected = 0
        let ok = Files.eachInput(files) { name, fd in
            var count = 0, number = 0
            var pending: [UInt8] = []
            func consider(_ line: ArraySlice<UInt8>) {
                number += 1
                guard contains(line.map(fold), pattern) != options.has("v") else { return }
                count += 1
                guard !options.has("c") else { return }
                var prefix = files.count > 1 ? name + ":" : ""
                if options.has("n") { prefix += "\(number):" }
                Stream.output.write(prefix)
                Stream.output.write(Array(line) + [10])
            }
            _ = Files.forEachChunk(of: fd) { chunk in
                pending += chunk
                var start = 0
                while let end = pending[start...].firstIndex(of: 10) {
                    consider(pending[start..<end])
                    start = end + 1
                }
                pending.removeFirst(start)
                return true
            }
            if !pending.isEmpty { consider(pending[...]) }
            if options.has("c") { Stream.output.line((files.count > 1 ? name + ":" : "") + "\(count)") }
            selected += count
        }
        ProgramContext.exit(!ok ? 2 : selected > 0 ? 0 : 1)
    }

    static func contains(_ line: [UInt8], _ pattern: [UInt8]) -> Bool {
        if pattern.isEmpty { return true }
        guard line.count >= pattern.count else { return false }
        for start in 0...(line.count - pattern.count) where line[start] == pattern[0] {
            if line[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }
}
