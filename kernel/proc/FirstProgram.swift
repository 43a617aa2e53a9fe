import WASIWax

/// The program a plain boot starts (`init=PATH` names another): /bin/sysinfo, with / preopened and its output
/// in the kernel log, so that `make run` shows a WASI program working on serial and screen.
enum FirstProgram {
    static func run(commandLine: CommandLine) {
        let program = commandLine.value("init") ?? "/bin/sysinfo.wasm"
        Log.info("running \(program)")
        let toLog: (UnsafeRawBufferPointer) -> Void = { bytes in for byte in bytes { Log.put(byte) } }
        let request = RunRequest(program: Array(program.utf8.drop { $0 == 47 }), arguments: [program],
                                 preopens: [("/", .root([46]))], writeStdout: toLog, writeStderr: toLog)
        let status = ProcessRunner.run(request).status
        if let message = status.message { Log.error(message) }
        Log.info("\(program) ended with status \(status.code)")
    }
}
