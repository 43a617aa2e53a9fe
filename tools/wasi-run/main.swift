// wasi-run: runs a WASI preview1 program on the host with Wax and lib/WASI, the way walos runs it.
//
//   wasi-run [--dir HOST::GUEST]... [--env K=V]... [--engine interp|native] [--] prog.wasm [args...]
//
// Each --dir is copied into a RAM filesystem and preopened as GUEST (the program's changes stay there).
// stdin, stdout and stderr are this process's own; the exit status follows wasmtime's command line
// (see WASIExit.status).
import FileSystem
import Foundation
import WASIPreview1
import WASIWax
import Wax

struct Options {
    var directories: [(host: String, guest: String)] = []
    var environment: [String] = []
    var program = ""
    var arguments: [String] = []
    var engine = Engine.interpreter
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("wasi-run: \(message)\n".utf8))
    exit(1)
}

func parseOptions(_ arguments: [String]) -> Options {
    var options = Options()
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        if argument == "--" {
            index += 1
            break
        }
        guard argument == "--dir" || argument == "--env" || argument == "--engine" else { break }
        guard index + 1 < arguments.count else { fail("\(argument) needs a value") }
        let value = arguments[index + 1]
        if argument == "--engine" {
            guard let engine = Engine(name: value) else { fail("--engine takes interp or native, got \(value)") }
            options.engine = engine
        } else if argument == "--dir" {
            if let range = value.range(of: "::") {
                options.directories.append((String(value[..<range.lowerBound]), String(value[range.upperBound...])))
            } else {
                options.directories.append((value, value))
            }
        } else {
            guard value.contains("=") else { fail("--env needs KEY=VALUE, got \(value)") }
            options.environment.append(value)
        }
        index += 2
    }
    guard index < arguments.count else {
        fail("usage: wasi-run [--dir HOST::GUEST]... [--env K=V]... [--engine interp|native] [--] prog.wasm [args...]")
    }
    options.program = arguments[index]
    // argv[0] is the module file's name without its directories, as wasmtime's command line gives it.
    let name = options.program.split(separator: "/").last.map(String.init) ?? options.program
    options.arguments = [name] + Array(arguments[(index + 1)...])
    return options
}

let options = parseOptions(Array(CommandLine.arguments.dropFirst()))
guard let bytes = FileManager.default.contents(atPath: options.program) else { fail("cannot read \(options.program)") }
let module: Module
do {
    module = try Module(bytes: [UInt8](bytes))
} catch {
    fail("\(options.program): \(error.description)")
}

let fileSystem = RamFileSystem(clock: { HostServices.clock(CLOCK_REALTIME) })
let context = WASIContext(arguments: options.arguments, environment: options.environment, fileSystem: fileSystem,
                          host: HostServices.host)
for (index, directory) in options.directories.enumerated() {
    do {
        let node = try Paths.createDirectory(Array("preopen\(index)".utf8), in: fileSystem.root)
        try HostTree.copy(directory.host, into: node, of: fileSystem)
        try context.preopen(node, as: directory.guest)
    } catch {
        fail("cannot load \(directory.host): \(error)")
    }
}

let store = Store()
store.engine = options.engine
let status = WASIProcess.run(module, context: context, store: store).located(in: store, moduleBytes: [UInt8](bytes)).status
if let message = status.message { FileHandle.standardError.write(Data((message + "\n").utf8)) }
exit(status.code)
