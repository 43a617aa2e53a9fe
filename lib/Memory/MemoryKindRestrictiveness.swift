import BootInfo

extension MemoryKind {
    /// Where firmware regions overlap, the kind with the higher rank wins: anything beats usable, and a kind
    /// the kernel may one day reclaim loses to one it must never touch.
    public var restrictiveness: Int {
        switch self {
        case .usable: 0
        case .bootloaderReclaimable: 1
        case .initrd: 2
        case .kernel: 3
        case .acpiReclaimable: 4
        case .framebuffer: 5
        case .firmwareRuntime: 6
        case .acpiNVS: 7
        case .reserved: 8
        case .badMemory: 9
        }
    }
}
