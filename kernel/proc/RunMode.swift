import FileSystem
import WASIWax
import Wax

/// `walos run` (the host command, ./walos) boots the kernel with `run=MANIFEST`: one program, described by a
/// manifest in the root archive, with its standard output, standard error and standard input on ports 1, 2
/// and 3 of a virtio serial device (stdin asked for as the program reads it: `HostInput`), byte for byte,
/// while the kernel log stays on COM1. The exit status goes back through isa-debug-exit and, in full, as a
/// `walos-run: exit N` line in the log, after a `walos-run: result TYPE BITS` line for each value the entry
/// returned. A kernel panic ends QEMU at once (`Panic.exitOnPanic`); the host command reports it.
///
/// Manifest lines (fields hex-encoded, so any byte string passes unchanged):
///   program PATH | arg VALUE | env NAME=VALUE | dir GUEST PATH | stdin | terminal FD | timeout MILLISECONDS
///   | invoke NAME | value BITS (an argument for `invoke`: its bit pattern as an unsigned decimal number)
enum RunMode {
    /// How long the closing words may wait for the host to take them once the program has ended.
    static let closingWait: UInt64 = 5_000_000_000

    /// `fault` (the kernel command line's `fault=NAME`, a debugging aid) causes one of the deliberate faults of
    /// kernel/test/FaultTests before the program starts, to show how a kernel panic ends a run.
    static func run(manifestPath: String, fault: String?) -> Never {
        guard let ports = VirtioSerial.open([(1, false), (2, false), (3, true)]) else {
            Log.error("walos-run: no virtio serial device with ports 1 to 3 for the standard streams")
            DebugExit.exit(1)
        }
        let (stdout, stderr, stdin) = (ports[0], ports[1], ports[2])
        if let fault, let test = FaultTests.cases.first(where: { $0.name.description == fault }) {
            var check = KernelTests.Check()
            test.run(&check)
        }
        let exit: WASIExit
        if let request = parse(manifestPath, stdout: stdout, stderr: stderr, stdin: stdin) {
            exit = ProcessRunner.run(request)
        } else {
            exit = .failed("walos: cannot read the run manifest \(manifestPath)")
        }
        let status = exit.status
        let closing = Clock.nanoseconds() + closingWait
        if let message = status.message {
            var text = message + "\n"
            text.withUTF8 { send(UnsafeRawBufferPointer($0), to: stderr, waitingUntil: closing) }
        }
        for port in [stdout, stderr] { _ = Wait.until(deadline: closing) { port.isSent } }
        Log.info("walos-run: exit \(status.code)")
        DebugExit.exit(UInt8(truncatingIfNeeded: status.code))
    }

    /// Sends every byte, waiting while the host has not taken the previous buffer (nothing is dropped however
    /// slowly it reads); gives up only when the process is being stopped or `deadline` passes.
    static func send(_ bytes: UnsafeRawBufferPointer, to port: VirtioSerialPort, waitingUntil deadline: UInt64 = .max) {
        var index = 0
        while index < bytes.count {
            guard Wait.until(deadline: deadline, { port.isSent }) == .ready else { return }
            index += port.send(UnsafeRawBufferPointer(rebasing: bytes[index...]))
        }
    }

    /// A returned value as the host command prints it: its type and bit pattern.
    private static func report(_ values: [Value]) {
        for value in values {
            switch value {
            case .i32(let bits): Log.info("walos-run: result i32 \(bits)")
            case .i64(let bits): Log.info("walos-run: result i64 \(bits)")
            case .f32(let bits): Log.info("walos-run: result f32 \(bits)")
            case .f64(let bits): Log.info("walos-run: result f64 \(bits)")
            case .funcRef(let address): Log.info("walos-run: result funcref \(address == nil ? "null" : "some")")
            case .externRef(let host): Log.info("walos-run: result externref \(host == nil ? "null" : "some")")
            case .exnRef(let address): Log.info("walos-run: result exnref \(address == nil ? "null" : "some")")
            case .v128(let low, let high): Log.info("walos-run: result v128 \(high):\(low)")
            case .anyRef(let slot): Log.info("walos-run: result anyref \(slot == nil ? "null" : "some")")
            }
        }
    }

    private static func parse(_ path: String, stdout: VirtioSerialPort, stderr: VirtioSerialPort,
                              stdin: VirtioSerialPort) -> RunRequest? {
        guard let manifest = RootFileSystem.contents(of: Array(path.utf8).drop(while: { $0 == 47 }).map { $0 })
        else { return nil }
        var request = RunRequest(
            program: [], arguments: [],
            writeStdout: { send($0, to: stdout) },
            writeStderr: { send($0, to: stderr) })
        request.results = report
        var invoke: String? = nil
        var values: [UInt64] = []
        for line in manifest.split(separator: 10) {
            let fields = line.split(separator: 32)
            guard let keyword = fields.first.map({ String(decoding: $0, as: UTF8.self) }) else { continue }
            let decoded = fields.dropFirst().map { decodeHex(Array($0)) }
            guard !decoded.contains(where: { $0 == nil }) else { return nil }
            let v = decoded.map { $0! }
            let text = v.map { String(decoding: $0, as: UTF8.self) }
            switch (keyword, v.count) {
            case ("program", 1): request.program = relative(v[0])
            case ("arg", 1): request.arguments.append(text[0])
            case ("env", 1): request.environment.append(text[0])
            case ("dir", 2): request.preopens.append((text[0], .root(relative(v[1]))))
            case ("share", 3): request.preopens.append((text[0], .share(tag: v[1], path: v[2])))
            case ("stdin", 0): request.stdin = .host(HostInput(port: stdin))
            case ("terminal", 1):
                guard let fd = Int(text[0]) else { return nil }
                request.terminals.append(fd)
            case ("timeout", 1):
                guard let ms = UInt64(text[0]) else { return nil }
                request.timeLimit = ms * 1_000_000
            case ("invoke", 1): invoke = text[0]
            case ("value", 1):
                guard let bits = UInt64(text[0]) else { return nil }
                values.append(bits)
            default: return nil
            }
        }
        if let invoke { request.entry = .export(invoke, arguments: values) }
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
