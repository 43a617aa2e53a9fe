/// Where the shell's lines come from. Input that is not a console is read as it comes and split into lines.
/// With `-i` the shell edits lines itself, for a raw console that neither echoes nor edits (walos's serial
/// console): it echoes, and takes backspace, the left and right arrows, Home/End, Ctrl-A/E/U/C/D, and the
/// up and down arrows to go through the history.
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
                guard byte() == UInt8(ascii: "["), let arrow = byte() else { continue }
                switch arrow {
                case UInt8(ascii: "A"), UInt8(ascii: "B"):
                    recalled = arrow == UInt8(ascii: "A") ? max(recalled - 1, 0) : min(recalled + 1, history.count)
                    line = recalled < history.count ? history[recalled] : []
                    cursor = line.count
                case UInt8(ascii: "C"): cursor = min(cursor + 1, line.count)
                case UInt8(ascii: "D"): cursor = max(cursor - 1, 0)
                case UInt8(ascii: "H"): cursor = 0
                case UInt8(ascii: "F"): cursor = line.count
                default: continue
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
