import ACPI

/// Builds ACPI structures byte by byte for the cases QEMU's tables do not show (x2APIC, overrides, truncation).
struct TableBuilder {
    private(set) var bytes: [UInt8] = []

    /// A table with a standard header; `finished` fills in its length and checksum.
    init(signature: String, revision: UInt8 = 1) {
        bytes = Array(signature.utf8)
        u32(0)
        u8(revision)
        u8(0)
        bytes += Array("WALOS ".utf8) + Array("TESTTABL".utf8)
        u32(1)
        u32(0x5741_4C4F)
        u32(1)
    }

    /// Raw bytes without a header (the RSDP).
    init(raw: [UInt8]) { bytes = raw }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { bytes += withUnsafeBytes(of: value.littleEndian, Array.init) }
    mutating func u32(_ value: UInt32) { bytes += withUnsafeBytes(of: value.littleEndian, Array.init) }
    mutating func u64(_ value: UInt64) { bytes += withUnsafeBytes(of: value.littleEndian, Array.init) }

    mutating func zeros(_ count: Int) { bytes += Array(repeating: 0, count: count) }

    mutating func set32(_ value: UInt32, at offset: Int) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    }

    mutating func set64(_ value: UInt64, at offset: Int) {
        for i in 0..<8 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }

    /// Makes `bytes[range]` sum to zero by adjusting the byte at `checksumOffset`.
    static func fixChecksum(_ bytes: inout [UInt8], _ range: Range<Int>, checksumOffset: Int) {
        bytes[checksumOffset] = 0
        let sum = bytes[range].reduce(UInt8(0), &+)
        bytes[checksumOffset] = 0 &- sum
    }

    /// The table with its length and checksum filled in.
    func finished() -> [UInt8] {
        var out = bytes
        let length = UInt32(out.count)
        for i in 0..<4 { out[4 + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(i))) }
        Self.fixChecksum(&out, 0..<out.count, checksumOffset: 9)
        return out
    }

    /// A version 1 (revision 0) or version 2 RSDP.
    static func rsdp(rsdt: UInt32, xsdt: UInt64? = nil) -> [UInt8] {
        var b = TableBuilder(raw: Array("RSD PTR ".utf8))
        b.u8(0)
        b.bytes += Array("WALOS ".utf8)
        b.u8(xsdt == nil ? 0 : 2)
        b.u32(rsdt)
        guard let xsdt else {
            var out = b.bytes
            fixChecksum(&out, 0..<20, checksumOffset: 8)
            return out
        }
        b.u32(36)
        b.u64(xsdt)
        b.zeros(4)
        var out = b.bytes
        fixChecksum(&out, 0..<20, checksumOffset: 8)
        fixChecksum(&out, 0..<36, checksumOffset: 32)
        return out
    }

    /// Memory with the tables at the given addresses, found from an RSDP at 0xE0000.
    static func memory(rsdp: [UInt8], tables: [(UInt64, [UInt8])]) -> FixtureMemory {
        FixtureMemory(ACPIFixture(name: "synthetic", rsdp: 0xE_0000,
                                  chunks: [(0xE_0000, rsdp)] + tables.map { (address: $0.0, bytes: $0.1) }))
    }

    /// A checked table over a copy of `bytes` that is never freed: the table points into it.
    static func table(_ bytes: [UInt8], address: UInt64 = 0x1000) throws -> ACPITable {
        try bytes.withUnsafeBytes { raw in
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: raw.count, alignment: 8)
            copy.copyMemory(from: raw)
            return try ACPITable(bytes: UnsafeRawBufferPointer(copy), address: address)
        }
    }
}
