import Wax

/// The reference interpreter's encoder writes a data count section whenever the code names a data segment, holding
/// the number of segments, 0 when there are none; WasmKit's encoder and wabt's write it only when there are
/// segments. For a module naming a segment it lacks, that decides the class of the refusal: without the section the
/// binary is malformed ("data count section required"), with it invalid ("unknown data segment"), which is what
/// the spec's assert_invalid says of the text. The modules of assert_invalid get the section the reference encoder
/// would write (where no instruction needs it, it changes nothing).
enum DataCountSection {
    static func ensure(_ bytes: [UInt8]) -> [UInt8] {
        var module = ByteReader(bytes, from: 8)
        var insertion: Int?
        var segments = 0
        while module.position < bytes.count {
            let start = module.position
            guard let section = module.section() else { return bytes }
            switch section.id {
            case 12:
                return bytes
            case 10:
                insertion = insertion ?? start
            case 11:
                insertion = insertion ?? start
                var contents = ByteReader(bytes, in: section.contents)
                segments = contents.u32() ?? 0
            default:
                break
            }
        }
        guard let insertion else { return bytes }
        let count = LEB128.encode(UInt32(segments))
        let section = [12] + LEB128.encode(UInt32(count.count)) + count
        return Array(bytes[..<insertion]) + section + Array(bytes[insertion...])
    }
}
