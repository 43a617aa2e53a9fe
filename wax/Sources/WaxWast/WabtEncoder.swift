import Foundation

/// Encodes the module of one assertion with wabt's `wast2json`. WasmKit's text encoder resolves every index as it
/// writes, so it refuses the modules of assert_invalid that name a local, global, function or segment that does not
/// exist; wast2json writes them as they are, which is what such an assertion needs: the binary reaches Wax's
/// validator. Returns nil when wast2json is not installed or cannot encode the module either.
enum WabtEncoder {
    static func encodeModule(ofAssertion text: String) -> [UInt8]? {
        let fileManager = FileManager.default
        let directory = fileManager.temporaryDirectory.appendingPathComponent("wax-wast2json-\(UUID().uuidString)")
        guard (try? fileManager.createDirectory(at: directory, withIntermediateDirectories: true)) != nil else { return nil }
        defer { try? fileManager.removeItem(at: directory) }
        let script = directory.appendingPathComponent("a.wast")
        guard (try? text.write(to: script, atomically: false, encoding: .utf8)) != nil else { return nil }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["wast2json", script.path, "-o", directory.appendingPathComponent("a.json").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let bytes = try? Data(contentsOf: directory.appendingPathComponent("a.0.wasm")) else { return nil }
        return [UInt8](bytes)
    }
}
