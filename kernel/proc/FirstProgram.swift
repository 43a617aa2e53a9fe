import WASIPreview1
import WASIWax

/// What a plain boot runs: /bin/sysinfo (what a WASI program sees of the system, in the kernel log), then the
/// first program (`init=PATH`; by default the service manager `/bin/init.wasm`, which starts the services of
/// /etc/services and then the shell, `/bin/sh.wasm -i`, on the console; the shell itself when a root has no
/// init) with / preopened, the serial console as its terminal and every device right (it hands them to the
/// drivers its manifest names). When it ends, walos powers off; a boot
/// without it (no root filesystem) stays up with nothing to run.
enum FirstProgram {
    static func run(commandLine: CommandLine) {
        _ = start("/bin/sysinfo.wasm", arguments: [], stdin: .none)
        Log.info("walos is up")
        let chosen = commandLine.value("init")
        let program = chosen ?? (RootFileSystem.contents(of: Array("bin/init.wasm".utf8)) != nil
                                 ? "/bin/init.wasm" : "/bin/sh.wasm")
        guard RootFileSystem.contents(of: Array(program.utf8.drop { $0 == 47 })) != nil else {
            Log.info("no \(program): nothing runs on the console")
            return
        }
        ConsoleInput.start(measuringLatency: commandLine.has("keylatency"))
        let code = start(program, arguments: chosen == nil && program == "/bin/sh.wasm" ? ["-i"] : [], stdin: .console,
                         devices: .all)
        DebugExit.exit(code == 0 ? 0 : 1)
    }

    /// Runs `program` to its end; its exit status.
    private static func start(_ program: String, arguments: [String], stdin: RunRequest.StandardInput,
                              devices: DeviceRights = .none) -> Int {
        Log.info("running \(program)")
        let toLog: (UnsafeRawBufferPointer) -> Void = { bytes in for byte in bytes { Log.put(byte) } }
        var request = RunRequest(program: Array(program.utf8.drop { $0 == 47 }), arguments: [program] + arguments,
                                 environment: ["PWD=/", "HOME=/"], preopens: [("/", .root([46]))],
                                 writeStdout: toLog, writeStderr: toLog)
        request.stdin = stdin
        request.devices = devices
        if case .console = stdin {
            request.terminals = [0, 1, 2]
            request.writeStdout = { bytes in
                toLog(bytes)
                ConsoleInput.wrote()
            }
        }
        let status = ProcessRunner.run(request).status
        if let message = status.message { Log.error(message) }
        Log.info("\(program) ended with status \(status.code)")
        return Int(status.code)
    }
}
