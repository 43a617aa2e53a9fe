// Multiboot2 (GRUB's `multiboot2` command): the boot information structure a Multiboot2 loader hands the
// kernel, read in place and turned into walos's own boot information. Pure byte parsing, so the host tests it.
//
// The structure: total_size u32, reserved u32, then tags, each 8-aligned: type u32, size u32 (without padding).
//   1 command line: NUL-terminated string            2 boot loader name: NUL-terminated string
//   3 module: mod_start u32, mod_end u32, string    6 memory map: entry_size u32, entry_version u32, entries of
//     { base u64, length u64, type u32, reserved u32 } (types as E820's)
//   8 framebuffer: address u64, pitch u32, width u32, height u32, bpp u8, type u8 (1 = RGB), reserved u16, then
//     for RGB: red position u8, red size u8, green position, green size, blue position, blue size
//  14 ACPI 1.0 RSDP copy                           15 ACPI 2.0 RSDP copy                        0 end

public enum Multiboot2 {
    /// What a Multiboot2 loader leaves in EAX.
    public static let bootloaderMagic: UInt32 = 0x36D7_6289

    public enum Failure: Error, Equatable {
        case truncated
        case tagOutOfBounds(offset: Int)
        case noMemoryMap
        case bootInfo(BootInfoError)
    }

    /// The tags walos uses, found and bounds-checked once.
    public struct Info {
        public let bytes: UnsafeRawBufferPointer
        /// Offsets into `bytes`: a tag's payload starts 8 bytes after its offset.
        public private(set) var commandLine: Range<Int>? = nil
        public private(set) var loaderName: Range<Int>? = nil
        public private(set) var module: (start: UInt64, end: UInt64)? = nil
        public private(set) var memoryMapEntries: Range<Int>? = nil
        public private(set) var memoryMapEntrySize = 0
        public private(set) var framebuffer: Framebuffer? = nil
        /// Where the RSDP copy lies in `bytes`: the 2.0 one wins over the 1.0 one.
        public private(set) var rsdpOffset: Int? = nil

        /// `buffer` may be longer than the structure: its first word says how long it is.
        public init(buffer: UnsafeRawBufferPointer) throws(Failure) {
            guard buffer.count >= 8 else { throw .truncated }
            let total = Int(Multiboot2.load(buffer, 0, UInt32.self))
            guard total >= 8, total <= buffer.count else { throw .truncated }
            bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<total])
            var offset = 8
            var acpi1: Int? = nil
            while offset + 8 <= total {
                let type = Multiboot2.load(bytes, offset, UInt32.self)
                let size = Int(Multiboot2.load(bytes, offset + 4, UInt32.self))
                guard size >= 8, size <= total - offset else { throw .tagOutOfBounds(offset: offset) }
                if type == 0 { break }
                let payload = (offset + 8)..<(offset + size)
                switch type {
                case 1: commandLine = Multiboot2.string(in: bytes, payload)
                case 2: loaderName = Multiboot2.string(in: bytes, payload)
                case 3 where module == nil && payload.count >= 8:
                    module = (UInt64(Multiboot2.load(bytes, payload.lowerBound, UInt32.self)),
                              UInt64(Multiboot2.load(bytes, payload.lowerBound + 4, UInt32.self)))
                case 6 where payload.count >= 8:
                    let entrySize = Int(Multiboot2.load(bytes, payload.lowerBound, UInt32.self))
                    guard entrySize >= 24 else { throw .tagOutOfBounds(offset: offset) }
                    let count = (payload.count - 8) / entrySize
                    memoryMapEntrySize = entrySize
                    memoryMapEntries = (payload.lowerBound + 8)..<(payload.lowerBound + 8 + count * entrySize)
                case 8 where payload.count >= 30:
                    framebuffer = Multiboot2.framebuffer(in: bytes, at: payload.lowerBound)
                case 14 where payload.count >= 20: acpi1 = payload.lowerBound
                case 15 where payload.count >= 36: rsdpOffset = payload.lowerBound
                default: break
                }
                offset += (size + 7) & ~7
            }
            if rsdpOffset == nil { rsdpOffset = acpi1 }
        }

        public var memoryMapCount: Int { (memoryMapEntries?.count ?? 0) / max(memoryMapEntrySize, 1) }

        public func memoryRegion(at index: Int) -> MemoryRegion {
            let offset = (memoryMapEntries?.lowerBound ?? 0) + index * memoryMapEntrySize
            return MemoryRegion(base: Multiboot2.load(bytes, offset, UInt64.self),
                                length: Multiboot2.load(bytes, offset + 8, UInt64.self),
                                kind: MemoryKind(e820: Multiboot2.load(bytes, offset + 16, UInt32.self)))
        }
    }

    /// Writes walos's boot information for a Multiboot2 boot into `buffer` and returns its size. The structure
    /// at physical `address` and the module stay reserved (the RSDP may be the copy inside the structure);
    /// `findRSDP` is asked only when the loader passed no RSDP.
    public static func convert(_ info: Info, address: UInt64, kernel: Range<UInt64>,
                               into buffer: UnsafeMutableRawBufferPointer,
                               findRSDP: () -> UInt64) throws(Failure) -> Int {
        guard info.memoryMapCount > 0 else { throw .noMemoryMap }
        do throws(BootInfoError) {
            var writer = try BootInfoWriter(buffer: buffer, source: .multiboot2)
            writer.setRSDP(info.rsdpOffset.map { address + UInt64($0) } ?? findRSDP())
            writer.setKernel(start: kernel.lowerBound, end: kernel.upperBound)
            if let module = info.module, module.end > module.start {
                writer.setInitrd(base: module.start, size: module.end - module.start)
            }
            if let framebuffer = info.framebuffer { writer.setFramebuffer(framebuffer) }
            for index in 0..<info.memoryMapCount { try writer.appendRegion(info.memoryRegion(at: index)) }
            try writer.appendRegion(MemoryRegion(base: address, length: UInt64(info.bytes.count),
                                                 kind: .bootloaderReclaimable))
            let line = info.commandLine.map { UnsafeRawBufferPointer(rebasing: info.bytes[$0]) }
            return try writer.finish(commandLine: line ?? UnsafeRawBufferPointer(start: nil, count: 0))
        } catch {
            throw .bootInfo(error)
        }
    }

    static func load<T: FixedWidthInteger>(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _: T.Type) -> T {
        T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// The string in a tag's payload, up to its NUL (or the payload's end).
    static func string(in bytes: UnsafeRawBufferPointer, _ payload: Range<Int>) -> Range<Int> {
        var end = payload.lowerBound
        while end < payload.upperBound && bytes[end] != 0 { end += 1 }
        return payload.lowerBound..<end
    }

    /// A 32-bit direct-colour framebuffer in one of the two byte orders walos draws; anything else is none.
    static func framebuffer(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Framebuffer? {
        let bitsPerPixel = UInt32(bytes[offset + 20])
        guard bytes[offset + 21] == 1, bitsPerPixel == 32 else { return nil }
        let positions = (bytes[offset + 24], bytes[offset + 26], bytes[offset + 28])
        let format: PixelFormat
        switch positions {
        case (16, 8, 0): format = .bgrx
        case (0, 8, 16): format = .rgbx
        default: return nil
        }
        return Framebuffer(base: load(bytes, offset, UInt64.self), width: load(bytes, offset + 12, UInt32.self),
                           height: load(bytes, offset + 16, UInt32.self), pitch: load(bytes, offset + 8, UInt32.self),
                           bitsPerPixel: bitsPerPixel, format: format)
    }
}

extension MemoryKind {
    /// The kind of an E820 (BIOS) memory type, which PVH and Multiboot2 maps use too.
    public init(e820 type: UInt32) {
        switch type {
        case 1: self = .usable
        case 3: self = .acpiReclaimable
        case 4: self = .acpiNVS
        case 5: self = .badMemory
        default: self = .reserved
        }
    }
}
