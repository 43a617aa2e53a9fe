import WASI

/// What a program was started with: its arguments and environment (args_get, environ_get).
enum ProgramContext {
    static let arguments: [String] = strings(sizes: wasi_args_sizes_get, get: wasi_args_get)
    static let environment: [String] = strings(sizes: wasi_environ_sizes_get, get: wasi_environ_get)

    /// The program's name for messages: argv[0] without its directory and `.wasm`.
    static var name: String {
        var name = arguments.first.map { Path.lastComponent($0) } ?? "?"
        if name.hasSuffix(".wasm") { name = String(name.dropLast(5)) }
        return name
    }

    static func variable(_ name: String) -> String? {
        let prefix = name + "="
        for entry in environment where entry.hasPrefix(prefix) { return String(entry.dropFirst(prefix.utf8.count)) }
        return nil
    }

    private static func strings(sizes: (UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt32>) -> UInt16,
                                get: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<UInt8>) -> UInt16)
        -> [String] {
        var count: UInt32 = 0, bytes: UInt32 = 0
        guard sizes(&count, &bytes) == 0, count > 0 else { return [] }
        var pointers = [UnsafeMutablePointer<UInt8>?](repeating: nil, count: Int(count))
        var buffer = [UInt8](repeating: 0, count: Int(bytes) + 1)
        var result: [String] = []
        buffer.withUnsafeMutableBufferPointer { buffer in
            pointers.withUnsafeMutableBufferPointer { pointers in
                guard get(pointers.baseAddress!, buffer.baseAddress!) == 0 else { return }
                for pointer in pointers {
                    guard let pointer else { continue }
                    var end = pointer
                    while end.pointee != 0 { end += 1 }
                    result.append(String(decoding: UnsafeBufferPointer(start: pointer, count: end - pointer), as: UTF8.self))
                }
            }
        }
        return result
    }

    /// Ends the program with `status`.
    static func exit(_ status: UInt32) -> Never { wasi_proc_exit(status) }

    /// Reports `message` as `name: message` on standard error.
    static func complain(_ message: String) { Stream.error.line(name + ": " + message) }
}
