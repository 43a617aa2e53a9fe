/// The Multiple APIC Description Table ("APIC"): the processors' local APICs, the I/O APICs and how ISA
/// interrupts are wired to them.
///   36 local APIC address u32   40 flags u32 (bit 0: dual 8259 PICs present)   44 entries { type, length, ... }
public struct MADT: Equatable {
    public struct Processor: Equatable {
        public var apicID: UInt32
        public var processorUID: UInt32
        public var enabled: Bool
        /// Disabled now, but the OS may bring it online (ACPI 6.3 and later).
        public var onlineCapable: Bool
        /// Described by an x2APIC entry (its ID may not fit the xAPIC's 8 bits).
        public var isX2APIC: Bool

        public init(apicID: UInt32, processorUID: UInt32, enabled: Bool, onlineCapable: Bool, isX2APIC: Bool) {
            self.apicID = apicID
            self.processorUID = processorUID
            self.enabled = enabled
            self.onlineCapable = onlineCapable
            self.isX2APIC = isX2APIC
        }

        /// Whether the processor can be started.
        public var isUsable: Bool { enabled || onlineCapable }
    }

    public struct IOAPIC: Equatable {
        public var id: UInt8
        public var address: UInt32
        /// The first global system interrupt its inputs serve.
        public var gsiBase: UInt32

        public init(id: UInt8, address: UInt32, gsiBase: UInt32) {
            self.id = id
            self.address = address
            self.gsiBase = gsiBase
        }
    }

    /// An ISA interrupt that is not identity-mapped to a global system interrupt, or not edge/active-high.
    public struct InterruptSourceOverride: Equatable {
        public var bus: UInt8
        public var source: UInt8
        public var gsi: UInt32
        public var polarity: InterruptPolarity
        public var trigger: InterruptTrigger

        public init(bus: UInt8, source: UInt8, gsi: UInt32, polarity: InterruptPolarity, trigger: InterruptTrigger) {
            self.bus = bus
            self.source = source
            self.gsi = gsi
            self.polarity = polarity
            self.trigger = trigger
        }
    }

    /// A global system interrupt wired to NMI.
    public struct NMISource: Equatable {
        public var gsi: UInt32
        public var polarity: InterruptPolarity
        public var trigger: InterruptTrigger

        public init(gsi: UInt32, polarity: InterruptPolarity, trigger: InterruptTrigger) {
            self.gsi = gsi
            self.polarity = polarity
            self.trigger = trigger
        }
    }

    /// A local APIC LINT input wired to NMI.
    public struct LocalNMI: Equatable {
        /// nil: every processor.
        public var processorUID: UInt32?
        public var lint: UInt8
        public var polarity: InterruptPolarity
        public var trigger: InterruptTrigger

        public init(processorUID: UInt32?, lint: UInt8, polarity: InterruptPolarity, trigger: InterruptTrigger) {
            self.processorUID = processorUID
            self.lint = lint
            self.polarity = polarity
            self.trigger = trigger
        }
    }

    /// Where the local APICs' registers are (after any 64-bit override entry).
    public var localAPICAddress: UInt64
    public var hasLegacyPICs: Bool
    public var processors: [Processor] = []
    public var ioAPICs: [IOAPIC] = []
    public var overrides: [InterruptSourceOverride] = []
    public var nmiSources: [NMISource] = []
    public var localNMIs: [LocalNMI] = []

    public init(_ table: ACPITable) throws(ACPIError) {
        guard table.signature == .madt else {
            throw .badSignature(expected: .madt, found: table.signature, address: table.address)
        }
        try table.require(length: 44)
        let r = table.reader
        localAPICAddress = UInt64(r.u32(36))
        hasLegacyPICs = r.u32(40) & 1 != 0
        var offset = 44
        while offset < table.length {
            guard offset + 2 <= table.length else { throw .truncated(signature: .madt, offset: offset) }
            let type = r.u8(offset)
            let length = Int(r.u8(offset + 1))
            guard length >= 2, offset + length <= table.length, length >= Self.minimumLength(ofType: type) else {
                throw .truncated(signature: .madt, offset: offset)
            }
            parseEntry(type: type, at: offset, r)
            offset += length
        }
    }

    /// The length each entry type needs at least; 2 (type and length only) for types this parser skips.
    private static func minimumLength(ofType type: UInt8) -> Int {
        switch type {
        case 0: 8
        case 1: 12
        case 2: 10
        case 3: 8
        case 4: 6
        case 5: 12
        case 9: 16
        case 10: 12
        default: 2
        }
    }

    private mutating func parseEntry(type: UInt8, at o: Int, _ r: TableBytes) {
        switch type {
        case 0:
            let flags = r.u32(o + 4)
            processors.append(Processor(apicID: UInt32(r.u8(o + 3)), processorUID: UInt32(r.u8(o + 2)),
                                        enabled: flags & 1 != 0, onlineCapable: flags & 2 != 0, isX2APIC: false))
        case 1:
            ioAPICs.append(IOAPIC(id: r.u8(o + 2), address: r.u32(o + 4), gsiBase: r.u32(o + 8)))
        case 2:
            let flags = r.u16(o + 8)
            overrides.append(InterruptSourceOverride(bus: r.u8(o + 2), source: r.u8(o + 3), gsi: r.u32(o + 4),
                                                     polarity: InterruptPolarity(flags: flags),
                                                     trigger: InterruptTrigger(flags: flags)))
        case 3:
            let flags = r.u16(o + 2)
            nmiSources.append(NMISource(gsi: r.u32(o + 4), polarity: InterruptPolarity(flags: flags),
                                        trigger: InterruptTrigger(flags: flags)))
        case 4:
            let uid = r.u8(o + 2)
            let flags = r.u16(o + 3)
            localNMIs.append(LocalNMI(processorUID: uid == 0xFF ? nil : UInt32(uid), lint: r.u8(o + 5),
                                      polarity: InterruptPolarity(flags: flags), trigger: InterruptTrigger(flags: flags)))
        case 5:
            localAPICAddress = r.u64(o + 4)
        case 9:
            let flags = r.u32(o + 8)
            processors.append(Processor(apicID: r.u32(o + 4), processorUID: r.u32(o + 12), enabled: flags & 1 != 0,
                                        onlineCapable: flags & 2 != 0, isX2APIC: true))
        case 10:
            let uid = r.u32(o + 4)
            let flags = r.u16(o + 2)
            localNMIs.append(LocalNMI(processorUID: uid == 0xFFFF_FFFF ? nil : uid, lint: r.u8(o + 8),
                                      polarity: InterruptPolarity(flags: flags), trigger: InterruptTrigger(flags: flags)))
        default:
            break
        }
    }

    /// The global system interrupt an ISA IRQ arrives on, with its polarity and trigger mode.
    public func route(isaIRQ irq: UInt8) -> (gsi: UInt32, polarity: InterruptPolarity, trigger: InterruptTrigger) {
        for o in overrides where o.bus == 0 && o.source == irq { return (o.gsi, o.polarity, o.trigger) }
        return (UInt32(irq), .conforming, .conforming)
    }
}
