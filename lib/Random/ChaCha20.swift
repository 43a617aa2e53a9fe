/// The ChaCha20 block function (RFC 8439): 64 bytes of keystream from a 256-bit key, a 32-bit block counter
/// and a 96-bit nonce.
public struct ChaCha20 {
    public var key: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
    public var nonce: (UInt32, UInt32, UInt32)

    public init(key: [UInt32], nonce: [UInt32]) {
        precondition(key.count == 8 && nonce.count == 3, "ChaCha20 takes a 256-bit key and a 96-bit nonce")
        self.key = (key[0], key[1], key[2], key[3], key[4], key[5], key[6], key[7])
        self.nonce = (nonce[0], nonce[1], nonce[2])
    }

    /// Writes the block for `counter` into `output` (16 words, little endian when serialized).
    public func block(counter: UInt32, into output: UnsafeMutablePointer<UInt32>) {
        var s: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
            (0x6170_7865, 0x3320_646E, 0x7962_2D32, 0x6B20_6574, key.0, key.1, key.2, key.3,
             key.4, key.5, key.6, key.7, counter, nonce.0, nonce.1, nonce.2)
        let initial = s
        withUnsafeMutableBytes(of: &s) { raw in
            let x = raw.baseAddress!.assumingMemoryBound(to: UInt32.self)
            @inline(__always) func quarter(_ a: Int, _ b: Int, _ c: Int, _ d: Int) {
                x[a] &+= x[b]; x[d] ^= x[a]; x[d] = x[d] << 16 | x[d] >> 16
                x[c] &+= x[d]; x[b] ^= x[c]; x[b] = x[b] << 12 | x[b] >> 20
                x[a] &+= x[b]; x[d] ^= x[a]; x[d] = x[d] << 8 | x[d] >> 24
                x[c] &+= x[d]; x[b] ^= x[c]; x[b] = x[b] << 7 | x[b] >> 25
            }
            for _ in 0..<10 {
                quarter(0, 4, 8, 12); quarter(1, 5, 9, 13); quarter(2, 6, 10, 14); quarter(3, 7, 11, 15)
                quarter(0, 5, 10, 15); quarter(1, 6, 11, 12); quarter(2, 7, 8, 13); quarter(3, 4, 9, 14)
            }
        }
        withUnsafeBytes(of: s) { mixed in
            withUnsafeBytes(of: initial) { start in
                for i in 0..<16 {
                    output[i] = mixed.load(fromByteOffset: i * 4, as: UInt32.self)
                        &+ start.load(fromByteOffset: i * 4, as: UInt32.self)
                }
            }
        }
    }
}
