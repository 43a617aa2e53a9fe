/// A control sequence, `ESC [ [marker] parameters [intermediates] final`, as ECMA-48 defines it.
public struct ControlSequence: Equatable {
    /// The final byte, 0x40-0x7E: what the sequence does ("A" cursor up, "m" colors...).
    public var final: UInt8
    /// A private marker ("?", ">", "<", "=") before the parameters, or 0.
    public var marker: UInt8
    /// The last intermediate byte (0x20-0x2F) before the final one, or 0.
    public var intermediate: UInt8
    /// The numbers between ";" (or ":"); an empty one is 0. At most `EscapeParser.maxParameters`, each at most
    /// `EscapeParser.maxParameterValue`.
    public var parameters: [Int]

    public init(final: UInt8, marker: UInt8 = 0, intermediate: UInt8 = 0, parameters: [Int] = []) {
        self.final = final
        self.marker = marker
        self.intermediate = intermediate
        self.parameters = parameters
    }

    /// Parameter `index`, or `fallback` when it is absent or 0 (ECMA-48's default: "CSI A" and "CSI 0 A" move
    /// one line, as "CSI 1 A" does).
    public func parameter(_ index: Int, default fallback: Int) -> Int {
        index < parameters.count && parameters[index] != 0 ? parameters[index] : fallback
    }
}

/// What a terminal's output stream holds, piece by piece.
public enum TerminalAction: Equatable {
    /// A byte of text (0x20 and up but DEL: UTF-8 is decoded after).
    case text(UInt8)
    /// A C0 control character (below 0x20, ESC aside): new line, carriage return, tab, backspace, bell...
    case control(UInt8)
    /// `ESC [ ...`.
    case sequence(ControlSequence)
    /// `ESC F` with a final byte 0x30-0x7E and no intermediates ("ESC c" resets, "ESC 7" saves the cursor...).
    case escape(UInt8)
}

/// Splits a terminal's output stream into text, controls and escape sequences, as a VT100 and its successors
/// do (the state machine of ECMA-48 and DEC's parser): a control character inside a sequence acts at once, CAN
/// and SUB abandon a sequence, ESC starts over; strings (OSC, DCS, APC, PM, SOS) run to BEL or ESC \ and are
/// skipped, as are sequences with too many parameters and escapes with intermediates (character sets).
public struct EscapeParser {
    public static let maxParameters = 16
    public static let maxParameterValue = 9999

    private enum State {
        case ground, escape, escapeIntermediate, sequence, sequenceIgnored, string
    }

    private var state = State.ground
    private var current = ControlSequence(final: 0)
    /// The parameter being read has a digit or follows a separator (so it exists, maybe empty).
    private var parameterStarted = false

    public init() {}

    public mutating func feed(_ byte: UInt8, _ act: (TerminalAction) -> Void) {
        let escape: UInt8 = 0x1B, cancel: UInt8 = 0x18, substitute: UInt8 = 0x1A
        if byte == cancel || byte == substitute {
            state = .ground
            return
        }
        if state == .string {
            if byte == 0x07 { state = .ground } else if byte == escape { state = .escape }
            return
        }
        if byte == escape {
            state = .escape
            return
        }
        if byte < 0x20 {
            act(.control(byte))
            return
        }
        switch state {
        case .ground:
            if byte != 0x7F { act(.text(byte)) }
        case .escape:
            switch byte {
            case UInt8(ascii: "["):
                current = ControlSequence(final: 0)
                parameterStarted = false
                state = .sequence
            case UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "_"), UInt8(ascii: "^"), UInt8(ascii: "X"):
                state = .string
            case 0x20...0x2F: state = .escapeIntermediate
            // The string terminator (ESC \) ends a string and does nothing else.
            case UInt8(ascii: "\\"): state = .ground
            case 0x30...0x7E:
                state = .ground
                act(.escape(byte))
            default: state = .ground
            }
        case .escapeIntermediate:
            if byte >= 0x30 { state = .ground }
        case .sequence:
            sequenceByte(byte, act)
        case .sequenceIgnored:
            if byte >= 0x40 { state = .ground }
        case .string:
            break
        }
    }

    private mutating func sequenceByte(_ byte: UInt8, _ act: (TerminalAction) -> Void) {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard current.intermediate == 0 else { state = .sequenceIgnored; return }
            if !parameterStarted {
                guard current.parameters.count < Self.maxParameters else { state = .sequenceIgnored; return }
                current.parameters.append(0)
                parameterStarted = true
            }
            let last = current.parameters.count - 1
            current.parameters[last] = min(current.parameters[last] * 10 + Int(byte - UInt8(ascii: "0")),
                                           Self.maxParameterValue)
        case UInt8(ascii: ";"), UInt8(ascii: ":"):
            guard current.intermediate == 0 else { state = .sequenceIgnored; return }
            if !parameterStarted {
                guard current.parameters.count < Self.maxParameters else { state = .sequenceIgnored; return }
                current.parameters.append(0)
            }
            parameterStarted = false
        case 0x3C...0x3F:
            // A marker counts only before the first parameter.
            guard current.parameters.isEmpty && !parameterStarted && current.marker == 0 && current.intermediate == 0
            else { state = .sequenceIgnored; return }
            current.marker = byte
        case 0x20...0x2F:
            current.intermediate = byte
        case 0x40...0x7E:
            // "CSI 5 ;" has a second, empty parameter.
            if !parameterStarted && !current.parameters.isEmpty { current.parameters.append(0) }
            current.final = byte
            state = .ground
            act(.sequence(current))
        default:
            // DEL is ignored inside a sequence; a byte past ASCII ends it unfinished.
            if byte != 0x7F { state = .ground }
        }
    }
}
