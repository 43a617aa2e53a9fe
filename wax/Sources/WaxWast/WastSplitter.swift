/// Splits a .wast script into its top-level directives with their first line, skipping comments and strings, so
/// each directive is parsed on its own (a directive the parser cannot read does not hide the ones after it).
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
                i += 1
                while i < n && bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\") { i += 1 }
                    if i < n && bytes[i] == UInt8(ascii: "\n") { line += 1 }
                    i += 1
                }
                i += 1
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
        return result
    }
}
