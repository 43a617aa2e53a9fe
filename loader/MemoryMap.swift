import BootInfo

/// UEFI memory types (EFI_MEMORY_TYPE) and the walos types the loader allocates with.
enum EFIMemoryType {
    static let loaderCode: UInt32 = 1
    static let loaderData: UInt32 = 2
    static let bootServicesCode: UInt32 = 3
    static let bootServicesData: UInt32 = 4
    static let runtimeServicesCode: UInt32 = 5
    static let runtimeServicesData: UInt32 = 6
    static let conventional: UInt32 = 7
    static let unusable: UInt32 = 8
    static let acpiReclaim: UInt32 = 9
    static let acpiNVS: UInt32 = 10
    static let walosKernel: UInt32 = 0x8000_0001
    static let walosInitrd: UInt32 = 0x8000_0002
}

/// What the kernel may do with memory of a UEFI type once boot services are gone.
func memoryKind(efiType: UInt32) -> MemoryKind {
    switch efiType {
    case EFIMemoryType.conventional, EFIMemoryType.bootServicesCode, EFIMemoryType.bootServicesData: return .usable
    case EFIMemoryType.loaderCode, EFIMemoryType.loaderData: return .bootloaderReclaimable
    case EFIMemoryType.walosKernel: return .kernel
    case EFIMemoryType.walosInitrd: return .initrd
    case EFIMemoryType.acpiReclaim: return .acpiReclaimable
    case EFIMemoryType.acpiNVS: return .acpiNVS
    case EFIMemoryType.runtimeServicesCode, EFIMemoryType.runtimeServicesData: return .firmwareRuntime
    case EFIMemoryType.unusable: return .badMemory
    default: return .reserved
    }
}

/// A UEFI memory map in place: `count` descriptors of `stride` bytes (EFI_MEMORY_DESCRIPTOR: type u32, padding,
/// physical start u64, virtual start u64, page count u64, attributes u64).
struct EFIMemoryMap {
    let bytes: UnsafeRawBufferPointer
    let stride: Int

    var count: Int { stride == 0 ? 0 : bytes.count / stride }

    func region(_ index: Int) -> MemoryRegion {
        let offset = index * stride
        let type = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        let start = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
        let pages = bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)
        return MemoryRegion(base: start, length: pages * 4096, kind: memoryKind(efiType: type))
    }

    /// Appends the map to `writer` sorted by address, with touching regions of the same kind merged. Allocates
    /// nothing: it runs between GetMemoryMap and ExitBootServices, where an allocation would invalidate the map.
    func write(to writer: inout BootInfoWriter) throws(BootInfoError) {
        var pending: MemoryRegion? = nil
        var previousBase: UInt64? = nil
        while let index = nextIndex(after: previousBase) {
            let r = region(index)
            previousBase = r.base
            if var run = pending, run.kind == r.kind, run.end == r.base {
                run.length += r.length
                pending = run
                continue
            }
            if let run = pending { try writer.appendRegion(run) }
            pending = r
        }
        if let run = pending { try writer.appendRegion(run) }
    }

    /// The non-empty descriptor with the lowest base above `previous` (a selection sort that moves nothing).
    private func nextIndex(after previous: UInt64?) -> Int? {
        var best: Int? = nil
        var bestBase = UInt64.max
        for index in 0..<count {
            let r = region(index)
            let base = r.base
            if r.length == 0 { continue }
            if let p = previous, base <= p { continue }
            if best == nil || base < bestBase {
                best = index
                bestBase = base
            }
        }
        return best
    }
}
