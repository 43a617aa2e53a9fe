import WASI

/// `ls [-1al] [PATH...]`: the entries of each directory (or the file itself), sorted, one per line; `-a` also
/// names starting with `.`; `-l` adds the type and size.
@main
struct List {
    static func main() {
        let options = Options(Array(ProgramContext.arguments.dropFirst()), known: "1al", usage: "ls [-1al] [PATH...]")
        let operands = options.operands.isEmpty ? ["."] : options.operands
        var ok = true
        for (index, operand) in operands.enumerated() {
            let path = Path.absolute(operand)
            guard let status = Path.status(path) else {
                ProgramContext.complain("\(operand): no such file or directory")
                ok = false
                continue
            }
            guard status.type == 3 else {
                show(operand, type: status.type, size: status.size, long: options.has("l"))
                continue
            }
            let directory = Path.open(path, oflags: 2)
            let (entries, errno) = directory.errno == 0 ? Files.entries(of: directory.fd) : ([], directory.errno)
            if directory.errno == 0 { _ = wasi_fd_close(directory.fd) }
            guard errno == 0 else {
                ProgramContext.complain("\(operand): \(describe(errno))")
                ok = false
                continue
            }
            if operands.count > 1 { Stream.output.line((index == 0 ? "" : "\n") + operand + ":") }
            let visible = entries.filter { options.has("a") || !$0.name.hasPrefix(".") }
            for entry in visible.sorted(by: { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }) {
                let size = options.has("l") ? Path.status(path + "/" + entry.name, follow: false)?.size ?? 0 : 0
                show(entry.name, type: entry.type, size: size, long: options.has("l"))
            }
        }
        ProgramContext.exit(ok ? 0 : 1)
    }

    static func show(_ name: String, type: UInt8, size: UInt64, long: Bool) {
        guard long else { Stream.output.line(name); return }
        let kinds: [UInt8: String] = [3: "d", 4: "-", 7: "l", 2: "c"]
        var sizeText = "\(size)"
        while sizeText.utf8.count < 10 { sizeText = " " + sizeText }
        Stream.output.line((kinds[type] ?? "?") + " " + sizeText + " " + name)
    }
}
