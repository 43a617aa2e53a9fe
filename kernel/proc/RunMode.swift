import FileSystem
import WASIWax

/// `walos run` (the host command, ./walos) boots the kernel with `run=MANIFEST`: one program, described by a
/// manifest in the root archive, with its standard output on COM2 and standard error on COM3, byte for byte,
/// while the kernel log stays on COM1. The exit status goes back through isa-debug-exit and, in full, as a
/// `walos-run: exit N` line in the log.
///
/// Manifest lines (fields hex-encoded, so any byte string passes unchanged):
///   program PATH | arg VALUE | env NAME=VALUE | dir GUEST PATH | stdin PATH | timeout MILLISECONDS
enum RunMode {
    static let stdoutPort = Serial16550(base: 0x2F8)
    static let stderrPort = Serial16550(base: 0x3E8)

    static func run(manifestPath: String) -> Never {
        stdoutPort.initialize()
        stderrPort.initialize()
        let exit: WASIExit
        if let request = parse(manifestPath) {
            exit = ProcessRunner.run(request)
        } else {
            exit = .failed("walos: cannot read the run manifest \(manifestPath)")
        }
        let status = exit.status
        if let message = status.message {
            var text = message + "\n"
            text.withUTF8 { bytes in for byte in bytes { stderrPort.write(byte) } }
        }
        Log.info("walos-run: exit \(status.code)")
        DebugExit.exit(UInt8(truncatingIfNeeded: status.code))
    }

    private static func parse(_ path: String) -> RunRequest? {
        let fs = RootFileSystem.shared!
        guard let manifest = try? fs.resolve(Array(path.utf8).drop(while: { $0 == 47 }).map { $0 }, in: fs.root),
              manifest.kind == .file
        else { return nil }
        var request = RunRequest(
            program: [], arguments: [],
            writeStdout: { bytes in for byte in bytes { stdoutPort.write(byte) } },
            writeStderr: { bytes in for byte in bytes { stderrPort.write(byte) } })
        request.stdin = .serial(stdoutPort)
        for line in manifest.data.split(separator: 10) {
            let fields = line.split(separator: 32)
            guard let keyword = fields.first.map({ String(decoding: $0, as: UTF8.self) }) else { continue }
            let values = fields.dropFirst().map { decodeHex(Array($0)) }
            guard !values.contains(where: { $0 == nil }) else { return nil }
            let v = values.map { $0! }
            switch (keyword, v.count) {
            case ("program", 1): request.program = relative(v[0])
            case ("arg", 1): request.arguments.append(String(decoding: v[0], as: UTF8.self))
            case ("env", 1): request.environment.append(String(decoding: v[0], as: UTF8.self))
            case ("dir", 2): request.preopens.append((String(decoding: v[0], as: UTF8.self), relative(v[1])))
            case ("stdin", 1):
                guard let file = try? fs.resolve(relative(v[0]), in: fs.root) else { return nil }
                request.stdin = .file(file.data)
            case ("timeout", 1):
                guard let ms = UInt64(String(decoding: v[0], as: UTF8.self)) else { return nil }
                request.timeLimit = ms * 1_000_000
            default: return nil
            }
        }
        return request.program.isEmpty ? nil : request
    }

    /// Root-filesystem paths are resolved from `/`, which the filesystem takes as relative.
    private static func relative(_ path: [UInt8]) -> [UInt8] {
        let trimmed = Array(path.drop { $0 == 47 })
        return trimmed.isEmpty ? [46] : trimmed
    }

    private static func decodeHex(_ text: [UInt8]) -> [UInt8]? {
        if text == [45] { return [] }  // "-": the empty string
        guard text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index < text.count {
            guard let high = nibble(text[index]), let low = nibble(text[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }
}
