import Console
import XCTest

private func decode(_ bytes: [UInt8]) -> [UInt32] {
    var decoder = UTF8StreamDecoder()
    var scalars: [UInt32] = []
    for byte in bytes { decoder.feed(byte) { scalars.append($0) } }
    return scalars
}

final class UTF8StreamDecoderTests: XCTestCase {
    func testValidTextMatchesSwift() {
        let text = "walos: é ß Ж € 😀 \u{10FFFF}"
        XCTAssertEqual(decode(Array(text.utf8)), text.unicodeScalars.map(\.value))
    }

    func testMalformedInputBecomesReplacementCharacters() {
        let fffd: UInt32 = 0xFFFD
        XCTAssertEqual(decode([0x80]), [fffd], "stray continuation byte")
        XCTAssertEqual(decode([0xC0, 0x80]), [fffd, fffd], "C0 never starts a sequence")
        XCTAssertEqual(decode([0xE0, 0x80, 0x80]), [fffd], "overlong three-byte form")
        XCTAssertEqual(decode([0xED, 0xA0, 0x80]), [fffd], "surrogate")
        XCTAssertEqual(decode([0xF4, 0x90, 0x80, 0x80]), [fffd], "above U+10FFFF")
        XCTAssertEqual(decode([0xF5]), [fffd])
        XCTAssertEqual(decode([0xE2, 0x82, 0x41]), [fffd, 0x41], "a cut sequence does not swallow the next byte")
        XCTAssertEqual(decode([0xE2, 0x82, 0xC3, 0xA9]), [fffd, 0xE9], "nor the next sequence")
    }
}
