import Foundation
import Wax
import WaxScript
import WaxWast

let usage = """
    usage: wax run [--peak-memory] [--engine interp|native] FILE.wasm --invoke NAME [i32:1 i64:2 f32:1.5 f64:2.5 ...]   (64 MiB for the engine)
           wax spec [--verbose] [--min-passed N] [--engine interp|native] FILE.wast|DIR...
                                                      run spec scripts; ends with `spec: P passed, F failed, S skipped`
           wax wast2script FILE.wast OUT.waxs         convert a spec script for the portable executor
           wax script FILE.waxs...                    run converted scripts
           wax fuzz-exec [--engine interp|native] FILE.wasm   call every export like binaryen's --fuzz-exec (tests/diff)
           wax footprint FILE.wasm...                 the memory a module takes, decoded and instantiated
           wax compile FILE.wasm...                   native code size and load/compile speed
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write((message + "\n").data(using: .utf8)!)
    exit(1)
}

func readBytes(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else { fail("wax: cannot read \(path)") }
    return [UInt8](data)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else { fail(usage) }
arguments.removeFirst()

switch command {
case "run":
    exit(RunCommand.main(arguments))
case "spec":
    exit(SpecCommand.main(arguments))
case "fuzz-exec":
    exit(FuzzExecCommand.main(arguments))
case "footprint":
    exit(FootprintCommand.main(arguments))
case "compile":
    exit(CompileCommand.main(arguments))
case "wast2script":
    guard arguments.count == 2 else { fail(usage) }
    guard let text = try? String(contentsOfFile: arguments[0], encoding: .utf8) else { fail("wax: cannot read \(arguments[0])") }
    let bytes = ScriptFormat.encode(WastConverter.convert(text))
    guard FileManager.default.createFile(atPath: arguments[1], contents: Data(bytes)) else { fail("wax: cannot write \(arguments[1])") }
case "script":
    var total = ScriptResult()
    for path in arguments {
        do {
            let result = ScriptExecutor.run(try ScriptFormat.decode(readBytes(path)))
            print("\(path): \(result.passed) passed, \(result.failed) failed, \(result.skipped) skipped")
            total.add(result)
        } catch {
            fail("wax: \(path): \(error.reason) at offset \(error.offset)")
        }
    }
    print("script: \(total.passed) passed, \(total.failed) failed, \(total.skipped) skipped")
default:
    fail(usage)
}
