import ELF
import LoaderShims

/// Where the kernel ended up: one 2 MiB-aligned block of physical memory holding every segment.
struct KernelImage {
    let base: UInt64
    let size: UInt64
    let entry: UInt64
}

enum KernelLimits {
    static let alignment: UInt64 = 2 << 20
    static let maximumImageSize: UInt64 = 256 << 20
    static let maximumFileSize: UInt64 = 512 << 20
}

/// Validates the kernel file and copies it, relocated, into a fresh block of memory of the walos kernel type.
func loadKernel(_ file: LoadedFile) throws(LoaderError) -> KernelImage {
    let plan: LoadPlan
    do throws(ELFError) {
        plan = try LoadPlan(file: try ELFFile(bytes: file.bytes), maximumImageSize: KernelLimits.maximumImageSize)
    } catch {
        throw .invalidKernel(error)
    }
    let size = pages(for: plan.imageSize) * pageSize
    let base = try allocateAligned(size: size)
    let block = UnsafeMutableRawPointer(bitPattern: UInt(base))!
    for segment in plan.segments {
        let destination = block + Int(segment.physicalAddress - plan.physicalStart)
        let source = file.bytes.baseAddress! + Int(segment.fileOffset)
        destination.copyMemory(from: source, byteCount: Int(segment.fileSize))
        (destination + Int(segment.fileSize)).initializeMemory(as: UInt8.self, repeating: 0,
                                                                count: Int(segment.memorySize - segment.fileSize))
    }
    return KernelImage(base: base, size: size, entry: base + plan.entryOffset)
}

/// Allocates `size` bytes 2 MiB-aligned below 4 GiB: over-allocates by the alignment, then gives back the
/// pages before and after the aligned block.
private func allocateAligned(size: UInt64) throws(LoaderError) -> UInt64 {
    let total = pages(for: size + KernelLimits.alignment)
    var address = highestAddress
    let status = walos_allocate_pages(WALOS_ALLOCATE_MAX_ADDRESS, WALOS_KERNEL_MEMORY, total, &address)
    guard !EFIStatus.failed(status) else { throw .outOfMemory(purpose: "the kernel", status: status) }
    let aligned = (address + KernelLimits.alignment - 1) & ~(KernelLimits.alignment - 1)
    let head = (aligned - address) / pageSize
    let tail = total - head - pages(for: size)
    if head > 0 { _ = walos_free_pages(address, head) }
    if tail > 0 { _ = walos_free_pages(aligned + size, tail) }
    return aligned
}
