import Dispatch
import XCTest
@testable import WASIPreview1

final class MemoryAccountTests: XCTestCase {
    /// Eight threads charging one account as fast as they can never take more than its limit together, and a
    /// child account's refusal leaves its parent as it was.
    func testConcurrentChargesNeverPassTheLimit() {
        let pool = MemoryAccount(limit: 1000)
        nonisolated(unsafe) let taken = UnsafeMutablePointer<Int>.allocate(capacity: 8)  // a slot per thread
        defer { taken.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            let process = MemoryAccount(limit: 400, parent: pool)
            var count = 0
            for _ in 0..<10_000 where process.take(3) { count += 3 }
            taken[thread] = count
        }
        let total = (0..<8).reduce(0) { $0 + taken[$1] }
        XCTAssertEqual(total, pool.bytes)
        XCTAssertLessThanOrEqual(pool.bytes, 1000)
        XCTAssertGreaterThan(pool.bytes, 1000 - 3)
    }

    func testARefusalTakesNothing() {
        var roomy = true
        let pool = MemoryAccount(limit: 100, admits: { roomy })
        let process = MemoryAccount(limit: 60, parent: pool)
        XCTAssertTrue(process.take(50))
        XCTAssertFalse(process.take(20))
        XCTAssertEqual(process.bytes, 50)
        XCTAssertEqual(pool.bytes, 50)
        let other = MemoryAccount(limit: 60, parent: pool)
        XCTAssertFalse(other.take(60))
        XCTAssertEqual(other.bytes, 0)
        roomy = false
        XCTAssertThrowsError(try other.charge(1)) { XCTAssertEqual($0 as? Errno, .noMemory) }
        XCTAssertEqual(pool.bytes, 50)
        process.release(50)
        XCTAssertEqual(pool.bytes, 0)
    }

    /// A full pool asks its embedder to give back what it keeps for reuse (here a cache account drawn from the
    /// same pool) and tries once more; a process's own limit, or a charge with `reclaiming: false`, never asks.
    func testAFullPoolReclaimsThenCharges() {
        var asked = 0
        var cache: MemoryAccount? = nil
        let pool = MemoryAccount(limit: 100, reclaim: {
            asked += 1
            guard let held = cache?.bytes, held > 0 else { return false }
            cache?.release(held)
            return true
        })
        cache = MemoryAccount(limit: 50, parent: pool)
        XCTAssertEqual(cache?.take(40, reclaiming: false), true)
        let process = MemoryAccount(limit: 70, parent: pool)
        XCTAssertTrue(process.take(60))
        XCTAssertFalse(process.take(11))
        XCTAssertFalse(process.take(5, reclaiming: false))
        XCTAssertEqual(asked, 0)
        XCTAssertTrue(process.take(10))
        XCTAssertEqual(asked, 1)
        XCTAssertEqual(cache?.bytes, 0)
        XCTAssertEqual(pool.bytes, 70)
        XCTAssertFalse(MemoryAccount(limit: 100, parent: pool).take(31))
        XCTAssertEqual(asked, 2)
        XCTAssertEqual(pool.bytes, 70)
    }
}
