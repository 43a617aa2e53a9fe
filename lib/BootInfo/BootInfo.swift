// The boot-information structure: what a boot path (the UEFI loader, or the kernel's own PVH entry) tells the
// kernel about the machine. One versioned, position-independent byte layout, written and read without a heap,
// because the kernel reads it before it has any memory manager.
//
// Layout (little endian, offsets in bytes):
//   0  magic u64 ("WALOSBI1")      8  version u32        12 totalSize u32 (header + regions + command line)
//  16  bootSource u32              20 regionCount u32    24 regionOffset u32       28 commandLineOffset u32
//  32  commandLineLength u32       36 reserved u32       40 rsdp u64 (physical, 0 = none)
//  48  initrdBase u64              56 initrdSize u64     64 kernelStart u64        72 kernelEnd u64
//  80  framebuffer: base u64, width u32, height u32, pitch u32 (bytes per row), bitsPerPixel u32,
//      pixelFormat u32, reserved u32                                               (112: end of header)
//  regionOffset: regionCount entries of { base u64, length u64, kind u32, reserved u32 } (24 bytes each)
//  commandLineOffset: commandLineLength bytes of UTF-8, not NUL-terminated

public enum BootSource: UInt32 {
    case uefi = 1
    case pvh = 2
    case multiboot2 = 3
}

/// What a range of physical memory holds. The kernel may allocate from `usable` only; `bootloaderReclaimable`
/// becomes usable once the kernel no longer needs the boot information, the loader's stack and its page tables.
public enum MemoryKind: UInt32 {
    case usable = 1
    case reserved = 2
    case acpiReclaimable = 3
    case acpiNVS = 4
    case badMemory = 5
    case bootloaderReclaimable = 6
    case kernel = 7
    case initrd = 8
    case framebuffer = 9
    case firmwareRuntime = 10
}

public struct MemoryRegion: Equatable {
    public var base: UInt64
    public var length: UInt64
    public var kind: MemoryKind

    public init(base: UInt64, length: UInt64, kind: MemoryKind) {
        self.base = base
        self.length = length
        self.kind = kind
    }

    public var end: UInt64 { base &+ length }
}

public enum PixelFormat: UInt32 {
    case none = 0
    /// Bytes in memory: red, green, blue, reserved.
    case rgbx = 1
    /// Bytes in memory: blue, green, red, reserved (what OVMF and QEMU's VGA give).
    case bgrx = 2
}

public struct Framebuffer: Equatable {
    public var base: UInt64
    public var width: UInt32
    public var height: UInt32
    public var pitch: UInt32
    public var bitsPerPixel: UInt32
    public var format: PixelFormat

    public init(base: UInt64, width: UInt32, height: UInt32, pitch: UInt32, bitsPerPixel: UInt32, format: PixelFormat) {
        self.base = base
        self.width = width
        self.height = height
        self.pitch = pitch
        self.bitsPerPixel = bitsPerPixel
        self.format = format
    }

    public var byteCount: UInt64 { UInt64(pitch) * UInt64(height) }
}

public enum BootInfoError: Error, Equatable {
    case bufferTooSmall
    case badMagic
    case unsupportedVersion(UInt32)
    case sizeOutOfBounds
    case regionsOutOfBounds
    case commandLineOutOfBounds
    case unknownMemoryKind(index: UInt32, kind: UInt32)
    case unknownBootSource(UInt32)
    case unknownPixelFormat(UInt32)
}

public enum BootInfoLayout {
    public static let magic: UInt64 = 0x3149_4253_4f4c_4157  // "WALOSBI1"
    public static let version: UInt32 = 1
    public static let headerSize = 112
    public static let regionSize = 24
}

/// Writes a boot-information structure into caller-provided memory: header fields first, then the memory
/// regions one at a time, then `finish(commandLine:)`.
public struct BootInfoWriter {
    private let buffer: UnsafeMutableRawBufferPointer
    private var regionCount = 0

    public init(buffer: UnsafeMutableRawBufferPointer, source: BootSource) throws(BootInfoError) {
        guard buffer.count >= BootInfoLayout.headerSize else { throw .bufferTooSmall }
        self.buffer = buffer
        for i in 0..<BootInfoLayout.headerSize { buffer[i] = 0 }
        store(BootInfoLayout.magic, at: 0)
        store(BootInfoLayout.version, at: 8)
        store(source.rawValue, at: 16)
        store(UInt32(BootInfoLayout.headerSize), at: 24)
    }

    private func store<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        buffer.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
    }

    public func setRSDP(_ address: UInt64) { store(address, at: 40) }

    public func setInitrd(base: UInt64, size: UInt64) {
        store(base, at: 48)
        store(size, at: 56)
    }

    public func setKernel(start: UInt64, end: UInt64) {
        store(start, at: 64)
        store(end, at: 72)
    }

    public func setFramebuffer(_ fb: Framebuffer) {
        store(fb.base, at: 80)
        store(fb.width, at: 88)
        store(fb.height, at: 92)
        store(fb.pitch, at: 96)
        store(fb.bitsPerPixel, at: 100)
        store(fb.format.rawValue, at: 104)
    }

    public mutating func appendRegion(_ region: MemoryRegion) throws(BootInfoError) {
        let offset = BootInfoLayout.headerSize + regionCount * BootInfoLayout.regionSize
        guard offset + BootInfoLayout.regionSize <= buffer.count else { throw .bufferTooSmall }
        store(region.base, at: offset)
        store(region.length, at: offset + 8)
        store(region.kind.rawValue, at: offset + 16)
        store(UInt32(0), at: offset + 20)
        regionCount += 1
        store(UInt32(regionCount), at: 20)
    }

    /// Appends the command line after the regions and seals the structure; returns its total size in bytes.
    public func finish(commandLine: UnsafeRawBufferPointer) throws(BootInfoError) -> Int {
        let offset = BootInfoLayout.headerSize + regionCount * BootInfoLayout.regionSize
        guard offset + commandLine.count <= buffer.count else { throw .bufferTooSmall }
        for i in 0..<commandLine.count { buffer[offset + i] = commandLine[i] }
        store(UInt32(offset), at: 28)
        store(UInt32(commandLine.count), at: 32)
        let total = offset + commandLine.count
        store(UInt32(total), at: 12)
        return total
    }
}

/// Reads a boot-information structure in place; validates every offset once, in `init`, so that the
/// accessors cannot read outside the structure.
public struct BootInfo {
    public let bytes: UnsafeRawBufferPointer
    public let source: BootSource
    public let regionCount: Int
    private let regionOffset: Int
    private let commandLineOffset: Int
    private let commandLineLength: Int

    /// `buffer` may be longer than the structure; only `totalSize` bytes of it are used.
    public init(buffer: UnsafeRawBufferPointer) throws(BootInfoError) {
        guard buffer.count >= BootInfoLayout.headerSize else { throw .bufferTooSmall }
        func load<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
            T(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        guard load(0, UInt64.self) == BootInfoLayout.magic else { throw .badMagic }
        let version = load(8, UInt32.self)
        guard version == BootInfoLayout.version else { throw .unsupportedVersion(version) }
        let total = Int(load(12, UInt32.self))
        guard total >= BootInfoLayout.headerSize, total <= buffer.count else { throw .sizeOutOfBounds }
        let rawSource = load(16, UInt32.self)
        guard let source = BootSource(rawValue: rawSource) else { throw .unknownBootSource(rawSource) }
        let count = Int(load(20, UInt32.self))
        let regions = Int(load(24, UInt32.self))
        guard regions >= BootInfoLayout.headerSize, count <= (total - regions) / BootInfoLayout.regionSize
        else { throw .regionsOutOfBounds }
        let lineOffset = Int(load(28, UInt32.self))
        let lineLength = Int(load(32, UInt32.self))
        guard lineOffset >= BootInfoLayout.headerSize, lineLength <= total - min(lineOffset, total) else {
            throw .commandLineOutOfBounds
        }
        let rawFormat = load(104, UInt32.self)
        guard PixelFormat(rawValue: rawFormat) != nil else { throw .unknownPixelFormat(rawFormat) }
        for i in 0..<count {
            let kind = load(regions + i * BootInfoLayout.regionSize + 16, UInt32.self)
            guard MemoryKind(rawValue: kind) != nil else { throw .unknownMemoryKind(index: UInt32(i), kind: kind) }
        }
        self.bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<total])
        self.source = source
        self.regionCount = count
        self.regionOffset = regions
        self.commandLineOffset = lineOffset
        self.commandLineLength = lineLength
    }

    private func load<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
        T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    public var totalSize: Int { bytes.count }
    public var rsdp: UInt64? { nonZero(load(40, UInt64.self)) }
    public var initrdBase: UInt64 { load(48, UInt64.self) }
    public var initrdSize: UInt64 { load(56, UInt64.self) }
    public var kernelStart: UInt64 { load(64, UInt64.self) }
    public var kernelEnd: UInt64 { load(72, UInt64.self) }

    public var framebuffer: Framebuffer? {
        let format = PixelFormat(rawValue: load(104, UInt32.self)) ?? .none
        let base = load(80, UInt64.self)
        guard base != 0, format != .none else { return nil }
        return Framebuffer(base: base, width: load(88, UInt32.self), height: load(92, UInt32.self),
                           pitch: load(96, UInt32.self), bitsPerPixel: load(100, UInt32.self), format: format)
    }

    public func region(at index: Int) -> MemoryRegion {
        precondition(index >= 0 && index < regionCount, "memory region index out of range")
        let offset = regionOffset + index * BootInfoLayout.regionSize
        // Every kind was checked in init.
        return MemoryRegion(base: load(offset, UInt64.self), length: load(offset + 8, UInt64.self),
                            kind: MemoryKind(rawValue: load(offset + 16, UInt32.self)) ?? .reserved)
    }

    public var commandLine: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[commandLineOffset..<(commandLineOffset + commandLineLength)])
    }

    private func nonZero(_ value: UInt64) -> UInt64? { value == 0 ? nil : value }
}
