import ACPI
import XCTest

/// The parser on tables QEMU really builds (see QEMUCaptureTests for how they were captured).
final class QEMUTableTests: XCTestCase {
    private let allMachines = [QEMUTables.q35SeaBIOS, QEMUTables.pcSeaBIOS, QEMUTables.q35OVMF]

    private func tables(_ fixture: ACPIFixture) throws -> ACPITables<FixtureMemory> {
        try ACPITables(rsdpAddress: fixture.rsdp, memory: FixtureMemory(fixture))
    }

    func testSeaBIOSHasAVersion1RootPointerAndAnRSDT() throws {
        for fixture in [QEMUTables.q35SeaBIOS, QEMUTables.pcSeaBIOS] {
            let acpi = try tables(fixture)
            XCTAssertEqual(acpi.rsdp.revision, 0, fixture.name)
            XCTAssertNil(acpi.rsdp.xsdtAddress, fixture.name)
            XCTAssertEqual(acpi.root.signature, .rsdt, fixture.name)
        }
    }

    func testOVMFHasAVersion2RootPointerAndAnXSDT() throws {
        let acpi = try tables(QEMUTables.q35OVMF)
        XCTAssertEqual(acpi.rsdp.revision, 2)
        XCTAssertEqual(acpi.root.signature, .xsdt)
        XCTAssertEqual(acpi.rsdp.xsdtAddress, acpi.root.address)
    }

    func testTheRootListsTheExpectedTables() throws {
        let names = { (acpi: ACPITables<FixtureMemory>) in acpi.signatures.map(\.text) }
        XCTAssertEqual(names(try tables(QEMUTables.q35SeaBIOS)), ["FACP", "APIC", "HPET", "MCFG", "WAET"])
        XCTAssertEqual(names(try tables(QEMUTables.pcSeaBIOS)), ["FACP", "APIC", "HPET", "WAET"])
        XCTAssertEqual(Set(names(try tables(QEMUTables.q35OVMF))), ["FACP", "APIC", "HPET", "MCFG", "WAET"])
    }

    func testMADTListsFourCPUsAndOneIOAPIC() throws {
        for fixture in allMachines {
            let madt = try XCTUnwrap(try tables(fixture).madt(), fixture.name)
            XCTAssertEqual(madt.localAPICAddress, 0xFEE0_0000, fixture.name)
            XCTAssertTrue(madt.hasLegacyPICs, fixture.name)
            XCTAssertEqual(madt.processors, (0..<4).map {
                MADT.Processor(apicID: $0, processorUID: $0, enabled: true, onlineCapable: false, isX2APIC: false)
            }, fixture.name)
            XCTAssertEqual(madt.ioAPICs, [MADT.IOAPIC(id: 0, address: 0xFEC0_0000, gsiBase: 0)], fixture.name)
            XCTAssertEqual(madt.localNMIs.map(\.lint), [1], fixture.name)
            XCTAssertEqual(madt.localNMIs.first?.processorUID, nil, "the NMI entry applies to every processor")
            XCTAssertEqual(madt.route(isaIRQ: 0).gsi, 2, "the PIT arrives on GSI 2: \(fixture.name)")
            XCTAssertEqual(madt.route(isaIRQ: 4).gsi, 4, fixture.name)
            let sci = madt.route(isaIRQ: 9)
            XCTAssertEqual(sci.gsi, 9, fixture.name)
            XCTAssertEqual(sci.trigger, .level, "the SCI is level triggered: \(fixture.name)")
            XCTAssertEqual(sci.polarity, .activeHigh, fixture.name)
        }
    }

    func testFADTGivesThePMTimerAndTheCenturyRegister() throws {
        let q35 = try XCTUnwrap(try tables(QEMUTables.q35SeaBIOS).fadt())
        XCTAssertEqual(q35.pmTimerPort, 0x608)
        XCTAssertEqual(q35.sciInterrupt, 9)
        XCTAssertEqual(q35.centuryRegister, 0x32)
        XCTAssertFalse(q35.isHardwareReduced)
        XCTAssertTrue(q35.has8042)
        XCTAssertTrue(q35.hasCMOSRTC)
        XCTAssertEqual(q35.resetRegister, GenericAddress(addressSpace: GenericAddress.systemIO, bitWidth: 8,
                                                         bitOffset: 0, accessSize: 0, address: 0xCF9))
        XCTAssertEqual(q35.resetValue, 0x0F)
        let pc = try XCTUnwrap(try tables(QEMUTables.pcSeaBIOS).fadt())
        XCTAssertEqual(pc.pmTimerPort, 0x608)
        XCTAssertEqual(pc.centuryRegister, 0x32)
        let ovmf = try XCTUnwrap(try tables(QEMUTables.q35OVMF).fadt())
        XCTAssertEqual(ovmf.pmTimerPort, 0x608)
        XCTAssertNotEqual(ovmf.dsdtAddress, 0)
    }

    func testHPETBaseAddress() throws {
        for fixture in allMachines {
            let hpet = try XCTUnwrap(try tables(fixture).hpet(), fixture.name)
            XCTAssertEqual(hpet.baseAddress, 0xFED0_0000, fixture.name)
            XCTAssertEqual(hpet.comparatorCount, 3, fixture.name)
            XCTAssertTrue(hpet.counterIs64Bit, fixture.name)
            XCTAssertTrue(hpet.legacyReplacementCapable, fixture.name)
            XCTAssertEqual(hpet.pciVendorID, 0x8086, fixture.name)
        }
    }

    func testTheRootPointerIsFoundInTheBIOSArea() throws {
        for fixture in [QEMUTables.q35SeaBIOS, QEMUTables.pcSeaBIOS] {
            XCTAssertEqual(try RSDP.find(in: FixtureMemory(fixture)).address, fixture.rsdp, fixture.name)
        }
        XCTAssertThrowsError(try RSDP.find(in: FixtureMemory(QEMUTables.q35OVMF))) {
            XCTAssertEqual($0 as? ACPIError, .rsdpNotFound)
        }
    }

    // MARK: corruption

    private func address(of signature: ACPISignature, in fixture: ACPIFixture) throws -> UInt64 {
        let acpi = try tables(fixture)
        return try XCTUnwrap(acpi.tableAddresses.first { (try? ACPITable.signature(at: $0, memory: acpi.memory)) == signature })
    }

    func testACorruptMADTIsABadChecksumAndLeavesTheOtherTablesUsable() throws {
        for fixture in allMachines {
            let madt = try address(of: .madt, in: fixture)
            let memory = FixtureMemory(fixture)
            memory.poke(madt + 50) { $0 ^ 0x01 }
            let acpi = try ACPITables(rsdpAddress: fixture.rsdp, memory: memory)
            XCTAssertThrowsError(try acpi.madt()) {
                XCTAssertEqual($0 as? ACPIError, .badChecksum(signature: .madt, address: madt), fixture.name)
            }
            XCTAssertEqual(try acpi.hpet()?.baseAddress, 0xFED0_0000, fixture.name)
        }
    }

    func testACorruptRootPointerIsABadChecksum() {
        for fixture in allMachines {
            let memory = FixtureMemory(fixture)
            memory.poke(fixture.rsdp + 9) { $0 &+ 1 }
            XCTAssertThrowsError(try ACPITables(rsdpAddress: fixture.rsdp, memory: memory)) {
                XCTAssertEqual($0 as? ACPIError, .badChecksum(signature: .rsdp, address: fixture.rsdp), fixture.name)
            }
        }
    }

    func testACorruptExtendedChecksumIsCaught() {
        let fixture = QEMUTables.q35OVMF
        let memory = FixtureMemory(fixture)
        memory.poke(fixture.rsdp + 33) { $0 &+ 1 }
        XCTAssertThrowsError(try RSDP(at: fixture.rsdp, memory: memory)) {
            XCTAssertEqual($0 as? ACPIError, .badChecksum(signature: .rsdp, address: fixture.rsdp))
        }
    }

    func testACorruptRootTableIsABadChecksum() throws {
        for fixture in allMachines {
            let root = try tables(fixture).root
            let memory = FixtureMemory(fixture)
            memory.poke(root.address + 36) { $0 ^ 0x80 }
            XCTAssertThrowsError(try ACPITables(rsdpAddress: fixture.rsdp, memory: memory)) {
                XCTAssertEqual($0 as? ACPIError, .badChecksum(signature: root.signature, address: root.address))
            }
        }
    }

    func testARootPointerToTheWrongTableIsABadSignature() throws {
        let fixture = QEMUTables.q35SeaBIOS
        let memory = FixtureMemory(fixture)
        let madt = try address(of: .madt, in: fixture)
        var rsdp = try RSDP(at: fixture.rsdp, memory: memory)
        rsdp.rsdtAddress = UInt32(madt)
        XCTAssertThrowsError(try ACPITables(rsdp: rsdp, memory: memory)) {
            XCTAssertEqual($0 as? ACPIError, .badSignature(expected: .rsdt, found: .madt, address: madt))
        }
    }
}
