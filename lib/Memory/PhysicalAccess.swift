/// How the memory manager reaches physical memory: the kernel adds its direct-map offset, host tests index a
/// buffer that stands for physical memory.
public protocol PhysicalAccess {
    func pointer(to physical: UInt64) -> UnsafeMutableRawPointer
}
