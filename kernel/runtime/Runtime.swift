import CPU
import Random

/// Randomness for the Swift runtime's hash seeds (`arc4random_buf`): the CPU's RDRAND where it has one, else
/// time-stamp counter readings mixed through SplitMix. Guest-visible randomness (WASI random_get) has its own,
/// stronger generator.
enum Entropy {
    nonisolated(unsafe) private static var mixer = SplitMix64(seed: 0)

    static func next() -> UInt64 {
        if Processor.hasRDRAND {
            var value: UInt64 = 0
            for _ in 0..<10 where cpu_rdrand64(&value) != 0 { return value }
        }
        mixer.state ^= Processor.timestamp()
        return mixer.next()
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
