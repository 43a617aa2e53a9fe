import Foundation
import Wax

/// `wax compile FILE.wasm...`: what the native tier makes of each module and how fast, for `make bench-wax-compile`.
/// Per module: its size and its code section's, the functions compiled and left to the interpreter, the generated
/// code's size (also per byte of code section), and the speed of loading (decoding, validating and translating to
/// Wax's internal code) and of compiling to native code, in code-section bytes per second: the median of five
/// runs, each on a freshly loaded module.
enum CompileCommand {
    static let runs = 5

    static func main(_ arguments: [String]) -> Int32 {
        guard !arguments.isEmpty else { fail(usage) }
        print("module          file bytes  code section  native interp  native bytes  /byte  load MB/s  compile MB/s")
        for path in arguments {
            let bytes = readBytes(path)
            let codeBytes = codeSectionSize(bytes)
            var loadTimes: [Double] = [], compileTimes: [Double] = []
            var compilation: NativeCompilation? = nil
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                guard let module = try? Module(bytes: bytes) else { fail("wax: \(path) is not a valid module") }
                let loaded = DispatchTime.now().uptimeNanoseconds
                module.compileNative()
                compilation = module.nativeCompilation
                loadTimes.append(Double(loaded - start))
                compileTimes.append(Double(DispatchTime.now().uptimeNanoseconds - loaded))
            }
            guard let compilation else { fail("wax: no native code on this host") }
            func speed(_ times: [Double]) -> String {
                String(format: "%11.1f", Double(codeBytes) / 1e6 / (times.sorted()[runs / 2] / 1e9))
            }
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            print(name.padding(toLength: 14, withPad: " ", startingAt: 0)
                  + String(format: "%10d %13d %7d %6d %13d %6.1f", bytes.count, codeBytes, compilation.compiledFunctions,
                           compilation.interpretedFunctions, compilation.codeBytes,
                           Double(compilation.codeBytes) / Double(max(codeBytes, 1)))
                  + speed(loadTimes) + "  " + speed(compileTimes))
        }
        return 0
    }

    /// The size of a valid module's code section (id 10), 0 without one: sections are an id byte and a LEB128 size.
    static func codeSectionSize(_ bytes: [UInt8]) -> Int {
        var position = 8
        while position < bytes.count {
            let id = bytes[position]
            var size = 0, shift = 0
            position += 1
            while true {
                let byte = bytes[position]
                position += 1
                size |= Int(byte & 0x7f) << shift
                shift += 7
                if byte & 0x80 == 0 { break }
            }
            if id == 10 { return size }
            position += size
        }
        return 0
    }
}
