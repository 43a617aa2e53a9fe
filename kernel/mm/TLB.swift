import CPU
import Synchronization

/// Forgetting translations on every processor. Unmapping a page clears its entry and the unmapping processor's
/// TLB; another processor may still hold the old translation (it ran a thread on that stack, a guest on that
/// memory), so the page's frame may go back to the allocator, and its virtual range be reused, only after
/// `shootdown` has returned: every other running processor has invalidated the range (an IPI) and said so.
///
/// Rule: never call it holding a spin lock. A processor spinning with interrupts off cannot take the IPI;
/// with no lock held by the initiator, whatever it spins on is released without waiting for us. Initiators
/// that meet (both in shootdown) serve each other's requests while they wait.
enum TLB {
    static let vector: UInt8 = 0xF1
    /// Above this many pages a request flushes the whole TLB (a CR3 reload) instead of page by page.
    static let pageByPageLimit: UInt64 = 32

    private static let busy = Atomic<Bool>(false)
    /// Processors (a bit each) that have yet to serve the current request.
    private static let pending = Atomic<UInt64>(0)
    nonisolated(unsafe) private static var requestStart: UInt64 = 0
    nonisolated(unsafe) private static var requestPages: UInt64 = 0

    static func install() {
        Interrupts.register(vector: Int(vector)) { _ in
            serve()
            LocalAPIC.endOfInterrupt()
        }
    }

    /// Invalidates `pages` pages from `start` on this processor.
    static func invalidate(start: UInt64, pages: UInt64) {
        if pages > pageByPageLimit {
            ControlRegisters.cr3 = ControlRegisters.cr3
        } else {
            for page in 0..<pages { ControlRegisters.invalidate(virtual: start + page * 4096) }
        }
    }

    /// Invalidates the range here and on every other running processor, and returns once they all have.
    static func shootdown(start: UInt64, pages: UInt64) {
        invalidate(start: start, pages: pages)
        let me = ProcessorLocal.currentIndex
        var others: UInt64 = 0
        for local in ProcessorLocal.all where local.started && local.index != me { others |= 1 << UInt64(local.index) }
        guard others != 0 else { return }
        while busy.exchange(true, ordering: .acquiring) {
            serve()
            Processor.spinWaitHint()
        }
        requestStart = start
        requestPages = pages
        pending.store(others, ordering: .releasing)
        for local in ProcessorLocal.all where others & (1 << UInt64(local.index)) != 0 {
            LocalAPIC.sendInterrupt(vector: vector, to: local.apicID)
        }
        while pending.load(ordering: .acquiring) != 0 {
            serve()
            Processor.spinWaitHint()
        }
        busy.store(false, ordering: .releasing)
    }

    /// Serves the current request if this processor has yet to.
    private static func serve() {
        let bit: UInt64 = 1 << UInt64(ProcessorLocal.currentIndex)
        guard pending.load(ordering: .acquiring) & bit != 0 else { return }
        invalidate(start: requestStart, pages: requestPages)
        pending.bitwiseAnd(~bit, ordering: .acquiringAndReleasing)
    }
}
