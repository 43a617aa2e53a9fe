extension GuestMemory {
    /// The bytes of a path the guest passes as pointer and length. WASI strings are UTF-8: anything else is
    /// EILSEQ, as in wasmtime.
    func path(at address: UInt32, count: UInt32) throws(Errno) -> [UInt8] {
        let bytes = try read(at: address, count: count)
        guard isValidUTF8(bytes) else { throw .illegalSequence }
        return bytes
    }
}

/// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    var i = 0
    while i < bytes.count {
        let lead = bytes[i]
        if lead < 0x80 {
            i += 1
            continue
        }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xbf
        switch lead {
        case 0xc2...0xdf: length = 2
        case 0xe0: length = 3; low = 0xa0
        case 0xe1...0xec, 0xee...0xef: length = 3
        case 0xed: length = 3; high = 0x9f
        case 0xf0: length = 4; low = 0x90
        case 0xf1...0xf3: length = 4
        case 0xf4: length = 4; high = 0x8f
        default: return false
        }
        guard i + length <= bytes.count else { return false }
        guard bytes[i + 1] >= low && bytes[i + 1] <= high else { return false }
        for k in 2..<length where bytes[i + k] & 0xc0 != 0x80 { return false }
        i += length
    }
    return true
}
