import Foundation
import Wax
import WaxScript
import WaxWast

/// `wax spec`: converts each .wast file, runs it with the portable executor and prints a table.
enum SpecCommand {
    static func main(_ arguments: [String]) -> Int32 {
        var verbose = false
        var files: [String] = []
        for argument in arguments {
            if argument == "--verbose" { verbose = true; continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                print("spec: \(argument) is absent, nothing to run")
                continue
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
                files += names.filter { $0.hasSuffix(".wast") }.sorted().map { argument + "/" + $0 }
            } else {
                files.append(argument)
            }
        }
        var total = ScriptResult()
        print("file                                      passed  failed skipped")
        for path in files {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                print("\(path): unreadable")
                total.failed += 1
                continue
            }
            let name = (path as NSString).lastPathComponent
            let result: ScriptResult
            if name.hasPrefix("simd_") {
                // SIMD is outside what Wax runs: every command of these files counts as skipped.
                var skipped = ScriptResult()
                skipped.skipped = WastConverter.directiveCount(text)
                result = skipped
            } else {
                result = ScriptExecutor.run(WastConverter.convert(text))
            }
            print(name.padding(toLength: 40, withPad: " ", startingAt: 0)
                  + pad(result.passed, 8) + pad(result.failed, 8) + pad(result.skipped, 8))
            if verbose {
                for failure in result.failures.prefix(30) { print("    FAIL \(failure)") }
                for skip in result.skipReasons { print("    skip \(skip.count)x \(skip.reason)") }
            }
            total.add(result)
        }
        // The counts are the outcome; the exit status only says whether the run itself worked.
        print("spec: \(total.passed) passed, \(total.failed) failed, \(total.skipped) skipped")
        return 0
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let text = String(n)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
