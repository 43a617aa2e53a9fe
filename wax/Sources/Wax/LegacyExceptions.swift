/// The first form of exception handling (`try`, `catch`, `catch_all`, `rethrow`, `delegate`), which WebAssembly
/// 3.0 keeps as legacy beside try_table, and which clang 21 still emits for `-fwasm-exceptions` unless told
/// `-mllvm -wasm-use-legacy-eh=false`. WasmParser (WasmKit 0.4.2) does not know these instructions. Before
/// parsing, each is rewritten in the same bytes as one it knows with the same immediate (`try` as `block`;
/// `catch`, `rethrow` and `delegate` as `br`; `catch_all` as `nop`), and where it was is kept here: the compiler
/// translates the instruction at a kept position as the legacy one (`LegacyExceptionCompiler.swift`).
struct LegacyExceptions {
    enum Kind: UInt8 {
        case `try`, `catch`, catchAll, `rethrow`, delegate

        init?(opcode: UInt8) {
            switch opcode {
            case 0x06: self = .try
            case 0x07: self = .catch
            case 0x19: self = .catchAll
            case 0x09: self = .rethrow
            case 0x18: self = .delegate
            default: return nil
            }
        }

        /// The opcode of the instruction that stands in for it.
        var standIn: UInt8 {
            switch self {
            case .try: return 0x02
            case .catch, .rethrow, .delegate: return 0x0C
            case .catchAll: return 0x01
            }
        }
    }

    /// Module offsets of the legacy instructions, ascending, and what each was.
    private(set) var positions: [Int] = []
    private(set) var kinds: [Kind] = []
    /// Per body with catches: the levels of catches nested in catches, each of which needs a slot of the frame for
    /// the exception it holds (`LegacyExceptionCompiler`). Bodies are numbered from 0 in the code section.
    private(set) var referenceSlots: [Int: Int] = [:]

    /// Rewrites the legacy instructions of `bytes` (after the other rewrites, so that positions are final).
    static func rewrite(_ bytes: inout [UInt8]) -> LegacyExceptions {
        var found = LegacyExceptions()
        // Read everything first: writing while a walker holds the array would copy the module.
        for (body, expression) in InstructionWalker.expressions(of: bytes).enumerated() {
            var walker = InstructionWalker(bytes, expression: expression)
            // The open blocks, each marked once a catch of it has begun, and how many are marked.
            var inCatch: [Bool] = []
            var catches = 0
            var levels = 0
            while let step = walker.next() {
                switch step.opcode {
                case 0x02, 0x03, 0x04, 0x06, 0x1F:
                    inCatch.append(false)
                case 0x0B, 0x18:
                    if inCatch.popLast() == true { catches -= 1 }
                case 0x07, 0x19:
                    // A catch outside any block is the compiler's to refuse.
                    guard let top = inCatch.indices.last else { break }
                    if !inCatch[top] {
                        inCatch[top] = true
                        catches += 1
                    }
                    // Its level is the number of catches below it.
                    levels = max(levels, catches)
                default:
                    break
                }
                guard let kind = Kind(opcode: step.opcode) else { continue }
                found.positions.append(step.start)
                found.kinds.append(kind)
            }
            if levels > 0 { found.referenceSlots[body] = levels }
        }
        for (position, kind) in zip(found.positions, found.kinds) { bytes[position] = kind.standIn }
        return found
    }

    /// The walk and the parser disagree on where an instruction starts, which a bug would be.
    static func outOfStep(at position: Int) -> ModuleError {
        ModuleError(.malformed, "legacy exception instruction out of step with the parser", offset: position)
    }

    /// Where the translation of bodies is in the list: the next legacy position it will meet.
    struct Cursor {
        var index = 0

        /// The legacy instruction at `position`, if one was rewritten there; throws when the parser went past one.
        mutating func kind(at position: Int, in legacy: LegacyExceptions) throws(ModuleError) -> Kind? {
            guard index < legacy.positions.count, legacy.positions[index] <= position else { return nil }
            guard legacy.positions[index] == position else { throw LegacyExceptions.outOfStep(at: position) }
            index += 1
            return legacy.kinds[index - 1]
        }
    }
}
