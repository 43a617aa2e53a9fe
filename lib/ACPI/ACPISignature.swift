/// A table's four-character signature, as the little-endian integer of its bytes.
public struct ACPISignature: Equatable, Hashable, Sendable {
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `text` must be four ASCII characters.
    public init(_ text: StaticString) {
        precondition(text.utf8CodeUnitCount == 4, "an ACPI signature has four characters")
        let p = text.utf8Start
        rawValue = UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16 | UInt32(p[3]) << 24
    }

    public static let rsdt = ACPISignature("RSDT")
    public static let xsdt = ACPISignature("XSDT")
    public static let madt = ACPISignature("APIC")
    public static let fadt = ACPISignature("FACP")
    public static let hpet = ACPISignature("HPET")
    /// Stands for the root pointer in errors; its real signature is the eight bytes "RSD PTR ".
    public static let rsdp = ACPISignature("RSD ")

    /// The four characters, for logs.
    public var text: String {
        var bytes: [UInt8] = []
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: rawValue >> UInt32(shift))) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
