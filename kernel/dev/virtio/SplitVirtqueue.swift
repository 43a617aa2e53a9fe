import CPU

/// A split virtqueue (virtio 1.x, section 2.7) in one zeroed page the kernel owns: the descriptor table, the
/// driver's ring of available chains and the device's ring of used ones. walos keeps one request in flight per
/// queue (9P is answered in order), so every request is the same two-descriptor chain: descriptor 0 the bytes
/// the device reads, descriptor 1 the buffer it writes its answer into.
final class SplitVirtqueue {
    let index: UInt16
    let size: UInt16
    /// Where in the device's notification area a write tells it this queue has work.
    let notifyOffset: Int
    let memory: DMAMemory
    private let ring: VolatileRegion
    private var nextAvailable: UInt16 = 0
    private var lastUsed: UInt16 = 0

    /// Layout within the page: descriptors (16 bytes each), then the available ring, then the used ring at the
    /// 4-byte alignment it needs.
    var descriptorsOffset: Int { 0 }
    var availableOffset: Int { 16 * Int(size) }
    var usedOffset: Int { (availableOffset + 6 + 2 * Int(size) + 3) & ~3 }

    static let maximumSize: UInt16 = 64  // fits one page: 1024 + 134 + 518 bytes
    private static let descriptorNext: UInt16 = 1, descriptorWrite: UInt16 = 2
    /// The driver's "no interrupts, please": walos polls the used ring.
    private static let availableNoInterrupt: UInt16 = 1

    init?(index: UInt16, size: UInt16, notifyOffset: Int) {
        guard size > 0, size <= Self.maximumSize, size & (size - 1) == 0, let memory = DMAMemory(byteCount: 4096)
        else { return nil }
        self.index = index
        self.size = size
        self.notifyOffset = notifyOffset
        self.memory = memory
        ring = memory.region
        ring.store16(availableOffset, Self.availableNoInterrupt)
    }

    var descriptorsPhysical: UInt64 { memory.physical + UInt64(descriptorsOffset) }
    var availablePhysical: UInt64 { memory.physical + UInt64(availableOffset) }
    var usedPhysical: UInt64 { memory.physical + UInt64(usedOffset) }

    private func setDescriptor(_ index: Int, address: UInt64, length: Int, flags: UInt16, next: UInt16) {
        let at = descriptorsOffset + 16 * index
        ring.store32(at, UInt32(truncatingIfNeeded: address))
        ring.store32(at + 4, UInt32(address >> 32))
        ring.store32(at + 8, UInt32(length))
        ring.store16(at + 12, flags)
        ring.store16(at + 14, next)
    }

    /// Makes the chain (readable, writable) available to the device; the caller then notifies it.
    func submit(readable: UInt64, readableLength: Int, writable: UInt64, writableLength: Int) {
        setDescriptor(0, address: readable, length: readableLength, flags: Self.descriptorNext, next: 1)
        setDescriptor(1, address: writable, length: writableLength, flags: Self.descriptorWrite, next: 0)
        ring.store16(availableOffset + 4 + 2 * Int(nextAvailable % size), 0)  // the chain's head
        // The device may read the ring entry as soon as it sees the new index: publish it last.
        cpu_memory_fence()
        nextAvailable &+= 1
        ring.store16(availableOffset + 2, nextAvailable)
        cpu_memory_fence()
    }

    /// The next chain the device has finished with, if any: its head and the bytes it wrote.
    func takeUsed() -> (head: UInt32, written: UInt32)? {
        let deviceIndex = ring.load16(usedOffset + 2)
        guard deviceIndex != lastUsed else { return nil }
        cpu_memory_fence()  // the element is read after the index that announced it
        let element = usedOffset + 4 + 8 * Int(lastUsed % size)
        lastUsed &+= 1
        return (ring.load32(element), ring.load32(element + 4))
    }
}
