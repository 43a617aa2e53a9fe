/// Splits a .wast script into its top-level directives with their first line, skipping comments and strings, so
/// each directive is parsed on its own (a directive the parser cannot read does not hide the ones after it).
/// Nothing but whitespace and comments is left out: a stray token or parenthesis at the top level, or a directive
/// the file ends inside, is a directive of its own, which the parser then refuses and the runner counts.
enum WastSplitter {
    static func directives(_ text: String) -> [(line: Int, text: String)] {
        let bytes = Array(text.utf8)
        var result: [(Int, String)] = []
        var i = 0
        var line = 1
        var depth = 0
        var start = 0
        var startLine = 1
        let n = bytes.count
        func isSpace(_ c: UInt8) -> Bool {
            c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r")
        }
        func startsComment(_ i: Int) -> Bool {
            i + 1 < n && (bytes[i] == UInt8(ascii: ";") || bytes[i] == UInt8(ascii: "("))
                && bytes[i + 1] == UInt8(ascii: ";")
        }
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: "\n") {
                line += 1
                i += 1
            } else if c == UInt8(ascii: ";") && i + 1 < n && bytes[i + 1] == UInt8(ascii: ";") {
                while i < n && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            } else if c == UInt8(ascii: "(") && i + 1 < n && bytes[i + 1] == UInt8(ascii: ";") {
                // Block comments nest.
                var nesting = 0
                while i < n {
                    if bytes[i] == UInt8(ascii: "(") && i + 1 < n && bytes[i + 1] == UInt8(ascii: ";") {
                        nesting += 1
                        i += 2
                    } else if bytes[i] == UInt8(ascii: ";") && i + 1 < n && bytes[i + 1] == UInt8(ascii: ")") {
                        nesting -= 1
                        i += 2
                        if nesting == 0 { break }
                    } else {
                        if bytes[i] == UInt8(ascii: "\n") { line += 1 }
                        i += 1
                    }
                }
            } else if c == UInt8(ascii: "\"") {
                let stringStart = i
                let stringLine = line
                i += 1
                while i < n && bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\") { i += 1 }
                    if i < n && bytes[i] == UInt8(ascii: "\n") { line += 1 }
                    i += 1
                }
                i = min(i + 1, n)
                if depth == 0 { result.append((stringLine, String(decoding: bytes[stringStart..<i], as: UTF8.self))) }
            } else if depth == 0 && (c == UInt8(ascii: ")") || (c != UInt8(ascii: "(") && !isSpace(c))) {
                // Outside every directive: a stray parenthesis, or a token up to the next space, paren or comment.
                let tokenStart = i
                i += 1
                if c != UInt8(ascii: ")") {
                    while i < n && !isSpace(bytes[i]) && bytes[i] != UInt8(ascii: "(") && bytes[i] != UInt8(ascii: ")")
                        && !startsComment(i) { i += 1 }
                }
                result.append((line, String(decoding: bytes[tokenStart..<i], as: UTF8.self)))
            } else if c == UInt8(ascii: "(") {
                if depth == 0 {
                    start = i
                    startLine = line
                }
                depth += 1
                i += 1
            } else if c == UInt8(ascii: ")") {
                depth -= 1
                i += 1
                if depth == 0 {
                    result.append((startLine, String(decoding: bytes[start..<i], as: UTF8.self)))
                }
            } else {
                i += 1
            }
        }
        if depth > 0 {
            result.append((startLine, String(decoding: bytes[start..<n], as: UTF8.self)))
        }
        return result
    }
}
