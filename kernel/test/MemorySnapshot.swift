import WASIPreview1

/// What the kernel holds, for tests that check a round of work gave everything back. Frames count as free
/// when the heap holds them (it keeps emptied pages for reuse, which a leak of heap bytes would show anyway),
/// and when they are freed kernel stacks kept mapped for reuse (KernelStacks, a few at most).
/// The module cache is flushed first: what it keeps for reuse is bounded on its own (LoadedModules), and
/// depends on which programs ran. `charged` is what guests hold in MemoryBudget's pool: every charge must have
/// been given back.
struct MemorySnapshot: Equatable {
    let frames: Int
    let heapBytes: Int
    let guestFrames: Int
    let kernelStacks: Int
    let charged: Int

    static var now: MemorySnapshot {
        _ = LoadedModules.flushed()
        return MemorySnapshot(frames: MemoryManager.freeFrameCount + KernelHeap.pagesHeld + KernelStacks.keptPages,
                              heapBytes: KernelHeap.bytesInUse, guestFrames: GuestMemorySpace.framesInUse,
                              kernelStacks: KernelStacks.count, charged: MemoryBudget.pool.bytes)
    }

    /// What the kernel holds beyond what it held at `before`; nil when nothing. Less than before is no leak (a
    /// table of the kernel's may have shrunk meanwhile), except for the pool's charges, which must match exactly:
    /// fewer would be a charge given back twice.
    func changes(since before: MemorySnapshot) -> String? {
        var parts: [String] = []
        if frames < before.frames { parts.append("free frames \(before.frames) -> \(frames)") }
        if heapBytes > before.heapBytes { parts.append("heap bytes \(before.heapBytes) -> \(heapBytes)") }
        if guestFrames > before.guestFrames { parts.append("guest frames \(before.guestFrames) -> \(guestFrames)") }
        if kernelStacks > before.kernelStacks { parts.append("kernel stacks \(before.kernelStacks) -> \(kernelStacks)") }
        if charged != before.charged { parts.append("bytes charged to the pool \(before.charged) -> \(charged)") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}

extension KernelTests.Check {
    /// Expects the kernel to hold what it held at `before`, within a second: what ended processes leave behind
    /// is let go as their threads are reaped and their timers fire, after their ends were reported. A leak stays.
    mutating func expectNothingKept(since before: MemorySnapshot) {
        let changes = MemorySnapshot.settledChanges(since: before)
        expect(changes == nil, changes ?? "")
    }

    /// Runs `round` until one keeps nothing, at most `rounds` times. Processes overlap on the processors in a
    /// different order every time, so what the kernel keeps for reuse (the guest address space's free list and
    /// page tables, kernel stack slots, list capacities) reaches new high-water marks in some rounds: even two
    /// clean rounds in a row were not enough (a fresh-clone run kept 64 heap bytes in the round after a clean
    /// one). A leak keeps something in every round.
    mutating func expectSomeRoundKeepsNothing(of rounds: Int, _ round: (inout KernelTests.Check) -> Void) {
        var before = MemorySnapshot.now
        var kept: String? = "no round ran"
        for _ in 0..<rounds {
            round(&self)
            kept = MemorySnapshot.settledChanges(since: before)
            if kept == nil { return }
            before = MemorySnapshot.now
        }
        expect(false, "every round of \(rounds) kept something; the last: " + (kept ?? ""))
    }
}

extension MemorySnapshot {
    /// `changes(since:)`, asked again for up to a second while it is not nil.
    static func settledChanges(since before: MemorySnapshot) -> String? {
        var changes = now.changes(since: before)
        for _ in 0..<20 where changes != nil {
            _ = Wait.sleep(until: Clock.nanoseconds() + 50_000_000)
            changes = now.changes(since: before)
        }
        return changes
    }
}
