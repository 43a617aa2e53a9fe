/// The HPET Description Table ("HPET"): where the High Precision Event Timer's registers are.
///   36 event timer block ID u32   40 base address (generic address)   52 HPET number   53 minimum tick u16
///   55 page protection
public struct HPET: Equatable {
    /// Physical address of the register block.
    public var baseAddress: UInt64
    public var hardwareRevision: UInt8
    /// Number of comparators (timers) in the block.
    public var comparatorCount: Int
    public var counterIs64Bit: Bool
    public var legacyReplacementCapable: Bool
    public var pciVendorID: UInt16
    public var number: UInt8
    /// Smallest periodic tick, in main counter ticks, that does not lose interrupts.
    public var minimumTick: UInt16

    public init(_ table: ACPITable) throws(ACPIError) {
        guard table.signature == .hpet else {
            throw .badSignature(expected: .hpet, found: table.signature, address: table.address)
        }
        try table.require(length: 56)
        let r = table.reader
        let id = r.u32(36)
        hardwareRevision = UInt8(truncatingIfNeeded: id)
        comparatorCount = Int((id >> 8) & 0x1F) + 1
        counterIs64Bit = id & (1 << 13) != 0
        legacyReplacementCapable = id & (1 << 15) != 0
        pciVendorID = UInt16(truncatingIfNeeded: id >> 16)
        let base = GenericAddress(r, at: 40)
        guard base.addressSpace == GenericAddress.systemMemory else {
            throw .unsupportedAddressSpace(signature: .hpet, space: base.addressSpace)
        }
        baseAddress = base.address
        number = r.u8(52)
        minimumTick = r.u16(53)
    }
}
