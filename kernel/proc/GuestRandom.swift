import CPU
import Random

/// Randomness for guests (WASI random_get): a ChaCha20 generator seeded from the best entropy the machine
/// offers: RDSEED/RDRAND where the CPU has them, and always the low bits of time-stamp counter readings taken
/// around port I/O (whose timing varies from boot to boot), plus the wall-clock time. Reseeded on every use
/// with fresh counter readings.
enum GuestRandom {
    nonisolated(unsafe) private static var generator: RandomGenerator? = nil

    static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        if generator == nil {
            generator = RandomGenerator(seed: collectSeed())
        } else {
            generator!.reseed([UInt32(truncatingIfNeeded: Processor.timestamp())])
        }
        generator!.fill(buffer)
    }

    private static func collectSeed() -> [UInt32] {
        var seed: [UInt32] = []
        if Processor.hasRDRAND {
            var value: UInt64 = 0
            for _ in 0..<8 where cpu_rdrand64(&value) != 0 {
                seed.append(UInt32(truncatingIfNeeded: value))
                seed.append(UInt32(truncatingIfNeeded: value >> 32))
            }
        }
        let time = RealTime.nanoseconds()
        seed.append(UInt32(truncatingIfNeeded: time))
        seed.append(UInt32(truncatingIfNeeded: time >> 32))
        for _ in 0..<64 {
            let before = Processor.timestamp()
            _ = Port(0x80).read8()
            seed.append(UInt32(truncatingIfNeeded: Processor.timestamp() &- before) ^ UInt32(truncatingIfNeeded: before))
        }
        return seed
    }
}
