import ACPI
import XCTest

/// The parser on hand-built tables: entry kinds QEMU's tables lack, and every way a table can be malformed.
final class SyntheticTableTests: XCTestCase {
    private func madt(_ entries: (inout TableBuilder) -> Void) -> [UInt8] {
        var b = TableBuilder(signature: "APIC", revision: 5)
        b.u32(0xFEE0_0000)
        b.u32(0)
        entries(&b)
        return b.finished()
    }

    func testX2APICEntriesOverridesAndNMIs() throws {
        let bytes = madt { b in
            b.u8(0); b.u8(8); b.u8(0); b.u8(0); b.u32(1)                          // CPU 0, enabled
            b.u8(0); b.u8(8); b.u8(1); b.u8(2); b.u32(2)                          // CPU 1, online capable
            b.u8(0); b.u8(8); b.u8(2); b.u8(4); b.u32(0)                          // CPU 2, neither
            b.u8(9); b.u8(16); b.u16(0); b.u32(0x1_0000); b.u32(1); b.u32(300)    // x2APIC CPU
            b.u8(1); b.u8(12); b.u8(7); b.u8(0); b.u32(0xFEC0_1000); b.u32(24)    // I/O APIC 7
            b.u8(2); b.u8(10); b.u8(0); b.u8(9); b.u32(20); b.u16(0xF)            // IRQ 9 -> 20, low, level
            b.u8(3); b.u8(8); b.u16(0x5); b.u32(23)                               // NMI source
            b.u8(4); b.u8(6); b.u8(1); b.u16(0); b.u8(0)                          // LINT0 of CPU uid 1
            b.u8(10); b.u8(12); b.u16(0); b.u32(0xFFFF_FFFF); b.u8(1); b.zeros(3) // x2APIC LINT1, all
            b.u8(0x7F); b.u8(5); b.zeros(3)                                       // unknown: skipped
            b.u8(5); b.u8(12); b.u16(0); b.u64(0x1_FEE0_0000)                     // LAPIC address override
        }
        let madt = try MADT(TableBuilder.table(bytes))
        XCTAssertEqual(madt.localAPICAddress, 0x1_FEE0_0000)
        XCTAssertFalse(madt.hasLegacyPICs)
        XCTAssertEqual(madt.processors, [
            .init(apicID: 0, processorUID: 0, enabled: true, onlineCapable: false, isX2APIC: false),
            .init(apicID: 2, processorUID: 1, enabled: false, onlineCapable: true, isX2APIC: false),
            .init(apicID: 4, processorUID: 2, enabled: false, onlineCapable: false, isX2APIC: false),
            .init(apicID: 0x1_0000, processorUID: 300, enabled: true, onlineCapable: false, isX2APIC: true),
        ])
        XCTAssertEqual(madt.processors.filter(\.isUsable).count, 3)
        XCTAssertEqual(madt.ioAPICs, [.init(id: 7, address: 0xFEC0_1000, gsiBase: 24)])
        XCTAssertEqual(madt.overrides, [.init(bus: 0, source: 9, gsi: 20, polarity: .activeLow, trigger: .level)])
        XCTAssertEqual(madt.route(isaIRQ: 9).gsi, 20)
        XCTAssertEqual(madt.route(isaIRQ: 9).polarity, .activeLow)
        XCTAssertEqual(madt.nmiSources, [.init(gsi: 23, polarity: .activeHigh, trigger: .edge)])
        XCTAssertEqual(madt.localNMIs, [.init(processorUID: 1, lint: 0, polarity: .conforming, trigger: .conforming),
                                        .init(processorUID: nil, lint: 1, polarity: .conforming, trigger: .conforming)])
    }

    func testMalformedMADTEntriesAreTruncationErrors() throws {
        let zeroLength = madt { b in b.u8(0); b.u8(0); b.zeros(6) }
        XCTAssertThrowsError(try MADT(TableBuilder.table(zeroLength))) {
            XCTAssertEqual($0 as? ACPIError, .truncated(signature: .madt, offset: 44))
        }
        let pastTheEnd = madt { b in b.u8(0); b.u8(8); b.u8(0); b.u8(0); b.u32(1); b.u8(1); b.u8(12); b.zeros(4) }
        XCTAssertThrowsError(try MADT(TableBuilder.table(pastTheEnd))) {
            XCTAssertEqual($0 as? ACPIError, .truncated(signature: .madt, offset: 52))
        }
        let tooShortForItsType = madt { b in b.u8(9); b.u8(8); b.zeros(6) }
        XCTAssertThrowsError(try MADT(TableBuilder.table(tooShortForItsType))) {
            XCTAssertEqual($0 as? ACPIError, .truncated(signature: .madt, offset: 44))
        }
        let danglingByte = madt { b in b.u8(0) }
        XCTAssertThrowsError(try MADT(TableBuilder.table(danglingByte))) {
            XCTAssertEqual($0 as? ACPIError, .truncated(signature: .madt, offset: 44))
        }
        var short = TableBuilder(signature: "APIC")
        short.u32(0xFEE0_0000)
        XCTAssertThrowsError(try MADT(TableBuilder.table(short.finished()))) {
            XCTAssertEqual($0 as? ACPIError, .truncated(signature: .madt, offset: 40))
        }
    }

    func testTableParsersCheckTheSignature() throws {
        let hpet = try TableBuilder.table(TableBuilder(signature: "HPET").finished(), address: 0x2000)
        XCTAssertThrowsError(try MADT(hpet)) {
            XCTAssertEqual($0 as? ACPIError, .badSignature(expected: .madt, found: .hpet, address: 0x2000))
        }
    }

    private func fadt(length: Int, _ fields: (inout [UInt8]) -> Void) -> [UInt8] {
        var b = TableBuilder(signature: "FACP", revision: length > 116 ? 5 : 1)
        b.zeros(length - 36)
        var bytes = b.bytes
        fields(&bytes)
        return TableBuilder(raw: bytes).finished()
    }

    private func put(_ bytes: inout [UInt8], _ value: UInt64, at offset: Int, size: Int) {
        for i in 0..<size { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }

    func testACPI1FADTIgnoresTheExtendedFields() throws {
        let bytes = fadt(length: 116) { b in
            self.put(&b, 0x1234, at: 40, size: 4)       // DSDT
            self.put(&b, 0x408, at: 76, size: 4)        // PM_TMR_BLK
            b[91] = 4                                   // PM_TMR_LEN
            b[108] = 0                                  // no century register
            self.put(&b, 1 << 8, at: 112, size: 4)      // 32-bit timer
        }
        let fadt = try FADT(TableBuilder.table(bytes))
        XCTAssertEqual(fadt.pmTimerPort, 0x408)
        XCTAssertTrue(fadt.pmTimerIs32Bit)
        XCTAssertNil(fadt.centuryRegister)
        XCTAssertEqual(fadt.dsdtAddress, 0x1234)
        XCTAssertNil(fadt.resetRegister)
    }

    func testExtendedFADTFieldsWin() throws {
        let bytes = fadt(length: 276) { b in
            self.put(&b, 0x1234, at: 40, size: 4)
            self.put(&b, 0x1_0000_2000, at: 140, size: 8)           // X_DSDT
            self.put(&b, 0x408, at: 76, size: 4)
            b[91] = 4
            b[208] = 1; b[209] = 32; self.put(&b, 0x1008, at: 212, size: 8) // X_PM_TMR_BLK in I/O space
            b[108] = 0x32
            self.put(&b, 1 << 10, at: 112, size: 4)                 // reset register supported
            b[116] = 1; b[117] = 8; self.put(&b, 0xCF9, at: 120, size: 8); b[128] = 6
        }
        let fadt = try FADT(TableBuilder.table(bytes))
        XCTAssertEqual(fadt.pmTimerPort, 0x1008)
        XCTAssertFalse(fadt.pmTimerIs32Bit)
        XCTAssertEqual(fadt.dsdtAddress, 0x1_0000_2000)
        XCTAssertEqual(fadt.centuryRegister, 0x32)
        XCTAssertEqual(fadt.resetRegister?.address, 0xCF9)
        XCTAssertEqual(fadt.resetValue, 6)
    }

    func testNoPMTimerWhereThereIsNone() throws {
        let memoryTimer = fadt(length: 276) { b in
            self.put(&b, 0x408, at: 76, size: 4); b[91] = 4
            b[208] = 0; self.put(&b, 0xFED0_0000, at: 212, size: 8)
        }
        XCTAssertNil(try FADT(TableBuilder.table(memoryTimer)).pmTimerPort)
        let reduced = fadt(length: 276) { b in
            self.put(&b, 0x408, at: 76, size: 4); b[91] = 4
            self.put(&b, 1 << 20, at: 112, size: 4)
        }
        let fadt = try FADT(TableBuilder.table(reduced))
        XCTAssertTrue(fadt.isHardwareReduced)
        XCTAssertNil(fadt.pmTimerPort)
        let wrongLength = self.fadt(length: 116) { b in self.put(&b, 0x408, at: 76, size: 4); b[91] = 3 }
        XCTAssertNil(try FADT(TableBuilder.table(wrongLength)).pmTimerPort)
    }

    func testShortFADTAndHPETAreTruncated() throws {
        var fadt = TableBuilder(signature: "FACP")
        fadt.zeros(60)
        XCTAssertThrowsError(try FADT(TableBuilder.table(fadt.finished()))) {
            XCTAssertEqual($0 as? ACPIError, .truncated(signature: .fadt, offset: 96))
        }
        var hpet = TableBuilder(signature: "HPET")
        hpet.zeros(10)
        XCTAssertThrowsError(try HPET(TableBuilder.table(hpet.finished()))) {
            XCTAssertEqual($0 as? ACPIError, .truncated(signature: .hpet, offset: 46))
        }
    }

    func testHPETInIOSpaceIsRefused() throws {
        var hpet = TableBuilder(signature: "HPET")
        hpet.u32(0x8086_A201)
        hpet.u8(1); hpet.u8(64); hpet.u8(0); hpet.u8(0); hpet.u64(0x500)
        hpet.u8(0); hpet.u16(0x80); hpet.u8(0)
        XCTAssertThrowsError(try HPET(TableBuilder.table(hpet.finished()))) {
            XCTAssertEqual($0 as? ACPIError, .unsupportedAddressSpace(signature: .hpet, space: 1))
        }
    }

    func testTableHeadersAreChecked() throws {
        var tooShort = TableBuilder(signature: "APIC").finished()
        tooShort[4] = 20
        XCTAssertThrowsError(try TableBuilder.table(tooShort)) {
            XCTAssertEqual($0 as? ACPIError, .badLength(signature: .madt, length: 20))
        }
        var longerThanItsBytes = TableBuilder(signature: "APIC").finished()
        longerThanItsBytes[4] = 200
        XCTAssertThrowsError(try TableBuilder.table(longerThanItsBytes)) {
            XCTAssertEqual($0 as? ACPIError, .truncated(signature: .madt, offset: 36))
        }
        var absurd = TableBuilder(signature: "APIC").finished()
        absurd[7] = 0x40
        XCTAssertThrowsError(try TableBuilder.table(absurd)) {
            XCTAssertEqual($0 as? ACPIError, .badLength(signature: .madt, length: 0x4000_0024))
        }
        XCTAssertThrowsError(try TableBuilder.table(Array("APIC".utf8))) {
            XCTAssertEqual($0 as? ACPIError, .truncated(signature: .madt, offset: 4))
        }
        var corrupt = TableBuilder(signature: "APIC").finished()
        corrupt[20] ^= 0xFF
        XCTAssertThrowsError(try TableBuilder.table(corrupt, address: 0x3000)) {
            XCTAssertEqual($0 as? ACPIError, .badChecksum(signature: .madt, address: 0x3000))
        }
    }

    func testXSDTIsPreferredAndTablesAreFoundByIndex() throws {
        var xsdt = TableBuilder(signature: "XSDT")
        xsdt.u64(0x1_0000_1000)
        xsdt.u64(0x2000)
        var rsdt = TableBuilder(signature: "RSDT")
        rsdt.u32(0x3000)
        var firstHPET = TableBuilder(signature: "HPET")
        firstHPET.u32(0); firstHPET.u8(0); firstHPET.zeros(3); firstHPET.u64(0xFED0_0000); firstHPET.zeros(4)
        var secondHPET = TableBuilder(signature: "HPET")
        secondHPET.u32(0); secondHPET.u8(0); secondHPET.zeros(3); secondHPET.u64(0xFED0_1000); secondHPET.zeros(4)
        let memory = TableBuilder.memory(rsdp: TableBuilder.rsdp(rsdt: 0x4000, xsdt: 0x5000), tables: [
            (0x5000, xsdt.finished()), (0x4000, rsdt.finished()), (0x1_0000_1000, firstHPET.finished()),
            (0x2000, secondHPET.finished()), (0x3000, TableBuilder(signature: "WAET").finished()),
        ])
        let acpi = try ACPITables(rsdpAddress: 0xE_0000, memory: memory)
        XCTAssertEqual(acpi.root.signature, .xsdt)
        XCTAssertEqual(acpi.tableAddresses, [0x1_0000_1000, 0x2000])
        XCTAssertEqual(try acpi.hpet()?.baseAddress, 0xFED0_0000)
        XCTAssertEqual(try acpi.table(.hpet, index: 1)?.address, 0x2000)
        XCTAssertNil(try acpi.table(.hpet, index: 2))
        XCTAssertNil(try acpi.madt())
    }

    func testRootTableWithAPartialEntryIsTruncated() throws {
        var rsdt = TableBuilder(signature: "RSDT")
        rsdt.u32(0x2000)
        rsdt.u16(0)
        let memory = TableBuilder.memory(rsdp: TableBuilder.rsdp(rsdt: 0x1000), tables: [(0x1000, rsdt.finished())])
        XCTAssertThrowsError(try ACPITables(rsdpAddress: 0xE_0000, memory: memory)) {
            XCTAssertEqual($0 as? ACPIError, .truncated(signature: .rsdt, offset: 40))
        }
    }

    func testUnreadableTablesAndRootPointers() throws {
        var rsdt = TableBuilder(signature: "RSDT")
        rsdt.u32(0x9000)
        let memory = TableBuilder.memory(rsdp: TableBuilder.rsdp(rsdt: 0x1000), tables: [(0x1000, rsdt.finished())])
        let acpi = try ACPITables(rsdpAddress: 0xE_0000, memory: memory)
        XCTAssertEqual(acpi.signatures, [], "a table that cannot be read has no signature to list")
        XCTAssertThrowsError(try ACPITable(at: 0x9000, memory: memory)) {
            XCTAssertEqual($0 as? ACPIError, .unreadable(address: 0x9000, count: 36))
        }
        XCTAssertThrowsError(try RSDP(at: 0xF_0000, memory: memory)) {
            XCTAssertEqual($0 as? ACPIError, .unreadable(address: 0xF_0000, count: 20))
        }
    }

    func testRootPointerSignatureAndLengthAreChecked() {
        var notRSDP = TableBuilder.rsdp(rsdt: 0x1000)
        notRSDP[0] = UInt8(ascii: "X")
        XCTAssertThrowsError(try RSDP(at: 0xE_0000, memory: TableBuilder.memory(rsdp: notRSDP, tables: []))) {
            guard case .badSignature(expected: .rsdp, found: _, address: 0xE_0000)? = $0 as? ACPIError else {
                return XCTFail("\($0)")
            }
        }
        var badLength = TableBuilder.rsdp(rsdt: 0x1000, xsdt: 0x2000)
        badLength[20] = 8
        TableBuilder.fixChecksum(&badLength, 0..<20, checksumOffset: 8)
        XCTAssertThrowsError(try RSDP(at: 0xE_0000, memory: TableBuilder.memory(rsdp: badLength, tables: []))) {
            XCTAssertEqual($0 as? ACPIError, .badLength(signature: .rsdp, length: 8))
        }
    }

    func testSignatureText() {
        XCTAssertEqual(ACPISignature.madt.text, "APIC")
        XCTAssertEqual(ACPISignature("FACP"), .fadt)
    }
}
