/// The in-kernel test runner. `test` on the command line runs every case of `cases` and ends QEMU through
/// isa-debug-exit (status 0 when all passed); `test=NAME` runs one case, which may also be one of the `faults`,
/// cases that end in a deliberate panic whose report the host harness checks (tests/qemu/), or of the cases that
/// need a device the harness provides.
/// Output, one line per case: `TEST name ok`, `TEST name FAILED: reason` or `TEST name skipped: reason`, then
/// `ktest: N passed, M failed, S skipped`.
enum KernelTests {
    struct Case {
        let name: StaticString
        let run: (inout Check) -> Void
    }

    /// What a case reports through; the first failed expectation is the case's reason.
    struct Check {
        var failure: String? = nil
        /// Why the case could not run here (its input is absent); a skipped case neither passes nor fails.
        var skipped: String? = nil

        mutating func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
            if !condition && failure == nil { failure = message() }
        }

        mutating func skip(_ reason: String) { skipped = reason }
    }

    static var cases: [Case] {
        MemoryTests.cases + GuestPageTests.cases + TimeTests.cases + PlatformTests.cases + SchedulerTests.cases + ProcessTests.cases
            + MultitaskingTests.cases + ProcessFamilyTests.cases + ModuleCacheTests.cases + FileSystemBombTests.cases
            + GuestSwarmTests.cases + NativeCodeTests.cases
            + SpecTests.cases
    }

    static var faults: [Case] { FaultTests.cases }

    /// Cases that need a device the harness adds for them (a shared host directory); run only when named.
    static var withDevices: [Case] { HostShareTests.cases }

    static func run(only: String?) -> Never {
        let selected = (cases + faults + withDevices).filter { only == nil || $0.name.description == only! }
        let planned = only == nil ? cases : selected
        Log.text("ktest: plan ")
        Log.decimal(UInt64(planned.count))
        Log.put(10)
        if planned.isEmpty {
            Log.text("ktest: no test named that\n")
            DebugExit.exit(1)
        }
        var passed = 0, failed = 0, skipped = 0
        for test in planned {
            var check = Check()
            test.run(&check)
            let verdict: String
            if let failure = check.failure {
                failed += 1
                verdict = "FAILED: " + failure
            } else if let reason = check.skipped {
                skipped += 1
                verdict = "skipped: " + reason
            } else {
                passed += 1
                verdict = "ok"
            }
            Log.text("TEST ")
            Log.text(test.name)
            for byte in " \(verdict)\n".utf8 { Log.put(byte) }
        }
        for byte in "ktest: \(passed) passed, \(failed) failed, \(skipped) skipped\n".utf8 { Log.put(byte) }
        DebugExit.exit(failed == 0 ? 0 : 1)
    }
}
