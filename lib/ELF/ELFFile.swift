/// An ELF64 little-endian file read in place. `init` checks the header and that both header tables lie inside
/// the buffer, so the accessors below cannot read outside it; what a section or segment points at is checked
/// where it is used.
public struct ELFFile {
    public let bytes: UnsafeRawBufferPointer
    public let header: ELFHeader

    public init(bytes: UnsafeRawBufferPointer) throws(ELFError) {
        let header = try ELFHeader(bytes: bytes)
        if header.programHeaderCount > 0 {
            guard header.programHeaderEntrySize == ELF64Layout.programHeaderSize else {
                throw .badProgramHeaderEntrySize(header.programHeaderEntrySize)
            }
            let tableSize = UInt64(header.programHeaderCount) * UInt64(ELF64Layout.programHeaderSize)
            guard bytes.contains(offset: header.programHeaderOffset, size: tableSize) else {
                throw .programHeadersOutOfFile
            }
        }
        if header.sectionHeaderCount > 0 {
            guard header.sectionHeaderEntrySize == ELF64Layout.sectionHeaderSize else {
                throw .badSectionHeaderEntrySize(header.sectionHeaderEntrySize)
            }
            let tableSize = UInt64(header.sectionHeaderCount) * UInt64(ELF64Layout.sectionHeaderSize)
            guard bytes.contains(offset: header.sectionHeaderOffset, size: tableSize) else {
                throw .sectionHeadersOutOfFile
            }
            guard header.sectionNameTableIndex < header.sectionHeaderCount else {
                throw .badSectionNameTableIndex(header.sectionNameTableIndex)
            }
        }
        self.bytes = bytes
        self.header = header
    }

    public var programHeaderCount: Int { Int(header.programHeaderCount) }
    public var sectionHeaderCount: Int { Int(header.sectionHeaderCount) }

    public func programHeader(at index: Int) -> ProgramHeader {
        precondition(index >= 0 && index < programHeaderCount, "program header index out of range")
        let offset = header.programHeaderOffset + UInt64(index * ELF64Layout.programHeaderSize)
        return ProgramHeader(bytes: bytes.slice(offset: offset, size: UInt64(ELF64Layout.programHeaderSize)))
    }

    public func sectionHeader(at index: Int) throws(ELFError) -> SectionHeader {
        guard index >= 0 && index < sectionHeaderCount else { throw .sectionIndexOutOfRange(index) }
        let offset = header.sectionHeaderOffset + UInt64(index * ELF64Layout.sectionHeaderSize)
        return SectionHeader(bytes: bytes.slice(offset: offset, size: UInt64(ELF64Layout.sectionHeaderSize)))
    }

    /// The file bytes of a section; empty for sections that occupy no file space (.bss).
    public func contents(ofSection index: Int) throws(ELFError) -> UnsafeRawBufferPointer {
        let section = try sectionHeader(at: index)
        if section.type == SectionType.noBits { return UnsafeRawBufferPointer(rebasing: bytes[0..<0]) }
        guard bytes.contains(offset: section.offset, size: section.size) else { throw .sectionOutOfFile(index: index) }
        return bytes.slice(offset: section.offset, size: section.size)
    }

    /// A section's name from the section name table, as raw bytes without the terminating NUL.
    public func name(ofSection index: Int) throws(ELFError) -> UnsafeRawBufferPointer {
        let section = try sectionHeader(at: index)
        let names = try contents(ofSection: Int(header.sectionNameTableIndex))
        return try StringTable(bytes: names).string(at: section.nameOffset)
    }

    /// The index of the first section called `name`, if any.
    public func sectionIndex(named name: String) throws(ELFError) -> Int? {
        for index in 0..<sectionHeaderCount {
            let candidate = try self.name(ofSection: index)
            if candidate.elementsEqual(name.utf8) { return index }
        }
        return nil
    }
}

/// An ELF string table: NUL-terminated strings addressed by their byte offset.
public struct StringTable {
    public let bytes: UnsafeRawBufferPointer

    public init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The string at `offset`, without its NUL; a string that runs off the end of the table is an error.
    public func string(at offset: UInt32) throws(ELFError) -> UnsafeRawBufferPointer {
        let start = Int(offset)
        guard start < bytes.count else { throw .stringOutOfBounds(offset: offset) }
        var end = start
        while end < bytes.count && bytes[end] != 0 { end += 1 }
        guard end < bytes.count else { throw .stringOutOfBounds(offset: offset) }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }
}
