import BootInfo
import Console
import XCTest

/// What the display service and console_screen use of the console library: copying a program's XRGB8888 pixels
/// to a framebuffer of either byte order (PixelCopy, compiled into services/display), and a text console that
/// stops drawing while the display driver owns the screen.
final class ProgramScreenTests: XCTestCase {
    /// Two rows of three pixels, four pixels apart, with a pixel of padding before each row.
    private let source: [UInt32] = [0xFFFF_FFFF, 0x0011_2233, 0x0044_5566, 0x0077_8899, 0xFFFF_FFFF,
                                    0xFFFF_FFFF, 0x00AA_BBCC, 0x00DD_EEFF, 0x0001_0203, 0xFFFF_FFFF]

    private func copy(to format: PixelFormat) -> Canvas {
        let canvas = Canvas(width: 6, height: 4, format: format, pitchPadding: 12)
        let framebuffer = canvas.framebuffer
        source.withUnsafeBytes { bytes in
            PixelCopy.copyXRGB(from: bytes.baseAddress! + 4, stride: 20, to: framebuffer.base + framebuffer.pitch + 2 * 4,
                               pitch: framebuffer.pitch, width: 3, height: 2, swapRedAndBlue: format == .rgbx)
        }
        return canvas
    }

    private func expectOnly(_ canvas: Canvas, _ written: [UInt32], file: StaticString = #filePath, line: UInt = #line) {
        for y in 0..<4 {
            for x in 0..<6 {
                let inside = (2..<5).contains(x) && (1..<3).contains(y)
                let expected = inside ? written[(y - 1) * 3 + x - 2] : 0xAAAA_AAAA
                XCTAssertEqual(canvas.pixel(x, y), expected, "pixel (\(x), \(y))", file: file, line: line)
            }
        }
        let pitch = canvas.framebuffer.pitch
        for y in 0..<4 {
            for offset in 24..<pitch {
                XCTAssertEqual(canvas.memory[y * pitch + offset], 0xAA, "padding of row \(y)", file: file, line: line)
            }
        }
    }

    func testBGRXTakesTheProgramsPixelsAsTheyAre() {
        expectOnly(copy(to: .bgrx), [0x0011_2233, 0x0044_5566, 0x0077_8899, 0x00AA_BBCC, 0x00DD_EEFF, 0x0001_0203])
    }

    func testRGBXGetsRedAndBlueSwapped() {
        expectOnly(copy(to: .rgbx), [0x0033_2211, 0x0066_5544, 0x0099_8877, 0x00CC_BBAA, 0x00FF_EEDD, 0x0003_0201])
    }

    func testASuspendedConsoleLeavesTheScreenAloneAndResumesWithItsText() throws {
        try PSFFontTests.tableFont.withUnsafeBytes { raw in
            let font = try PSFFont(bytes: raw)
            // Sizes that are not whole cells: the margins must come back too.
            let reference = Canvas(width: 27, height: 15), screen = Canvas(width: 27, height: 15)
            let always = try XCTUnwrap(TextConsole(target: reference.framebuffer, font: font))
            let owned = try XCTUnwrap(TextConsole(target: screen.framebuffer, font: font))
            always.write("AB\neA\n")
            owned.write("AB\neA\n")
            owned.suspend()
            XCTAssertFalse(owned.isDrawing)
            screen.framebuffer.fill(x: 0, y: 0, width: 27, height: 15, value: 0x0012_3456)
            // Enough lines to scroll while suspended.
            let more = "BBe\nA\u{e9}\nBAAe\nA\nB\ne"
            always.write(more)
            owned.write(more)
            for y in 0..<15 {
                for x in 0..<27 { XCTAssertEqual(screen.pixel(x, y), 0x0012_3456, "drawn while suspended at (\(x), \(y))") }
            }
            owned.resume()
            XCTAssertTrue(owned.isDrawing)
            for y in 0..<15 {
                for x in 0..<27 { XCTAssertEqual(screen.pixel(x, y), reference.pixel(x, y), "pixel (\(x), \(y))") }
            }
            always.write("Be")
            owned.write("Be")
            for y in 0..<15 {
                for x in 0..<27 { XCTAssertEqual(screen.pixel(x, y), reference.pixel(x, y), "after resuming: (\(x), \(y))") }
            }
        }
    }
}
