import Console
import XCTest

/// Scancode set 1 as the IBM PC/AT keyboard documents it (make code; the break code adds 0x80; E0 prefixes the
/// gray keys), typed through the decoder; the expectations are what an xterm sends for the same keys.
final class KeyboardDecoderTests: XCTestCase {
    private let leftShift: UInt8 = 0x2A, rightShift: UInt8 = 0x36, control: UInt8 = 0x1D, alt: UInt8 = 0x38
    private let capsLock: UInt8 = 0x3A, numLock: UInt8 = 0x45

    private func decode(_ codes: [UInt8], _ decoder: inout KeyboardDecoder) -> [UInt8] {
        var out: [UInt8] = []
        for code in codes { decoder.feed(code) { out.append($0) } }
        return out
    }

    private func decode(_ codes: [UInt8]) -> [UInt8] {
        var decoder = KeyboardDecoder()
        return decode(codes, &decoder)
    }

    /// Press and release each key in turn.
    private func taps(_ codes: [UInt8]) -> [UInt8] { codes.flatMap { [$0, $0 | 0x80] } }

    /// `body`'s codes with `modifier` held around them.
    private func holding(_ modifier: UInt8, _ body: [UInt8], extended: Bool = false) -> [UInt8] {
        let prefix: [UInt8] = extended ? [0xE0] : []
        return prefix + [modifier] + body + prefix + [modifier | 0x80]
    }

    private let numberRow: [UInt8] = Array(0x02...0x0D)
    private let topRow: [UInt8] = Array(0x10...0x1B)
    private let homeRow: [UInt8] = Array(0x1E...0x29) + [0x2B]
    private let bottomRow: [UInt8] = Array(0x2C...0x35)

    func testEveryCharacterKeyPlainAndShifted() {
        let keys = numberRow + topRow + homeRow + bottomRow + [0x39]
        XCTAssertEqual(String(decoding: decode(taps(keys)), as: UTF8.self),
                       "1234567890-=qwertyuiop[]asdfghjkl;'`\\zxcvbnm,./ ")
        XCTAssertEqual(String(decoding: decode(holding(leftShift, taps(keys))), as: UTF8.self),
                       "!@#$%^&*()_+QWERTYUIOP{}ASDFGHJKL:\"~|ZXCVBNM<>? ")
        XCTAssertEqual(decode(holding(rightShift, taps([0x1E]))), Array("A".utf8))
    }

    func testEnterBackspaceTabEscape() {
        XCTAssertEqual(decode(taps([0x1C, 0x0E, 0x0F, 0x01])), [13, 0x7F, 9, 0x1B])
        // The keypad's Enter (E0 1C) is Enter too.
        XCTAssertEqual(decode([0xE0, 0x1C, 0xE0, 0x9C]), [13])
    }

    func testReleasesAndModifiersAloneProduceNothing() {
        XCTAssertEqual(decode([0x9E, leftShift, control, alt, capsLock | 0x80, 0xE0, 0x1D, 0xE0, 0x38]), [])
    }

    func testShiftIsFollowedThroughItsRelease() {
        XCTAssertEqual(decode([leftShift, 0x1E, 0x9E, leftShift | 0x80, 0x1E, 0x9E]), Array("Aa".utf8))
        // Both shifts held, one let go: still shifted.
        XCTAssertEqual(decode([leftShift, rightShift, leftShift | 0x80, 0x30, rightShift | 0x80, 0x30]),
                       Array("Bb".utf8))
    }

    func testCapsLockInvertsLettersOnly() {
        var decoder = KeyboardDecoder()
        // Held down, the key repeats its make code: only the first press toggles.
        XCTAssertEqual(decode([capsLock, capsLock, capsLock, capsLock | 0x80], &decoder), [])
        XCTAssertTrue(decoder.capsLock)
        XCTAssertEqual(String(decoding: decode(taps([0x10, 0x02, 0x1A]), &decoder), as: UTF8.self), "Q1[")
        XCTAssertEqual(String(decoding: decode(holding(leftShift, taps([0x10, 0x02])), &decoder), as: UTF8.self), "q!")
        _ = decode(taps([capsLock]), &decoder)
        XCTAssertFalse(decoder.capsLock)
        XCTAssertEqual(decode(taps([0x10]), &decoder), Array("q".utf8))
    }

    func testControlMakesControlCharacters() {
        // Ctrl-A..Z are 0x01..0x1A; Ctrl-C and Ctrl-D among them.
        let letters: [UInt8] = [0x1E, 0x30, 0x2E, 0x20, 0x12, 0x21, 0x22, 0x23, 0x17, 0x24, 0x25, 0x26, 0x32,
                                0x31, 0x18, 0x19, 0x10, 0x13, 0x1F, 0x14, 0x16, 0x2F, 0x11, 0x2D, 0x15, 0x2C]
        XCTAssertEqual(decode(holding(control, taps(letters))), Array(1...26))
        XCTAssertEqual(decode(holding(control, taps(letters), extended: true)), Array(1...26))
        // With Shift or Caps Lock as well, the same; Ctrl-[ is ESC, Ctrl-Space NUL, Ctrl-\ 0x1C.
        XCTAssertEqual(decode(holding(control, holding(leftShift, taps([0x2E])))), [3])
        XCTAssertEqual(decode(holding(control, taps([0x1A, 0x39, 0x2B]))), [0x1B, 0, 0x1C])
        // Digits and punctuation other than those stay themselves.
        XCTAssertEqual(decode(holding(control, taps([0x02, 0x35]))), Array("1/".utf8))
    }

    func testAltPrefixesEscape() {
        XCTAssertEqual(decode(holding(alt, taps([0x30]))), [0x1B, UInt8(ascii: "b")])
        XCTAssertEqual(decode(holding(alt, taps([0x30]), extended: true)), [0x1B, UInt8(ascii: "b")])
    }

    func testGrayCursorKeysAreANSISequences() {
        let keys: [(UInt8, String)] = [(0x48, "\u{1B}[A"), (0x50, "\u{1B}[B"), (0x4D, "\u{1B}[C"), (0x4B, "\u{1B}[D"),
                                       (0x47, "\u{1B}[H"), (0x4F, "\u{1B}[F"), (0x52, "\u{1B}[2~"),
                                       (0x53, "\u{1B}[3~"), (0x49, "\u{1B}[5~"), (0x51, "\u{1B}[6~")]
        for (code, sequence) in keys {
            XCTAssertEqual(decode([0xE0, code, 0xE0, code | 0x80]), Array(sequence.utf8), "E0 \(code)")
        }
        // Arrows ignore Shift and are not letters for Caps Lock.
        XCTAssertEqual(decode(holding(leftShift, [0xE0, 0x48, 0xE0, 0xC8])), Array("\u{1B}[A".utf8))
        // The keypad's `/` is a slash.
        XCTAssertEqual(decode([0xE0, 0x35, 0xE0, 0xB5]), Array("/".utf8))
    }

    func testKeypadFollowsNumLock() {
        var decoder = KeyboardDecoder()
        let pad: [UInt8] = [0x47, 0x48, 0x4B, 0x4C, 0x4D, 0x4F, 0x50, 0x53, 0x4A, 0x4E, 0x37]
        XCTAssertEqual(String(decoding: decode(taps(pad), &decoder), as: UTF8.self),
                       "\u{1B}[H\u{1B}[A\u{1B}[D\u{1B}[C\u{1B}[F\u{1B}[B\u{1B}[3~-+*")
        _ = decode(taps([numLock]), &decoder)
        XCTAssertTrue(decoder.numLock)
        XCTAssertEqual(String(decoding: decode(taps(pad + [0x49, 0x51, 0x52]), &decoder), as: UTF8.self),
                       "7845612.-+*930")
    }

    func testPrintScreenPauseAndFunctionKeysProduceNothing() {
        // Print Screen: E0 2A E0 37, released E0 B7 E0 AA; its fake shift must not stick.
        XCTAssertEqual(decode([0xE0, 0x2A, 0xE0, 0x37, 0xE0, 0xB7, 0xE0, 0xAA] + taps([0x1E])), Array("a".utf8))
        XCTAssertEqual(decode([0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5] + taps([0x1E])), Array("a".utf8))
        XCTAssertEqual(decode(taps(Array(0x3B...0x44) + [0x57, 0x58, 0x46])), [])
    }

    func testUnknownCodesAreIgnored() {
        XCTAssertEqual(decode(taps([0x00, 0x54, 0x55, 0x56, 0x59, 0x7F]) + [0xE0, 0x5B, 0xE0, 0x7F]), [])
    }
}

final class BoundedByteQueueTests: XCTestCase {
    func testFirstInFirstOutAcrossTheWrap() {
        var queue = BoundedByteQueue(capacity: 3)
        var out: [UInt8] = []
        for byte in UInt8(1)...10 {
            XCTAssertTrue(queue.append(byte))
            if byte % 2 == 0 { while let next = queue.removeFirst() { out.append(next) } }
        }
        XCTAssertEqual(out, Array(1...10))
        XCTAssertTrue(queue.isEmpty)
        XCTAssertNil(queue.removeFirst())
    }

    func testAFullQueueDropsTheNewest() {
        var queue = BoundedByteQueue(capacity: 4)
        for byte in UInt8(1)...6 { queue.append(byte) }
        XCTAssertEqual(queue.count, 4)
        XCTAssertEqual(queue.dropped, 2)
        XCTAssertFalse(queue.append(7))
        var out: [UInt8] = []
        while let next = queue.removeFirst() { out.append(next) }
        XCTAssertEqual(out, [1, 2, 3, 4])
        XCTAssertTrue(queue.append(8))
        XCTAssertEqual(queue.removeFirst(), 8)
    }
}
