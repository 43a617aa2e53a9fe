import CPU
import Synchronization
import WASIPreview1

/// Interrupts delivered as messages (walos's `interrupt`, docs/abi.md "Devices"): a driver holding line N gets a
/// channel endpoint, and each interrupt on N becomes a message on it, which the driver waits for as for any
/// message (channel_recv, poll_oneoff). The handler itself only counts and wakes the delivery thread: it runs
/// with interrupts off on whatever thread it interrupted, where the big kernel lock and the heap are out of
/// reach. The delivery thread then posts, under the big kernel lock, one 8-byte message (the line, then how many
/// interrupts came since the last message) while the driver's queue has room; a driver that falls behind gets
/// the count in a later message, not a flood.
///
/// ISA lines are edge-triggered: the device raises the line again for its next event, so the line stays unmasked
/// while a driver holds it. When the driver's endpoint closes (it ended, however it ended), the channel's change
/// wakes the delivery thread, which masks the line and lets go of the channel.
enum DeviceInterrupts {
    private final class Line {
        /// The kernel's side of the driver's channel; nil while no driver holds the line.
        var end: ChannelEnd?
        var account: MemoryAccount?
        let pending = Atomic<UInt32>(0)
        /// What every change of the kernel's side of the driver's channel calls (under the big kernel lock), the
        /// driver's end closing among them: one for the line's whole life, because a channel does not keep its
        /// watchers alive and an old channel may outlive `end`.
        private(set) lazy var watcher = Watcher { [self] in
            if let end, !end.peer.isOpen { DeviceInterrupts.wakeDelivery() }
        }
    }

    nonisolated(unsafe) private static var lines: [Line] = []
    private static let signal = WaitQueue()
    nonisolated(unsafe) private static var signalled = false
    /// The time-stamp counter at the last interrupt (`keylatency`: where a key's way to the echo starts).
    nonisolated(unsafe) private(set) static var lastCycles: UInt64 = 0

    /// Routes the ISA lines through the I/O APIC (all masked) and starts the delivery thread.
    static func start() {
        guard IOAPIC.start() else {
            Log.info("interrupts: no I/O APIC; drivers get no interrupts")
            return
        }
        lines = (0..<DeviceRights.interruptLines).map { _ in Line() }
        // Globals are made on first use: the wait queue is made here, not in the interrupt handler (which must
        // not allocate) nor in the delivery thread whenever it first runs.
        _ = signal
        for line in 0..<DeviceRights.interruptLines {
            let index = Int(line)
            Interrupts.register(vector: IOAPIC.firstVector + index) { _ in
                lines[index].pending.add(1, ordering: .relaxed)
                lastCycles = cpu_rdtsc()
                wakeDelivery()
                LocalAPIC.endOfInterrupt()
            }
            IOAPIC.route(line: line, masked: true)
        }
        Scheduler.spawn("interrupts", stackName: "the interrupt delivery thread's stack") { deliver() }
    }

    /// Binds `line` to a new channel charged to `account` and unmasks it; the driver's end is returned. EBUSY
    /// while a driver that is still alive holds it. Under the big kernel lock.
    static func attach(_ line: UInt32, _ account: MemoryAccount) throws(Errno) -> ChannelEnd {
        guard Int(line) < lines.count else { throw .noDevice }
        let held = lines[Int(line)]
        if let end = held.end, end.peer.isOpen { throw .busy }
        let channel = try Channel.make(chargedTo: account)
        let end = ChannelEnd(channel, side: 0)
        // The kernel's own side changes when the driver's closes (and when the driver sends it a message).
        end.own.watch(held.watcher)
        held.end = end
        held.account = account
        _ = held.pending.exchange(0, ordering: .relaxed)
        IOAPIC.route(line: line, masked: false)
        return ChannelEnd(channel, side: 1)
    }

    /// From the interrupt handler (interrupts off) or a channel's change (under the big kernel lock).
    fileprivate static func wakeDelivery() {
        let interrupts = InterruptState.disable()
        signal.lock.lock()
        signalled = true
        signal.wakeAllLocked()
        signal.lock.unlock()
        interrupts.restore()
    }

    /// The delivery thread: sleeps until an interrupt or a driver's end, then posts what has come.
    private static func deliver() -> Never {
        while true {
            let interrupts = InterruptState.disable()
            signal.lock.lock()
            while !signalled { _ = Scheduler.wait(on: signal, interruptible: false) }
            signalled = false
            signal.lock.unlock()
            interrupts.restore()
            BigKernelLock.withLock { post() }
        }
    }

    private static func post() {
        for (index, line) in lines.enumerated() {
            let count = line.pending.exchange(0, ordering: .relaxed)
            guard let end = line.end, let account = line.account else { continue }
            guard end.peer.isOpen else {
                // Its driver is gone: the line goes quiet until the next one attaches.
                line.end = nil
                line.account = nil
                IOAPIC.route(line: UInt32(index), masked: true)
                continue
            }
            guard count > 0 else { continue }
            var message = [UInt8](repeating: 0, count: 8)
            message.withUnsafeMutableBytes { bytes in
                bytes.storeBytes(of: UInt32(index).littleEndian, as: UInt32.self)
                bytes.storeBytes(of: count.littleEndian, toByteOffset: 4, as: UInt32.self)
            }
            // A full queue keeps the count for a later message.
            if !end.channel.post(message, to: end.peer, chargedTo: account) {
                line.pending.add(count, ordering: .relaxed)
            }
        }
    }
}
