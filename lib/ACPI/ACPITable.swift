/// A system description table, checked: its length fits, its bytes sum to zero.
///   0 signature[4]   4 length u32   8 revision   9 checksum   10 OEM ID[6]   16 OEM table ID[8]
///  24 OEM revision u32   28 creator ID u32   32 creator revision u32   (36: end of header)
public struct ACPITable {
    public static let headerLength = 36
    /// No real table comes near this; a bigger length field is corruption.
    public static let maxLength = 1 << 24

    public let address: UInt64
    public let signature: ACPISignature
    public let revision: UInt8
    /// The whole table, header included.
    public let bytes: UnsafeRawBufferPointer

    /// Checks a table given as bytes (which may extend past it).
    public init(bytes: UnsafeRawBufferPointer, address: UInt64) throws(ACPIError) {
        let signature = try Self.signature(in: bytes)
        let length = Int(TableBytes(bytes: bytes).u32(4))
        guard length >= Self.headerLength, length <= Self.maxLength else {
            throw .badLength(signature: signature, length: length)
        }
        guard length <= bytes.count else { throw .truncated(signature: signature, offset: bytes.count) }
        let table = UnsafeRawBufferPointer(rebasing: bytes[0..<length])
        guard TableBytes.sumsToZero(table) else { throw .badChecksum(signature: signature, address: address) }
        self.address = address
        self.signature = signature
        self.revision = TableBytes(bytes: bytes).u8(8)
        self.bytes = table
    }

    /// Reads and checks the table at `address`; with `expected`, its signature must match.
    public init(at address: UInt64, memory: some ACPIMemory, expected: ACPISignature? = nil) throws(ACPIError) {
        let signature = try Self.signature(at: address, memory: memory)
        if let expected, signature != expected {
            throw .badSignature(expected: expected, found: signature, address: address)
        }
        let length = try Self.length(at: address, memory: memory)
        guard length >= Self.headerLength, length <= Self.maxLength else {
            throw .badLength(signature: signature, length: length)
        }
        guard let whole = memory.bytes(at: address, count: length) else {
            throw .unreadable(address: address, count: length)
        }
        try self.init(bytes: whole, address: address)
    }

    /// The signature of the table at `address`, read without checking the table.
    public static func signature(at address: UInt64, memory: some ACPIMemory) throws(ACPIError) -> ACPISignature {
        guard let header = memory.bytes(at: address, count: headerLength) else {
            throw .unreadable(address: address, count: headerLength)
        }
        return try signature(in: header)
    }

    private static func length(at address: UInt64, memory: some ACPIMemory) throws(ACPIError) -> Int {
        guard let header = memory.bytes(at: address, count: headerLength) else {
            throw .unreadable(address: address, count: headerLength)
        }
        return Int(TableBytes(bytes: header).u32(4))
    }

    private static func signature(in bytes: UnsafeRawBufferPointer) throws(ACPIError) -> ACPISignature {
        guard bytes.count >= headerLength else {
            throw .truncated(signature: bytes.count >= 4 ? ACPISignature(rawValue: TableBytes(bytes: bytes).u32(0))
                                                         : ACPISignature(rawValue: 0), offset: bytes.count)
        }
        return ACPISignature(rawValue: TableBytes(bytes: bytes).u32(0))
    }

    public var length: Int { bytes.count }
    public var oemID: [UInt8] { TableBytes(bytes: bytes).array(10, count: 6) }
    public var oemTableID: [UInt8] { TableBytes(bytes: bytes).array(16, count: 8) }

    var reader: TableBytes { TableBytes(bytes: bytes) }

    /// Throws `.truncated` unless the table is at least `length` bytes long.
    func require(length needed: Int) throws(ACPIError) {
        guard length >= needed else { throw .truncated(signature: signature, offset: length) }
    }
}
