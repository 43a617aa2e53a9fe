import BootInfo

extension LinearFramebuffer {
    /// Copies a rectangle of XRGB8888 pixels (32-bit little-endian 0x00RRGGBB: what walos programs draw,
    /// docs/abi.md) to (`x`, `y`): `height` rows of `width` pixels, row `r` at byte `r * stride` of `source`.
    /// A BGRX framebuffer holds the same bytes, so its rows are copied whole; an RGBX one gets red and blue
    /// swapped pixel by pixel.
    public func copyXRGB(from source: UnsafeRawBufferPointer, stride: Int, x: Int, y: Int, width: Int, height: Int) {
        guard width > 0, height > 0 else { return }
        let rowBytes = width * 4
        precondition(x >= 0 && y >= 0 && x + width <= self.width && y + height <= self.height,
                     "copy outside the framebuffer")
        precondition(stride >= rowBytes && (height - 1) * stride + rowBytes <= source.count,
                     "copy outside the source")
        for row in 0..<height {
            let from = source.baseAddress! + row * stride
            let to = base + (y + row) * pitch + x * 4
            switch format {
            case .bgrx, .none:
                // SAFETY: both ranges were checked above; device memory and guest memory never overlap.
                to.copyMemory(from: from, byteCount: rowBytes)
            case .rgbx:
                for column in 0..<width {
                    let value = UInt32(littleEndian: from.loadUnaligned(fromByteOffset: column * 4, as: UInt32.self))
                    let swapped = (value & 0x0000_FF00) | (value >> 16 & 0xFF) | (value & 0xFF) << 16
                    to.storeBytes(of: swapped.littleEndian, toByteOffset: column * 4, as: UInt32.self)
                }
            }
        }
    }
}
