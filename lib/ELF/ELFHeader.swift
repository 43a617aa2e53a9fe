/// The ELF64 file header (the first 64 bytes of the file), decoded.
public struct ELFHeader: Equatable {
    public var osABI: UInt8
    public var type: UInt16
    public var machine: UInt16
    public var entry: UInt64
    public var programHeaderOffset: UInt64
    public var sectionHeaderOffset: UInt64
    public var flags: UInt32
    public var programHeaderEntrySize: UInt16
    public var programHeaderCount: UInt16
    public var sectionHeaderEntrySize: UInt16
    public var sectionHeaderCount: UInt16
    public var sectionNameTableIndex: UInt16

    /// Decodes and checks the identification bytes; the tables the header points at are checked by `ELFFile`.
    init(bytes: UnsafeRawBufferPointer) throws(ELFError) {
        guard bytes.count >= ELF64Layout.headerSize else { throw .truncatedHeader(size: bytes.count) }
        guard bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else { throw .badMagic }
        guard bytes[4] == 2 else { throw .unsupportedClass(bytes[4]) }
        guard bytes[5] == 1 else { throw .unsupportedEncoding(bytes[5]) }
        let version = bytes.loadLE(20, as: UInt32.self)
        guard bytes[6] == 1, version == 1 else { throw .unsupportedVersion(bytes[6] == 1 ? version : UInt32(bytes[6])) }
        let headerSize = bytes.loadLE(52, as: UInt16.self)
        guard headerSize == ELF64Layout.headerSize else { throw .badHeaderSize(headerSize) }
        osABI = bytes[7]
        type = bytes.loadLE(16, as: UInt16.self)
        machine = bytes.loadLE(18, as: UInt16.self)
        entry = bytes.loadLE(24, as: UInt64.self)
        programHeaderOffset = bytes.loadLE(32, as: UInt64.self)
        sectionHeaderOffset = bytes.loadLE(40, as: UInt64.self)
        flags = bytes.loadLE(48, as: UInt32.self)
        programHeaderEntrySize = bytes.loadLE(54, as: UInt16.self)
        programHeaderCount = bytes.loadLE(56, as: UInt16.self)
        sectionHeaderEntrySize = bytes.loadLE(58, as: UInt16.self)
        sectionHeaderCount = bytes.loadLE(60, as: UInt16.self)
        sectionNameTableIndex = bytes.loadLE(62, as: UInt16.self)
    }
}

/// One program header (a segment), decoded.
public struct ProgramHeader: Equatable {
    public var type: UInt32
    public var flags: SegmentFlags
    public var offset: UInt64
    public var virtualAddress: UInt64
    public var physicalAddress: UInt64
    public var fileSize: UInt64
    public var memorySize: UInt64
    public var alignment: UInt64

    init(bytes: UnsafeRawBufferPointer) {
        type = bytes.loadLE(0, as: UInt32.self)
        flags = SegmentFlags(rawValue: bytes.loadLE(4, as: UInt32.self))
        offset = bytes.loadLE(8, as: UInt64.self)
        virtualAddress = bytes.loadLE(16, as: UInt64.self)
        physicalAddress = bytes.loadLE(24, as: UInt64.self)
        fileSize = bytes.loadLE(32, as: UInt64.self)
        memorySize = bytes.loadLE(40, as: UInt64.self)
        alignment = bytes.loadLE(48, as: UInt64.self)
    }
}

public struct SegmentFlags: OptionSet, Equatable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let execute = SegmentFlags(rawValue: 1)
    public static let write = SegmentFlags(rawValue: 2)
    public static let read = SegmentFlags(rawValue: 4)
}

/// One section header, decoded.
public struct SectionHeader: Equatable {
    public var nameOffset: UInt32
    public var type: UInt32
    public var flags: UInt64
    public var address: UInt64
    public var offset: UInt64
    public var size: UInt64
    public var link: UInt32
    public var info: UInt32
    public var alignment: UInt64
    public var entrySize: UInt64

    init(bytes: UnsafeRawBufferPointer) {
        nameOffset = bytes.loadLE(0, as: UInt32.self)
        type = bytes.loadLE(4, as: UInt32.self)
        flags = bytes.loadLE(8, as: UInt64.self)
        address = bytes.loadLE(16, as: UInt64.self)
        offset = bytes.loadLE(24, as: UInt64.self)
        size = bytes.loadLE(32, as: UInt64.self)
        link = bytes.loadLE(40, as: UInt32.self)
        info = bytes.loadLE(44, as: UInt32.self)
        alignment = bytes.loadLE(48, as: UInt64.self)
        entrySize = bytes.loadLE(56, as: UInt64.self)
    }
}
