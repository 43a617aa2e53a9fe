/// Guest linear memories mapped on first touch: the frames a memory holds are the pages touched, and what was
/// charged comes back exactly.
enum GuestPageTests {
    static let cases: [KernelTests.Case] = [
        .init(name: "guest-memory-maps-on-first-touch") { check in
            let frames = GuestMemorySpace.framesInUse, charged = MemoryBudget.pool.bytes
            let free = MemoryManager.freeFrameCount
            guard let memory = GuestMemorySpace.allocate(4 * 4096, 64 * 4096) else {
                return check.expect(false, "no guest memory")
            }
            check.expect(GuestMemorySpace.framesInUse == frames, "allocating mapped pages")
            check.expect(MemoryBudget.pool.bytes == charged + 4 * 4096, "4 pages not charged at once")
            // Through functions the optimizer cannot see into: it would move the accesses past the counts.
            check.expect(peek(memory, 4096 + 17) == 0, "a first read is not zero")
            poke(memory, 3 * 4096, 7)
            poke(memory, 3 * 4096 + 1, peek(memory, 3 * 4096) + 1)
            check.expect(GuestMemorySpace.framesInUse == frames + 2, "\(GuestMemorySpace.framesInUse - frames) frames for 2 pages touched")
            check.expect(GuestMemorySpace.grow(memory, 4 * 4096, 40 * 4096), "grow")
            check.expect(MemoryBudget.pool.bytes == charged + 40 * 4096, "the grown pages not charged")
            poke(memory, 39 * 4096 + 4095, 9)
            check.expect(peek(memory, 39 * 4096 + 4095) == 9 && peek(memory, 3 * 4096 + 1) == 8, "bytes lost")
            check.expect(GuestMemorySpace.framesInUse == frames + 3, "a page of the grown part not mapped once")
            GuestMemorySpace.deallocate(memory, 40 * 4096)
            check.expect(GuestMemorySpace.framesInUse == frames, "guest frames \(frames) -> \(GuestMemorySpace.framesInUse)")
            check.expect(MemoryBudget.pool.bytes == charged, "pool charge \(charged) -> \(MemoryBudget.pool.bytes)")
            check.expect(MemoryManager.freeFrameCount >= free - 4, "free frames \(free) -> \(MemoryManager.freeFrameCount)")
        },
    ]

    @inline(never) @_optimize(none)
    static func peek(_ memory: UnsafeMutableRawPointer, _ offset: Int) -> UInt8 { memory.load(fromByteOffset: offset, as: UInt8.self) }

    @inline(never) @_optimize(none)
    static func poke(_ memory: UnsafeMutableRawPointer, _ offset: Int, _ value: UInt8) {
        memory.storeBytes(of: value, toByteOffset: offset, as: UInt8.self)
    }
}
