import BootInfo
import Console
import XCTest

/// A framebuffer in ordinary memory, with a margin around the console's area to catch stray writes.
final class Canvas {
    let memory: UnsafeMutableRawBufferPointer
    let framebuffer: LinearFramebuffer

    init(width: Int, height: Int, format: PixelFormat = .bgrx, pitchPadding: Int = 8) {
        let pitch = width * 4 + pitchPadding
        memory = UnsafeMutableRawBufferPointer.allocate(byteCount: pitch * height, alignment: 16)
        memory.initializeMemory(as: UInt8.self, repeating: 0xAA)
        framebuffer = LinearFramebuffer(base: memory.baseAddress!, width: width, height: height, pitch: pitch,
                                        format: format)!
    }

    deinit { memory.deallocate() }

    func pixel(_ x: Int, _ y: Int) -> UInt32 { framebuffer.pixel(x: x, y: y) }

    /// The pixels of one character cell, row by row.
    func cellPixels(column: Int, row: Int, font: PSFFont) -> [UInt32] {
        (0..<font.height).flatMap { y in
            (0..<font.width).map { x in pixel(column * font.width + x, row * font.height + y) }
        }
    }

    /// The pixels `glyph` should produce in the given colors.
    func expected(glyph: Int, font: PSFFont, on: UInt32, off: UInt32) -> [UInt32] {
        (0..<font.height).flatMap { y in (0..<font.width).map { x in font.isSet(glyph: glyph, x: x, y: y) ? on : off } }
    }
}

private func XCTAssertCursor(_ console: TextConsole<LinearFramebuffer>, _ column: Int, _ row: Int,
                             _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual([console.cursorColumn, console.cursorRow], [column, row], message, file: file, line: line)
}

final class TextConsoleTests: XCTestCase {
    private var fontBytes: UnsafeMutableRawBufferPointer!
    private var font: PSFFont!
    /// Every canvas a test made, kept until the test ends: a console draws into its memory.
    private var canvases: [Canvas] = []

    private func makeCanvas(width: Int, height: Int, format: PixelFormat = .bgrx, pitchPadding: Int = 8) -> Canvas {
        let canvas = Canvas(width: width, height: height, format: format, pitchPadding: pitchPadding)
        canvases.append(canvas)
        return canvas
    }

    override func setUpWithError() throws {
        let bytes = PSFFontTests.tableFont
        fontBytes = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        fontBytes.copyBytes(from: bytes)
        font = try PSFFont(bytes: UnsafeRawBufferPointer(fontBytes))
    }

    override func tearDown() {
        canvases = []
        fontBytes.deallocate()
    }

    /// A 4x3-cell console (6x4 glyphs) on a canvas with a 2-pixel right and 1-pixel bottom margin.
    private func makeConsole(format: PixelFormat = .bgrx) -> (TextConsole<LinearFramebuffer>, Canvas) {
        let canvas = makeCanvas(width: 26, height: 13, format: format)
        return (TextConsole(target: canvas.framebuffer, font: font)!, canvas)
    }

    private func text(_ console: TextConsole<LinearFramebuffer>, row: Int) -> String {
        var line = ""
        for column in 0..<console.columns {
            line.unicodeScalars.append(Unicode.Scalar(console.cell(column: column, row: row).scalar) ?? "?")
        }
        return line
    }

    private var white: UInt32 { PixelFormat.bgrx.encode(.white) }
    private var black: UInt32 { PixelFormat.bgrx.encode(.black) }

    func testGeometryAndClear() {
        let (console, canvas) = makeConsole()
        XCTAssertEqual(console.columns, 4)
        XCTAssertEqual(console.rows, 3)
        for y in 0..<13 {
            for x in 0..<26 { XCTAssertEqual(canvas.pixel(x, y), black, "clear paints the whole target") }
        }
        XCTAssertNil(TextConsole(target: makeCanvas(width: 5, height: 40).framebuffer, font: font), "narrower than a glyph")
    }

    func testGlyphPixelsInForegroundAndBackground() {
        let (console, canvas) = makeConsole()
        console.write("BA")
        XCTAssertEqual(canvas.cellPixels(column: 0, row: 0, font: font),
                       canvas.expected(glyph: 2, font: font, on: white, off: black))
        XCTAssertEqual(canvas.cellPixels(column: 1, row: 0, font: font), [UInt32](repeating: white, count: 24))
        XCTAssertEqual(canvas.pixel(0, 0), white)
        XCTAssertEqual(canvas.pixel(1, 0), black)
        XCTAssertCursor(console, 2, 0)
    }

    func testColorsFollowThePixelFormat() {
        for format in [PixelFormat.bgrx, .rgbx] {
            let (console, canvas) = makeConsole(format: format)
            console.foreground = ConsoleLogLevel.error.color
            console.background = Color(red: 1, green: 2, blue: 3)
            console.write("B")
            let bytes = withUnsafeBytes(of: canvas.pixel(0, 0).littleEndian) { Array($0) }
            let background = withUnsafeBytes(of: canvas.pixel(1, 0).littleEndian) { Array($0) }
            if format == .bgrx {
                XCTAssertEqual(bytes, [0x40, 0x40, 0xF0, 0])
                XCTAssertEqual(background, [3, 2, 1, 0])
            } else {
                XCTAssertEqual(bytes, [0xF0, 0x40, 0x40, 0])
                XCTAssertEqual(background, [1, 2, 3, 0])
            }
            XCTAssertEqual(console.cell(column: 0, row: 0).foreground, .red)
        }
    }

    func testLogLevelColors() {
        XCTAssertEqual(ConsoleLogLevel.error.color, .red)
        XCTAssertEqual(ConsoleLogLevel.warning.color, .yellow)
        XCTAssertEqual(ConsoleLogLevel.info.color, .white)
        XCTAssertEqual(ConsoleLogLevel.debug.color, .gray)
        XCTAssertEqual(ConsoleLogLevel(rawValue: 3), .debug)
    }

    func testDeferredWrap() {
        let (console, _) = makeConsole()
        console.write("AAAA")
        XCTAssertCursor(console, 3, 0, "the cursor waits at the last column")
        console.write("\n")
        XCTAssertCursor(console, 0, 1, "no empty line after a full line")
        console.write("BBBBA")
        XCTAssertEqual(text(console, row: 1), "BBBB")
        XCTAssertEqual(text(console, row: 2), "A   ")
        XCTAssertCursor(console, 1, 2)
    }

    func testCarriageReturnTabAndBackspace() {
        let canvas = makeCanvas(width: 60, height: 8)
        let console = TextConsole(target: canvas.framebuffer, font: font)!
        XCTAssertEqual(console.columns, 10)
        console.write("A\tB")
        XCTAssertEqual(console.cell(column: 8, row: 0).scalar, 0x42, "tab stops every 8 columns")
        console.write("\tA")
        XCTAssertEqual(console.cell(column: 9, row: 0).scalar, 0x20, "a tab at column 9 fills to the end")
        XCTAssertEqual(console.cell(column: 0, row: 1).scalar, 0x41)
        console.write("\rBB\u{8}A")
        XCTAssertEqual(console.cell(column: 0, row: 1).scalar, 0x42)
        XCTAssertEqual(console.cell(column: 1, row: 1).scalar, 0x41, "backspace then A overwrites the B")
        console.write("\u{8}\u{8}\u{8}\u{8}")
        XCTAssertEqual(console.cursorColumn, 0, "backspace stops at column 0")
    }

    func testBackspaceAfterAFullLineErasesTheLastCharacter() {
        let (console, _) = makeConsole()
        console.write("BBBA\u{8} \u{8}")
        XCTAssertEqual(text(console, row: 0), "BBB ")
        XCTAssertCursor(console, 3, 0)
    }

    func testScrollMovesPixelsAndCellsUp() {
        let (console, canvas) = makeConsole()
        console.write("A\nB\ne")
        let secondRow = canvas.cellPixels(column: 0, row: 1, font: font)
        let thirdRow = canvas.cellPixels(column: 0, row: 2, font: font)
        console.write("\nBA")
        XCTAssertEqual(text(console, row: 0), "B   ")
        XCTAssertEqual(text(console, row: 1), "e   ")
        XCTAssertEqual(text(console, row: 2), "BA  ")
        XCTAssertEqual(canvas.cellPixels(column: 0, row: 0, font: font), secondRow)
        XCTAssertEqual(canvas.cellPixels(column: 0, row: 1, font: font), thirdRow)
        XCTAssertEqual(canvas.cellPixels(column: 1, row: 2, font: font), [UInt32](repeating: white, count: 24))
        XCTAssertEqual(canvas.cellPixels(column: 2, row: 2, font: font), [UInt32](repeating: black, count: 24),
                       "the new last line starts blank")
        XCTAssertCursor(console, 2, 2)
        for x in 0..<26 { XCTAssertEqual(canvas.pixel(x, 12), black, "the bottom margin is left alone") }
    }

    func testWrapAtTheBottomScrolls() {
        let (console, _) = makeConsole()
        console.write("AAAABBBBeeeeA")
        XCTAssertEqual(text(console, row: 0), "BBBB")
        XCTAssertEqual(text(console, row: 2), "A   ")
    }

    func testUTF8BytesAndUnknownCharacters() {
        let (console, canvas) = makeConsole()
        for byte in Array("é".utf8) { console.write(byte: byte) }
        XCTAssertEqual(console.cell(column: 0, row: 0).scalar, 0xE9)
        XCTAssertEqual(console.cursorColumn, 1, "a two-byte character takes one cell")
        console.write("Z\u{7}")
        XCTAssertEqual(console.cursorColumn, 2, "control characters take no cell")
        XCTAssertEqual(canvas.cellPixels(column: 0, row: 0, font: font),
                       canvas.expected(glyph: 4, font: font, on: white, off: black))
        XCTAssertEqual(canvas.cellPixels(column: 1, row: 0, font: font),
                       canvas.expected(glyph: 3, font: font, on: white, off: black), "Z has no glyph: U+FFFD")
    }

    func testRealFontOnAFullSizeScreen() throws {
        let bytes = try FontBuilder.consoleFont("Uni2-Terminus16")
        try bytes.withUnsafeBytes { raw in
            let font = try PSFFont(bytes: raw)
            let canvas = makeCanvas(width: 1024, height: 768, format: .rgbx, pitchPadding: 64)
            let console = try XCTUnwrap(TextConsole(target: canvas.framebuffer, font: font))
            XCTAssertEqual(console.columns, 128)
            XCTAssertEqual(console.rows, 48)
            let on = PixelFormat.rgbx.encode(.white), off = PixelFormat.rgbx.encode(.black)
            for line in 0..<60 { console.write("line \(line): walos\n") }
            XCTAssertEqual(console.cursorRow, 47)
            // 60 lines on 48 rows: the top row now shows line 13.
            for (column, scalar) in "line 13: walos".unicodeScalars.enumerated() {
                XCTAssertEqual(canvas.cellPixels(column: column, row: 0, font: font),
                               canvas.expected(glyph: try XCTUnwrap(font.glyphIndex(for: scalar.value)), font: font,
                                               on: on, off: off))
            }
        }
    }
}
