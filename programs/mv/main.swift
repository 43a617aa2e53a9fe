import WASI

/// `mv SOURCE DEST` or `mv SOURCE... DIRECTORY`: renames (a directory as DEST receives them by name). Both
/// names must lie below the same preopen: WASI renames within what a program was given.
@main
struct Move {
    static func main() {
        var ok = true
        for (source, target) in Files.sourcesAndTargets(usage: "mv SOURCE... DEST") {
            guard let from = Path.locate(Path.absolute(source)), let to = Path.locate(Path.absolute(target)) else {
                ProgramContext.complain("\(source): no such file or directory")
                ok = false
                continue
            }
            let old = Array(from.relative.utf8), new = Array(to.relative.utf8)
            let errno = wasi_path_rename(from.directory, old, UInt32(old.count), to.directory, new, UInt32(new.count))
            if errno != 0 {
                ProgramContext.complain("\(source): \(describe(errno))")
                ok = false
            }
        }
        ProgramContext.exit(ok ? 0 : 1)
    }
}
