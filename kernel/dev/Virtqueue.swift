import CPU
import Memory

/// One split virtqueue in the legacy layout (virtio's legacy PCI interface): a descriptor table, the ring of
/// descriptors offered to the device ("available") and the ring of those it has finished with ("used"), in
/// physically contiguous frames the device reads and writes directly. The kernel polls the used ring: the
/// device is told not to interrupt.
struct Virtqueue {
    /// The queue's size (descriptors), fixed by the device.
    let size: Int
    /// The first frame's physical address, for the device's queue address register.
    let physical: UInt64
    private let descriptors: UnsafeMutableRawPointer
    private let available: UnsafeMutableRawPointer
    private let used: UnsafeMutableRawPointer
    /// Free-running counts of the entries offered and of the used entries taken back.
    private var offered: UInt16 = 0
    private var taken: UInt16 = 0

    /// Descriptor flags.
    static let next: UInt16 = 1
    static let deviceWrites: UInt16 = 2

    init?(size: Int) {
        let ringsBytes = Self.align(16 * size + 6 + 2 * size) + Self.align(6 + 8 * size)
        guard size > 0, let physical = MemoryManager.allocateFrames(count: ringsBytes / 4096, alignment: 4096) else {
            return nil
        }
        self.size = size
        self.physical = physical
        // SAFETY: the frames were just allocated for this queue alone, and the direct map covers them.
        descriptors = DirectMap.pointer(physical)
        descriptors.initializeMemory(as: UInt8.self, repeating: 0, count: ringsBytes)
        available = descriptors + 16 * size
        used = descriptors + Self.align(16 * size + 6 + 2 * size)
        cpu_shared_store16(available, 1)  // VRING_AVAIL_F_NO_INTERRUPT
    }

    private static func align(_ bytes: Int) -> Int { (bytes + 4095) & ~4095 }

    /// Fills in descriptor `index`: a buffer at a physical address, which the device reads or (`deviceWrites`)
    /// writes.
    func describe(_ index: Int, address: UInt64, length: Int, flags: UInt16) {
        // SAFETY: index < size keeps the entry inside the descriptor table (callers number from 0).
        let entry = descriptors + 16 * index
        entry.storeBytes(of: address, as: UInt64.self)
        entry.storeBytes(of: UInt32(length), toByteOffset: 8, as: UInt32.self)
        entry.storeBytes(of: flags, toByteOffset: 12, as: UInt16.self)
        entry.storeBytes(of: 0, toByteOffset: 14, as: UInt16.self)
    }

    /// Offers descriptor `index` to the device (the device learns of it when notified).
    mutating func offer(_ index: Int) {
        // SAFETY: the slot is taken modulo the ring's size, inside the available ring.
        let slot = available + 4 + 2 * (Int(offered) % size)
        slot.storeBytes(of: UInt16(index), as: UInt16.self)
        offered &+= 1
        cpu_shared_store16(available + 2, offered)
    }

    /// The next descriptor the device has finished with, and how many bytes it wrote into it.
    mutating func takeUsed() -> (index: Int, length: Int)? {
        // SAFETY: the slot is taken modulo the ring's size, inside the used ring.
        guard cpu_shared_load16(used + 2) != taken else { return nil }
        let entry = used + 4 + 8 * (Int(taken) % size)
        taken &+= 1
        return (Int(entry.load(as: UInt32.self)), Int(entry.load(fromByteOffset: 4, as: UInt32.self)))
    }

    /// True when the device has finished with everything offered.
    var isIdle: Bool { cpu_shared_load16(used + 2) == offered }
}
