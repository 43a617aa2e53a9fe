import Foundation
import Wax
import WaxScript
import WaxWast

/// `wax spec`: converts each .wast file, runs it with the portable executor and prints a table, with the failures.
/// A path that is absent or unreadable, a directory without scripts, a file whose counts do not add up to its
/// directives, and a run that passes fewer than `--min-passed` assertions all fail the run: a suite that ran
/// nothing has passed nothing.
enum SpecCommand {
    static let usage = "usage: wax spec [--verbose] [--min-passed N] [--engine interp|native] FILE.wast|DIR..."

    static func main(_ arguments: [String]) -> Int32 {
        var verbose = false
        var minimumPassed = 0
        var engine = Engine.interpreter
        var paths: [String] = []
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--verbose":
                verbose = true
            case "--engine":
                guard let value = remaining.popFirst().flatMap(Engine.init(name:)) else { fail(usage) }
                engine = value
            case "--min-passed":
                guard let value = remaining.popFirst().flatMap({ Int($0) }) else { fail(usage) }
                minimumPassed = value
            default:
                paths.append(argument)
            }
        }
        if paths.isEmpty { fail(usage) }

        var total = ScriptResult()
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                print("FAIL spec: \(path) is absent (no spec test suite there)")
                total.failed += 1
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            let scripts = names.filter { $0.hasSuffix(".wast") }.sorted().map { path + "/" + $0 }
            if scripts.isEmpty {
                print("FAIL spec: \(path) holds no .wast script")
                total.failed += 1
            }
            files += scripts
        }

        print("file                                      passed  failed skipped")
        for path in files {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                print("FAIL spec: \(path) is unreadable")
                total.failed += 1
                continue
            }
            let name = (path as NSString).lastPathComponent
            var result = run(name, text, engine)
            let directives = WastConverter.directiveCount(text)
            if result.total != directives {
                // A directive dropped (or counted twice) on the way is a fault of the runner; it must show.
                result.failures.append("\(directives) directives but \(result.total) outcomes")
                result.failed += 1
            }
            print(name.padding(toLength: 40, withPad: " ", startingAt: 0)
                  + pad(result.passed, 8) + pad(result.failed, 8) + pad(result.skipped, 8))
            for failure in result.failures.prefix(30) { print("    FAIL \(failure)") }
            if verbose {
                for skip in result.skipReasons { print("    skip \(skip.count)x \(skip.reason)") }
                for mismatch in result.messageMismatches { print("    wording \(mismatch)") }
            }
            total.add(result)
        }
        if verbose {
            print("skipped, by reason:")
            for skip in total.skipReasons.sorted(by: { $0.count > $1.count }) { print(pad(skip.count, 8) + "  \(skip.reason)") }
        }
        var status: Int32 = total.failed == 0 ? 0 : 1
        if total.passed < minimumPassed {
            // Below the floor something stopped running: the run fails even when nothing it ran failed.
            print("FAIL spec: \(total.passed) passed, below the floor of \(minimumPassed) (--min-passed)")
            status = 1
        }
        if engine == .native {
            print("native: \(total.nativeCompiled) functions compiled, \(total.nativeInterpreted) left to the interpreter")
        }
        print("spec: \(total.passed) passed, \(total.failed) failed, \(total.skipped) skipped")
        return status
    }

    static func run(_ name: String, _ text: String, _ engine: Engine) -> ScriptResult {
        return ScriptExecutor.run(WastConverter.convert(text), engine: engine)
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let text = String(n)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
