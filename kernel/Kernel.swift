import BootInfo
import CPU
import Memory

/// Where both boot paths arrive (boot.S): `parameter` is the physical address of the boot information (UEFI) or
/// of the PVH start info, `imageBase` the physical address the kernel image was loaded at. Runs on the boot
/// stack until the memory manager can give the kernel a guarded one.
@_cdecl("kernel_main")
func kernelMain(parameter: UInt64, source: UInt32, imageBase: UInt64) -> Never {
    let bannerTime = Processor.timestamp()
    Log.initialize()
    GDT.install()
    IDT.install()
    Log.text("\nwalos " )
    Log.text(Kernel.version)
    Log.text(" (WebAssembly language-based operating system)\n")

    let (info, infoPhysical) = Kernel.bootInformation(parameter: parameter, source: source, imageBase: imageBase)
    Kernel.bootInfo = info
    Kernel.bannerTimestamp = bannerTime
    MemoryManager.initialize(bootInfo: info, bootInfoPhysical: infoPhysical, imageBase: imageBase)
    KernelHeap.initialize()
    MemoryBudget.initialize()
    for slot in GDT.Stack.allCases {
        GDT.setStack(slot, top: KernelStacks.allocate(slot.stackName, pages: 4).top)
    }
    let stack = KernelStacks.allocate("the bootstrap processor's stack", pages: Kernel.mainStackPages)
    let entry: @convention(c) (UInt64) -> Void = { _ in Kernel.run() }
    cpu_switch_stack(stack.top, entry, 0)
}

enum Kernel {
    static let version: StaticString = "0.1.0"
    static let mainStackPages = 16
    nonisolated(unsafe) static var bootInfo: BootInfo! = nil
    nonisolated(unsafe) static var commandLine = CommandLine(text: "")
    /// The time-stamp counter when the kernel started; under QEMU's `-icount shift=0` it counts the guest
    /// instructions executed since reset, which is how `make bench` measures boot cost.
    nonisolated(unsafe) static var bannerTimestamp: UInt64 = 0

    /// The boot information in walos's format, and its physical address.
    static func bootInformation(parameter: UInt64, source: UInt32, imageBase: UInt64) -> (BootInfo, UInt64) {
        let image = PhysicalRange(base: imageBase, end: imageBase + layout_kernel_end() - layout_kernel_start())
        let storage = imageBase + UInt64(UInt(bitPattern: storage_boot_info())) - layout_kernel_start()
        if source == BootSource.pvh.rawValue {
            do throws(PVHBoot.Failure) {
                return (try PVHBoot.convert(startInfo: parameter, kernel: image), storage)
            } catch {
                Panic.panic("PVH boot: the start info is invalid")
            }
        }
        if source == BootSource.multiboot2.rawValue {
            do throws(Multiboot2.Failure) {
                return (try Multiboot2Boot.convert(address: parameter, kernel: image), storage)
            } catch {
                Panic.panic("Multiboot2 boot: the boot information is invalid")
            }
        }
        let header = PhysicalPointer(parameter)
        let size = Int(header.load(UInt32.self, at: 12))
        do throws(BootInfoError) {
            return (try BootInfo(buffer: header.bytes(count: min(size, 1 << 20))), parameter)
        } catch {
            Panic.panic("UEFI boot: the boot information from the loader is invalid")
        }
    }

    /// The rest of start-up, on the guarded main stack.
    static func run() -> Never {
        commandLine = CommandLine(text: String(decoding: bootInfo.commandLine, as: UTF8.self))
        // Boots driven by a host program (tests, walos run) end QEMU on a panic instead of halting.
        if commandLine.has("test") || commandLine.value("test") != nil || commandLine.value("run") != nil {
            Panic.exitOnPanic = true
        }
        Clock.calibrate()
        Log.clock = { Clock.nanoseconds() }
        guard let apic = MemoryManager.mapDevice(physical: LocalAPIC.physicalBase, size: 4096) else {
            Panic.panic("cannot map the local APIC")
        }
        LocalAPIC.enable(at: apic)
        Processors.initializeBootstrap()
        TLB.install()
        Timer.start()
        Processor.enableInterrupts()
        Screen.start(bootInfo: bootInfo)

        // The TSC beside this line's timestamp places every later line in guest instructions from reset under
        // QEMU's -icount (`make bench-media`).
        Log.info("boot: \(bootDescription), command line \"\(commandLine.text)\", TSC \(Processor.timestamp())")
        Log.info("memory: \(MemoryManager.usableBytes >> 20) MiB usable, \(MemoryManager.freeFrameCount) frames free, heap \(KernelHeap.pagesHeld) pages")
        Log.info("clock: TSC \(Clock.tscFrequency / 1_000_000) MHz, APIC timer \(Timer.apicTicksPerSecond / 1000) kHz, \(Timer.hertz) Hz tick")
        Platform.discover(rsdp: bootInfo.rsdp)
        let now = RealTimeClock.read(centuryRegister: Platform.centuryRegister)
        RealTime.start()
        Log.info("time: \(now.year)-\(twoDigits(now.month))-\(twoDigits(now.day)) \(twoDigits(now.hour)):\(twoDigits(now.minute)):\(twoDigits(now.second)) UTC")
        RootFileSystem.mount(initrdBase: bootInfo.initrdBase, initrdSize: bootInfo.initrdSize)
        CodeSpace.install()
        ProcessRunner.chooseEngine(commandLine.value("engine"))
        let limit = commandLine.value("cpus").flatMap { Int($0) } ?? Int.max
        let running = Processors.startAll(limit: limit, trampolineIsFree: trampolineIsFree)
        Log.info("smp: \(running) of \(max(1, Platform.processors.count)) processors running")

        // Everything from here on runs in threads; this stack becomes the bootstrap processor's scheduler loop.
        Scheduler.start(first: "init", stackPages: mainStackPages, stackName: "the kernel main stack") { start() }
    }

    /// The first thread: tests, `walos run`, or the first program.
    static func start() {
        DeviceInterrupts.start()
        if commandLine.has("test") || commandLine.value("test") != nil {
            KernelTests.run(only: commandLine.value("test"))
        }
        if commandLine.has("bench") { KernelBench.run() }
        if let manifest = commandLine.value("run") {
            RunMode.run(manifestPath: manifest, fault: commandLine.value("fault"))
        }
        FirstProgram.run(commandLine: commandLine)
        Log.info("walos is up")
    }

    /// Whether the application processors' trampoline pages are ordinary memory in the boot memory map.
    static var trampolineIsFree: Bool {
        let start = UInt64(AP_TRAMPOLINE_BASE), end = start + UInt64(AP_TRAMPOLINE_PAGES) * 4096
        for index in 0..<bootInfo.regionCount {
            let region = bootInfo.region(at: index)
            if region.kind == .usable && region.base <= start && region.end >= end { return true }
        }
        return false
    }

    static var bootDescription: String {
        switch bootInfo.source {
        case .pvh: "PVH direct boot"
        case .uefi: "UEFI loader"
        case .multiboot2: Multiboot2Boot.description(framebuffer: bootInfo.framebuffer)
        }
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

/// The kernel command line: words, and `name=value` options.
struct CommandLine {
    let text: String

    func has(_ word: String) -> Bool {
        text.split(separator: " ").contains { $0 == word }
    }

    func value(_ name: String) -> String? {
        for word in text.split(separator: " ") where word.hasPrefix(name + "=") {
            return String(word.dropFirst(name.utf8.count + 1))
        }
        return nil
    }
}

extension GDT.Stack {
    var stackName: StaticString {
        switch self {
        case .doubleFault: "the double-fault stack"
        case .nmi: "the NMI stack"
        case .pageFault: "the page-fault stack"
        case .machineCheck: "the machine-check stack"
        }
    }
}
