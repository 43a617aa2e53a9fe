import WASI

/// `mkdir [-p] DIRECTORY...`: makes each directory; with `-p` its missing parents too, and an existing
/// directory is no error.
@main
struct MakeDirectory {
    static func main() {
        let options = Options(Array(ProgramContext.arguments.dropFirst()), known: "p", usage: "mkdir [-p] DIRECTORY...")
        guard !options.operands.isEmpty else {
            Stream.error.line("usage: mkdir [-p] DIRECTORY...")
            ProgramContext.exit(2)
        }
        var ok = true
        for operand in options.operands {
            let target = Path.absolute(operand)
            var paths = [target]
            if options.has("p") {
                var prefix = ""
                paths = target.split(separator: "/").map { component in
                    prefix += "/" + component
                    return prefix
                }
            }
            for path in paths {
                let errno = Path.at(path) { directory, relative in
                    wasi_path_create_directory(directory, relative.baseAddress, UInt32(relative.count))
                }
                let exists = errno == 20 && options.has("p") && Path.status(path)?.type == 3
                if errno != 0 && !exists && (path == target || Path.status(path) == nil) {
                    ProgramContext.complain("\(operand): \(describe(errno))")
                    ok = false
                    break
                }
            }
        }
        ProgramContext.exit(ok ? 0 : 1)
    }
}
