import BootInfo
import LoaderShims

/// Everything the kernel is told, gathered while boot services still run.
struct Handoff {
    let kernel: KernelImage
    let rootArchive: LoadedFile
    let framebuffer: Framebuffer
    let rsdp: UInt64
    let commandLine: UnsafeRawBufferPointer
}

enum HandoffLimits {
    /// The stack the kernel starts on (bootloader-reclaimable memory, unlike the firmware's own stack).
    static let stackSize: UInt64 = 64 << 10
    /// Room for descriptors that appear between sizing the memory map and reading it for the last time.
    static let spareDescriptors: UInt64 = 64
    static let exitAttempts = 8
}

/// Writes the boot information from the final memory map, ends boot services and enters the kernel.
func handOver(_ handoff: Handoff) throws(LoaderError) -> Never {
    var mapSize: UInt64 = 0
    var key: UInt64 = 0
    var stride: UInt64 = 0
    var version: UInt32 = 0
    let probe = walos_get_memory_map(&mapSize, nil, &key, &stride, &version)
    guard probe == EFIStatus.bufferTooSmall, stride > 0 else { throw .memoryMap(status: probe) }

    var stack = highestAddress
    let stackStatus = walos_allocate_pages(WALOS_ALLOCATE_MAX_ADDRESS, WALOS_LOADER_DATA,
                                           pages(for: HandoffLimits.stackSize), &stack)
    guard !EFIStatus.failed(stackStatus) else { throw .outOfMemory(purpose: "the kernel stack", status: stackStatus) }

    let descriptors = mapSize / stride + HandoffLimits.spareDescriptors
    let infoSize = UInt64(BootInfoLayout.headerSize) + descriptors * UInt64(BootInfoLayout.regionSize)
        + UInt64(handoff.commandLine.count)
    var info = highestAddress
    let infoStatus = walos_allocate_pages(WALOS_ALLOCATE_MAX_ADDRESS, WALOS_LOADER_DATA, pages(for: infoSize), &info)
    guard !EFIStatus.failed(infoStatus) else {
        throw .outOfMemory(purpose: "the boot information", status: infoStatus)
    }
    let infoBuffer = UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(bitPattern: UInt(info)),
                                                   count: Int(infoSize))

    let mapCapacity = descriptors * stride
    var map: UnsafeMutableRawPointer? = nil
    let mapStatus = walos_allocate_pool(mapCapacity, &map)
    guard !EFIStatus.failed(mapStatus) else { throw .outOfMemory(purpose: "the memory map", status: mapStatus) }

    // From here until the kernel runs nothing may allocate: a changed map makes ExitBootServices refuse the key.
    var status = EFIStatus.invalidParameter
    for _ in 0..<HandoffLimits.exitAttempts {
        mapSize = mapCapacity
        status = walos_get_memory_map(&mapSize, map, &key, &stride, &version)
        guard !EFIStatus.failed(status) else { throw .memoryMap(status: status) }
        let efiMap = EFIMemoryMap(bytes: UnsafeRawBufferPointer(start: map, count: Int(mapSize)), stride: Int(stride))
        do throws(BootInfoError) {
            try writeBootInfo(infoBuffer, handoff, efiMap)
        } catch {
            throw .bootInformation(error)
        }
        status = walos_exit_boot_services(key)
        if !EFIStatus.failed(status) {
            walos_enter_kernel(info, handoff.kernel.entry, stack + HandoffLimits.stackSize)
        }
        guard status == EFIStatus.invalidParameter else { break }
    }
    throw .exitBootServices(status: status)
}

private func writeBootInfo(_ buffer: UnsafeMutableRawBufferPointer, _ handoff: Handoff, _ map: EFIMemoryMap)
    throws(BootInfoError)
{
    var writer = try BootInfoWriter(buffer: buffer, source: .uefi)
    writer.setKernel(start: handoff.kernel.base, end: handoff.kernel.base + handoff.kernel.size)
    writer.setInitrd(base: handoff.rootArchive.address, size: handoff.rootArchive.size)
    writer.setFramebuffer(handoff.framebuffer)
    writer.setRSDP(handoff.rsdp)
    try map.write(to: &writer)
    _ = try writer.finish(commandLine: handoff.commandLine)
}
