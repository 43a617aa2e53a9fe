import XCTest
@testable import WASIPreview1

/// Ports and windows that record what reaches them.
final class FakeDevices {
    var writes: [(UInt16, Int, UInt32)] = []
    var windows: [(UInt64, Int)] = []
    var typed: [UInt8] = []
    var screen: FramebufferInfo?
    /// console_screen's calls: whether the console draws, and for which pid.
    var screenCalls: [(Bool, UInt32)] = []

    var services: DeviceServices {
        DeviceServices(
            readPort: { port, width in UInt32(port) &* 3 &+ UInt32(width) },
            writePort: { self.writes.append(($0, $1, $2)) },
            attachInterrupt: { _, account throws(Errno) in ChannelEnd(try Channel.make(chargedTo: account), side: 1) },
            mapWindow: { physical, count, _ throws(Errno) in self.windows.append((physical, count)) },
            feedConsole: { self.typed += $0 },
            framebuffer: { self.screen },
            consoleScreen: { self.screenCalls.append(($0, $1)) })
    }
}

final class DeviceFunctionTests: XCTestCase {
    private func process(_ rights: DeviceRights, _ devices: FakeDevices) -> TestProcess {
        let process = TestProcess(devices: devices.services)
        process.context.devices = rights
        return process
    }

    func testPortsOnlyWithinTheRightsAndWidths() {
        let devices = FakeDevices()
        let p = process(DeviceRights(ports: [0x60..<0x61, 0x64..<0x65]), devices)
        XCTAssertEqual(p.errno("port_read", 0x60, 1, 100), .success)
        XCTAssertEqual(p.u32(100), 0x60 * 3 + 1)
        XCTAssertEqual(p.errno("port_read", 0x61, 1, 100), .access)
        XCTAssertEqual(p.errno("port_read", 0x60, 2, 100), .access, "0x61 is not granted")
        XCTAssertEqual(p.errno("port_read", 0x60, 3, 100), .invalid)
        XCTAssertEqual(p.errno("port_read", 0xFFFF, 2, 100), .invalid, "past the last port")
        XCTAssertEqual(p.errno("port_read", 0x60, 1, 65534), .fault)
        XCTAssertEqual(p.errno("port_write", 0x64, 1, 0xAE), .success)
        XCTAssertEqual(p.errno("port_write", 0x64, 1, 0x1AE), .invalid, "a value wider than the port")
        XCTAssertEqual(p.errno("port_write", 0x80, 1, 0), .access)
        XCTAssertEqual(devices.writes.map { "\($0.0) \($0.1) \($0.2)" }, ["100 1 174"])
    }

    func testWithoutRightsEveryCallIsRefused() {
        let devices = FakeDevices()
        let p = process(.none, devices)
        XCTAssertEqual(p.errno("port_read", 0x60, 1, 100), .access)
        XCTAssertEqual(p.errno("interrupt", 1, 100), .access)
        XCTAssertEqual(p.errno("device_map", 0xFD00_0000, 4096, 4096), .access)
        XCTAssertEqual(p.errno("console_input", 100, 1), .access)
        XCTAssertTrue(devices.writes.isEmpty && devices.windows.isEmpty && devices.typed.isEmpty)
        XCTAssertEqual(TestProcess().errno("port_read", 0x60, 1, 100), .access, "no rights by default")
    }

    func testInterruptLinesAndConsole() {
        let devices = FakeDevices()
        let p = process(DeviceRights(interrupts: [1], console: true), devices)
        XCTAssertEqual(p.errno("interrupt", 1, 100), .success)
        XCTAssertEqual(p.errno("fd_fdstat_get", UInt64(p.u32(100)), 200), .success, "the endpoint is a descriptor")
        XCTAssertEqual(p.errno("interrupt", 2, 100), .access)
        XCTAssertEqual(p.errno("interrupt", 16, 100), .invalid)
        try! p.memory.write(Array("ls\r".utf8), at: 300)
        XCTAssertEqual(p.errno("console_input", 300, 3), .success)
        XCTAssertEqual(devices.typed, Array("ls\r".utf8))
    }

    func testWindowsWholePagesInsideRightsAndMemory() {
        let devices = FakeDevices()
        let p = process(DeviceRights(windows: [0xFD00_0000..<0xFD00_3000]), devices)
        XCTAssertEqual(p.errno("device_map", 0xFD00_1000, 8192, 4096), .success)
        XCTAssertEqual(p.errno("device_map", 0xFD00_2000, 8192, 4096), .access, "past the granted window")
        XCTAssertEqual(p.errno("device_map", 0xFD00_0800, 4096, 4096), .invalid)
        XCTAssertEqual(p.errno("device_map", 0xFD00_0000, 4096, 100), .invalid)
        XCTAssertEqual(p.errno("device_map", 0xFD00_0000, 0, 4096), .invalid)
        XCTAssertEqual(p.errno("device_map", 0xFD00_0000, 8192, 65536 - 4096), .fault)
        XCTAssertEqual(devices.windows.map { "\(String($0.0, radix: 16)) \($0.1)" }, ["fd001000 2"])
    }

    func testWithoutDevicesTheCallsAreNoDevice() {
        let p = TestProcess()
        p.context.devices = .all
        XCTAssertEqual(p.errno("port_read", 0x60, 1, 100), .noDevice)
        XCTAssertEqual(p.errno("framebuffer_info", 100), .noDevice)
    }

    func testGrantsDecodeAndNestWithinTheCallersRights() {
        let p = TestProcess()
        var records: [UInt8] = []
        func grant(_ kind: UInt32, _ first: UInt64, _ count: UInt64, zero: UInt32 = 0) {
            for word in [kind, zero] { records += withUnsafeBytes(of: word.littleEndian, Array.init) }
            for word in [first, count] { records += withUnsafeBytes(of: word.littleEndian, Array.init) }
        }
        grant(0, 0x60, 1)
        grant(1, 1, 1)
        grant(2, 0xFD00_0000, 0x3000)
        grant(3, 0, 0)
        try! p.memory.write(records, at: 1000)
        let rights = try! DeviceGrantLayout.decode(p.memory, at: 1000, count: 4)
        XCTAssertEqual(rights, DeviceRights(ports: [0x60..<0x61], interrupts: [1],
                                            windows: [0xFD00_0000..<0xFD00_3000], console: true))
        XCTAssertTrue(DeviceRights.all.includes(rights))
        XCTAssertTrue(rights.includes(DeviceRights(ports: [0x60..<0x61], windows: [0xFD00_1000..<0xFD00_2000])))
        XCTAssertFalse(rights.includes(DeviceRights(ports: [0x60..<0x62])))
        XCTAssertFalse(rights.includes(DeviceRights(interrupts: [2])))
        XCTAssertFalse(DeviceRights(ports: [0x60..<0x61]).includes(DeviceRights(console: true)))
        for bad in [(0 as UInt32, 0x60 as UInt64, 0 as UInt64, 0 as UInt32), (0, 0xFFFF, 2, 0), (1, 15, 2, 0),
                    (2, 0x800, 0x1000, 0), (3, 0, 1, 0), (4, 0, 0, 0), (0, 0x60, 1, 1)] {
            records = []
            grant(bad.0, bad.1, bad.2, zero: bad.3)
            try! p.memory.write(records, at: 2000)
            XCTAssertThrowsError(try DeviceGrantLayout.decode(p.memory, at: 2000, count: 1), "\(bad)")
        }
        XCTAssertThrowsError(try DeviceGrantLayout.decode(p.memory, at: 65536 - 24, count: 2))
        XCTAssertThrowsError(try DeviceGrantLayout.decode(p.memory, at: 0, count: 65))
    }

    func testConsoleScreenOnlyForTheFramebuffersDriver() {
        let devices = FakeDevices()
        XCTAssertEqual(process(.all, devices).errno("console_screen", 0), .noDevice, "no framebuffer")
        // 1024 x 768 at 4 bytes, plus half a page: the right is the window rounded up to whole pages.
        devices.screen = FramebufferInfo(physical: 0xFD00_0000, byteCount: 0x30_0800, width: 1024, height: 769,
                                         pitch: 4096, format: 0)
        let driver = process(DeviceRights(windows: [0xFD00_0000..<0xFD30_1000]), devices)
        XCTAssertEqual(driver.errno("console_screen", 0), .success)
        XCTAssertEqual(driver.errno("console_screen", 1), .success)
        XCTAssertEqual(driver.errno("console_screen", 2), .invalid)
        let part = process(DeviceRights(windows: [0xFD00_0000..<0xFD30_0000]), devices)
        XCTAssertEqual(part.errno("console_screen", 0), .access, "the last page of the window is not granted")
        XCTAssertEqual(process(DeviceRights(console: true), devices).errno("console_screen", 0), .access)
        XCTAssertEqual(devices.screenCalls.map { "\($0.0) \($0.1)" }, ["false 0", "true 0"],
                       "only the granted calls reach the console (pid 0: a host without processes)")
    }
}
