/// `cat [FILE...]`: the files (standard input for none or `-`) one after the other on standard output.
@main
struct Cat {
    static func main() {
        let options = Options(Array(ProgramContext.arguments.dropFirst()), known: "", usage: "cat [FILE...]")
        var failed = false
        let ok = Files.eachInput(options.operands) { name, fd in
            let errno = Files.forEachChunk(of: fd) { Stream.output.write($0) == 0 }
            if errno != 0 {
                ProgramContext.complain("\(name): \(describe(errno))")
                failed = true
            }
        }
        ProgramContext.exit(ok && !failed ? 0 : 1)
    }
}
