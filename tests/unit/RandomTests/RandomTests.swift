import Random
import XCTest

final class RandomTests: XCTestCase {
    /// RFC 8439, section 2.3.2: the block function test vector.
    func testChaCha20BlockVector() {
        var key: [UInt32] = []
        for i in 0..<8 {
            let base = UInt32(4 * i)
            key.append(base | (base + 1) << 8 | (base + 2) << 16 | (base + 3) << 24)
        }
        let cipher = ChaCha20(key: key, nonce: [0x0900_0000, 0x4A00_0000, 0])
        var out = [UInt32](repeating: 0, count: 16)
        out.withUnsafeMutableBufferPointer { cipher.block(counter: 1, into: $0.baseAddress!) }
        let bytes = out.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
        let expected: [UInt8] = [
            0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f, 0xa3, 0x20, 0x71, 0xc4,
            0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03, 0x04, 0x22, 0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e,
            0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa, 0x09, 0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2,
            0xb5, 0x12, 0x9c, 0xd1, 0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e,
        ]
        XCTAssertEqual(bytes, expected)
    }

    func testGeneratorIsDeterministicPerSeedAndNeverRepeats() {
        var a = RandomGenerator(seed: [1, 2, 3, 4, 5, 6, 7, 8])
        var b = RandomGenerator(seed: [1, 2, 3, 4, 5, 6, 7, 8])
        var c = RandomGenerator(seed: [1, 2, 3, 4, 5, 6, 7, 9])
        var x = [UInt8](repeating: 0, count: 100), y = x, z = x
        x.withUnsafeMutableBytes { a.fill($0) }
        y.withUnsafeMutableBytes { b.fill($0) }
        z.withUnsafeMutableBytes { c.fill($0) }
        XCTAssertEqual(x, y)
        XCTAssertNotEqual(x, z)
        var again = [UInt8](repeating: 0, count: 100)
        again.withUnsafeMutableBytes { a.fill($0) }
        XCTAssertNotEqual(again, x, "a second request must not repeat the first (the key is replaced)")
        // Roughly balanced bits over a larger sample.
        var big = [UInt8](repeating: 0, count: 1 << 16)
        big.withUnsafeMutableBytes { a.fill($0) }
        let ones = big.reduce(0) { $0 + $1.nonzeroBitCount }
        XCTAssertEqual(Double(ones) / Double(big.count * 8), 0.5, accuracy: 0.01)
    }
}
