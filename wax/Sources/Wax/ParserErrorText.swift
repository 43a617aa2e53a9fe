import WasmParser

/// WasmParser's error texts, made to read the same on every build. Its messages describe themselves by
/// interpolating values: hosted Swift prints a message as `Message(text: "...")`, and Embedded Swift, which cannot
/// describe a value that is not a string or a number, prints "(cannot print value in embedded Swift)" in its place
/// (its message type, its byte arrays, its LEB128 errors). The message's own text is kept where it can be read,
/// what comes before an unprintable value where it cannot ("Illegal opcode"), and a plain "malformed encoding"
/// when nothing can; the offset is dropped, as the module error carries its own.
enum ParserErrorText {
    static func reason(_ error: WasmParserError) -> String { reason(description: error.description) }

    static func reason(description: String) -> String {
        var text = Array(description.utf8)
        if let cut = find(" at offset 0x", in: text) {
            var end = cut + " at offset 0x".utf8.count
            while end < text.count, isHexDigit(text[end]) { end += 1 }
            text.removeSubrange(cut..<end)
        }
        let wrapper = Array("\"Message(text: \"".utf8), wrapperEnd = Array("\")\"".utf8)
        if text.starts(with: wrapper), text.count >= wrapper.count + wrapperEnd.count,
           text.suffix(wrapperEnd.count).elementsEqual(wrapperEnd) {
            text = Array(text[wrapper.count..<(text.count - wrapperEnd.count)])
        }
        if let cut = find("(cannot print value in embedded Swift)", in: text) {
            text.removeSubrange(cut...)
            // "Expected one of" a list that cannot be printed says nothing.
            if let list = find(" Expected one of", in: text) { text.removeSubrange(list...) }
            let trailing: [UInt8] = [UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "\"")]
            while let last = text.last, trailing.contains(last) { text.removeLast() }
            while let first = text.first, first == UInt8(ascii: "\"") { text.removeFirst() }
        }
        return text.isEmpty ? "malformed encoding" : String(decoding: text, as: UTF8.self)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    private static func find(_ pattern: String, in text: [UInt8]) -> Int? {
        let needle = Array(pattern.utf8)
        guard text.count >= needle.count else { return nil }
        for start in 0...(text.count - needle.count) where text[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
