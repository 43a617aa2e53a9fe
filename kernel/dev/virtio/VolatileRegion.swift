import CPU
import Memory

/// A window on memory a device reads or writes behind the compiler's back: a BAR's registers, or a ring in
/// RAM the device uses over DMA. Every access is one volatile load or store of the register's width, checked
/// against the window's size (a device's capability states the size, so a bad one faults no further).
struct VolatileRegion {
    let base: UnsafeMutableRawPointer
    let size: Int

    private func at(_ offset: Int, _ width: Int) -> UnsafeMutableRawPointer {
        precondition(offset >= 0 && offset <= size - width && offset % width == 0, "register outside its region")
        return base + offset
    }

    // SAFETY (all six): `at` keeps the access inside the mapped window and aligned to its width.
    func load8(_ offset: Int) -> UInt8 { cpu_volatile_load8(at(offset, 1)) }
    func load16(_ offset: Int) -> UInt16 { cpu_volatile_load16(at(offset, 2)) }
    func load32(_ offset: Int) -> UInt32 { cpu_volatile_load32(at(offset, 4)) }
    func store8(_ offset: Int, _ value: UInt8) { cpu_volatile_store8(at(offset, 1), value) }
    func store16(_ offset: Int, _ value: UInt16) { cpu_volatile_store16(at(offset, 2), value) }
    func store32(_ offset: Int, _ value: UInt32) { cpu_volatile_store32(at(offset, 4), value) }

    /// A 64-bit field written as two 32-bit halves, low first, as virtio allows for its common configuration.
    func store64(_ offset: Int, _ value: UInt64) {
        store32(offset, UInt32(truncatingIfNeeded: value))
        store32(offset + 4, UInt32(value >> 32))
    }
}

/// Physically contiguous, zeroed frames the kernel owns and lends to a device: the device is given `physical`,
/// the kernel reaches the same bytes through the direct map. Never freed while a device may still use them.
struct DMAMemory {
    let physical: UInt64
    let size: Int

    init?(byteCount: Int) {
        let pages = (byteCount + 4095) / 4096
        guard let frame = MemoryManager.allocateFrames(count: pages, alignment: 1) else { return nil }
        physical = frame
        size = pages * 4096
        self.bytes.initializeMemory(as: UInt8.self, repeating: 0)
    }

    var bytes: UnsafeMutableRawBufferPointer {
        // SAFETY: the frames are this value's alone and mapped by the direct map, like all RAM.
        UnsafeMutableRawBufferPointer(start: DirectMap.pointer(physical), count: size)
    }

    var region: VolatileRegion { VolatileRegion(base: DirectMap.pointer(physical), size: size) }
}
