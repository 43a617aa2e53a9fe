import Memory

/// Pages that guests cause the kernel to map (linear memories, generated code), each frame charged to
/// MemoryBudget's pool before it is taken and given back after no processor can reach it.
enum ChargedPages {
    /// Maps `count` zeroed pages from `start` with `flags`; all or nothing.
    static func map(from start: UInt64, count: UInt64, flags: PageFlags) -> Bool {
        guard MemoryBudget.chargeFrames(Int(count)) else { return false }
        var mapped: UInt64 = 0
        while mapped < count {
            guard let frame = MemoryBudget.guestFrame() else { break }
            DirectMap.pointer(frame).initializeMemory(as: UInt8.self, repeating: 0, count: 4096)
            guard MemoryManager.map(virtual: start + mapped * 4096, physical: frame, flags: flags) == nil else {
                MemoryManager.freeFrames(frame, count: 1)
                break
            }
            mapped += 1
        }
        if mapped < count {
            MemoryBudget.releaseFrames(Int(count - mapped))
            unmap(from: start, count: mapped)
            return false
        }
        return true
    }

    /// Unmaps `count` pages from `start`, every one mapped, and frees their frames as `unmapPresent` does, then
    /// their charge. Called with no lock held.
    static func unmap(from start: UInt64, count: UInt64) {
        guard unmapPresent(from: start, count: count) == Int(count) else {
            Panic.panic("memory: unmapping a page that is not mapped")
        }
        MemoryBudget.releaseFrames(Int(count))
    }

    /// Unmaps whichever of the `count` pages from `start` are mapped and frees their frames once no processor
    /// holds a translation to them, a batch at a time; returns how many there were. Releases no charge: pages
    /// mapped on first touch (GuestMemorySpace) were charged whether touched or not. Called with no lock held.
    static func unmapPresent(from start: UInt64, count: UInt64) -> Int {
        let batch: UInt64 = 512
        var frames: [UInt64] = []
        frames.reserveCapacity(Int(min(count, batch)))
        var done: UInt64 = 0, freed = 0
        while done < count {
            let n = min(batch, count - done)
            MemoryManager.unmapPresent(from: start + done * 4096, count: n, into: &frames)
            if !frames.isEmpty {
                TLB.shootdown(start: start + done * 4096, pages: n)
                for frame in frames { MemoryManager.freeFrames(frame, count: 1) }
                freed += frames.count
                frames.removeAll(keepingCapacity: true)
            }
            done += n
        }
        return freed
    }
}
