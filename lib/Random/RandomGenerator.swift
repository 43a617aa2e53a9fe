/// A cryptographically secure generator for guests (WASI random_get): ChaCha20 keystream under a key from the
/// best entropy the machine has, with fast key erasure (each request ends by replacing the key with fresh
/// keystream, so a later compromise of the state does not reveal earlier output) and reseeding by mixing new
/// entropy into the key.
public struct RandomGenerator {
    private var cipher: ChaCha20
    private var counter: UInt32 = 0

    /// `seed` should hold at least 256 bits of entropy; longer seeds are folded in.
    public init(seed: [UInt32]) {
        cipher = ChaCha20(key: [UInt32](repeating: 0, count: 8), nonce: [0, 0, 0])
        reseed(seed)
    }

    /// Mixes `entropy` into the key: the new key is keystream of a cipher keyed with old key XOR entropy.
    public mutating func reseed(_ entropy: [UInt32]) {
        var key = [cipher.key.0, cipher.key.1, cipher.key.2, cipher.key.3,
                   cipher.key.4, cipher.key.5, cipher.key.6, cipher.key.7]
        for (index, word) in entropy.enumerated() { key[index % 8] ^= word }
        cipher = ChaCha20(key: key, nonce: [0, 0, 0x5741_4C4F])
        rekey()
    }

    public mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        var offset = 0
        while offset < buffer.count {
            withUnsafeMutableBytes(of: &block) { raw in
                cipher.block(counter: counter, into: raw.baseAddress!.assumingMemoryBound(to: UInt32.self))
                let n = min(64, buffer.count - offset)
                buffer.baseAddress!.advanced(by: offset).copyMemory(from: raw.baseAddress!, byteCount: n)
                offset += n
            }
            counter &+= 1
            if counter == 0 { rekey() }
        }
        rekey()
    }

    private mutating func rekey() {
        var block = [UInt32](repeating: 0, count: 16)
        block.withUnsafeMutableBufferPointer { cipher.block(counter: counter, into: $0.baseAddress!) }
        cipher = ChaCha20(key: Array(block[0..<8]), nonce: [block[8], block[9], block[10]])
        counter = 0
    }
}
