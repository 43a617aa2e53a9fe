import CPU
import Synchronization

/// A lock for kernel state shared between processors, held only for short stretches and never across a block.
/// Interrupt handlers take some of these locks too (the timer wakes sleepers), so a holder must keep interrupts
/// off while it holds one, or a handler on its own processor would spin on it forever: `withLock` does both.
/// The scheduler's thread switches take and release them by hand (see Scheduler).
/// A value in place (never copied, needing no allocation), so that the heap's own lock can be one.
struct SpinLock: ~Copyable {
    private let word = Atomic<UInt32>(0)

    init() {}

    borrowing func lock() {
        while word.exchange(1, ordering: .acquiring) != 0 {
            while word.load(ordering: .relaxed) != 0 { Processor.spinWaitHint() }
        }
    }

    borrowing func unlock() {
        word.store(0, ordering: .releasing)
    }

    var isLocked: Bool { word.load(ordering: .relaxed) != 0 }

    /// Runs `body` holding the lock with interrupts off, then puts the interrupt flag back as it was.
    borrowing func withLock<T>(_ body: () -> T) -> T {
        let interrupts = InterruptState.disable()
        lock()
        let result = body()
        unlock()
        interrupts.restore()
        return result
    }
}

/// The interrupt flag as it was before `disable()`, to be restored by the same code path.
struct InterruptState {
    private let flags: UInt64

    static func disable() -> InterruptState { InterruptState(flags: cpu_save_and_disable_interrupts()) }

    func restore() { cpu_restore_interrupts(flags) }
}
