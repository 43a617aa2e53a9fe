/// One bit per position of the translated code, for what only some instructions need to know and the interpreter
/// never reads: kept beside the code rather than in `Inst`, whose layout the interpreter's dispatch loads on every
/// instruction. (A Bool after `Inst.op` made LLVM's dispatch sequence 15 instructions instead of 12: sieve's
/// interpreted run went from 195.9M to 213.4M host instructions under callgrind.) Positions never set read false.
struct PositionBits {
    private(set) var words: [UInt64] = []

    subscript(position: Int) -> Bool {
        get {
            let word = position >> 6
            return word < words.count && words[word] & (1 << UInt64(position & 63)) != 0
        }
        set {
            let word = position >> 6
            if word >= words.count {
                guard newValue else { return }
                words += [UInt64](repeating: 0, count: word + 1 - words.count)
            }
            if newValue {
                words[word] |= 1 << UInt64(position & 63)
            } else {
                words[word] &= ~(1 << UInt64(position & 63))
            }
        }
    }
}
