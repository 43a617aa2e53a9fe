import FileSystem

/// The kernel's module cache (LoadedModules) from the outside: a program run again is found in the cache and runs
/// as it did, and a program replaced at the same path runs its new code, even at the same size.
enum ModuleCacheTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "module-cache-reruns-the-same-program") { check in
            _ = LoadedModules.flushed()
            let hits = LoadedModules.hits, misses = LoadedModules.misses
            for index in 0..<20 {
                var output: [UInt8] = []
                let ending = ProcessTests.run("/tests/hello.wasm", timeLimit: nil, output: &output)
                let text = String(decoding: output, as: UTF8.self)
                check.expect(ending == "exit 0" && text == "hello\n", "run \(index): \(ending), \(text)")
            }
            check.expect(LoadedModules.misses - misses == 1, "\(LoadedModules.misses - misses) misses, 1 expected")
            check.expect(LoadedModules.hits - hits == 19, "\(LoadedModules.hits - hits) hits, 19 expected")
            check.expect(LoadedModules.count == 1, "\(LoadedModules.count) modules cached")
        },
        .init(name: "module-cache-keyed-by-contents") { check in
            let root = RootFileSystem.shared.root
            guard let hello = try? Paths.resolve(Array("tests/hello.wasm".utf8), in: root).contents(),
                  let file = try? root.makeFile(Array("changing.wasm".utf8))
            else {
                check.expect(false, "no /tests/hello.wasm, or /changing.wasm cannot be made")
                return
            }
            defer { try? root.remove(Array("changing.wasm".utf8), directory: false) }
            // The same program, then one of the same size that says something else: both run as written.
            var shouting = hello
            guard let at = (0...shouting.count - 5).first(where: { Array(shouting[$0..<$0 + 5]) == Array("hello".utf8) })
            else {
                check.expect(false, "no \"hello\" in /tests/hello.wasm")
                return
            }
            shouting.replaceSubrange(at..<at + 5, with: Array("HELLO".utf8))
            for (bytes, expected) in [(hello, "hello\n"), (shouting, "HELLO\n"), (hello, "hello\n"), (shouting, "HELLO\n")] {
                let written = bytes.withUnsafeBytes { buffer in try? file.write(at: 0, from: buffer) }
                check.expect(written == bytes.count, "/changing.wasm not written")
                var output: [UInt8] = []
                let ending = ProcessTests.run("/changing.wasm", timeLimit: nil, output: &output)
                let text = String(decoding: output, as: UTF8.self)
                check.expect(ending == "exit 0" && text == expected, "\(expected.dropLast()) expected: \(ending), \(text)")
            }
        },
    ]
}
