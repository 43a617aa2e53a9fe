import Memory

/// A host buffer standing for physical memory from address 0 up to `size`.
final class SimulatedPhysicalMemory: PhysicalAccess {
    let bytes: UnsafeMutableRawPointer
    let size: Int
    /// How many times a table or frame was reached (`pointer(to:)`): a walk reaches one per level.
    private(set) var reached = 0

    init(size: Int) {
        self.size = size
        bytes = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        bytes.initializeMemory(as: UInt8.self, repeating: 0xCC, count: size)
    }

    deinit { bytes.deallocate() }

    func pointer(to physical: UInt64) -> UnsafeMutableRawPointer {
        precondition(physical < UInt64(size), "simulated physical address \(physical) out of range")
        reached += 1
        return bytes + Int(physical)
    }

    func load(_ physical: UInt64) -> UInt64 { pointer(to: physical).load(as: UInt64.self) }
}

/// SplitMix64: seeded, so a failing randomized test fails the same way again.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Pages for the heap out of one host buffer, with bookkeeping to catch the heap returning what it never took.
final class PagePool {
    let base: UnsafeMutableRawPointer
    let pageCount: Int
    private(set) var taken: [Bool]
    /// Outstanding grants: first page index to page count.
    private(set) var grants: [Int: Int] = [:]
    private(set) var badReturns = 0

    init(pages: Int) {
        pageCount = pages
        base = UnsafeMutableRawPointer.allocate(byteCount: pages * 4096, alignment: 4096)
        taken = Array(repeating: false, count: pages)
    }

    deinit { base.deallocate() }

    var pagesOut: Int { grants.values.reduce(0, +) }

    func take(_ count: Int) -> UnsafeMutableRawPointer? {
        guard count > 0, count <= pageCount else { return nil }
        var start = 0
        while start + count <= pageCount {
            if let busy = (start..<(start + count)).first(where: { taken[$0] }) {
                start = busy + 1
                continue
            }
            for i in start..<(start + count) { taken[i] = true }
            grants[start] = count
            // Fill with garbage: the heap must not rely on fresh pages being zero.
            (base + start * 4096).initializeMemory(as: UInt8.self, repeating: 0xA5, count: count * 4096)
            return base + start * 4096
        }
        return nil
    }

    func give(_ pointer: UnsafeMutableRawPointer, _ count: Int) {
        let start = (pointer - base) / 4096
        guard (pointer - base) % 4096 == 0, grants[start] == count else {
            badReturns += 1
            return
        }
        grants[start] = nil
        for i in start..<(start + count) { taken[i] = false }
    }

    func heap() -> Heap {
        Heap(pageSource: { [unowned self] in self.take($0) }, pageSink: { [unowned self] in self.give($0, $1) })
    }
}
