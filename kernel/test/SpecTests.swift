import WaxScript

/// A subset of the WebAssembly spec scripts run by the kernel's own (Embedded) build of Wax, each file's counts
/// checked against what the host build of the same executor got on the same converted scripts
/// (/tests/spec/expected.txt, made by mk/root.mk).
enum SpecTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "spec-subset-matches-host") { check in
            let fs = RootFileSystem.shared!
            guard let expected = try? fs.resolve(Array("tests/spec/expected.txt".utf8), in: fs.root),
                  !expected.data.isEmpty
            else {
                check.skip("the spec test suite was absent when the test archive was made")
                return
            }
            var total = 0
            for line in expected.data.split(separator: 10) {
                let fields = line.split(separator: 32).map { String(decoding: $0, as: UTF8.self) }
                guard fields.count == 4 else { continue }
                let name = fields[0]
                guard let script = try? fs.resolve(Array("tests/spec/\(name).waxs".utf8), in: fs.root) else {
                    check.expect(false, "\(name).waxs is missing")
                    continue
                }
                let result: ScriptResult
                do throws(ScriptFormat.DecodingError) {
                    result = ScriptExecutor.run(try ScriptFormat.decode(script.data))
                } catch {
                    check.expect(false, "\(name).waxs does not decode")
                    continue
                }
                let counts = "\(result.passed) \(result.failed) \(result.skipped)"
                for byte in "  spec \(name): \(counts)\n".utf8 { Log.put(byte) }
                for failure in result.failures.prefix(5) {
                    for byte in "    \(failure)\n".utf8 { Log.put(byte) }
                }
                check.expect(counts == "\(fields[1]) \(fields[2]) \(fields[3])",
                             "\(name): kernel \(counts), host \(fields[1]) \(fields[2]) \(fields[3])")
                total += result.passed
            }
            check.expect(total > 1000, "only \(total) assertions passed")
        },
    ]
}
