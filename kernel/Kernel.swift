import BootInfo
import CPU

/// Where both boot paths arrive (boot.S): `parameter` is the physical address of the boot information (UEFI) or of
/// the PVH start info, `imageBase` the physical address the kernel image was loaded at.
@_cdecl("kernel_main")
func kernelMain(parameter: UInt64, source: UInt32, imageBase: UInt64) -> Never {
    Log.initialize()
    GDT.install()
    IDT.install()
    Log.text("\nwalos kernel\n")
    Panic.panic("no memory manager yet")
}
