/// Turns PC keyboard scancodes (set 1, what an i8042 controller delivers with translation on) into the bytes a
/// terminal sends for the keys, US layout: text in ASCII, Enter as CR, Backspace as DEL, Ctrl-letter as 0x01-0x1A,
/// Alt as an ESC prefix, and the cursor keys as the ANSI sequences of a VT100 in normal mode (ESC [ A...,
/// Home ESC [ H, End ESC [ F, Insert/Delete/PageUp/PageDown ESC [ 2/3/5/6 ~). Shift, Ctrl, Alt, Caps Lock and
/// Num Lock are followed from their presses and releases; function keys and releases produce nothing.
public struct KeyboardDecoder {
    public private(set) var capsLock = false
    public private(set) var numLock = false
    private var leftShift = false, rightShift = false
    private var leftControl = false, rightControl = false
    private var leftAlt = false, rightAlt = false
    /// The last byte was 0xE0: the next one is an extended key.
    private var extended = false
    /// Bytes of the Pause key's sequence (E1 1D 45 E1 9D C5) still to skip.
    private var pauseBytesLeft = 0
    /// Lock keys repeat while held; only a fresh press toggles them.
    private var capsHeld = false, numHeld = false

    public init() {}

    public var shift: Bool { leftShift || rightShift }
    public var control: Bool { leftControl || rightControl }
    public var alt: Bool { leftAlt || rightAlt }

    /// Takes one scancode byte; `emit` receives each byte the key produces, in order.
    public mutating func feed(_ byte: UInt8, _ emit: (UInt8) -> Void) {
        if pauseBytesLeft > 0 {
            pauseBytesLeft -= 1
            return
        }
        switch byte {
        case 0xE0:
            extended = true
            return
        case 0xE1:
            pauseBytesLeft = 2
            return
        default: break
        }
        let isExtended = extended
        extended = false
        let released = byte & 0x80 != 0, code = byte & 0x7F
        if isExtended {
            extendedKey(code, released: released, emit)
        } else {
            key(code, released: released, emit)
        }
    }

    private mutating func key(_ code: UInt8, released: Bool, _ emit: (UInt8) -> Void) {
        switch code {
        case 0x2A: leftShift = !released
        case 0x36: rightShift = !released
        case 0x1D: leftControl = !released
        case 0x38: leftAlt = !released
        case 0x3A:
            if !released && !capsHeld { capsLock.toggle() }
            capsHeld = !released
        case 0x45:
            if !released && !numHeld { numLock.toggle() }
            numHeld = !released
        case 0x47...0x53 where !released && !numLock && code != 0x4A && code != 0x4E:
            if let sequence = Self.keypadNavigation(code) { send(sequence, emit) }
        default:
            let table = shift ? Self.shifted : Self.plain
            guard !released, Int(code) < table.utf8CodeUnitCount else { return }
            let character = table.utf8Start[Int(code)]
            guard character != 0 else { return }
            type(character, emit)
        }
    }

    private mutating func extendedKey(_ code: UInt8, released: Bool, _ emit: (UInt8) -> Void) {
        switch code {
        case 0x1D: rightControl = !released
        case 0x38: rightAlt = !released
        case 0x1C where !released: type(13, emit)
        case 0x35 where !released: type(UInt8(ascii: "/"), emit)
        default:
            // E0 2A / E0 AA surround Print Screen and are not a shift; unknown extended keys produce nothing.
            guard !released, let sequence = Self.navigation(code) else { return }
            send(sequence, emit)
        }
    }

    /// A character key as typed with the modifiers held: Caps Lock inverts the case of letters, Ctrl makes the
    /// control character (Ctrl-A 0x01, Ctrl-[ ESC, Ctrl-Space NUL), Alt prefixes ESC.
    private func type(_ character: UInt8, _ emit: (UInt8) -> Void) {
        var byte = character
        let isLetter = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
        if capsLock && isLetter { byte ^= 0x20 }
        if control {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "2") {
                byte = 0
            } else if byte >= 0x40 && byte < 0x7F {
                byte &= 0x1F
            }
        }
        if alt { emit(0x1B) }
        emit(byte)
    }

    private func send(_ sequence: StaticString, _ emit: (UInt8) -> Void) {
        sequence.withUTF8Buffer { for byte in $0 { emit(byte) } }
    }

    /// The gray cursor keys (after E0).
    private static func navigation(_ code: UInt8) -> StaticString? {
        switch code {
        case 0x48: "\u{1B}[A"
        case 0x50: "\u{1B}[B"
        case 0x4D: "\u{1B}[C"
        case 0x4B: "\u{1B}[D"
        case 0x47: "\u{1B}[H"
        case 0x4F: "\u{1B}[F"
        case 0x52: "\u{1B}[2~"
        case 0x53: "\u{1B}[3~"
        case 0x49: "\u{1B}[5~"
        case 0x51: "\u{1B}[6~"
        default: nil
        }
    }

    /// The keypad with Num Lock off: the same keys as the gray block (its 5 does nothing).
    private static func keypadNavigation(_ code: UInt8) -> StaticString? {
        code == 0x4C ? nil : navigation(code)
    }

    /// Set 1 make codes 0x00-0x53 to ASCII, without and with Shift (0: no character). Esc, Backspace (DEL),
    /// Tab and Enter (CR) are here too; the keypad's digits are what it types with Num Lock on. Static bytes:
    /// the timer interrupt reads them, and must not allocate.
    private static let plain: StaticString =
        "\0\u{1B}1234567890-=\u{7F}\tqwertyuiop[]\r\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 \0\0\0\0\0\0\0\0\0\0\0\0\0789-456+1230."
    private static let shifted: StaticString =
        "\0\u{1B}!@#$%^&*()_+\u{7F}\tQWERTYUIOP{}\r\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 \0\0\0\0\0\0\0\0\0\0\0\0\0789-456+1230."
}
