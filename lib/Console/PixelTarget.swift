import BootInfo

/// Something a text console draws on: a rectangle of 32-bit pixels in a known format.
public protocol PixelTarget {
    var width: Int { get }
    var height: Int { get }
    var format: PixelFormat { get }
    func pixel(x: Int, y: Int) -> UInt32
    func setPixel(x: Int, y: Int, value: UInt32)
    func fill(x: Int, y: Int, width: Int, height: Int, value: UInt32)
    /// Moves `count` whole pixel rows from row `source` to row `destination` (the ranges may overlap).
    func moveRows(from source: Int, to destination: Int, count: Int)
}

/// A linear 32-bit framebuffer in memory: the GOP framebuffer in the kernel, a plain buffer in tests.
/// This is the console's only raw-memory access; every coordinate is checked against the size first.
public struct LinearFramebuffer: PixelTarget {
    public let base: UnsafeMutableRawPointer
    public let width: Int
    public let height: Int
    /// Bytes from one row to the next (at least width * 4).
    public let pitch: Int
    public let format: PixelFormat

    public init?(base: UnsafeMutableRawPointer, width: Int, height: Int, pitch: Int, format: PixelFormat) {
        guard width > 0, height > 0, pitch >= width * 4, format != .none else { return nil }
        self.base = base
        self.width = width
        self.height = height
        self.pitch = pitch
        self.format = format
    }

    /// The framebuffer a boot path described; nil when there is none or it is not 32 bits per pixel.
    public init?(_ framebuffer: Framebuffer) {
        guard framebuffer.bitsPerPixel == 32, let base = UnsafeMutableRawPointer(bitPattern: UInt(framebuffer.base))
        else { return nil }
        self.init(base: base, width: Int(framebuffer.width), height: Int(framebuffer.height),
                  pitch: Int(framebuffer.pitch), format: framebuffer.format)
    }

    private func offset(_ x: Int, _ y: Int) -> Int {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel outside the framebuffer")
        return y * pitch + x * 4
    }

    public func pixel(x: Int, y: Int) -> UInt32 {
        UInt32(littleEndian: base.load(fromByteOffset: offset(x, y), as: UInt32.self))
    }

    public func setPixel(x: Int, y: Int, value: UInt32) {
        base.storeBytes(of: value.littleEndian, toByteOffset: offset(x, y), as: UInt32.self)
    }

    public func fill(x: Int, y: Int, width: Int, height: Int, value: UInt32) {
        guard width > 0, height > 0 else { return }
        precondition(x >= 0 && y >= 0 && x + width <= self.width && y + height <= self.height,
                     "fill outside the framebuffer")
        for row in y..<(y + height) {
            let start = base + row * pitch + x * 4
            start.initializeMemory(as: UInt32.self, repeating: value.littleEndian, count: width)
        }
    }

    public func moveRows(from source: Int, to destination: Int, count: Int) {
        guard count > 0 else { return }
        precondition(source >= 0 && destination >= 0 && source + count <= height && destination + count <= height,
                     "rows outside the framebuffer")
        (base + destination * pitch).copyMemory(from: base + source * pitch, byteCount: count * pitch)
    }
}
