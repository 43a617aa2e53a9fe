/// The function names of a module's "name" custom section, for trap reports ("in function $main"): toolchains
/// keep the section in unstripped builds. Read straight from the binary; a malformed section yields no name
/// rather than an error, because names only decorate a report.
public enum NameSection {
    /// The name the section gives function `index`, or nil. Only that name becomes a string: the section names
    /// every function (hundreds in a Swift program: decoding them all into a dictionary cost ~250k guest
    /// instructions each time a service was killed), and a report needs one.
    public static func functionName(in bytes: [UInt8], index: UInt32) -> String? {
        guard var names = functionNameMap(in: bytes), let count = names.u32() else { return nil }
        for _ in 0..<count {
            guard let named = names.u32(), let length = names.u32(), let end = names.advance(length) else {
                return nil
            }
            if named == index { return String(decoding: bytes[(end - length)..<end], as: UTF8.self) }
        }
        return nil
    }

    /// The function-name subsection's contents (a count, then index and name pairs), if the module has one.
    private static func functionNameMap(in bytes: [UInt8]) -> ByteReader? {
        guard bytes.count >= 8 else { return nil }
        var module = ByteReader(bytes, from: 8)
        while let section = module.section() {
            guard section.id == 0 else { continue }
            var contents = ByteReader(bytes, in: section.contents)
            guard let name = contents.name(), name == Array("name".utf8) else { continue }
            while let subsection = contents.section() {
                if subsection.id == 1 { return ByteReader(bytes, in: subsection.contents) }
            }
            return nil
        }
        return nil
    }
}
