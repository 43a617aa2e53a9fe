import WASI

/// `rm [-rf] FILE...`: removes files; `-r` directories and all they hold; `-f` ignores missing files.
@main
struct Remove {
    static func main() {
        let options = Options(Array(ProgramContext.arguments.dropFirst()), known: "rRf", usage: "rm [-rf] FILE...")
        guard !options.operands.isEmpty || options.has("f") else {
            Stream.error.line("usage: rm [-rf] FILE...")
            ProgramContext.exit(2)
        }
        let recursive = options.has("r") || options.has("R")
        var ok = true
        for operand in options.operands {
            let path = Path.absolute(operand)
            guard let status = Path.status(path, follow: false) else {
                if !options.has("f") {
                    ProgramContext.complain("\(operand): no such file or directory")
                    ok = false
                }
                continue
            }
            if status.type == 3 && !recursive {
                ProgramContext.complain("\(operand): is a directory")
                ok = false
                continue
            }
            let errno = remove(path, isDirectory: status.type == 3)
            if errno != 0 {
                ProgramContext.complain("\(operand): \(describe(errno))")
                ok = false
            }
        }
        ProgramContext.exit(ok ? 0 : 1)
    }

    /// Removes `path`, first everything in it when it is a directory; the first errno met.
    static func remove(_ path: String, isDirectory: Bool) -> UInt16 {
        if isDirectory {
            let directory = Path.open(path, oflags: 2, follow: false)
            guard directory.errno == 0 else { return directory.errno }
            let (entries, errno) = Files.entries(of: directory.fd)
            _ = wasi_fd_close(directory.fd)
            if errno != 0 { return errno }
            for entry in entries {
                let inner = remove(path + "/" + entry.name, isDirectory: entry.type == 3)
                if inner != 0 { return inner }
            }
            return Path.at(path) { wasi_path_remove_directory($0, $1.baseAddress, UInt32($1.count)) }
        }
        return Path.at(path) { wasi_path_unlink_file($0, $1.baseAddress, UInt32($1.count)) }
    }
}
