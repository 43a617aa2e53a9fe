@testable import Wax
import XCTest

/// The module cache: hits only on the very same bytes, bounded in bytes with the least recently used going
/// first, and a cached module shared by instances that do not see each other's state.
final class ModuleCacheTests: XCTestCase {
    private func module(_ value: Int) throws -> (Module, [UInt8]) {
        let bytes = try wasm("(module (func (export \"f\") (result i32) (i32.const \(value))))")
        return (try Module(bytes: bytes), bytes)
    }

    func testHitsOnlyOnTheSameBytes() throws {
        let cache = ModuleCache(capacity: 1 << 20)
        let (one, oneBytes) = try module(1)
        let (_, twoBytes) = try module(2)
        XCTAssertEqual(oneBytes.count, twoBytes.count)
        XCTAssertNil(cache.module(for: oneBytes))
        XCTAssertTrue(cache.insert(one, for: oneBytes))
        XCTAssertTrue(cache.module(for: Array(oneBytes)) === one)
        XCTAssertNil(cache.module(for: twoBytes))
        XCTAssertNil(cache.module(for: oneBytes.dropLast() + [0]))
        XCTAssertEqual(cache.hits, 1)
        XCTAssertEqual(cache.misses, 3)
    }

    func testFindsBytesByTheirSource() throws {
        let cache = ModuleCache(capacity: 1 << 20)
        let (one, oneBytes) = try module(1)
        let (two, twoBytes) = try module(2)
        XCTAssertTrue(cache.insert(one, for: oneBytes, source: 7))
        XCTAssertTrue(cache.insert(two, for: twoBytes))
        XCTAssertNil(cache.module(source: 8))
        let found = cache.module(source: 7)
        XCTAssertTrue(found?.0 === one)
        XCTAssertEqual(found?.1, oneBytes)
        // Found by its bytes under a new source, the entry answers to that one.
        XCTAssertTrue(cache.module(for: twoBytes, source: 9) === two)
        XCTAssertTrue(cache.module(source: 9)?.0 === two)
        XCTAssertTrue(cache.module(for: oneBytes, source: 9) === one)
        XCTAssertTrue(cache.module(source: 9)?.0 === one, "only the last entry named 9 answers to it")
        XCTAssertEqual(cache.hits, 5)
    }

    func testComparesEveryByte() {
        let bytes = [UInt8](repeating: 7, count: 37)
        for index in bytes.indices {
            var other = bytes
            other[index] = 8
            XCTAssertFalse(ModuleCache.same(bytes, other), "byte \(index)")
        }
        XCTAssertTrue(ModuleCache.same(bytes, Array(bytes)))
        XCTAssertFalse(ModuleCache.same(bytes, Array(bytes.dropLast())))
    }

    func testStaysWithinCapacityLeastRecentlyUsedFirst() throws {
        let modules = try (0..<3).map { try module($0) }
        let cost = ModuleCache.cost(of: modules[0].0, bytes: modules[0].1)
        let cache = ModuleCache(capacity: 2 * cost)
        XCTAssertTrue(cache.insert(modules[0].0, for: modules[0].1))
        XCTAssertTrue(cache.insert(modules[1].0, for: modules[1].1))
        XCTAssertNotNil(cache.module(for: modules[0].1))  // now the most recently used
        XCTAssertTrue(cache.insert(modules[2].0, for: modules[2].1))
        XCTAssertEqual(cache.bytesHeld, 2 * cost)
        XCTAssertNotNil(cache.module(for: modules[0].1))
        XCTAssertNil(cache.module(for: modules[1].1))
        XCTAssertNotNil(cache.module(for: modules[2].1))
        cache.removeAll()
        XCTAssertEqual(cache.bytesHeld, 0)
        XCTAssertNil(cache.module(for: modules[0].1))
    }

    func testRefusesWhatDoesNotFitOrIsNotAdmitted() throws {
        let (one, bytes) = try module(1)
        let cost = ModuleCache.cost(of: one, bytes: bytes)
        XCTAssertFalse(ModuleCache(capacity: cost - 1).insert(one, for: bytes))
        let cache = ModuleCache(capacity: cost)
        var asked = 0
        XCTAssertFalse(cache.insert(one, for: bytes) { asked = $0; return false })
        XCTAssertEqual(asked, cost)
        XCTAssertEqual(cache.count, 0)
        XCTAssertEqual(cache.bytesHeld, 0)
    }

    func testInstancesOfOneModuleKeepTheirOwnState() throws {
        let bytes = try wasm("""
            (module (memory 1) (global $g (mut i32) (i32.const 5))
              (func (export "bump") (result i32)
                (global.set $g (i32.add (global.get $g) (i32.const 1)))
                (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (global.get $g)))
                (i32.load (i32.const 0))))
            """)
        let cache = ModuleCache(capacity: 1 << 20)
        cache.insert(try Module(bytes: bytes), for: bytes)
        let first = Store(), second = Store()
        let a = try first.instantiate(XCTUnwrap(cache.module(for: bytes)))
        XCTAssertEqual(try a.invoke("bump", []), [.i32(6)])
        XCTAssertEqual(try a.invoke("bump", []), [.i32(13)])
        let b = try second.instantiate(XCTUnwrap(cache.module(for: bytes)))
        XCTAssertEqual(try b.invoke("bump", []), [.i32(6)])
        XCTAssertEqual(try a.invoke("bump", []), [.i32(21)])
    }
}
