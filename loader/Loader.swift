import BootInfo
import LoaderShims

/// The loader's entry, called by `efi_main` in uefi.c. Returns to the firmware only on failure, after
/// showing why for a few seconds.
@_cdecl("walos_loader_main")
func loaderMain() -> UInt64 {
    say("walos loader")
    do throws(LoaderError) {
        try boot()
    } catch {
        say("walos loader: error: " + error.message)
        say("walos loader: returning to the firmware")
        walos_stall(3_000_000)
        return error.status
    }
}

enum FileLimits {
    static let rootArchive: UInt64 = 1 << 30
    static let commandLine: UInt64 = 4096
}

private func boot() throws(LoaderError) -> Never {
    let volume = walos_open_boot_volume()
    guard !EFIStatus.failed(volume) else { throw .bootVolume(status: volume) }
    let kernelFile = try readFile(Paths.kernel, memoryType: WALOS_LOADER_DATA, limit: KernelLimits.maximumFileSize)
    let kernel = try loadKernel(kernelFile)
    kernelFile.release()
    let rootArchive = try readFile(Paths.rootArchive, memoryType: WALOS_INITRD_MEMORY, limit: FileLimits.rootArchive)
    let commandLineFile = try readFileIfPresent(Paths.commandLine, memoryType: WALOS_LOADER_DATA,
                                                limit: FileLimits.commandLine)
    let commandLine = trimmed(commandLineFile?.bytes ?? UnsafeRawBufferPointer(start: nil, count: 0))
    let framebuffer = try setUpGraphics()
    let rsdp = findRSDP()

    say("walos loader: kernel at \(hex(kernel.base)), \(kernel.size) bytes, entry \(hex(kernel.entry))")
    say("walos loader: root archive at \(hex(rootArchive.address)), \(rootArchive.size) bytes")
    say("walos loader: framebuffer \(framebuffer.width)x\(framebuffer.height) at \(hex(framebuffer.base))")
    say("walos loader: ACPI RSDP at \(hex(rsdp)); starting the kernel")
    try handOver(Handoff(kernel: kernel, rootArchive: rootArchive, framebuffer: framebuffer, rsdp: rsdp,
                         commandLine: commandLine))
}

/// The command line without the trailing newline and blanks an editor leaves in cmdline.txt.
private func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
    var end = bytes.count
    while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D || bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 {
        end -= 1
    }
    return UnsafeRawBufferPointer(rebasing: bytes[0..<end])
}
