import WASI

/// Reading whole inputs, and directory listings (fd_readdir).
enum Files {
    /// Calls `body` with each chunk read from `fd` until its end; the errno of a failed read, else 0.
    static func forEachChunk(of fd: Int32, _ body: ([UInt8]) -> Bool) -> UInt16 {
        while true {
            let (bytes, errno) = Stream(fd: fd).read()
            if errno != 0 { return errno }
            if bytes.isEmpty || !body(bytes) { return 0 }
        }
    }

    /// Runs `body` on each operand's descriptor (standard input for none or `-`), reporting the ones that
    /// cannot be opened; false when any could not be read.
    static func eachInput(_ operands: [String], _ body: (String, Int32) -> Void) -> Bool {
        var ok = true
        for operand in operands.isEmpty ? ["-"] : operands {
            if operand == "-" { body(operand, 0); continue }
            let file = Path.open(operand)
            guard file.errno == 0 else {
                ProgramContext.complain("\(operand): \(describe(file.errno))")
                ok = false
                continue
            }
            if Stream(fd: file.fd).fileType == 3 {
                ProgramContext.complain("\(operand): is a directory")
                ok = false
            } else {
                body(operand, file.fd)
            }
            _ = wasi_fd_close(file.fd)
        }
        return ok
    }

    /// The operands of `cp` and `mv`: `SOURCE DEST`, or `SOURCE... DIRECTORY` where each source goes into the
    /// directory under its own name. Wrong operands end the program with a message.
    static func sourcesAndTargets(usage: String) -> [(source: String, target: String)] {
        let options = Options(Array(ProgramContext.arguments.dropFirst()), known: "", usage: usage)
        guard options.operands.count >= 2 else {
            Stream.error.line("usage: " + usage)
            ProgramContext.exit(2)
        }
        let sources = options.operands.dropLast(), destination = options.operands.last!
        let intoDirectory = Path.status(destination)?.type == 3
        guard intoDirectory || sources.count == 1 else {
            ProgramContext.complain("\(destination): not a directory")
            ProgramContext.exit(1)
        }
        return sources.map { ($0, intoDirectory ? destination + "/" + Path.lastComponent($0) : destination) }
    }

    /// A directory's entries (without `.` and `..`), name and file type, in the order the directory gives.
    static func entries(of fd: Int32) -> (entries: [(name: String, type: UInt8)], errno: UInt16) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var cookie: UInt64 = 0
        var result: [(name: String, type: UInt8)] = []
        while true {
            var used: UInt32 = 0
            let errno = buffer.withUnsafeMutableBytes { wasi_fd_readdir(fd, $0.baseAddress, UInt32($0.count), cookie, &used) }
            if errno != 0 { return (result, errno) }
            var offset = 0
            var progressed = false
            while offset + 24 <= Int(used) {
                let next = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
                let length = Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self) })
                guard offset + 24 + length <= Int(used) else { break }
                let name = String(decoding: buffer[(offset + 24)..<(offset + 24 + length)], as: UTF8.self)
                if name != "." && name != ".." { result.append((name, buffer[offset + 20])) }
                cookie = next
                offset += 24 + length
                progressed = true
            }
            // A short buffer is the end; an entry larger than the buffer needs a larger one.
            if Int(used) < buffer.count { return (result, 0) }
            if !progressed { buffer = [UInt8](repeating: 0, count: buffer.count * 2) }
        }
    }
}

/// Command-line options of the usual kind: `-abc` flags before the operands, `--` ends them; `-n 5` or `-n5`
/// for an option with a value.
struct Options {
    private(set) var flags: [UInt8] = []
    private(set) var values: [(flag: UInt8, value: String)] = []
    private(set) var operands: [String] = []

    /// `withValue`: the flags that take a value. An unknown flag ends the program with a usage message.
    init(_ arguments: [String], known: String, withValue: String = "", usage: String) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" { operands += arguments[index...]; break }
            guard argument.hasPrefix("-"), argument != "-" else { operands.append(argument); continue }
            let letters = Array(argument.utf8.dropFirst())
            for (position, letter) in letters.enumerated() {
                if withValue.utf8.contains(letter) {
                    let rest = letters[(position + 1)...]
                    if !rest.isEmpty {
                        values.append((letter, String(decoding: rest, as: UTF8.self)))
                    } else if index < arguments.count {
                        values.append((letter, arguments[index]))
                        index += 1
                    } else {
                        Options.fail(usage)
                    }
                    break
                }
                guard known.utf8.contains(letter) else { Options.fail(usage) }
                flags.append(letter)
            }
        }
    }

    func has(_ flag: Character) -> Bool { flags.contains(UInt8(ascii: flag.unicodeScalars.first!)) }

    func value(_ flag: Character) -> String? {
        let byte = UInt8(ascii: flag.unicodeScalars.first!)
        return values.last { $0.flag == byte }?.value
    }

    private static func fail(_ usage: String) -> Never {
        Stream.error.line("usage: " + usage)
        ProgramContext.exit(2)
    }
}
