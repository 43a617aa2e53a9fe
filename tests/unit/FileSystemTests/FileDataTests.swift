import FileSystem
import XCTest

final class FileDataTests: XCTestCase {
    let budget = ByteBudget(limit: 64 << 20)
    lazy var data = FileData(source: .heap(budget))

    private func write(_ bytes: [UInt8], at offset: UInt64) throws -> Int {
        try bytes.withUnsafeBytes { try data.write(at: offset, from: $0) }
    }

    private func read(_ count: Int, at offset: UInt64) -> [UInt8] {
        var buffer = [UInt8](repeating: 0xAA, count: count)
        let n = buffer.withUnsafeMutableBytes { data.read(at: offset, into: $0) }
        return Array(buffer[..<n])
    }

    func testEveryChangeGivesAVersionNoContentsHadBefore() throws {
        let other = FileData(source: .heap(budget))
        var seen: Set<UInt64> = [data.version, other.version]
        XCTAssertEqual(seen.count, 2, "two new files")
        func changed(_ change: () throws -> Void) rethrows {
            try change()
            XCTAssertTrue(seen.insert(data.version).inserted, "a version seen before")
        }
        try changed { _ = try write([1, 2, 3], at: 0) }
        try changed { _ = try write([1, 2, 3], at: 0) }
        try changed { try data.truncate(to: 1) }
        try changed { try data.truncate(to: 1) }
        let version = data.version
        _ = read(3, at: 0)
        XCTAssertEqual(try write([], at: 0), 0)
        XCTAssertThrowsError(try write([1], at: FileData.maxSize))
        XCTAssertEqual(data.version, version, "reading, and writes that wrote nothing, change nothing")
    }

    func testHolesReadAsZerosAndCostNothing() throws {
        // A byte at 1 TiB: one data page and the index pages above it, nothing for the hole.
        XCTAssertEqual(try write([1, 2, 3], at: 1 << 40), 3)
        XCTAssertEqual(data.size, (1 << 40) + 3)
        XCTAssertLessThanOrEqual(data.pageCount, 5)
        XCTAssertEqual(read(4, at: (1 << 40) - 1), [0, 1, 2, 3])
        XCTAssertEqual(read(8, at: 12345), [UInt8](repeating: 0, count: 8))
        XCTAssertEqual(read(8, at: (1 << 40) + 3), [])
        // An offset below 2 GiB after one above it, across a page boundary.
        XCTAssertEqual(try write([9, 9], at: (1 << 31) - 1), 2)
        XCTAssertEqual(read(3, at: (1 << 31) - 2), [0, 9, 9])
    }

    func testGrowingKeepsWhatIsThereAndTakesOnlyNewPages() throws {
        let chunk = [UInt8](repeating: 5, count: 1 << 20)
        for step in 0..<8 {
            XCTAssertEqual(try write(chunk, at: UInt64(step) << 20), chunk.count)
        }
        // 2048 data pages and five index pages (one at the top, four below it).
        XCTAssertEqual(data.pageCount, 2048 + 5)
        XCTAssertEqual(budget.used, data.pageCount * FileData.pageSize)
        XCTAssertEqual(read(2, at: (1 << 20) - 1), [5, 5])
    }

    func testShrinkingFreesPagesAndZeroesTheTail() throws {
        XCTAssertEqual(try write([UInt8](repeating: 7, count: 3 * FileData.pageSize), at: 0), 3 * FileData.pageSize)
        try data.truncate(to: 10)
        XCTAssertEqual(data.pageCount, 2)  // the first page and the index above it
        try data.truncate(to: 20)
        XCTAssertEqual(read(20, at: 0), [UInt8](repeating: 7, count: 10) + [UInt8](repeating: 0, count: 10))
        try data.truncate(to: 0)
        XCTAssertEqual(data.pageCount, 0)
        XCTAssertEqual(budget.used, 0)
    }

    func testLimitsAndRunningDry() throws {
        XCTAssertThrowsError(try write([1], at: FileData.maxSize)) { XCTAssertEqual($0 as? FileSystemError, .fileTooLarge) }
        XCTAssertThrowsError(try data.truncate(to: FileData.maxSize + 1)) {
            XCTAssertEqual($0 as? FileSystemError, .fileTooLarge)
        }
        let small = FileData(source: .heap(ByteBudget(limit: 3 * FileData.pageSize)))
        let bytes = [UInt8](repeating: 1, count: 8 * FileData.pageSize)
        // One index page and two data pages fit: a short write, then ENOSPC.
        let written = try bytes.withUnsafeBytes { try small.write(at: 0, from: $0) }
        XCTAssertEqual(written, 2 * FileData.pageSize)
        XCTAssertThrowsError(try bytes.withUnsafeBytes { try small.write(at: UInt64(written), from: $0) }) {
            XCTAssertEqual($0 as? FileSystemError, .noSpace)
        }
        XCTAssertEqual(small.size, UInt64(written))
    }

    func testAFileGivesEverythingBackWhenItGoes() throws {
        var file: FileData? = FileData(source: .heap(budget))
        _ = try [UInt8](repeating: 1, count: 100).withUnsafeBytes { try file!.write(at: 1 << 33, from: $0) }
        XCTAssertGreaterThan(budget.used, 0)
        file = nil
        XCTAssertEqual(budget.used, 0)
    }
}
