import XCTest
@testable import WASIPreview1

final class FunctionTableTests: XCTestCase {
    func testEveryPreview1FunctionIsThereOnce() {
        let names = WASIFunctions.all.map(\.name)
        XCTAssertEqual(names.count, 46)
        XCTAssertEqual(Set(names).count, names.count)
        for name in ["args_get", "fd_readdir", "path_open", "poll_oneoff", "proc_exit", "sock_shutdown", "random_get"] {
            XCTAssertTrue(names.contains(name), name)
        }
    }

    func testSignaturesMatchTheSpecification() {
        let signatures = Dictionary(uniqueKeysWithValues: WASIFunctions.all.map { ($0.name, $0) })
        XCTAssertEqual(signatures["path_open"]?.parameters, [.i32, .i32, .i32, .i32, .i32, .i64, .i64, .i32, .i32])
        XCTAssertEqual(signatures["fd_seek"]?.parameters, [.i32, .i64, .i32, .i32])
        XCTAssertEqual(signatures["clock_time_get"]?.parameters, [.i32, .i64, .i32])
        XCTAssertEqual(signatures["fd_filestat_set_times"]?.parameters, [.i32, .i64, .i64, .i32])
        XCTAssertEqual(signatures["path_filestat_set_times"]?.parameters, [.i32, .i32, .i32, .i32, .i64, .i64, .i32])
        XCTAssertEqual(signatures["sched_yield"]?.parameters, [])
        XCTAssertEqual(signatures["proc_exit"]?.returnsErrno, false)
        XCTAssertEqual(WASIFunctions.all.filter { !$0.returnsErrno }.map(\.name), ["proc_exit"])
    }

    func testProcExitIsAnExitNotAnErrno() {
        let process = TestProcess()
        XCTAssertEqual(process.call("proc_exit", 3), .exit(3))
    }

    func testSystemsWithoutSocketsOrSignals() {
        let process = TestProcess()
        XCTAssertEqual(process.errno("sock_accept", 1, 0, 0), .notSocket)
        XCTAssertEqual(process.errno("sock_recv", 3, 0, 0, 0, 0, 0), .notSocket)
        XCTAssertEqual(process.errno("sock_send", 99, 0, 0, 0, 0), .badDescriptor)
        XCTAssertEqual(process.errno("sock_shutdown", 99, 0), .badDescriptor)
        XCTAssertEqual(process.errno("proc_raise", 9), .notSupported)
        XCTAssertEqual(process.errno("sched_yield"), .success)
    }
}
