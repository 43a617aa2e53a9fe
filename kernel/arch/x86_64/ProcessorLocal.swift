import CPU

/// What belongs to one processor: its index (the first word of the block GS points at, so finding it costs one
/// load), its scheduler's state and its count of timer ticks. Everything a processor changes without a lock
/// lives here; everything shared lives behind a SpinLock.
final class ProcessorLocal {
    let index: Int
    let apicID: UInt32
    /// The block GS's base points at: the index, then the running thread and this object, both unretained.
    private let block: UnsafeMutablePointer<UInt64>
    /// Where the scheduler loop's stack pointer is kept while a thread runs (Scheduler.run).
    let schedulerStack: UnsafeMutablePointer<UInt64>
    /// The thread running here, nil while the scheduler loop itself runs (or idles), with the scheduler's
    /// reference to it (Scheduler). The block holds its address too: `runningThread` finds it with one load (it
    /// is asked for on every WASI call).
    var current: Unmanaged<Thread>? = nil {
        didSet { block[1] = current.map { UInt64(UInt(bitPattern: $0.toOpaque())) } ?? 0 }
    }
    /// The thread that switched directly to the running one and whose lock the running one lets go of once it
    /// runs on its own stack (Scheduler.finishSwitch); nil at other times.
    var switchedFrom: Unmanaged<Thread>? = nil
    /// Runnable threads that run here next; other processors steal from it when theirs is empty.
    let runQueueLock = SpinLock()
    var runQueue = ThreadList(.run)
    /// A thread the running one woke, which runs here before the queue (Scheduler.wake), with the scheduler's
    /// reference to it. Only this processor changes it, with interrupts off; others read it as a hint.
    var runNext: Unmanaged<Thread>? = nil
    /// Timer ticks seen by this processor, and those it spent idle, for the accounting.
    var ticks: UInt64 = 0
    var idleTicks: UInt64 = 0
    /// Time-stamp-counter ticks threads ran here, counted when each gives the processor back (the accounting
    /// that shows every processor runs processes), and when the running one started (0: none runs).
    var runTicks: UInt64 = 0
    var runningSince: UInt64 = 0
    /// When the timer last asked the running thread to yield (0: no request outstanding), and how long such
    /// requests took to get another thread running: their count, total and worst, in TSC ticks (make bench).
    var yieldAskedAt: UInt64 = 0
    var preemptions: UInt64 = 0
    var preemptionTicks: UInt64 = 0
    var preemptionWorst: UInt64 = 0
    var isIdle = false

    /// `runTicks` with the running thread's time so far, as another processor may read it: a thread that never
    /// gives the processor back (nothing else waits) would otherwise count nothing.
    var busyTicks: UInt64 {
        let since = runningSince
        return runTicks &+ (since == 0 ? 0 : Processor.timestamp() &- since)
    }
    /// Whether the processor runs (the bootstrap one always; the others once they came up).
    var started = false

    nonisolated(unsafe) private(set) static var all: [ProcessorLocal] = []
    /// The same, unretained, for the scheduler's every switch (reading `all` counts references): room for
    /// `capacity`, filled as processors are added at boot; they are never removed.
    nonisolated(unsafe) private static let table = UnsafeMutablePointer<Unmanaged<ProcessorLocal>>.allocate(
        capacity: capacity)
    /// The most processors walos runs on: sets of them are bits of one word (TLB shootdowns).
    static let capacity = 64

    private init(index: Int, apicID: UInt32) {
        self.index = index
        self.apicID = apicID
        block = UnsafeMutablePointer<UInt64>.allocate(capacity: 8)
        block.initialize(repeating: 0, count: 8)
        block[0] = UInt64(index)
        schedulerStack = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        schedulerStack.initialize(to: 0)
        block[2] = UInt64(UInt(bitPattern: Unmanaged.passUnretained(self).toOpaque()))
    }

    /// Makes the block of processor `index` this processor's (its GS base).
    func install() {
        cpu_write_gs_base(UInt64(UInt(bitPattern: block)))
    }

    /// An application processor's own descriptor table and task-state segment, with guarded interrupt stacks
    /// (two processors faulting at once must not share one).
    func installDescriptorTables() {
        let table = UnsafeMutableRawPointer.allocate(byteCount: GDT.tableBytes, alignment: 16)
        let taskState = UnsafeMutableRawPointer.allocate(byteCount: GDT.taskStateBytes, alignment: 16)
        taskState.initializeMemory(as: UInt8.self, repeating: 0, count: GDT.taskStateBytes)
        for slot in GDT.Stack.allCases {
            GDT.setStack(slot, top: KernelStacks.allocate(slot.stackName, pages: 4).top, in: taskState)
        }
        GDT.install(table: table, taskState: taskState)
    }

    /// Adds the block of the next processor; the bootstrap processor's comes first, at boot.
    static func add(apicID: UInt32) -> ProcessorLocal {
        guard all.count < capacity else { Panic.panic("ProcessorLocal: more than \(capacity) processors") }
        let local = ProcessorLocal(index: all.count, apicID: apicID)
        (table + all.count).initialize(to: Unmanaged.passUnretained(local))
        all.append(local)
        return local
    }

    /// This processor's block. Valid once `install()` ran on it.
    static var current: ProcessorLocal {
        here.takeUnretainedValue()
    }

    /// This processor's block, unretained (ProcessorLocals are never freed). Valid once `install()` ran on it.
    static var here: Unmanaged<ProcessorLocal> {
        Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: UInt(cpu_gs_local()))!)
    }

    /// Processor `index`'s block, unretained.
    static func at(_ index: Int) -> Unmanaged<ProcessorLocal> {
        precondition(index >= 0 && index < all.count, "ProcessorLocal: no processor \(index)")
        return table[index]
    }

    /// The thread running on this processor (its `current`), or nil. Valid once `install()` ran on it.
    static var runningThread: Unmanaged<Thread>? {
        UnsafeRawPointer(bitPattern: UInt(cpu_gs_running_thread())).map { Unmanaged<Thread>.fromOpaque($0) }
    }

    /// This processor's index; 0 before the bootstrap processor's block exists (early boot runs on it alone).
    static var currentIndex: Int {
        all.isEmpty ? 0 : Int(cpu_gs_word())
    }
}
