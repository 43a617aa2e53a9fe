/// The function names of a module's "name" custom section, for trap reports ("in function $main"): toolchains
/// keep the section in unstripped builds. Read straight from the binary; a malformed section yields no names
/// rather than an error, because names only decorate a report.
public enum NameSection {
    public static func functionNames(in bytes: [UInt8]) -> [UInt32: String] {
        guard bytes.count >= 8 else { return [:] }
        var module = ByteReader(bytes, from: 8)
        while let section = module.section() {
            guard section.id == 0 else { continue }
            var contents = ByteReader(bytes, in: section.contents)
            guard let name = contents.name(), name == Array("name".utf8) else { continue }
            return functionNames(&contents)
        }
        return [:]
    }

    private static func functionNames(_ section: inout ByteReader) -> [UInt32: String] {
        var names: [UInt32: String] = [:]
        while let subsection = section.section() {
            guard subsection.id == 1 else { continue }
            var reader = ByteReader(section.bytes, in: subsection.contents)
            guard let count = reader.u32() else { return names }
            for _ in 0..<count {
                guard let index = reader.u32(), let name = reader.name() else { return names }
                names[UInt32(index)] = String(decoding: name, as: UTF8.self)
            }
            return names
        }
        return names
    }
}
