import Foundation
import XCTest

/// Builds PSF fonts byte by byte, and reads Debian's real console fonts, for the tests.
enum FontBuilder {
    /// A glyph as rows of "#" (set) and "." (clear).
    typealias Picture = [String]

    static func bitmap(_ picture: Picture, width: Int) -> [UInt8] {
        let bytesPerRow = (width + 7) / 8
        var bytes: [UInt8] = []
        for row in picture {
            var rowBytes = [UInt8](repeating: 0, count: bytesPerRow)
            for (x, character) in row.enumerated() where character == "#" { rowBytes[x / 8] |= 0x80 >> UInt8(x % 8) }
            bytes += rowBytes
        }
        return bytes
    }

    static func le32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

    /// A PSF2 font; `table`, when given, holds each glyph's Unicode entries (without the 0xFF terminator).
    static func psf2(width: Int, height: Int, glyphs: [Picture], table: [[UInt8]]? = nil) -> [UInt8] {
        let bytesPerGlyph = (width + 7) / 8 * height
        var bytes: [UInt8] = [0x72, 0xB5, 0x4A, 0x86]
        bytes += le32(0) + le32(32) + le32(table == nil ? 0 : 1) + le32(UInt32(glyphs.count))
        bytes += le32(UInt32(bytesPerGlyph)) + le32(UInt32(height)) + le32(UInt32(width))
        for glyph in glyphs { bytes += bitmap(glyph, width: width) }
        for entry in table ?? [] { bytes += entry + [0xFF] }
        return bytes
    }

    /// A PSF1 font of 256 glyphs (512 with `wide`), all blank except `glyphs`; `table` maps glyphs to UCS-2.
    static func psf1(height: Int, glyphs: [Int: Picture], wide: Bool = false, table: [Int: [UInt16]]? = nil) -> [UInt8] {
        let count = wide ? 512 : 256
        var bytes: [UInt8] = [0x36, 0x04, (wide ? 0x01 : 0) | (table == nil ? 0 : 0x02), UInt8(height)]
        for index in 0..<count {
            bytes += glyphs[index].map { bitmap($0, width: 8) } ?? [UInt8](repeating: 0, count: height)
        }
        if let table {
            for index in 0..<count {
                for value in table[index] ?? [] { bytes += [UInt8(value & 0xFF), UInt8(value >> 8)] }
                bytes += [0xFF, 0xFF]
            }
        }
        return bytes
    }

    /// A Debian console font, decompressed.
    static func consoleFont(_ name: String) throws -> [UInt8] {
        let path = "/usr/share/consolefonts/\(name).psf.gz"
        guard FileManager.default.fileExists(atPath: path) else {
            throw NSError(domain: "FontBuilder", code: 1, userInfo: [
                NSLocalizedDescriptionKey: "\(path) is missing: install console-setup-linux (make deps)"])
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }
}
