/// One character cell: what it shows and in which colors.
public struct ConsoleCell: Equatable {
    public var scalar: UInt32
    public var foreground: Color
    public var background: Color

    public init(scalar: UInt32, foreground: Color, background: Color) {
        self.scalar = scalar
        self.foreground = foreground
        self.background = background
    }
}

/// A text console on a pixel target: a grid of cells drawn with a PSF font, a cursor, line wrapping and
/// scrolling. Understands "\n" (new line, at column 0), "\r", "\t" (stops every 8 columns) and backspace
/// (cursor left, no erase: a terminal erases with "\b \b"); other control characters are ignored.
///
/// Wrapping is deferred as on a VT100: writing the last column leaves the cursor there with a wrap pending,
/// so a line of exactly `columns` characters followed by "\n" does not leave an empty line.
public final class TextConsole<Target: PixelTarget> {
    public let target: Target
    public let font: PSFFont
    public let columns: Int
    public let rows: Int
    public private(set) var cursorColumn = 0
    public private(set) var cursorRow = 0
    public var foreground: Color
    public var background: Color
    public static var tabWidth: Int { 8 }
    /// False while a program owns the screen (walos's display calls): text still goes to the cells, the target
    /// is left alone, and `resume` draws the cells again.
    public private(set) var isDrawing = true

    private var cells: [ConsoleCell]
    private var wrapPending = false
    private var decoder = UTF8StreamDecoder()

    /// Nil when the target is smaller than one glyph.
    public init?(target: Target, font: PSFFont, foreground: Color = .white, background: Color = .black) {
        let columns = target.width / font.width, rows = target.height / font.height
        guard columns > 0, rows > 0 else { return nil }
        self.target = target
        self.font = font
        self.columns = columns
        self.rows = rows
        self.foreground = foreground
        self.background = background
        cells = [ConsoleCell](repeating: ConsoleCell(scalar: 0x20, foreground: foreground, background: background),
                              count: columns * rows)
        clear()
    }

    public func cell(column: Int, row: Int) -> ConsoleCell {
        precondition(column >= 0 && column < columns && row >= 0 && row < rows, "cell outside the console")
        return cells[row * columns + column]
    }

    /// Blanks the whole target in the background color and homes the cursor.
    public func clear() {
        let blank = ConsoleCell(scalar: 0x20, foreground: foreground, background: background)
        for index in cells.indices { cells[index] = blank }
        if isDrawing {
            target.fill(x: 0, y: 0, width: target.width, height: target.height, value: target.format.encode(background))
        }
        cursorColumn = 0
        cursorRow = 0
        wrapPending = false
    }

    /// Stops drawing on the target; the text keeps arriving in the cells.
    public func suspend() {
        isDrawing = false
    }

    /// Draws on the target again, starting with the whole grid as it stands. Blank cells are background, as
    /// `clear` and scrolling leave them, not a space's glyph (which a font may lack).
    public func resume() {
        isDrawing = true
        target.fill(x: 0, y: 0, width: target.width, height: target.height, value: target.format.encode(background))
        for row in 0..<rows {
            for column in 0..<columns {
                let cell = cells[row * columns + column]
                if cell.scalar != 0x20 || cell.background != background { draw(cell, column: column, row: row) }
            }
        }
    }

    /// Writes UTF-8 text.
    public func write(_ text: String) {
        for byte in text.utf8 { write(byte: byte) }
    }

    /// Writes one byte of a UTF-8 stream; a multi-byte character appears once its last byte arrives.
    public func write(byte: UInt8) {
        decoder.feed(byte) { scalar in write(scalar: scalar) }
    }

    public func write(scalar: UInt32) {
        switch scalar {
        case 0x0A: newLine()
        case 0x0D:
            cursorColumn = 0
            wrapPending = false
        case 0x09:
            repeat { write(scalar: 0x20) } while cursorColumn % Self.tabWidth != 0 && !wrapPending
        case 0x08:
            if wrapPending { wrapPending = false } else if cursorColumn > 0 { cursorColumn -= 1 }
        case 0x00..<0x20, 0x7F: break
        default: put(scalar)
        }
    }

    private func put(_ scalar: UInt32) {
        if wrapPending { newLine() }
        let cell = ConsoleCell(scalar: scalar, foreground: foreground, background: background)
        cells[cursorRow * columns + cursorColumn] = cell
        draw(cell, column: cursorColumn, row: cursorRow)
        if cursorColumn == columns - 1 { wrapPending = true } else { cursorColumn += 1 }
    }

    private func newLine() {
        wrapPending = false
        cursorColumn = 0
        if cursorRow == rows - 1 { scroll() } else { cursorRow += 1 }
    }

    /// Moves every line up by one (pixels with one memmove, then the cell grid) and blanks the last line.
    private func scroll() {
        let lineHeight = font.height
        for index in 0..<((rows - 1) * columns) { cells[index] = cells[index + columns] }
        let blank = ConsoleCell(scalar: 0x20, foreground: foreground, background: background)
        for column in 0..<columns { cells[(rows - 1) * columns + column] = blank }
        guard isDrawing else { return }
        target.moveRows(from: lineHeight, to: 0, count: (rows - 1) * lineHeight)
        target.fill(x: 0, y: (rows - 1) * lineHeight, width: columns * font.width, height: lineHeight,
                    value: target.format.encode(background))
    }

    private func draw(_ cell: ConsoleCell, column: Int, row: Int) {
        guard isDrawing else { return }
        let glyph = font.glyphOrReplacement(for: cell.scalar)
        let on = target.format.encode(cell.foreground), off = target.format.encode(cell.background)
        let left = column * font.width, top = row * font.height
        for y in 0..<font.height {
            for x in 0..<font.width {
                target.setPixel(x: left + x, y: top + y, value: font.isSet(glyph: glyph, x: x, y: y) ? on : off)
            }
        }
    }
}
