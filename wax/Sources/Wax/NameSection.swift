/// The function names of a module's "name" custom section, for trap reports ("in function $main"): toolchains
/// keep the section in unstripped builds. Read straight from the binary; a malformed section yields no names
/// rather than an error, because names only decorate a report.
public enum NameSection {
    public static func functionNames(in bytes: [UInt8]) -> [UInt32: String] {
        var reader = Reader(bytes: bytes, position: 8)
        guard bytes.count >= 8 else { return [:] }
        while reader.position < bytes.count {
            guard let id = reader.byte(), let size = reader.leb(), let end = reader.advance(Int(size)) else { break }
            let start = end - Int(size)
            guard id == 0 else { continue }
            var section = Reader(bytes: bytes, position: start, limit: end)
            guard let name = section.name(), name == Array("name".utf8) else { continue }
            return functionNames(&section)
        }
        return [:]
    }

    private static func functionNames(_ section: inout Reader) -> [UInt32: String] {
        var names: [UInt32: String] = [:]
        while let kind = section.byte(), let size = section.leb(), let end = section.advance(Int(size)) {
            guard kind == 1 else { continue }
            var subsection = Reader(bytes: section.bytes, position: end - Int(size), limit: end)
            guard let count = subsection.leb() else { return names }
            for _ in 0..<count {
                guard let index = subsection.leb(), let name = subsection.name() else { return names }
                names[index] = String(decoding: name, as: UTF8.self)
            }
            return names
        }
        return names
    }

    private struct Reader {
        let bytes: [UInt8]
        var position: Int
        var limit: Int

        init(bytes: [UInt8], position: Int, limit: Int? = nil) {
            self.bytes = bytes
            self.position = position
            self.limit = min(limit ?? bytes.count, bytes.count)
        }

        mutating func byte() -> UInt8? {
            guard position < limit else { return nil }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func leb() -> UInt32? {
            var value: UInt32 = 0
            var shift: UInt32 = 0
            while let b = byte() {
                guard shift < 35 else { return nil }
                value |= UInt32(b & 0x7F) << shift
                if b & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }

        /// Skips `count` bytes; returns the position after them.
        mutating func advance(_ count: Int) -> Int? {
            guard count >= 0, count <= limit - position else { return nil }
            position += count
            return position
        }

        mutating func name() -> [UInt8]? {
            guard let length = leb(), let end = advance(Int(length)) else { return nil }
            return Array(bytes[(end - Int(length))..<end])
        }
    }
}
