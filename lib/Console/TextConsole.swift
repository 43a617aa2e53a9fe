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
/// (cursor left, no erase: a terminal erases with "\b \b"); other control characters are ignored. The escape
/// sequences programs use most, as an xterm or the Linux console reads them (`EscapeParser` splits them out):
/// cursor moves (CSI n A/B/C/D, CSI r;c H or f, CSI n G, CSI n d), erasing (CSI n J, CSI n K; with 3J as 2J,
/// there being no scrollback), colors (SGR: CSI ... m), showing the cursor (CSI ?25 h/l), ESC 7/8 to save and
/// restore the cursor, ESC c to reset.
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
    /// Draws the cursor as an underline in its cell, so a person sees where typing goes (off until set).
    public var showsCursor = false {
        didSet { updateCursor() }
    }
    public static var tabWidth: Int { 8 }
    /// False while the display driver owns the screen (console_screen): text still goes to the cells, the target
    /// is left alone, and `resume` draws the cells again.
    public private(set) var isDrawing = true

    /// The colors SGR 0 (and 39, 49) return to.
    public let defaultForeground: Color
    public let defaultBackground: Color

    private var cells: [ConsoleCell]
    private var wrapPending = false
    private var decoder = UTF8StreamDecoder()
    private var parser = EscapeParser()
    /// SGR state beyond the two colors: bold brightens the eight basic foreground colors, as on the Linux
    /// console; `basicForeground` is the palette index (0-7) the foreground came from, if any.
    private var bold = false
    private var reverse = false
    private var basicForeground: Int? = nil
    /// CSI ?25 l hides the cursor for a while (full-screen programs); `showsCursor` is the console's choice.
    private var cursorEnabled = true
    /// The cell whose cursor mark is on the target, if any.
    private var markedCell: (column: Int, row: Int)? = nil
    private var savedCursor = (column: 0, row: 0)

    /// Rows of a cell the cursor's underline covers.
    private var cursorLines: Int { max(1, font.height / 8) }

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
        defaultForeground = foreground
        defaultBackground = background
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
        markedCell = nil
        let blank = ConsoleCell(scalar: 0x20, foreground: foreground, background: background)
        for index in cells.indices { cells[index] = blank }
        if isDrawing {
            target.fill(x: 0, y: 0, width: target.width, height: target.height, value: target.format.encode(background))
        }
        cursorColumn = 0
        cursorRow = 0
        wrapPending = false
        updateCursor()
    }

    /// Back to the default colors, without bold or reverse (SGR 0).
    public func resetAttributes() {
        foreground = defaultForeground
        background = defaultBackground
        bold = false
        reverse = false
        basicForeground = nil
    }

    /// Stops drawing on the target; the text keeps arriving in the cells.
    public func suspend() {
        isDrawing = false
        markedCell = nil
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
        updateCursor()
    }

    /// Writes UTF-8 text.
    public func write(_ text: String) {
        for byte in text.utf8 { write(byte: byte) }
    }

    /// Writes one byte of a UTF-8 stream with escape sequences; a multi-byte character appears once its last
    /// byte arrives.
    public func write(byte: UInt8) {
        parser.feed(byte) { action in
            switch action {
            case .text(let byte): decoder.feed(byte) { scalar in write(scalar: scalar) }
            case .control(let byte): write(scalar: UInt32(byte))
            case .sequence(let sequence): perform(sequence)
            case .escape(let final): escape(final)
            }
        }
        updateCursor()
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
        let cell = ConsoleCell(scalar: scalar, foreground: reverse ? background : foreground,
                               background: reverse ? foreground : background)
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
        removeCursorMark()
        let lineHeight = font.height
        if isDrawing { target.moveRows(from: lineHeight, to: 0, count: (rows - 1) * lineHeight) }
        for index in 0..<((rows - 1) * columns) { cells[index] = cells[index + columns] }
        erase(row: rows - 1, columns: 0..<columns)
    }

    // MARK: Escape sequences

    private func perform(_ sequence: ControlSequence) {
        if sequence.marker == UInt8(ascii: "?") {
            if sequence.parameters.contains(25) && sequence.intermediate == 0 {
                if sequence.final == UInt8(ascii: "h") { cursorEnabled = true }
                if sequence.final == UInt8(ascii: "l") { cursorEnabled = false }
            }
            return
        }
        guard sequence.marker == 0 && sequence.intermediate == 0 else { return }
        let count = sequence.parameter(0, default: 1)
        switch sequence.final {
        case UInt8(ascii: "A"): moveCursor(column: cursorColumn, row: cursorRow - count)
        case UInt8(ascii: "B"): moveCursor(column: cursorColumn, row: cursorRow + count)
        case UInt8(ascii: "C"): moveCursor(column: cursorColumn + count, row: cursorRow)
        case UInt8(ascii: "D"): moveCursor(column: cursorColumn - count, row: cursorRow)
        case UInt8(ascii: "E"): moveCursor(column: 0, row: cursorRow + count)
        case UInt8(ascii: "F"): moveCursor(column: 0, row: cursorRow - count)
        case UInt8(ascii: "G"), UInt8(ascii: "`"): moveCursor(column: count - 1, row: cursorRow)
        case UInt8(ascii: "d"): moveCursor(column: cursorColumn, row: count - 1)
        case UInt8(ascii: "H"), UInt8(ascii: "f"):
            moveCursor(column: sequence.parameter(1, default: 1) - 1, row: count - 1)
        case UInt8(ascii: "J"): eraseInDisplay(sequence.parameter(0, default: 0))
        case UInt8(ascii: "K"): eraseInLine(sequence.parameter(0, default: 0))
        case UInt8(ascii: "m"): selectGraphicRendition(sequence.parameters)
        case UInt8(ascii: "s"): savedCursor = (cursorColumn, cursorRow)
        case UInt8(ascii: "u"): moveCursor(column: savedCursor.column, row: savedCursor.row)
        default: break
        }
    }

    private func escape(_ final: UInt8) {
        switch final {
        case UInt8(ascii: "7"): savedCursor = (cursorColumn, cursorRow)
        case UInt8(ascii: "8"): moveCursor(column: savedCursor.column, row: savedCursor.row)
        case UInt8(ascii: "c"):
            resetAttributes()
            cursorEnabled = true
            clear()
        default: break
        }
    }

    /// Puts the cursor in a cell, kept inside the screen; a pending wrap is forgotten, as on a VT100.
    private func moveCursor(column: Int, row: Int) {
        cursorColumn = min(max(column, 0), columns - 1)
        cursorRow = min(max(row, 0), rows - 1)
        wrapPending = false
    }

    /// CSI J: 0 from the cursor to the end, 1 from the start to the cursor, 2 and 3 everything. The cursor stays.
    private func eraseInDisplay(_ mode: Int) {
        switch mode {
        case 0:
            eraseInLine(0)
            for row in (cursorRow + 1)..<rows { erase(row: row, columns: 0..<columns) }
        case 1:
            for row in 0..<cursorRow { erase(row: row, columns: 0..<columns) }
            eraseInLine(1)
        case 2, 3:
            for row in 0..<rows { erase(row: row, columns: 0..<columns) }
        default: break
        }
    }

    /// CSI K: 0 from the cursor to the end of the line, 1 from its start to the cursor, 2 the whole line.
    private func eraseInLine(_ mode: Int) {
        switch mode {
        case 0: erase(row: cursorRow, columns: cursorColumn..<columns)
        case 1: erase(row: cursorRow, columns: 0..<(cursorColumn + 1))
        case 2: erase(row: cursorRow, columns: 0..<columns)
        default: break
        }
    }

    /// Blanks cells of a row in the current background.
    private func erase(row: Int, columns range: Range<Int>) {
        guard !range.isEmpty else { return }
        if let marked = markedCell, marked.row == row && range.contains(marked.column) { markedCell = nil }
        let blank = ConsoleCell(scalar: 0x20, foreground: foreground, background: background)
        for column in range { cells[row * columns + column] = blank }
        guard isDrawing else { return }
        target.fill(x: range.lowerBound * font.width, y: row * font.height, width: range.count * font.width,
                    height: font.height, value: target.format.encode(background))
    }

    /// SGR: 0 reset, 1 bold, 22 not bold, 7 reverse, 27 not reverse, 30-37 and 90-97 foreground, 39 default,
    /// 40-47 and 100-107 background, 49 default, 38/48 with 5;N (the first 16) or 2;R;G;B. Others are skipped.
    private func selectGraphicRendition(_ parameters: [Int]) {
        let codes = parameters.isEmpty ? [0] : parameters
        var index = 0
        while index < codes.count {
            let code = codes[index]
            index += 1
            switch code {
            case 0: resetAttributes()
            case 1: bold = true
            case 22: bold = false
            case 7: reverse = true
            case 27: reverse = false
            case 30...37: basicForeground = code - 30
            case 39:
                basicForeground = nil
                foreground = defaultForeground
            case 90...97:
                basicForeground = nil
                foreground = Color.ansi(code - 90 + 8)
            case 40...47: background = Color.ansi(code - 40)
            case 49: background = defaultBackground
            case 100...107: background = Color.ansi(code - 100 + 8)
            case 38, 48:
                guard let extended = extendedColor(codes[index...]) else { return }
                index += extended.used
                if code == 38 {
                    basicForeground = nil
                    foreground = extended.color
                } else {
                    background = extended.color
                }
            default: break
            }
        }
        if let basic = basicForeground { foreground = Color.ansi(bold ? basic + 8 : basic) }
    }

    /// The color after 38 or 48 and how many parameters it took; nil for a form this console does not know.
    private func extendedColor(_ rest: ArraySlice<Int>) -> (color: Color, used: Int)? {
        let values = Array(rest)
        if values.count >= 2 && values[0] == 5 && values[1] < 16 { return (Color.ansi(values[1]), 2) }
        if values.count >= 4 && values[0] == 2 {
            let channel = { (value: Int) in UInt8(min(value, 255)) }
            return (Color(red: channel(values[1]), green: channel(values[2]), blue: channel(values[3])), 4)
        }
        return nil
    }

    // MARK: Drawing

    private func draw(_ cell: ConsoleCell, column: Int, row: Int, lines: Range<Int>? = nil) {
        if lines == nil, let marked = markedCell, marked.column == column && marked.row == row { markedCell = nil }
        guard isDrawing else { return }
        let on = target.format.encode(cell.foreground), off = target.format.encode(cell.background)
        let left = column * font.width, top = row * font.height
        let lines = lines ?? 0..<font.height
        // A space is background only, as an erased cell is (one fill instead of a pixel at a time).
        guard cell.scalar != 0x20 else {
            return target.fill(x: left, y: top + lines.lowerBound, width: font.width, height: lines.count, value: off)
        }
        let glyph = font.glyphOrReplacement(for: cell.scalar)
        for y in lines {
            for x in 0..<font.width {
                target.setPixel(x: left + x, y: top + y, value: font.isSet(glyph: glyph, x: x, y: y) ? on : off)
            }
        }
    }

    /// Takes the cursor's underline off its cell (the glyph's own bottom rows come back).
    private func removeCursorMark() {
        guard let marked = markedCell else { return }
        markedCell = nil
        draw(cell(column: marked.column, row: marked.row), column: marked.column, row: marked.row,
             lines: (font.height - cursorLines)..<font.height)
    }

    /// Moves the underline to where the cursor is (or takes it away when the cursor is hidden).
    private func updateCursor() {
        let visible = showsCursor && cursorEnabled
        if let marked = markedCell, visible && marked.column == cursorColumn && marked.row == cursorRow { return }
        removeCursorMark()
        guard visible, isDrawing else { return }
        let under = cell(column: cursorColumn, row: cursorRow)
        target.fill(x: cursorColumn * font.width, y: cursorRow * font.height + font.height - cursorLines,
                    width: font.width, height: cursorLines, value: target.format.encode(under.foreground))
        markedCell = (cursorColumn, cursorRow)
    }
}
