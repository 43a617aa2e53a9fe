import Console
import XCTest

/// The parser against ECMA-48's syntax and what a VT100 does with broken sequences.
final class EscapeParserTests: XCTestCase {
    private func parse(_ text: String) -> [TerminalAction] { parse(bytes: Array(text.utf8)) }

    private func parse(bytes: [UInt8]) -> [TerminalAction] {
        var parser = EscapeParser()
        var actions: [TerminalAction] = []
        for byte in bytes { parser.feed(byte) { actions.append($0) } }
        return actions
    }

    private func sequence(_ final: Character, _ parameters: [Int] = [], marker: UInt8 = 0,
                          intermediate: UInt8 = 0) -> TerminalAction {
        .sequence(ControlSequence(final: final.asciiValue!, marker: marker, intermediate: intermediate,
                                  parameters: parameters))
    }

    private func text(_ string: String) -> [TerminalAction] { string.utf8.map { .text($0) } }

    func testTextAndControls() {
        XCTAssertEqual(parse("a\r\n\tb\u{8}\u{7}"), [.text(97), .control(13), .control(10), .control(9), .text(98),
                                                     .control(8), .control(7)])
        XCTAssertEqual(parse("é\u{7F}"), [.text(0xC3), .text(0xA9)], "UTF-8 passes through; DEL is dropped")
    }

    func testParametersAndDefaults() {
        XCTAssertEqual(parse("\u{1B}[A\u{1B}[12B\u{1B}[3;45H\u{1B}[;7H\u{1B}[5;H\u{1B}[;H"),
                       [sequence("A"), sequence("B", [12]), sequence("H", [3, 45]), sequence("H", [0, 7]),
                        sequence("H", [5, 0]), sequence("H", [0, 0])])
        XCTAssertEqual(parse("\u{1B}[0;1;31;42m\u{1B}[m\u{1B}[38:2:1:2:3m"),
                       [sequence("m", [0, 1, 31, 42]), sequence("m"), sequence("m", [38, 2, 1, 2, 3])])
        let moves = ControlSequence(final: 65, parameters: [0])
        XCTAssertEqual(moves.parameter(0, default: 1), 1, "0 means the default")
        XCTAssertEqual(moves.parameter(3, default: 9), 9)
        XCTAssertEqual(ControlSequence(final: 65, parameters: [4]).parameter(0, default: 1), 4)
    }

    func testPrivateMarkersAndIntermediates() {
        XCTAssertEqual(parse("\u{1B}[?25l\u{1B}[?1049h\u{1B}[>c\u{1B}[2 q"),
                       [sequence("l", [25], marker: 63), sequence("h", [1049], marker: 63), sequence("c", marker: 62),
                        sequence("q", [2], intermediate: 32)])
        // A marker after a parameter, or a digit after an intermediate, makes the sequence void.
        XCTAssertEqual(parse("\u{1B}[1?hx\u{1B}[1 2qy"), text("xy"))
    }

    func testHugeNumbersAndTooManyParametersAreBounded() {
        XCTAssertEqual(parse("\u{1B}[99999999999999999999999C"), [sequence("C", [EscapeParser.maxParameterValue])])
        let many = Array(repeating: "1", count: EscapeParser.maxParameters).joined(separator: ";")
        XCTAssertEqual(parse("\u{1B}[\(many)m"), [sequence("m", Array(repeating: 1, count: EscapeParser.maxParameters))])
        XCTAssertEqual(parse("\u{1B}[\(many);1mz"), text("z"), "one parameter too many: ignored to its end")
    }

    func testControlsInsideASequenceActAtOnce() {
        XCTAssertEqual(parse("\u{1B}[1\n2A"), [.control(10), sequence("A", [12])])
    }

    func testCancelRestartAndAbandon() {
        XCTAssertEqual(parse("\u{1B}[12\u{18}A"), text("A"), "CAN abandons the sequence")
        XCTAssertEqual(parse("\u{1B}[12\u{1A}A"), text("A"), "SUB too")
        XCTAssertEqual(parse("\u{1B}[12\u{1B}[3D"), [sequence("D", [3])], "ESC starts a new one")
        XCTAssertEqual(parse(bytes: [0x1B, 0x5B, 0x31, 0xC3, 0xA9]), [.text(0xA9)], "a byte past ASCII ends it")
    }

    func testEscapesStringsAndCharacterSets() {
        XCTAssertEqual(parse("\u{1B}c\u{1B}7\u{1B}8"), [.escape(99), .escape(55), .escape(56)])
        XCTAssertEqual(parse("\u{1B}(Bx\u{1B})0y"), text("xy"), "character set designations are skipped")
        XCTAssertEqual(parse("\u{1B}]0;title\u{7}a\u{1B}]2;t\u{1B}\\b\u{1B}Pdcs\u{1B}\\c"),
                       text("abc"),
                       "OSC and DCS run to BEL or ST")
        XCTAssertEqual(parse("\u{1B}\u{1B}[Ca"), [sequence("C")] + text("a"))
    }
}
