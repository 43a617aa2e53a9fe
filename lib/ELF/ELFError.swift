/// Why a byte buffer is not an ELF file the caller can use. Every check of lib/ELF reports one of these, with
/// the index or value that failed, so that a boot loader can print something a person can act on.
public enum ELFError: Error, Equatable {
    case truncatedHeader(size: Int)
    case badMagic
    case unsupportedClass(UInt8)
    case unsupportedEncoding(UInt8)
    case unsupportedVersion(UInt32)
    case badHeaderSize(UInt16)
    case badProgramHeaderEntrySize(UInt16)
    case programHeadersOutOfFile
    case badSectionHeaderEntrySize(UInt16)
    case sectionHeadersOutOfFile
    case badSectionNameTableIndex(UInt16)
    case wrongMachine(UInt16)
    case wrongType(UInt16)
    case segmentOutOfFile(index: Int)
    case segmentFileSizeExceedsMemorySize(index: Int)
    case segmentAddressOverflow(index: Int)
    case segmentsOverlap(first: Int, second: Int)
    case noLoadableSegments
    case imageTooLarge(size: UInt64, limit: UInt64)
    case entryOutsideSegments(UInt64)
    case sectionIndexOutOfRange(Int)
    case sectionOutOfFile(index: Int)
    case stringOutOfBounds(offset: UInt32)
    case noSymbolTable
    case badSymbolTable
}

extension ELFError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .truncatedHeader(let size): return "file too small for an ELF header (\(size) bytes)"
        case .badMagic: return "not an ELF file (bad magic)"
        case .unsupportedClass(let c): return "not a 64-bit ELF file (class \(c))"
        case .unsupportedEncoding(let e): return "not a little-endian ELF file (encoding \(e))"
        case .unsupportedVersion(let v): return "unsupported ELF version \(v)"
        case .badHeaderSize(let s): return "bad ELF header size \(s)"
        case .badProgramHeaderEntrySize(let s): return "bad program header entry size \(s)"
        case .programHeadersOutOfFile: return "program headers lie outside the file"
        case .badSectionHeaderEntrySize(let s): return "bad section header entry size \(s)"
        case .sectionHeadersOutOfFile: return "section headers lie outside the file"
        case .badSectionNameTableIndex(let i): return "bad section name table index \(i)"
        case .wrongMachine(let m): return "wrong machine \(m) (expected x86-64, 62)"
        case .wrongType(let t): return "wrong ELF type \(t) (expected an executable, 2)"
        case .segmentOutOfFile(let i): return "segment \(i) lies outside the file"
        case .segmentFileSizeExceedsMemorySize(let i): return "segment \(i) has more file bytes than memory bytes"
        case .segmentAddressOverflow(let i): return "segment \(i) wraps around the address space"
        case .segmentsOverlap(let a, let b): return "segments \(a) and \(b) overlap in physical memory"
        case .noLoadableSegments: return "no loadable segments"
        case .imageTooLarge(let size, let limit): return "image of \(size) bytes exceeds the limit of \(limit) bytes"
        case .entryOutsideSegments(let e): return "entry point 0x\(String(e, radix: 16)) is outside every segment"
        case .sectionIndexOutOfRange(let i): return "section index \(i) out of range"
        case .sectionOutOfFile(let i): return "section \(i) lies outside the file"
        case .stringOutOfBounds(let o): return "string offset \(o) outside its string table"
        case .noSymbolTable: return "no symbol table"
        case .badSymbolTable: return "malformed symbol table"
        }
    }
}
