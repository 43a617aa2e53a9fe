import BootInfo
import Console
import XCTest

/// The console's escape sequences, as an xterm treats them (ECMA-48, VT100), on a 4x3-cell console.
final class TextConsoleEscapeTests: XCTestCase {
    private var fontBytes: UnsafeMutableRawBufferPointer!
    private var font: PSFFont!
    private var canvas: Canvas!
    private var console: TextConsole<LinearFramebuffer>!

    override func setUpWithError() throws {
        let bytes = PSFFontTests.tableFont
        fontBytes = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        fontBytes.copyBytes(from: bytes)
        font = try PSFFont(bytes: UnsafeRawBufferPointer(fontBytes))
        canvas = Canvas(width: 26, height: 13)
        console = TextConsole(target: canvas.framebuffer, font: font)!
    }

    override func tearDown() {
        console = nil
        canvas = nil
        fontBytes.deallocate()
    }

    private func rowsText() -> [String] {
        (0..<console.rows).map { row in
            String((0..<console.columns).map { Character(Unicode.Scalar(console.cell(column: $0, row: row).scalar)!) })
        }
    }

    private func assertCursor(_ column: Int, _ row: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual([console.cursorColumn, console.cursorRow], [column, row], file: file, line: line)
    }

    /// Every cell's pixels are its glyph in its colors (a blank cell all background), but the bottom row of the cursor's cell when the cursor
    /// shows: in that cell's foreground.
    private func assertPixelsMatchCells(cursorShown: Bool, file: StaticString = #filePath, line: UInt = #line) {
        for row in 0..<console.rows {
            for column in 0..<console.columns {
                let cell = console.cell(column: column, row: row)
                let on = PixelFormat.bgrx.encode(cell.foreground), off = PixelFormat.bgrx.encode(cell.background)
                // Blank cells are erased ones (these tests write no spaces; the test font has no space glyph).
                var expected = cell.scalar == 0x20 ? [UInt32](repeating: off, count: font.width * font.height)
                    : canvas.expected(glyph: font.glyphOrReplacement(for: cell.scalar), font: font, on: on, off: off)
                if cursorShown && column == console.cursorColumn && row == console.cursorRow {
                    for x in 0..<font.width { expected[(font.height - 1) * font.width + x] = on }
                }
                XCTAssertEqual(canvas.cellPixels(column: column, row: row, font: font), expected,
                               "cell \(column),\(row)", file: file, line: line)
            }
        }
    }

    func testCursorMovesAreClampedToTheScreen() {
        console.write("\u{1B}[2;3H")
        assertCursor(2, 1)
        console.write("\u{1B}[A")
        assertCursor(2, 0)
        console.write("\u{1B}[5B")
        assertCursor(2, 2)
        console.write("\u{1B}[9C")
        assertCursor(3, 2)
        console.write("\u{1B}[2D")
        assertCursor(1, 2)
        console.write("\u{1B}[0A")
        assertCursor(1, 1)
        console.write("\u{1B}[H")
        assertCursor(0, 0)
        console.write("\u{1B}[3G\u{1B}[3d")
        assertCursor(2, 2)
        console.write("\u{1B}[99;99f")
        assertCursor(3, 2)
        console.write("\u{1B}[F")
        assertCursor(0, 1)
        console.write("\u{1B}[E")
        assertCursor(0, 2)
    }

    func testAMoveForgetsAPendingWrap() {
        console.write("AAAA\u{1B}[DB")
        XCTAssertEqual(rowsText(), ["AABA", "    ", "    "])
        assertCursor(3, 0)
    }

    func testEraseInLineAndDisplay() {
        let full = "AAAABBBBAAAB"
        console.write(full + "\u{1B}[2;2H\u{1B}[K")
        XCTAssertEqual(rowsText(), ["AAAA", "B   ", "AAAB"])
        console.write("\u{1B}[1;3H\u{1B}[1K")
        XCTAssertEqual(rowsText(), ["   A", "B   ", "AAAB"])
        console.write("\u{1B}[3;2H\u{1B}[2K")
        XCTAssertEqual(rowsText(), ["   A", "B   ", "    "])
        assertCursor(1, 2)
        assertPixelsMatchCells(cursorShown: false)

        console.write("\u{1B}[H" + full + "\u{1B}[2;2H\u{1B}[J")
        XCTAssertEqual(rowsText(), ["AAAA", "B   ", "    "])
        console.write("\u{1B}[H" + full + "\u{1B}[2;2H\u{1B}[1J")
        XCTAssertEqual(rowsText(), ["    ", "  BB", "AAAB"])
        for mode in ["2", "3"] {
            console.write("\u{1B}[H" + full + "\u{1B}[2;2H\u{1B}[\(mode)J")
            XCTAssertEqual(rowsText(), ["    ", "    ", "    "])
            assertCursor(1, 1)
        }
        assertPixelsMatchCells(cursorShown: false)
    }

    func testClearAsNcursesDoesIt() {
        console.write("AB\nBA\nAA\nB")
        console.write("\u{1B}[H\u{1B}[2J\u{1B}[3J" + "A")
        XCTAssertEqual(rowsText(), ["A   ", "    ", "    "])
        assertPixelsMatchCells(cursorShown: false)
    }

    func testPaletteIsVGAs() {
        XCTAssertEqual(Color.ansi(0), Color(red: 0, green: 0, blue: 0))
        XCTAssertEqual(Color.ansi(1), Color(red: 0xAA, green: 0, blue: 0))
        XCTAssertEqual(Color.ansi(3), Color(red: 0xAA, green: 0x55, blue: 0))
        XCTAssertEqual(Color.ansi(6), Color(red: 0, green: 0xAA, blue: 0xAA))
        XCTAssertEqual(Color.ansi(7), Color(red: 0xAA, green: 0xAA, blue: 0xAA))
        XCTAssertEqual(Color.ansi(8), Color(red: 0x55, green: 0x55, blue: 0x55))
        XCTAssertEqual(Color.ansi(12), Color(red: 0x55, green: 0x55, blue: 0xFF))
        XCTAssertEqual(Color.ansi(15), Color(red: 0xFF, green: 0xFF, blue: 0xFF))
    }

    func testSelectGraphicRendition() {
        func cell(_ column: Int) -> ConsoleCell { console.cell(column: column, row: 0) }
        console.write("\u{1B}[31mA\u{1B}[1;32mA\u{1B}[22;44mA\u{1B}[0mA")
        XCTAssertEqual(cell(0).foreground, Color.ansi(1))
        XCTAssertEqual(cell(1).foreground, Color.ansi(10), "bold brightens")
        XCTAssertEqual([cell(2).foreground, cell(2).background], [Color.ansi(2), Color.ansi(4)])
        XCTAssertEqual([cell(3).foreground, cell(3).background], [Color.white, Color.black])
        console.write("\u{1B}[H\u{1B}[93;100mA\u{1B}[7mA\u{1B}[27;39;49mA\u{1B}[38;2;1;2;300;48;5;9mA")
        XCTAssertEqual([cell(0).foreground, cell(0).background], [Color.ansi(11), Color.ansi(8)])
        XCTAssertEqual([cell(1).foreground, cell(1).background], [Color.ansi(8), Color.ansi(11)], "reverse")
        XCTAssertEqual([cell(2).foreground, cell(2).background], [Color.white, Color.black])
        XCTAssertEqual([cell(3).foreground, cell(3).background], [Color(red: 1, green: 2, blue: 255), Color.ansi(9)])
        // Bold set after the color brightens it too; a color form this console lacks stops the list.
        console.write("\u{1B}[H\u{1B}[m\u{1B}[34;1mA\u{1B}[38;5;200;31mA")
        XCTAssertEqual(cell(0).foreground, Color.ansi(12))
        XCTAssertEqual(cell(1).foreground, Color.ansi(12))
        // Erasing paints the current background.
        console.write("\u{1B}[0;41m\u{1B}[2J")
        XCTAssertEqual(cell(0).background, Color.ansi(1))
        XCTAssertEqual(canvas.pixel(23, 11), PixelFormat.bgrx.encode(Color.ansi(1)))
        assertPixelsMatchCells(cursorShown: false)
    }

    func testSaveRestoreAndReset() {
        console.write("A\u{1B}7\u{1B}[3;3HB\u{1B}8B")
        XCTAssertEqual(rowsText(), ["AB  ", "    ", "  B "])
        console.write("\u{1B}[31m\u{1B}[s\u{1B}[HA\u{1B}[u")
        assertCursor(2, 0)
        console.write("\u{1B}cA")
        XCTAssertEqual(rowsText(), ["A   ", "    ", "    "])
        XCTAssertEqual(console.cell(column: 0, row: 0).foreground, .white)
    }

    func testTheCursorIsAnUnderlineThatFollows() {
        console.showsCursor = true
        assertPixelsMatchCells(cursorShown: true)
        console.write("BA")
        assertPixelsMatchCells(cursorShown: true)
        console.write("\r")
        assertPixelsMatchCells(cursorShown: true)
        console.write("\u{1B}[?25l")
        assertPixelsMatchCells(cursorShown: false)
        console.write("\u{1B}[?25h\u{1B}[2;2H")
        assertPixelsMatchCells(cursorShown: true)
        // Scrolling, wrapping and erasing leave no mark behind.
        console.write("\u{1B}[31mAB\nBA\nAAAAB\u{1B}[K")
        XCTAssertEqual(rowsText(), ["BA  ", "AAAA", "B   "])
        assertPixelsMatchCells(cursorShown: true)
        console.write("\u{1B}[1;1H\u{1B}[2J")
        assertPixelsMatchCells(cursorShown: true)
        console.showsCursor = false
        assertPixelsMatchCells(cursorShown: false)
    }
}
