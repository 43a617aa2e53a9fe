import FileSystem
import WASIPreview1
import WASIWax
import Wax
import XCTest

final class WASIProcessTests: XCTestCase {
    final class Output {
        var bytes: [UInt8] = []
    }

    func run(_ bytes: [UInt8], stdout: Output = Output(), stopping: Bool = false, serving: Bool = true,
             entry: WASIEntry = .command, results: ([Value]) -> Void = { _ in }) throws -> WASIExit {
        run(try Module(bytes: bytes), stdout: stdout, stopping: stopping, serving: serving, entry: entry,
            results: results)
    }

    func run(_ module: Module, stdout: Output = Output(), stopping: Bool = false, serving: Bool = true,
             entry: WASIEntry = .command, results: ([Value]) -> Void = { _ in }) -> WASIExit {
        let host = WASIHost(
            realtime: { 0 }, monotonic: { 0 }, processCPUTime: { 0 }, threadCPUTime: { 0 },
            random: { _ in }, readStdin: { _ in 0 }, stdinReady: { true },
            writeStdout: { stdout.bytes += $0 }, writeStderr: { _ in }, sleep: { _ in }, isStopping: { stopping },
            lock: CallLock(contend: { _ in fatalError("one thread contends with nobody") }, wakeContender: {}))
        host.lock?.refusing.store(!serving, ordering: .relaxed)
        let context = WASIContext(arguments: ["test"], environment: [], fileSystem: RamFileSystem(clock: { 0 }),
                                  host: host)
        return WASIProcess.run(module, context: context, entry: entry, results: results)
    }

    /// A module resolved once (WASIImports.resolve, as the kernel does for the modules it shares) runs in every
    /// process from that resolution, as it would unresolved; its names are not matched again.
    func testAResolvedModuleRunsFromItsResolution() throws {
        let module = try Module(bytes: Modules.exitWithWrittenCount)
        WASIImports.resolve(module)
        for _ in 0..<2 {
            let output = Output()
            XCTAssertEqual(run(module, stdout: output), .exited(3))
            XCTAssertEqual(output.bytes, Array("hi\n".utf8))
        }
        module.importResolution = module.importResolution?.map { _ in -1 }
        guard case .failed(let message) = run(module) else { return XCTFail("expected a failure") }
        XCTAssertTrue(message.contains("fd_write"), message)
    }

    func testProcExitEndsTheProgramWithItsCode() throws {
        let output = Output()
        XCTAssertEqual(try run(Modules.exitWithWrittenCount, stdout: output), .exited(3))
        XCTAssertEqual(output.bytes, Array("hi\n".utf8))
    }

    func testReturningFromStartIsExitZero() throws {
        XCTAssertEqual(try run(Modules.returnsFromStart), .exited(0))
    }

    func testTrapIsReported() throws {
        XCTAssertEqual(try run(Modules.unreachableAfterYield), .trapped("unreachable"))
        XCTAssertEqual(WASIExit.trapped("unreachable").status.code, 134)
    }

    func testModuleWithoutMemoryGetsEFAULT() throws {
        XCTAssertEqual(try run(Modules.withoutMemory), .exited(UInt32(Errno.fault.rawValue)))
    }

    func testUnknownImportFailsToStart() throws {
        guard case .failed(let message) = try run(Modules.unknownImport) else { return XCTFail("expected a failure") }
        XCTAssertTrue(message.contains("no_such_function"), message)
    }

    func testAWaitCutShortByTheHostEndsTheGuest() throws {
        XCTAssertEqual(try run(Modules.exitWithStdinReadErrno), .exited(0), "end of input: fd_read succeeds")
        XCTAssertEqual(try run(Modules.exitWithStdinReadErrno, stopping: true), .trapped("interrupted"),
                       "the guest must not go on with EINTR")
    }

    /// A host short of memory refuses calls before they run (ENOMEM), all but those that give memory back:
    /// proc_exit still ends the program.
    func testACallTheHostCannotServeIsENOMEM() throws {
        XCTAssertEqual(try run(Modules.exitWithStdinReadErrno, serving: false), .exited(UInt32(Errno.noMemory.rawValue)))
    }

    /// A call that touches only the process's own state (clock_time_get) is served without entering the host:
    /// the same host that refuses fd_read serves it, and the program exits with its errno, 0.
    func testACallOfTheProcessAloneSkipsTheHostsLock() throws {
        XCTAssertEqual(try run(Modules.exitWithClockErrno, serving: false), .exited(0))
    }

    func testInvokeCallsAnExportAfterInitialize() throws {
        let output = Output()
        var returned: [Value] = []
        XCTAssertEqual(try run(Modules.reactor, stdout: output, entry: .export("add", arguments: [2, 0xFFFF_FFFF]),
                               results: { returned = $0 }), .exited(0))
        XCTAssertEqual(returned, [.i32(1)])
        XCTAssertEqual(output.bytes, Array("init\n".utf8))
        XCTAssertEqual(try run(Modules.reactor, entry: .export("sub", arguments: [])),
                       .failed("no func export named `sub` found"))
        XCTAssertEqual(try run(Modules.reactor, entry: .export("add", arguments: [1])),
                       .failed("not enough arguments for `add`"))
    }

    func testModuleWithoutStartRunsOnlyItsInitializer() throws {
        let output = Output()
        XCTAssertEqual(try run(Modules.reactor, stdout: output), .exited(0))
        XCTAssertEqual(output.bytes, Array("init\n".utf8))
    }

    func testExitStatusFollowsWasmtime() {
        XCTAssertEqual(WASIExit.exited(125).status.code, 125)
        XCTAssertEqual(WASIExit.exited(126).status.code, 1)
        XCTAssertNotNil(WASIExit.exited(126).status.message)
        XCTAssertNil(WASIExit.exited(0).status.message)
    }
}
