import ACPI
import CPU
import Memory
import Synchronization

/// Every processor of the machine. The bootstrap processor gets its block at boot; the others, listed by the
/// ACPI MADT, are started one at a time through the real-mode trampoline (ap_trampoline.S) with INIT and two
/// start-up IPIs, set up their own descriptor tables, interrupt stacks, local APIC and timer, and enter their
/// scheduler loops. Processors wake each other (a thread made runnable on an idle processor) and stop each other
/// (a panic) with inter-processor interrupts.
enum Processors {
    static let wakeVector: UInt8 = 0xF0
    static let stopVector: UInt8 = 0xF2
    private static let arrived = Atomic<Int>(0)
    /// Stacks the application processors run their scheduler loops on.
    static let stackPages = 8

    /// The bootstrap processor's block (its GS base) and the interrupt vectors processors send each other.
    static func initializeBootstrap() {
        let local = ProcessorLocal.add(apicID: LocalAPIC.identifier)
        local.install()
        Interrupts.register(vector: Int(wakeVector)) { _ in LocalAPIC.endOfInterrupt() }
        Interrupts.register(vector: Int(stopVector)) { _ in Processor.stop() }
    }

    static var count: Int { ProcessorLocal.all.count }

    /// Wakes an idle processor so that it looks at its run queue.
    static func wake(_ local: ProcessorLocal) {
        LocalAPIC.sendInterrupt(vector: wakeVector, to: local.apicID)
    }

    /// Stops every other processor (a panic), without waiting for them.
    static func stopOthers() {
        guard ProcessorLocal.all.count > 1 else { return }
        let me = ProcessorLocal.currentIndex
        for local in ProcessorLocal.all where local.index != me && local.started {
            LocalAPIC.sendInterrupt(vector: stopVector, to: local.apicID)
        }
    }

    /// Starts the usable processors the MADT lists, up to `limit` (and ProcessorLocal.capacity) in all; returns
    /// how many run (the bootstrap processor included). Needs the low pages of the trampoline to be ordinary
    /// memory nobody else uses: below 1 MiB, which the frame allocator never hands out.
    static func startAll(limit: Int, trampolineIsFree: Bool) -> Int {
        let bootstrap = ProcessorLocal.current
        bootstrap.started = true
        let wanted = min(limit, ProcessorLocal.capacity)
        let others = Platform.processors.filter { $0.apicID != bootstrap.apicID }.prefix(max(0, wanted - 1))
        guard !others.isEmpty else { return 1 }
        guard trampolineIsFree else {
            Log.warning("smp: no free low memory for the start-up trampoline; one processor used")
            return 1
        }
        // Every block exists before any processor starts, so the list never changes while they read it.
        let locals = others.map { ProcessorLocal.add(apicID: $0.apicID) }
        prepareTrampoline()
        for local in locals {
            if start(local) {
                local.started = true
            } else {
                Log.warning("smp: processor with APIC ID \(local.apicID) did not start")
            }
        }
        return ProcessorLocal.all.filter { $0.started }.count
    }

    /// The trampoline's code and page tables in low memory.
    private static func prepareTrampoline() {
        let base = DirectMap.pointer(UInt64(AP_TRAMPOLINE_BASE))
        // SAFETY: the trampoline's pages are below 1 MiB, ordinary memory no allocator hands out (see startAll).
        base.initializeMemory(as: UInt8.self, repeating: 0, count: Int(AP_TRAMPOLINE_PAGES) * 4096)
        base.copyMemory(from: layout_ap_trampoline(), byteCount: Int(layout_ap_trampoline_size()))
        let pml4 = (base + 0x1000).assumingMemoryBound(to: UInt64.self)
        let kernelPML4 = DirectMap.pointer(MemoryManager.kernelTables.root).assumingMemoryBound(to: UInt64.self)
        for index in 1..<512 { pml4[index] = kernelPML4[index] }
        let present: UInt64 = 0x3, huge: UInt64 = 0x80
        pml4[0] = UInt64(AP_TRAMPOLINE_BASE) + 0x2000 | present
        (base + 0x2000).assumingMemoryBound(to: UInt64.self)[0] = UInt64(AP_TRAMPOLINE_BASE) + 0x3000 | present
        (base + 0x3000).assumingMemoryBound(to: UInt64.self)[0] = 0 | present | huge
        store(ControlRegisters.cr0, at: layout_ap_slot_cr0())
        store(ControlRegisters.cr4, at: layout_ap_slot_cr4())
    }

    private static func store(_ value: UInt64, at offset: UInt64) {
        DirectMap.pointer(UInt64(AP_TRAMPOLINE_BASE) + offset).storeBytes(of: value, as: UInt64.self)
    }

    /// INIT, start-up, start-up (the MP specification's sequence), then waits up to a second for the processor.
    private static func start(_ local: ProcessorLocal) -> Bool {
        let stack = KernelStacks.allocate("an application processor's scheduler stack", pages: stackPages)
        store(stack.top, at: layout_ap_slot_stack())
        store(UInt64(local.index), at: layout_ap_slot_index())
        let before = arrived.load(ordering: .acquiring)
        LocalAPIC.sendInit(to: local.apicID)
        PIT.wait(microseconds: 10_000)
        for _ in 0..<2 {
            LocalAPIC.sendStartup(to: local.apicID, page: UInt8(AP_TRAMPOLINE_BASE >> 12))
            PIT.wait(microseconds: 200)
        }
        let deadline = Clock.nanoseconds() + 1_000_000_000
        while arrived.load(ordering: .acquiring) == before {
            guard Clock.nanoseconds() < deadline else { return false }
            Processor.spinWaitHint()
        }
        return true
    }

    /// An application processor, on its own stack, running from the kernel image with the trampoline's tables.
    static func startedProcessor(index: Int) -> Never {
        ControlRegisters.cr3 = MemoryManager.kernelTables.root
        let local = ProcessorLocal.all[index]
        // The descriptor tables first: reloading the segment registers clears GS's base.
        local.installDescriptorTables()
        local.install()
        IDT.load()
        LocalAPIC.enableThisProcessor()
        Timer.startThisProcessor()
        arrived.wrappingAdd(1, ordering: .releasing)
        Scheduler.run()
    }
}

/// Where the trampoline calls in (its entry slot holds this symbol's address).
@_cdecl("walos_ap_main")
func walosAPMain(_ index: UInt64) {
    Processors.startedProcessor(index: Int(index))
}
