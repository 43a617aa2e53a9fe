/// Every wait in the kernel (a guest's sleep, console input, room in an output port) goes through `Wait.until`,
/// so that whatever a process waits for, its time limit still ends it: the wait gives up as soon as the running
/// process is being stopped.
enum Wait {
    enum Outcome {
        case ready
        /// The wait's own deadline passed.
        case expired
        /// The running process is being stopped (its time limit passed).
        case interrupted
    }

    /// How long a wait spins before it halts between checks: input or output room that is on its way arrives
    /// within microseconds, and the timer would wake a halted processor only at its next tick (10 ms). The spin
    /// has no `pause`: under QEMU's TCG each one leaves the translated code and takes the lock that the device
    /// emulation being waited for needs.
    static let spinNanoseconds: UInt64 = 1_000_000

    /// Waits until `ready()` holds, the monotonic clock reaches `deadline`, or the running process is being
    /// stopped, whichever comes first. What a device makes ready shows within a timer tick; what another thread
    /// makes ready shows at once when it wakes `queue` afterwards.
    static func until(deadline: UInt64 = .max, wokenBy queue: WaitQueue? = nil, _ ready: () -> Bool) -> Outcome {
        if ready() { return .ready }
        return BigKernelLock.whileReleased { poll(deadline: deadline, queue, ready) }
    }

    private static func poll(deadline: UInt64, _ queue: WaitQueue?, _ ready: () -> Bool) -> Outcome {
        let start = Clock.nanoseconds()
        while true {
            if ready() { return .ready }
            if ProcessRunner.isStopping() { return .interrupted }
            let now = Clock.nanoseconds()
            if now >= deadline { return .expired }
            // Sleeping lasts until the next timer tick at least: only worth it when the deadline is further
            // away. Other threads run meanwhile.
            if now &- start >= spinNanoseconds && deadline - now >= Timer.tickNanoseconds {
                if let queue {
                    // Checked again under the queue's lock, which a waker takes: its wake cannot slip past.
                    let interrupts = InterruptState.disable()
                    queue.lock.lock()
                    if !ready() { _ = Scheduler.wait(on: queue, deadline: now + Timer.tickNanoseconds) }
                    queue.lock.unlock()
                    interrupts.restore()
                } else {
                    _ = Scheduler.sleep(until: now + Timer.tickNanoseconds)
                }
            }
        }
    }

    /// Sleeps until the monotonic clock reaches `deadline`, blocked (the processor runs others or halts); false
    /// when the process is being stopped first.
    static func sleep(until deadline: UInt64) -> Bool {
        BigKernelLock.whileReleased { Scheduler.sleep(until: deadline) }
    }
}
