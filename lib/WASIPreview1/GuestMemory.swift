/// A guest's linear memory as the WASI functions see it. Every access is bounds-checked: a pointer or length
/// reaching outside the memory is `Errno.fault`, never a host crash. Values are little-endian, as in WebAssembly.
public struct GuestMemory {
    /// Where the memory starts, and its size. An empty memory's base is never read or written (it need not be
    /// an address): every access is checked against `size` first, and an empty slice has no base. A base that is never
    /// nil and a size kept as such make each check one addition and one compare (an optional buffer's count is a
    /// subtraction with nil tests, ~5 guest instructions more a check, several checks a call).
    let base: UnsafeMutableRawPointer
    let size: UInt64

    public init(_ bytes: UnsafeMutableRawBufferPointer) {
        self.init(base: bytes.baseAddress, size: UInt64(bytes.count))
    }

    /// The memory of `size` bytes at `base` (nil, or anything that is not an address, when `size` is 0).
    @inline(__always)
    public init(base: UnsafeMutableRawPointer?, size: UInt64) {
        self.base = base ?? Self.placeholder
        self.size = size
    }

    private static var placeholder: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: 8)! }

    /// A memory with no bytes: every access faults (for a guest that exports no memory).
    public static var empty: GuestMemory { GuestMemory(base: nil, size: 0) }

    public var count: Int { Int(size) }

    /// The host offset of `count` bytes at guest `address`, after checking they all lie inside the memory.
    @inline(__always)
    func offset(_ address: UInt32, _ count: UInt64) throws(Errno) -> Int {
        guard UInt64(address) + count <= size else { throw .fault }
        return Int(address)
    }

    public func load<T: FixedWidthInteger>(_ type: T.Type, at address: UInt32) throws(Errno) -> T {
        let start = try offset(address, UInt64(MemoryLayout<T>.size))
        return T(littleEndian: base.advanced(by: start).loadUnaligned(as: T.self))
    }

    public func store<T: FixedWidthInteger>(_ value: T, at address: UInt32) throws(Errno) {
        let start = try offset(address, UInt64(MemoryLayout<T>.size))
        base.advanced(by: start).storeBytes(of: value.littleEndian, as: T.self)
    }

    /// The guest bytes `address..<address+count`, to read or write in place.
    public func slice(at address: UInt32, count: UInt32) throws(Errno) -> UnsafeMutableRawBufferPointer {
        let start = try offset(address, UInt64(count))
        guard count > 0 else { return UnsafeMutableRawBufferPointer(start: nil, count: 0) }
        return UnsafeMutableRawBufferPointer(start: base + start, count: Int(count))
    }

    /// A copy of the guest bytes `address..<address+count`.
    public func read(at address: UInt32, count: UInt32) throws(Errno) -> [UInt8] {
        [UInt8](UnsafeRawBufferPointer(try slice(at: address, count: count)))
    }

    /// Copies `data` to guest `address`; nothing is written when any of it would fall outside the memory.
    public func write(_ data: [UInt8], at address: UInt32) throws(Errno) {
        let target = try destination(at: address, count: data.count)
        data.withUnsafeBytes { target.copyMemory(from: $0) }
    }

    /// The same from host memory.
    public func write(_ data: UnsafeRawBufferPointer, at address: UInt32) throws(Errno) {
        try destination(at: address, count: data.count).copyMemory(from: data)
    }

    private func destination(at address: UInt32, count: Int) throws(Errno) -> UnsafeMutableRawBufferPointer {
        guard count <= Int(UInt32.max) else { throw .fault }
        return try slice(at: address, count: UInt32(count))
    }

    /// Fills `count` bytes at `address` with zeros.
    public func zero(at address: UInt32, count: UInt32) throws(Errno) {
        let target = try slice(at: address, count: count)
        if let start = target.baseAddress { start.initializeMemory(as: UInt8.self, repeating: 0, count: target.count) }
    }
}
