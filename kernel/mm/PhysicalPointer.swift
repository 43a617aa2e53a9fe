/// Physical memory, seen through the direct map at `DirectMap.base`: every physical address the kernel reads or
/// writes outside its own image goes through here.
enum DirectMap {
    static let base: UInt64 = 0x0000_4000_0000_0000
    /// How much physical memory the boot page tables map; the kernel's own tables extend the map to all memory.
    static let bootLimit: UInt64 = 4 << 30

    static func virtual(_ physical: UInt64) -> UInt64 { base + physical }
    static func pointer(_ physical: UInt64) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: UInt(base + physical))!
    }
    static func physical(_ virtual: UInt64) -> UInt64 { virtual - base }
}

struct PhysicalPointer {
    let address: UInt64

    init(_ address: UInt64) { self.address = address }

    private var raw: UnsafeMutableRawPointer { DirectMap.pointer(address) }

    func load<T>(_ type: T.Type, at offset: Int) -> T { raw.loadUnaligned(fromByteOffset: offset, as: type) }
    func store<T>(_ value: T, at offset: Int) { raw.storeBytes(of: value, toByteOffset: offset, as: T.self) }
    func bytes(count: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: raw, count: count) }

    func cStringLength(limit: Int) -> Int {
        let bytes = raw.assumingMemoryBound(to: UInt8.self)
        var length = 0
        while length < limit && bytes[length] != 0 { length += 1 }
        return length
    }
}

/// A range of physical addresses, [base, end).
struct PhysicalRange {
    var base: UInt64
    var end: UInt64
}
