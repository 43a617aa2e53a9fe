/// The ELF numbers lib/ELF and its users name (System V gABI and the x86-64 psABI).
public enum ELFMachine {
    public static let x86_64: UInt16 = 62
    public static let aarch64: UInt16 = 183
}

public enum ELFType {
    public static let relocatable: UInt16 = 1
    public static let executable: UInt16 = 2
    public static let sharedObject: UInt16 = 3
}

public enum SegmentType {
    public static let load: UInt32 = 1
}

public enum SectionType {
    public static let symbolTable: UInt32 = 2
    public static let stringTable: UInt32 = 3
    public static let noBits: UInt32 = 8
}

public enum SymbolType {
    public static let noType: UInt8 = 0
    public static let object: UInt8 = 1
    public static let function: UInt8 = 2
}

/// Sizes of the fixed ELF64 records.
enum ELF64Layout {
    static let headerSize = 64
    static let programHeaderSize = 56
    static let sectionHeaderSize = 64
    static let symbolSize = 24
}
