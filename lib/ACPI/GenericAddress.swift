/// An ACPI Generic Address Structure (12 bytes): a register in memory, I/O or another address space.
///   0 address space   1 bit width   2 bit offset   3 access size   4 address u64
public struct GenericAddress: Equatable {
    public static let systemMemory: UInt8 = 0
    public static let systemIO: UInt8 = 1

    public var addressSpace: UInt8
    public var bitWidth: UInt8
    public var bitOffset: UInt8
    public var accessSize: UInt8
    public var address: UInt64

    public init(addressSpace: UInt8, bitWidth: UInt8, bitOffset: UInt8, accessSize: UInt8, address: UInt64) {
        self.addressSpace = addressSpace
        self.bitWidth = bitWidth
        self.bitOffset = bitOffset
        self.accessSize = accessSize
        self.address = address
    }

    init(_ r: TableBytes, at o: Int) {
        self.init(addressSpace: r.u8(o), bitWidth: r.u8(o + 1), bitOffset: r.u8(o + 2), accessSize: r.u8(o + 3),
                  address: r.u64(o + 4))
    }
}
