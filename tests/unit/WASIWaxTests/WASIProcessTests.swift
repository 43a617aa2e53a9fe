import FileSystem
import WASIPreview1
import WASIWax
import Wax
import XCTest

final class WASIProcessTests: XCTestCase {
    final class Output {
        var bytes: [UInt8] = []
    }

    func run(_ bytes: [UInt8], stdout: Output = Output()) throws -> WASIExit {
        let host = WASIHost(
            realtime: { 0 }, monotonic: { 0 }, processCPUTime: { 0 }, threadCPUTime: { 0 },
            random: { _ in }, readStdin: { _ in 0 }, stdinReady: { true },
            writeStdout: { stdout.bytes += $0 }, writeStderr: { _ in }, sleep: { _ in })
        let context = WASIContext(arguments: ["test"], environment: [], fileSystem: RamFileSystem(clock: { 0 }),
                                  host: host)
        return WASIProcess.run(try Module(bytes: bytes), context: context)
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

    func testExitStatusFollowsWasmtime() {
        XCTAssertEqual(WASIExit.exited(125).status.code, 125)
        XCTAssertEqual(WASIExit.exited(126).status.code, 1)
        XCTAssertNotNil(WASIExit.exited(126).status.message)
        XCTAssertNil(WASIExit.exited(0).status.message)
    }
}
