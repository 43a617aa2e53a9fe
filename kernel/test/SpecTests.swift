import Wax
import WaxScript

/// A subset of the WebAssembly spec scripts run by the kernel's own (Embedded) build of Wax, on the kernel's engine
/// (`engine=` on the command line: native code by default, the interpreter in the kernel suite's UEFI run), each
/// checked against the spec's own expectations (any failed assertion fails the case, and its lines are printed)
/// and its counts against what the host build of the same executor got on the same converted scripts (/tests/spec/expected.txt,
/// made by mk/root.mk, which stops the build when the spec suite is absent).
enum SpecTests {
    /// The floor, a little under the subset's count (December 2026: 23390 passed, with tail calls, exceptions,
    /// multi-memory and SIMD): fewer means scripts stopped running, even if nothing that ran failed.
    static let minimumPassed = 23300

    /// The engine's defaults, but native code kept within what the test thread's 64 KiB stack holds.
    static let limits = StoreLimits(maxNativeStackBytes: ProcessRunner.nativeStackBytes)

    static let cases: [KernelTests.Case] = [
        .init(name: "spec-subset") { check in
            guard let expected = RootFileSystem.contents(of: Array("tests/spec/expected.txt".utf8)), !expected.isEmpty
            else {
                check.expect(false, "/tests/spec/expected.txt is missing or empty: the test archive has no spec scripts")
                return
            }
            var passed = 0
            for line in expected.split(separator: 10) {
                let fields = line.split(separator: 32).map { String(decoding: $0, as: UTF8.self) }
                guard fields.count == 4 else {
                    check.expect(false, "expected.txt: malformed line \"\(String(decoding: line, as: UTF8.self))\"")
                    continue
                }
                let name = fields[0]
                guard let file = RootFileSystem.contents(of: Array("tests/spec/\(name).waxs".utf8)) else {
                    check.expect(false, "\(name).waxs is missing")
                    continue
                }
                let script: Script
                do throws(ScriptFormat.DecodingError) {
                    script = try ScriptFormat.decode(file)
                } catch {
                    check.expect(false, "\(name).waxs does not decode")
                    continue
                }
                // Memories where processes' live, so native code's accesses past a memory fault and trap there.
                let result = ScriptExecutor.run(script, limits: limits, engine: ProcessRunner.engine,
                                                memoryAllocator: GuestMemorySpace.allocator)
                let counts = "\(result.passed) \(result.failed) \(result.skipped)"
                for byte in "  spec \(name): \(counts)\n".utf8 { Log.put(byte) }
                for failure in result.failures {
                    for byte in "    FAIL \(failure)\n".utf8 { Log.put(byte) }
                }
                check.expect(result.failed == 0, "\(name): \(result.failed) assertions failed, the first at \(result.failures.first ?? "")")
                check.expect(result.total == script.commands.count,
                             "\(name): \(script.commands.count) commands but \(result.total) outcomes")
                check.expect(counts == "\(fields[1]) \(fields[2]) \(fields[3])",
                             "\(name): kernel \(counts), host \(fields[1]) \(fields[2]) \(fields[3])")
                passed += result.passed
            }
            check.expect(passed >= minimumPassed, "only \(passed) assertions passed, under the floor of \(minimumPassed)")
        },
    ]
}
