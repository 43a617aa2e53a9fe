import Console
import XCTest

private func parse(_ bytes: [UInt8]) -> Result<Void, PSFError> {
    bytes.withUnsafeBytes { raw in
        do throws(PSFError) {
            _ = try PSFFont(bytes: raw)
            return .success(())
        } catch {
            return .failure(error)
        }
    }
}

private func parseError(_ bytes: [UInt8]) -> PSFError? {
    if case .failure(let error) = parse(bytes) { return error }
    return nil
}

final class PSFFontTests: XCTestCase {
    static let blank: FontBuilder.Picture = ["......", "......", "......", "......"]
    static let full: FontBuilder.Picture = ["######", "######", "######", "######"]
    static let corner: FontBuilder.Picture = ["#.....", "......", "......", "......"]
    static let checker: FontBuilder.Picture = ["#.#.#.", ".#.#.#", "#.#.#.", ".#.#.#"]
    static let vee: FontBuilder.Picture = ["#....#", ".#..#.", "..##..", "......"]

    /// Glyph 0 blank, 1 "A", 2 "B" (plus a sequence B+x that must be ignored), 3 U+FFFD, 4 "é" and "e".
    static let tableFont = FontBuilder.psf2(width: 6, height: 4, glyphs: [blank, full, corner, checker, vee], table: [
        [], Array("A".utf8), Array("B".utf8) + [0xFE] + Array("Bx".utf8), [0xEF, 0xBF, 0xBD], Array("ée".utf8),
    ])

    func testPSF2WithUnicodeTable() throws {
        try Self.tableFont.withUnsafeBytes { raw in
            let font = try PSFFont(bytes: raw)
            XCTAssertEqual(font.width, 6)
            XCTAssertEqual(font.height, 4)
            XCTAssertEqual(font.glyphCount, 5)
            XCTAssertEqual(font.bytesPerRow, 1)
            XCTAssertEqual(font.glyphIndex(for: 0x41), 1)
            XCTAssertEqual(font.glyphIndex(for: 0x42), 2)
            XCTAssertNil(font.glyphIndex(for: 0x78), "scalars of a combining sequence are not single glyphs")
            XCTAssertEqual(font.glyphIndex(for: 0xE9), 4)
            XCTAssertEqual(font.glyphIndex(for: 0x65), 4)
            XCTAssertNil(font.glyphIndex(for: 0x43))
            XCTAssertEqual(font.replacementGlyph, 3)
            XCTAssertEqual(font.glyphOrReplacement(for: 0x1F600), 3)
            XCTAssertTrue(font.isSet(glyph: 2, x: 0, y: 0))
            XCTAssertFalse(font.isSet(glyph: 2, x: 1, y: 0))
            XCTAssertFalse(font.isSet(glyph: 2, x: 0, y: 1))
            for y in 0..<4 {
                for x in 0..<6 {
                    XCTAssertEqual(font.isSet(glyph: 3, x: x, y: y), (x + y) % 2 == 0)
                    XCTAssertTrue(font.isSet(glyph: 1, x: x, y: y))
                }
            }
        }
    }

    func testPSF2WithoutTableMapsScalarsToIndices() throws {
        let wide: FontBuilder.Picture = ["#........#", "..........", ".........#"]
        let bytes = FontBuilder.psf2(width: 10, height: 3, glyphs: [wide, wide, wide])
        try bytes.withUnsafeBytes { raw in
            let font = try PSFFont(bytes: raw)
            XCTAssertEqual(font.bytesPerRow, 2)
            XCTAssertEqual(font.glyphIndex(for: 2), 2)
            XCTAssertNil(font.glyphIndex(for: 3))
            XCTAssertEqual(font.replacementGlyph, 0, "no U+FFFD and no '?': glyph 0")
            XCTAssertTrue(font.isSet(glyph: 1, x: 9, y: 0), "bit 9 lives in the row's second byte")
            XCTAssertTrue(font.isSet(glyph: 1, x: 9, y: 2))
            XCTAssertFalse(font.isSet(glyph: 1, x: 8, y: 2))
            XCTAssertFalse(font.isSet(glyph: 1, x: 9, y: 1))
        }
    }

    func testPSF1WithAndWithoutTable() throws {
        let picture: FontBuilder.Picture = ["#.......", ".......#"]
        let plain = FontBuilder.psf1(height: 2, glyphs: [0x41: picture])
        try plain.withUnsafeBytes { raw in
            let font = try PSFFont(bytes: raw)
            XCTAssertEqual(font.glyphCount, 256)
            XCTAssertEqual(font.width, 8)
            XCTAssertEqual(font.glyphIndex(for: 0x41), 0x41)
            XCTAssertEqual(font.replacementGlyph, 0x3F, "'?' stands in when U+FFFD is missing")
            XCTAssertTrue(font.isSet(glyph: 0x41, x: 7, y: 1))
            XCTAssertFalse(font.isSet(glyph: 0x41, x: 7, y: 0))
        }
        let mapped = FontBuilder.psf1(height: 2, glyphs: [7: picture], wide: true,
                                      table: [7: [0x263A, 0xFFFE, 0x41, 0x301], 300: [0xFFFD]])
        try mapped.withUnsafeBytes { raw in
            let font = try PSFFont(bytes: raw)
            XCTAssertEqual(font.glyphCount, 512)
            XCTAssertEqual(font.glyphIndex(for: 0x263A), 7)
            XCTAssertNil(font.glyphIndex(for: 0x41), "part of a sequence only")
            XCTAssertEqual(font.replacementGlyph, 300)
        }
    }

    func testDebianTerminusPSF1() throws {
        let bytes = try FontBuilder.consoleFont("Uni2-Terminus16")
        try bytes.withUnsafeBytes { raw in
            let font = try PSFFont(bytes: raw)
            XCTAssertEqual(font.width, 8)
            XCTAssertEqual(font.height, 16)
            XCTAssertEqual(font.glyphCount, 512)
            func pixels(_ scalar: UInt32) -> [Bool] {
                guard let glyph = font.glyphIndex(for: scalar) else { return [] }
                return (0..<16).flatMap { y in (0..<8).map { x in font.isSet(glyph: glyph, x: x, y: y) } }
            }
            var seen: [[Bool]] = []
            for scalar in UInt32(0x21)...0x7E {
                let picture = pixels(scalar)
                XCTAssertEqual(picture.count, 128, "printable ASCII \(scalar) has a glyph")
                XCTAssertTrue(picture.contains(true), "printable ASCII \(scalar) draws something")
                XCTAssertFalse(seen.contains(picture), "glyph of \(scalar) differs from the others")
                seen.append(picture)
            }
            XCTAssertFalse(pixels(0x20).contains(true), "space is blank")
            XCTAssertNotNil(font.glyphIndex(for: 0xE9), "é")
            XCTAssertNotNil(font.glyphIndex(for: 0x416), "Cyrillic Ж")
            XCTAssertNotEqual(font.replacementGlyph, font.glyphIndex(for: 0x41))
        }
    }

    func testDebianTerminusPSF2WithTwoBytesPerRow() throws {
        let bytes = try FontBuilder.consoleFont("Uni2-Terminus20x10")
        try bytes.withUnsafeBytes { raw in
            let font = try PSFFont(bytes: raw)
            XCTAssertEqual(font.width, 10)
            XCTAssertEqual(font.height, 20)
            XCTAssertEqual(font.bytesPerRow, 2)
            let block = try XCTUnwrap(font.glyphIndex(for: 0x2588), "FULL BLOCK")
            for y in 0..<20 {
                for x in 0..<10 { XCTAssertTrue(font.isSet(glyph: block, x: x, y: y)) }
            }
            let space = try XCTUnwrap(font.glyphIndex(for: 0x20))
            XCTAssertFalse((0..<20).contains { y in (0..<10).contains { x in font.isSet(glyph: space, x: x, y: y) } })
        }
    }

    func testMalformedFontsGiveTypedErrors() {
        let good = Self.tableFont
        func changed(_ offset: Int, _ value: UInt32) -> [UInt8] {
            var bytes = good
            bytes.replaceSubrange(offset..<(offset + 4), with: FontBuilder.le32(value))
            return bytes
        }
        XCTAssertNil(parseError(good))
        XCTAssertEqual(parseError([]), .truncatedHeader)
        XCTAssertEqual(parseError([0x36]), .truncatedHeader)
        XCTAssertEqual(parseError([0x36, 0x04, 0]), .truncatedHeader)
        XCTAssertEqual(parseError(Array("not a font".utf8)), .badMagic)
        XCTAssertEqual(parseError(Array(good[0..<31])), .truncatedHeader)
        XCTAssertEqual(parseError(changed(4, 1)), .unsupportedVersion(1))
        XCTAssertEqual(parseError(changed(8, 16)), .badHeaderSize(16))
        XCTAssertEqual(parseError(changed(8, 1 << 30)), .badHeaderSize(1 << 30))
        XCTAssertEqual(parseError(changed(20, 5)), .badGlyphSize(width: 6, height: 4, bytesPerGlyph: 5))
        XCTAssertEqual(parseError(changed(28, 0)), .badGlyphSize(width: 0, height: 4, bytesPerGlyph: 4))
        XCTAssertEqual(parseError(changed(16, 0)), .noGlyphs)
        XCTAssertEqual(parseError(changed(16, 0xFFFF_FFFF)), .glyphsOutOfBounds)
        XCTAssertEqual(parseError(Array(good[0..<(32 + 4 * 4 + 2)])), .glyphsOutOfBounds)
        XCTAssertEqual(parseError(Array(good.dropLast())), .badUnicodeTable, "last glyph's entry unterminated")
        XCTAssertEqual(parseError(FontBuilder.psf1(height: 0, glyphs: [:])),
                       .badGlyphSize(width: 8, height: 0, bytesPerGlyph: 0))
        XCTAssertEqual(parseError(Array(FontBuilder.psf1(height: 2, glyphs: [:]).dropLast())), .glyphsOutOfBounds)
        XCTAssertEqual(parseError(Array(FontBuilder.psf1(height: 2, glyphs: [:], table: [:]).dropLast())),
                       .badUnicodeTable)
    }

    func testEveryTruncationOfARealFontIsHandled() throws {
        let bytes = try FontBuilder.consoleFont("Uni2-Terminus20x10")
        var rejected = 0
        for length in stride(from: 0, to: bytes.count, by: 7) {
            if parseError(Array(bytes[0..<length])) != nil { rejected += 1 }
        }
        XCTAssertEqual(rejected, (bytes.count + 6) / 7, "a cut font always lacks part of its glyphs or table")
    }
}
