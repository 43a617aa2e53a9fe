import Memory
import Wax

/// The native tier in the kernel: code pages are never writable and executable at once, and a fault in
/// generated code (a compiler bug: the code checks bounds and divisors itself) ends the run as a trap, through the
/// same entry stub every native run takes, instead of a kernel panic.
enum NativeCodeTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "native-code-pages-never-writable-and-executable") { check in
            guard let allocator = CodeMemoryAllocator.installed,
                  let block = allocator.allocate(3 * 4096) else {
                check.expect(false, "no code pages")
                return
            }
            let start = UInt64(UInt(bitPattern: block))
            for page in UInt64(0)..<3 {
                let flags = MemoryManager.kernelTables.lookup(start + page * 4096)?.flags
                check.expect(flags?.contains(.writable) == true && flags?.contains(.noExecute) == true,
                             "page \(page) while written: not writable and no-execute")
            }
            check.expect(allocator.seal(block, 3 * 4096), "sealing failed")
            for page in UInt64(0)..<3 {
                let flags = MemoryManager.kernelTables.lookup(start + page * 4096)?.flags
                check.expect(flags != nil && flags?.contains(.writable) == false && flags?.contains(.noExecute) == false,
                             "page \(page) once sealed: not read-execute")
            }
            allocator.release(block, 3 * 4096)
            check.expect(MemoryManager.kernelTables.lookup(start) == nil, "released pages still mapped")
        },
        .init(name: "native-fault-becomes-trap") { check in
            let before = MemorySnapshot.now
            let probes: [(NativeFaults.Probe, NativeFaults.Kind, String)] = [
                (.ud2, .invalidOpcode, "ud2"), (.divideByZero, .divideError, "div by 0"),
                (.nullLoad, .memoryFault, "load from 0"),
            ]
            for (probe, kind, name) in probes {
                let status = NativeFaults.run(probe)
                check.expect(status == NativeFaults.status(for: kind),
                             "\(name): status \(status.map { "\($0)" } ?? "none"), \(NativeFaults.status(for: kind)) expected")
            }
            check.expect(CodeSpace.pagesInUse == 0, "\(CodeSpace.pagesInUse) code pages left")
            check.expectNothingKept(since: before)
        },
    ]
}
