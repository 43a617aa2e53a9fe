/// The Root System Description Pointer: where the firmware says the root table lives.
///   0 "RSD PTR "   8 checksum (first 20 bytes)   9 OEM ID[6]   15 revision   16 RSDT address u32
///  version 2 and later (revision >= 2): 20 length u32   24 XSDT address u64   32 extended checksum (all `length`)
public struct RSDP: Equatable {
    public static let version1Length = 20
    public static let version2Length = 36
    /// "RSD PTR " as a little-endian integer.
    static let signature: UInt64 = 0x2052_5450_2044_5352

    public var address: UInt64
    public var revision: UInt8
    public var rsdtAddress: UInt32
    /// Present from revision 2 on, when the firmware filled it in.
    public var xsdtAddress: UInt64?

    public init(at address: UInt64, memory: some ACPIMemory) throws(ACPIError) {
        guard let head = memory.bytes(at: address, count: Self.version1Length) else {
            throw .unreadable(address: address, count: Self.version1Length)
        }
        let v1 = TableBytes(bytes: head)
        guard v1.u64(0) == Self.signature else {
            throw .badSignature(expected: .rsdp, found: ACPISignature(rawValue: v1.u32(0)), address: address)
        }
        guard TableBytes.sumsToZero(head) else { throw .badChecksum(signature: .rsdp, address: address) }
        revision = v1.u8(15)
        rsdtAddress = v1.u32(16)
        self.address = address
        guard revision >= 2 else { return }

        guard let v2Head = memory.bytes(at: address, count: Self.version2Length) else {
            throw .unreadable(address: address, count: Self.version2Length)
        }
        let length = Int(TableBytes(bytes: v2Head).u32(20))
        guard length >= Self.version2Length, length <= 4096 else { throw .badLength(signature: .rsdp, length: length) }
        guard let whole = memory.bytes(at: address, count: length) else {
            throw .unreadable(address: address, count: length)
        }
        guard TableBytes.sumsToZero(whole) else { throw .badChecksum(signature: .rsdp, address: address) }
        let xsdt = TableBytes(bytes: whole).u64(24)
        xsdtAddress = xsdt == 0 ? nil : xsdt
    }

    /// Looks where BIOS firmware keeps the RSDP: the first KiB of the EBDA (its segment is the word at 0x40E)
    /// and 0xE0000-0xFFFFF, on 16-byte boundaries. UEFI firmware hands the address over instead.
    /// Allocates nothing, so it works before the kernel heap exists.
    public static func find(in memory: some ACPIMemory) throws(ACPIError) -> RSDP {
        if let segment = memory.bytes(at: 0x40E, count: 2) {
            let ebda = UInt64(TableBytes(bytes: segment).u16(0)) << 4
            if ebda >= 0x8_0000 && ebda < 0xA_0000, let found = scan(from: ebda, to: ebda + 1024, memory) {
                return found
            }
        }
        guard let found = scan(from: 0xE_0000, to: 0x10_0000, memory) else { throw .rsdpNotFound }
        return found
    }

    private static func scan(from base: UInt64, to end: UInt64, _ memory: some ACPIMemory) -> RSDP? {
        var candidate = base
        while candidate + UInt64(version1Length) <= end {
            if let found = try? RSDP(at: candidate, memory: memory) { return found }
            candidate += 16
        }
        return nil
    }
}
