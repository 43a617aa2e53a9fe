import BootInfo

/// A framebuffer with a copy in ordinary memory. Reading device framebuffer memory (uncached or
/// write-combining) is very slow on real hardware, and scrolling reads every row it moves; this target reads
/// only its shadow and writes every change to both, so the device is never read.
public struct ShadowedFramebuffer: PixelTarget {
    public let device: LinearFramebuffer
    public let shadow: LinearFramebuffer

    /// `memory` must hold at least `device.width * device.height * 4` bytes and outlive the target.
    public init?(device: LinearFramebuffer, memory: UnsafeMutableRawBufferPointer) {
        guard let base = memory.baseAddress, memory.count >= device.width * device.height * 4,
              let shadow = LinearFramebuffer(base: base, width: device.width, height: device.height,
                                             pitch: device.width * 4, format: device.format)
        else { return nil }
        self.device = device
        self.shadow = shadow
    }

    public var width: Int { device.width }
    public var height: Int { device.height }
    public var format: PixelFormat { device.format }

    public func pixel(x: Int, y: Int) -> UInt32 { shadow.pixel(x: x, y: y) }

    public func setPixel(x: Int, y: Int, value: UInt32) {
        shadow.setPixel(x: x, y: y, value: value)
        device.setPixel(x: x, y: y, value: value)
    }

    public func fill(x: Int, y: Int, width: Int, height: Int, value: UInt32) {
        shadow.fill(x: x, y: y, width: width, height: height, value: value)
        device.fill(x: x, y: y, width: width, height: height, value: value)
    }

    /// Moves the rows in the shadow, then writes the moved rows out to the device.
    public func moveRows(from source: Int, to destination: Int, count: Int) {
        shadow.moveRows(from: source, to: destination, count: count)
        guard count > 0 else { return }
        for row in destination..<(destination + count) {
            (device.base + row * device.pitch).copyMemory(from: shadow.base + row * shadow.pitch,
                                                          byteCount: width * 4)
        }
    }
}
