/// `echo [-n] WORD...`: the words, separated by spaces; a newline after them unless `-n`.
@main
struct Echo {
    static func main() {
        var words = Array(ProgramContext.arguments.dropFirst())
        let newline = words.first != "-n"
        if !newline { words.removeFirst() }
        var text = ""
        for (index, word) in words.enumerated() { text += (index == 0 ? "" : " ") + word }
        let errno = Stream.output.write(newline ? text + "\n" : text)
        ProgramContext.exit(errno == 0 ? 0 : 1)
    }
}
