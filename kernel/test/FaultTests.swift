import CPU

/// Deliberate faults, one per boot (`test=NAME`): each ends in the kernel's panic report, which the host
/// harness reads to check that the report names the fault correctly. The functions are kept out of the
/// optimizer's reach so the backtrace shows them as written.
enum FaultTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "fault-guard-page") { _ in readGuardPage() },
        .init(name: "fault-stack-overflow") { _ in
            Log.text("EXPECT stack overflow\n")
            _ = recurse(1)
        },
        .init(name: "fault-divide-error") { _ in
            Log.text("EXPECT divide error\n")
            _ = divide(by: 0)
        },
        .init(name: "fault-swift-trap") { _ in
            Log.text("EXPECT Swift trap\n")
            _ = element([1, 2, 3], 7)
        },
    ]

    @inline(never) @_optimize(none)
    static func readGuardPage() {
        // The stack this test runs on: its guard page's report names it.
        let stack = KernelStacks.stacks.first { $0.name.description == "the kernel main stack" }!
        Log.text("EXPECT CR2=0x")
        Log.hex(stack.guardPage + 4088)
        Log.put(10)
        _ = cpu_read_byte(stack.guardPage + 4088)
    }

    @inline(never) @_optimize(none)
    static func divide(by divisor: UInt64) -> UInt64 { cpu_divide(1000, divisor) }

    @inline(never) @_optimize(none)
    static func element(_ values: [Int], _ index: Int) -> Int { values[index] }

    @inline(never) @_optimize(none)
    static func recurse(_ depth: Int) -> Int {
        var frame: (UInt64, UInt64, UInt64, UInt64) = (UInt64(depth), 0, 0, 0)
        return withUnsafeMutableBytes(of: &frame) { bytes in
            recurse(depth + 1) + Int(bytes[0])
        }
    }
}
