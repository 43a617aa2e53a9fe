/// The Fixed ACPI Description Table ("FACP"): fixed hardware registers and boot flags. ACPI 1.0 tables end at
/// byte 116; the 64-bit fields after that count only when the table is long enough to hold them.
public struct FADT: Equatable {
    /// Flags bit 8: the PM timer counts 32 bits (else 24).
    public static let timerIs32BitFlag: UInt32 = 1 << 8
    /// Flags bit 10: `resetRegister` works.
    public static let resetRegisterFlag: UInt32 = 1 << 10
    /// Flags bit 20: hardware-reduced ACPI, no fixed hardware (no PM timer among others).
    public static let hardwareReducedFlag: UInt32 = 1 << 20

    public var revision: UInt8
    public var facsAddress: UInt64
    public var dsdtAddress: UInt64
    public var sciInterrupt: UInt16
    public var smiCommandPort: UInt32
    public var acpiEnableValue: UInt8
    public var acpiDisableValue: UInt8
    public var pm1aControlBlock: UInt32
    /// The I/O port of the ACPI PM timer (3.579545 MHz), or nil when there is none.
    public var pmTimerPort: UInt16?
    /// The CMOS RTC register holding the century, or nil.
    public var centuryRegister: UInt8?
    /// IA-PC boot architecture flags: bit 0 legacy devices, bit 1 8042 keyboard controller, bit 2 no VGA,
    /// bit 5 no CMOS RTC.
    public var bootArchitectureFlags: UInt16
    public var flags: UInt32
    public var resetRegister: GenericAddress?
    public var resetValue: UInt8

    public var pmTimerIs32Bit: Bool { flags & Self.timerIs32BitFlag != 0 }
    public var isHardwareReduced: Bool { flags & Self.hardwareReducedFlag != 0 }
    public var has8042: Bool { bootArchitectureFlags & 2 != 0 }
    public var hasCMOSRTC: Bool { bootArchitectureFlags & (1 << 5) == 0 }

    public init(_ table: ACPITable) throws(ACPIError) {
        guard table.signature == .fadt else {
            throw .badSignature(expected: .fadt, found: table.signature, address: table.address)
        }
        try table.require(length: 116)
        let r = table.reader
        let has = { (end: Int) in table.length >= end }
        revision = table.revision
        let xFACS = has(140) ? r.u64(132) : 0
        facsAddress = xFACS != 0 ? xFACS : UInt64(r.u32(36))
        let xDSDT = has(148) ? r.u64(140) : 0
        dsdtAddress = xDSDT != 0 ? xDSDT : UInt64(r.u32(40))
        sciInterrupt = r.u16(46)
        smiCommandPort = r.u32(48)
        acpiEnableValue = r.u8(52)
        acpiDisableValue = r.u8(53)
        pm1aControlBlock = r.u32(64)
        flags = r.u32(112)
        let century = r.u8(108)
        centuryRegister = century == 0 ? nil : century
        bootArchitectureFlags = r.u16(109)

        let legacyTimer = r.u32(76)
        pmTimerPort = r.u8(91) == 4 && legacyTimer != 0 && legacyTimer <= 0xFFFF ? UInt16(legacyTimer) : nil
        if has(220) {
            let extended = GenericAddress(r, at: 208)
            if extended.address != 0 {
                pmTimerPort = extended.addressSpace == GenericAddress.systemIO && extended.address <= 0xFFFF
                    ? UInt16(extended.address) : nil
            }
        }
        let reset = has(129) ? GenericAddress(r, at: 116) : nil
        resetRegister = flags & Self.resetRegisterFlag != 0 && reset?.address != 0 ? reset : nil
        resetValue = has(129) ? r.u8(128) : 0
        if isHardwareReduced { pmTimerPort = nil }
    }
}
