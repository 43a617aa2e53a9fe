/// `wc [-lwc] [FILE...]`: lines, words and bytes of each file (standard input for none), and a total for
/// several; `-l`, `-w`, `-c` choose which counts. The counts are separated by one space, as POSIX writes them.
@main
struct WordCount {
    static func main() {
        let options = Options(Array(ProgramContext.arguments.dropFirst()), known: "lwc", usage: "wc [-lwc] [FILE...]")
        let all = options.flags.isEmpty
        let shown = (lines: all || options.has("l"), words: all || options.has("w"), bytes: all || options.has("c"))
        var total = (0, 0, 0)
        func report(_ counts: (Int, Int, Int), _ name: String?) {
            var fields: [String] = []
            if shown.lines { fields.append("\(counts.0)") }
            if shown.words { fields.append("\(counts.1)") }
            if shown.bytes { fields.append("\(counts.2)") }
            if let name { fields.append(name) }
            var line = ""
            for (index, field) in fields.enumerated() { line += (index == 0 ? "" : " ") + field }
            Stream.output.line(line)
        }
        let ok = Files.eachInput(options.operands) { name, fd in
            var counts = (0, 0, 0)
            var inWord = false
            _ = Files.forEachChunk(of: fd) { chunk in
                counts.2 += chunk.count
                for byte in chunk {
                    if byte == 10 { counts.0 += 1 }
                    let blank = byte == 32 || (byte >= 9 && byte <= 13)
                    if !blank && !inWord { counts.1 += 1 }
                    inWord = !blank
                }
                return true
            }
            total = (total.0 + counts.0, total.1 + counts.1, total.2 + counts.2)
            report(counts, options.operands.isEmpty ? nil : name)
        }
        if options.operands.count > 1 { report(total, "total") }
        ProgramContext.exit(ok ? 0 : 1)
    }
}
