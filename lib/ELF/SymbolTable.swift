/// One entry of an ELF64 symbol table.
public struct Symbol: Equatable {
    public var nameOffset: UInt32
    public var type: UInt8
    public var binding: UInt8
    public var sectionIndex: UInt16
    public var value: UInt64
    public var size: UInt64

    init(bytes: UnsafeRawBufferPointer) {
        nameOffset = bytes.loadLE(0, as: UInt32.self)
        let info = bytes[4]
        type = info & 0xF
        binding = info >> 4
        sectionIndex = bytes.loadLE(6, as: UInt16.self)
        value = bytes.loadLE(8, as: UInt64.self)
        size = bytes.loadLE(16, as: UInt64.self)
    }

    /// Whether the symbol names code or data at an address (rather than a file, a section or an import).
    public var isAddressable: Bool {
        sectionIndex != 0 && (type == SymbolType.function || type == SymbolType.object || type == SymbolType.noType)
    }
}

/// The answer to "which symbol is this address in": the symbol's name bytes and how far past its start.
public struct SymbolMatch {
    public let symbol: Symbol
    public let name: UnsafeRawBufferPointer
    public let offset: UInt64

    public var nameString: String { String(decoding: name, as: UTF8.self) }
}

/// A .symtab with its .strtab, read in place; used by the kernel to name addresses in backtraces.
public struct SymbolTable {
    public let symbols: UnsafeRawBufferPointer
    public let strings: StringTable

    public var count: Int { symbols.count / ELF64Layout.symbolSize }

    /// A symbol table from its raw bytes, e.g. tables a kernel embeds in itself.
    public init(symbols: UnsafeRawBufferPointer, strings: UnsafeRawBufferPointer) throws(ELFError) {
        guard symbols.count % ELF64Layout.symbolSize == 0 else { throw .badSymbolTable }
        self.symbols = symbols
        self.strings = StringTable(bytes: strings)
    }

    /// The file's SHT_SYMTAB section and the string table its `link` names.
    public init(file: ELFFile) throws(ELFError) {
        for index in 0..<file.sectionHeaderCount {
            let section = try file.sectionHeader(at: index)
            guard section.type == SectionType.symbolTable else { continue }
            guard section.entrySize == UInt64(ELF64Layout.symbolSize) else { throw .badSymbolTable }
            let stringIndex = Int(section.link)
            guard stringIndex < file.sectionHeaderCount,
                  try file.sectionHeader(at: stringIndex).type == SectionType.stringTable
            else { throw .badSymbolTable }
            try self.init(symbols: try file.contents(ofSection: index),
                          strings: try file.contents(ofSection: stringIndex))
            return
        }
        throw .noSymbolTable
    }

    public func symbol(at index: Int) -> Symbol {
        precondition(index >= 0 && index < count, "symbol index out of range")
        return Symbol(bytes: UnsafeRawBufferPointer(rebasing:
            symbols[(index * ELF64Layout.symbolSize)..<((index + 1) * ELF64Layout.symbolSize)]))
    }

    public func name(of symbol: Symbol) throws(ELFError) -> UnsafeRawBufferPointer {
        try strings.string(at: symbol.nameOffset)
    }

    /// The symbol containing `address`: one whose [value, value + size) holds it, or else the nearest named
    /// symbol below it without a size (assembly labels). Symbols with unreadable names are skipped.
    public func lookup(_ address: UInt64) -> SymbolMatch? {
        var best: Symbol? = nil
        var bestName = UnsafeRawBufferPointer(start: nil, count: 0)
        for index in 0..<count {
            let candidate = symbol(at: index)
            guard candidate.isAddressable, candidate.value <= address else { continue }
            let inside = candidate.size == 0 || address - candidate.value < candidate.size
            guard inside, let name = try? name(of: candidate), name.count > 0 else { continue }
            if let current = best, !Self.better(candidate, than: current) { continue }
            best = candidate
            bestName = name
        }
        guard let symbol = best else { return nil }
        return SymbolMatch(symbol: symbol, name: bestName, offset: address - symbol.value)
    }

    /// A sized symbol beats a label; among equals, the one starting closest to the address wins.
    private static func better(_ a: Symbol, than b: Symbol) -> Bool {
        if (a.size > 0) != (b.size > 0) { return a.size > 0 }
        return a.value > b.value
    }
}
