/// `hexdump -C [FILE...]`: offset, sixteen bytes in hex and the printable ones as text, as `hexdump -C` writes
/// them (a repeated line shows as `*`); the canonical form is the only one.
@main
struct HexDump {
    static func main() {
        let options = Options(Array(ProgramContext.arguments.dropFirst()), known: "C", usage: "hexdump -C [FILE...]")
        var offset = 0
        var line: [UInt8] = []
        var previous: [UInt8]? = nil
        var starred = false
        func emit(_ bytes: [UInt8]) {
            defer { offset += bytes.count }
            if bytes.count == 16 && bytes == previous {
                if !starred { Stream.output.line("*") }
                starred = true
                return
            }
            starred = false
            previous = bytes
            var text = hex(offset, digits: 8) + " "
            for index in 0..<16 {
                if index == 8 { text += " " }
                text += index < bytes.count ? " " + hex(Int(bytes[index]), digits: 2) : "   "
            }
            text += "  |"
            for byte in bytes { text += byte >= 32 && byte < 127 ? String(decoding: [byte], as: UTF8.self) : "." }
            Stream.output.line(text + "|")
        }
        let ok = Files.eachInput(options.operands) { _, fd in
            _ = Files.forEachChunk(of: fd) { chunk in
                line += chunk
                while line.count >= 16 {
                    emit(Array(line.prefix(16)))
                    line.removeFirst(16)
                }
                return true
            }
        }
        if !line.isEmpty { emit(line) }
        if offset > 0 { Stream.output.line(hex(offset, digits: 8)) }
        ProgramContext.exit(ok ? 0 : 1)
    }

    static func hex(_ value: Int, digits: Int) -> String {
        let symbols = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) { bytes.append(symbols[(value >> shift) & 15]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
