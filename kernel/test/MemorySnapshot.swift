import WASIPreview1

/// What the kernel holds, for tests that check a round of work gave everything back. Frames count as free
/// when the heap holds them (it keeps emptied pages for reuse, which a leak of heap bytes would show anyway).
/// `charged` is what guests hold in MemoryBudget's pool: every charge must have been given back.
struct MemorySnapshot: Equatable {
    let frames: Int
    let heapBytes: Int
    let guestFrames: Int
    let kernelStacks: Int
    let charged: Int

    static var now: MemorySnapshot {
        MemorySnapshot(frames: MemoryManager.freeFrameCount + KernelHeap.pagesHeld, heapBytes: KernelHeap.bytesInUse,
                       guestFrames: GuestMemorySpace.framesInUse, kernelStacks: KernelStacks.count,
                       charged: MemoryBudget.pool.bytes)
    }

    /// What grew or shrank since `before`; nil when nothing did.
    func changes(since before: MemorySnapshot) -> String? {
        var parts: [String] = []
        if frames != before.frames { parts.append("free frames \(before.frames) -> \(frames)") }
        if heapBytes != before.heapBytes { parts.append("heap bytes \(before.heapBytes) -> \(heapBytes)") }
        if guestFrames != before.guestFrames { parts.append("guest frames \(before.guestFrames) -> \(guestFrames)") }
        if kernelStacks != before.kernelStacks { parts.append("kernel stacks \(before.kernelStacks) -> \(kernelStacks)") }
        if charged != before.charged { parts.append("bytes charged to the pool \(before.charged) -> \(charged)") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}

extension KernelTests.Check {
    /// Expects the kernel to hold what it held at `before`.
    mutating func expectNothingKept(since before: MemorySnapshot) {
        let changes = MemorySnapshot.now.changes(since: before)
        expect(changes == nil, changes ?? "")
    }
}
