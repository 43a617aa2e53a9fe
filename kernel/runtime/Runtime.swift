import CPU

/// Randomness for the Swift runtime's hash seeds (`arc4random_buf`): the CPU's RDRAND where it has one, else
/// time-stamp counter readings mixed through SplitMix. Guest-visible randomness (WASI random_get) has its own,
/// stronger generator.
enum Entropy {
    nonisolated(unsafe) private static var state: UInt64 = 0

    static func next() -> UInt64 {
        if Processor.hasRDRAND {
            var value: UInt64 = 0
            for _ in 0..<10 where cpu_rdrand64(&value) != 0 { return value }
        }
        state &+= 0x9E37_79B9_7F4A_7C15 ^ Processor.timestamp()
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@_cdecl("arc4random_buf")
func arc4randomBuffer(_ buffer: UnsafeMutableRawPointer, _ count: Int) {
    var offset = 0
    while offset < count {
        var word = Entropy.next()
        let n = min(8, count - offset)
        withUnsafeBytes(of: &word) { (buffer + offset).copyMemory(from: $0.baseAddress!, byteCount: n) }
        offset += n
    }
}
