import BootInfo
import Console
import XCTest

final class ShadowedFramebufferTests: XCTestCase {
    func testConsoleOnAShadowNeverReadsTheDeviceAndKeepsBothEqual() throws {
        let bytes = PSFFontTests.tableFont
        try bytes.withUnsafeBytes { raw in
            let font = try PSFFont(bytes: raw)
            let device = Canvas(width: 26, height: 13, pitchPadding: 12)
            let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: 26 * 13 * 4, alignment: 16)
            defer { memory.deallocate() }
            let target = try XCTUnwrap(ShadowedFramebuffer(device: device.framebuffer, memory: memory))
            let console = try XCTUnwrap(TextConsole(target: target, font: font))
            console.write("AB\neA\nBBe\nA\u{e9}\nBAAe")
            // Scribble over the device's second text line: a scroll that read the device would move the
            // scribbles up into the first line.
            let pitch = device.framebuffer.pitch
            for y in 4..<8 {
                for x in 0..<26 {
                    device.memory.storeBytes(of: 0x1234_5678 as UInt32, toByteOffset: y * pitch + x * 4, as: UInt32.self)
                }
            }
            console.write("\n")
            for y in 0..<13 {
                for x in 0..<26 {
                    XCTAssertEqual(device.pixel(x, y), target.shadow.pixel(x: x, y: y), "pixel (\(x), \(y))")
                }
            }
        }
    }

    func testShadowMemoryMustCoverTheDevice() {
        let device = Canvas(width: 10, height: 10)
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: 10 * 10 * 4 - 1, alignment: 16)
        defer { memory.deallocate() }
        XCTAssertNil(ShadowedFramebuffer(device: device.framebuffer, memory: memory))
    }
}
