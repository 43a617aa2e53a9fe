import Memory

/// Physical memory, seen through the direct map at `DirectMap.base`: every physical address the kernel reads or
/// writes outside its own image goes through here. The boot page tables map the first 4 GiB there; the kernel's
/// own tables map all of memory.
enum DirectMap {
    static let base: UInt64 = 0x0000_4000_0000_0000

    static func virtual(_ physical: UInt64) -> UInt64 { base + physical }
    static func pointer(_ physical: UInt64) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: UInt(base + physical))!
    }
    static func physical(_ pointer: UnsafeRawPointer) -> UInt64 { UInt64(UInt(bitPattern: pointer)) - base }
}

/// The memory manager's view of physical memory.
struct DirectMapAccess: PhysicalAccess {
    func pointer(to physical: UInt64) -> UnsafeMutableRawPointer { DirectMap.pointer(physical) }
}

/// A typed window on physical memory, for reading firmware structures.
struct PhysicalPointer {
    let address: UInt64

    init(_ address: UInt64) { self.address = address }

    private var raw: UnsafeMutableRawPointer { DirectMap.pointer(address) }

    func load<T>(_ type: T.Type, at offset: Int) -> T { raw.loadUnaligned(fromByteOffset: offset, as: type) }
    func bytes(count: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: raw, count: count) }

    func cStringLength(limit: Int) -> Int {
        let bytes = raw.assumingMemoryBound(to: UInt8.self)
        var length = 0
        while length < limit && bytes[length] != 0 { length += 1 }
        return length
    }
}
