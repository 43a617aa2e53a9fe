import WASIWax

/// What a plain boot runs: /bin/sysinfo (what a WASI program sees of the system, in the kernel log), then the
/// console program (`init=PATH`, by default the shell, `/bin/sh.wasm -i`) with / preopened and the serial
/// console as its terminal. When the console program ends, walos powers off; a boot without it (no root
/// filesystem) stays up with nothing to run.
enum FirstProgram {
    static func run(commandLine: CommandLine) {
        _ = start("/bin/sysinfo.wasm", arguments: [], stdin: .none)
        Log.info("walos is up")
        let program = commandLine.value("init") ?? "/bin/sh.wasm"
        guard RootFileSystem.contents(of: Array(program.utf8.drop { $0 == 47 })) != nil else {
            Log.info("no \(program): nothing runs on the console")
            return
        }
        ConsoleInput.start(measuringLatency: commandLine.has("keylatency"))
        let code = start(program, arguments: commandLine.value("init") == nil ? ["-i"] : [], stdin: .console)
        DebugExit.exit(code == 0 ? 0 : 1)
    }

    /// Runs `program` to its end; its exit status.
    private static func start(_ program: String, arguments: [String], stdin: RunRequest.StandardInput) -> Int {
        Log.info("running \(program)")
        let toLog: (UnsafeRawBufferPointer) -> Void = { bytes in for byte in bytes { Log.put(byte) } }
        var request = RunRequest(program: Array(program.utf8.drop { $0 == 47 }), arguments: [program] + arguments,
                                 environment: ["PWD=/", "HOME=/"], preopens: [("/", .root([46]))],
                                 writeStdout: toLog, writeStderr: toLog)
        request.stdin = stdin
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
