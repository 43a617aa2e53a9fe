import BootInfo
import CPU
import Memory

/// GRUB's `multiboot2` command starts the kernel's 32-bit entry with the physical address of its boot
/// information; this turns it into walos's boot information, as PVHBoot does for QEMU's direct boot.
enum Multiboot2Boot {
    /// The structure's physical address and what the boot log says about it (the structure stays reserved).
    nonisolated(unsafe) private static var infoAddress: UInt64 = 0
    nonisolated(unsafe) private static var loaderName: Range<Int>? = nil
    nonisolated(unsafe) private static var memoryMapCount = 0

    /// `address` is the physical address GRUB passed in EBX, readable through the boot direct map.
    static func convert(address: UInt64, kernel: PhysicalRange) throws(Multiboot2.Failure) -> BootInfo {
        let size = PhysicalPointer(address).load(UInt32.self, at: 0)
        let info = try Multiboot2.Info(buffer: PhysicalPointer(address).bytes(count: min(Int(size), 1 << 20)))
        let buffer = UnsafeMutableRawBufferPointer(start: storage_boot_info(), count: Int(BOOT_INFO_CAPACITY))
        let written = try Multiboot2.convert(info, address: address, kernel: kernel.base..<kernel.end, into: buffer,
                                             findRSDP: { ACPIProbe.findRSDPInBIOSArea() })
        infoAddress = address
        loaderName = info.loaderName
        memoryMapCount = info.memoryMapCount
        do throws(BootInfoError) {
            return try BootInfo(buffer: UnsafeRawBufferPointer(rebasing: buffer[0..<written]))
        } catch {
            throw .bootInfo(error)
        }
    }

    /// For the boot log: the loader's name, the memory map and the framebuffer it gave.
    static func description(framebuffer: Framebuffer?) -> String {
        let nameBytes = loaderName.map { PhysicalPointer(infoAddress + UInt64($0.lowerBound)).bytes(count: $0.count) }
        let name = nameBytes.map { String(decoding: $0, as: UTF8.self) } ?? "an unnamed loader"
        let screen = framebuffer.map { "framebuffer \($0.width)x\($0.height)" } ?? "no framebuffer"
        return "Multiboot2 from \(name), memory map of \(memoryMapCount) entries, \(screen)"
    }
}
