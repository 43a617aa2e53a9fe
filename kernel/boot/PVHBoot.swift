import BootInfo
import Memory
import CPU

/// QEMU's direct kernel boot hands the kernel a Xen `hvm_start_info` with an E820 memory map. This turns it into
/// walos's boot information, so the rest of the kernel sees one format whatever started it.
enum PVHBoot {
    private static let startInfoMagic: UInt32 = 0x336E_C578

    enum Failure: Error {
        case badMagic
        case bootInfo(BootInfoError)
    }

    /// `startInfo` is the physical address QEMU passed, readable through the boot direct map.
    static func convert(startInfo: UInt64, kernel: PhysicalRange) throws(Failure) -> BootInfo {
        let info = PhysicalPointer(startInfo)
        guard info.load(UInt32.self, at: 0) == startInfoMagic else { throw .badMagic }
        let moduleCount = info.load(UInt32.self, at: 12)
        let moduleList = info.load(UInt64.self, at: 16)
        let commandLine = info.load(UInt64.self, at: 24)
        var rsdp = info.load(UInt64.self, at: 32)
        let memoryMap = info.load(UInt64.self, at: 40)
        let memoryMapEntries = info.load(UInt32.self, at: 48)
        if rsdp == 0 { rsdp = ACPIProbe.findRSDPInBIOSArea() }

        let buffer = UnsafeMutableRawBufferPointer(start: storage_boot_info(), count: Int(BOOT_INFO_CAPACITY))
        do throws(BootInfoError) {
            var writer = try BootInfoWriter(buffer: buffer, source: .pvh)
            writer.setRSDP(rsdp)
            writer.setKernel(start: kernel.base, end: kernel.end)
            if moduleCount > 0 {
                let module = PhysicalPointer(moduleList)
                writer.setInitrd(base: module.load(UInt64.self, at: 0), size: module.load(UInt64.self, at: 8))
            }
            let version = info.load(UInt32.self, at: 4)
            if version >= 1 {
                for index in 0..<Int(memoryMapEntries) {
                    let entry = PhysicalPointer(memoryMap + UInt64(index * 24))
                    try writer.appendRegion(MemoryRegion(
                        base: entry.load(UInt64.self, at: 0), length: entry.load(UInt64.self, at: 8),
                        kind: MemoryKind(e820: entry.load(UInt32.self, at: 16))))
                }
            }
            let length = commandLine == 0 ? 0 : PhysicalPointer(commandLine).cStringLength(limit: 4096)
            let size = try writer.finish(commandLine: PhysicalPointer(commandLine).bytes(count: length))
            return try BootInfo(buffer: UnsafeRawBufferPointer(rebasing: buffer[0..<size]))
        } catch {
            throw .bootInfo(error)
        }
    }
}
