/// Where the shell's lines come from. Input that is not a console is read as it comes and split into lines.
/// With `-i` the shell edits lines itself, for a raw console that neither echoes nor edits (walos's serial
/// console): it echoes, and takes backspace, Delete, the left and right arrows, Home/End, Ctrl-A/E/U/C/D, and
/// the up and down arrows to go through the history.
struct LineReader {
    private var pending: [UInt8] = []
    private var ended = false
    let editing: Bool
    private let input: Stream
    private var history: [[UInt8]] = []

    init(editing: Bool, fd: Int32) {
        self.editing = editing
        input = Stream(fd: fd)
    }

    /// The next line without its end; nil at the end of input.
    mutating func next(prompt: String) -> String? {
        if !prompt.isEmpty { Stream.output.write(prompt) }
        if editing { return edit(prompt: prompt) }
        while true {
            if let newline = pending.firstIndex(of: 10) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                return String(decoding: line, as: UTF8.self)
            }
            if ended {
                guard !pending.isEmpty else { return nil }
                defer { pending = [] }
                return String(decoding: pending, as: UTF8.self)
            }
            let (bytes, errno) = input.read()
            if bytes.isEmpty || errno != 0 { ended = true }
            pending += bytes
        }
    }

    private mutating func byte() -> UInt8? {
        while pending.isEmpty {
            let (bytes, errno) = input.read(256)
            if bytes.isEmpty || errno != 0 { return nil }
            pending = bytes
        }
        return pending.removeFirst()
    }

    enum EditingKey {
        case up, down, right, left, home, end, delete
    }

    /// The key an escape sequence stands for, read whole (ESC was read): what xterm, the Linux console and
    /// walos's keyboard send, in normal and application cursor mode (ESC [ A, ESC O A...; Home and End also as
    /// ESC [ 1 ~ and ESC [ 4 ~, Delete ESC [ 3 ~). Nil for another key, whose sequence is skipped.
    private mutating func editingKey() -> EditingKey? {
        guard let introducer = byte() else { return nil }
        var parameter = 0
        var final = introducer
        if introducer == UInt8(ascii: "[") {
            // Parameters and intermediates run up to the final byte.
            while let next = byte() {
                final = next
                guard next >= 0x20 && next < 0x40 else { break }
                if next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9") {
                    parameter = min(parameter * 10 + Int(next - UInt8(ascii: "0")), 1000)
                }
            }
        } else if introducer == UInt8(ascii: "O") {
            guard let next = byte() else { return nil }
            final = next
        } else {
            return nil
        }
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "~"):
            switch parameter {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            default: return nil
            }
        default: return nil
        }
    }

    private mutating func edit(prompt: String) -> String? {
        var line: [UInt8] = []
        var cursor = 0
        var recalled = history.count
        let echo = Stream.output
        /// How much of the line the console shows.
        var shown = 0
        /// Rewrites the line after the prompt and puts the cursor back where it is, with carriage return,
        /// backspace and spaces only: walos's screen console and every serial terminal understand those.
        func redraw() {
            var bytes: [UInt8] = [13] + Array(prompt.utf8) + line
            if shown > line.count { bytes += [UInt8](repeating: 32, count: shown - line.count) }
            bytes += [UInt8](repeating: 8, count: max(shown, line.count) - cursor)
            echo.write(bytes)
            shown = line.count
        }
        while let key = byte() {
            switch key {
            case 13, 10:
                echo.write("\r\n")
                if !line.isEmpty && history.last != line { history.append(line) }
                return String(decoding: line, as: UTF8.self)
            case 4:  // Ctrl-D: the end on an empty line
                if line.isEmpty { echo.write("\r\n"); return nil }
            case 3:  // Ctrl-C: drop the line
                echo.write("^C\r\n")
                return ""
            case 127, 8:
                guard cursor > 0 else { continue }
                line.remove(at: cursor - 1)
                cursor -= 1
                redraw()
            case 1: cursor = 0; redraw()
            case 5: cursor = line.count; redraw()
            case 21: line = []; cursor = 0; redraw()
            case 27:
                guard let key = editingKey() else { continue }
                switch key {
                case .up, .down:
                    recalled = key == .up ? max(recalled - 1, 0) : min(recalled + 1, history.count)
                    line = recalled < history.count ? history[recalled] : []
                    cursor = line.count
                case .right: cursor = min(cursor + 1, line.count)
                case .left: cursor = max(cursor - 1, 0)
                case .home: cursor = 0
                case .end: cursor = line.count
                case .delete:
                    guard cursor < line.count else { continue }
                    line.remove(at: cursor)
                }
                redraw()
            default:
                guard key >= 32 else { continue }
                line.insert(key, at: cursor)
                cursor += 1
                if cursor == line.count {
                    echo.write([key])
                    shown = line.count
                } else {
                    redraw()
                }
            }
        }
        return nil
    }
}
