import WASI

/// `cp SOURCE DEST` or `cp SOURCE... DIRECTORY`: copies files (a directory as DEST receives them by name).
@main
struct Copy {
    static func main() {
        var ok = true
        for (source, target) in Files.sourcesAndTargets(usage: "cp SOURCE... DEST") {
            if let reason = copy(source, to: target) {
                ProgramContext.complain(reason)
                ok = false
            }
        }
        ProgramContext.exit(ok ? 0 : 1)
    }

    /// Copies one file; the message when it fails.
    static func copy(_ source: String, to target: String) -> String? {
        guard let status = Path.status(source) else { return "\(source): no such file or directory" }
        if status.type == 3 { return "\(source): is a directory (not copied)" }
        if Path.absolute(source) == Path.absolute(target) { return "\(source) and \(target) are the same file" }
        let input = Path.open(source)
        guard input.errno == 0 else { return "\(source): \(describe(input.errno))" }
        defer { _ = wasi_fd_close(input.fd) }
        let output = Path.open(target, oflags: 1 | 8, write: true)
        guard output.errno == 0 else { return "\(target): \(describe(output.errno))" }
        defer { _ = wasi_fd_close(output.fd) }
        var failure: String? = nil
        let errno = Files.forEachChunk(of: input.fd) { chunk in
            let written = Stream(fd: output.fd).write(chunk)
            if written != 0 { failure = "\(target): \(describe(written))" }
            return written == 0
        }
        if errno != 0 { return "\(source): \(describe(errno))" }
        return failure
    }
}
