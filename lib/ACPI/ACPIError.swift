/// Why ACPI tables could not be used.
public enum ACPIError: Error, Equatable {
    /// The memory reader could not provide these bytes.
    case unreadable(address: UInt64, count: Int)
    /// No root pointer (RSDP) with a valid checksum in the BIOS areas.
    case rsdpNotFound
    /// The structure at `address` does not carry the expected signature.
    case badSignature(expected: ACPISignature, found: ACPISignature, address: UInt64)
    /// The bytes of the structure do not sum to zero.
    case badChecksum(signature: ACPISignature, address: UInt64)
    /// A length field that is too small for the structure's fixed part, or absurdly large.
    case badLength(signature: ACPISignature, length: Int)
    /// An entry of the table runs past the table's end, or is shorter than its type requires.
    case truncated(signature: ACPISignature, offset: Int)
    /// A register in an address space other than the one the table's users can reach.
    case unsupportedAddressSpace(signature: ACPISignature, space: UInt8)
}
