import BootInfo

/// A 24-bit color.
public struct Color: Equatable, Sendable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public static let black = Color(red: 0, green: 0, blue: 0)
    public static let white = Color(red: 0xE8, green: 0xE8, blue: 0xE8)
    public static let gray = Color(red: 0x80, green: 0x80, blue: 0x80)
    public static let red = Color(red: 0xF0, green: 0x40, blue: 0x40)
    public static let yellow = Color(red: 0xF0, green: 0xD0, blue: 0x40)
}

/// Log levels as the console colors them (raw values match the kernel log's levels).
public enum ConsoleLogLevel: UInt8, Sendable {
    case error = 0
    case warning = 1
    case info = 2
    case debug = 3

    public var color: Color {
        switch self {
        case .error: .red
        case .warning: .yellow
        case .info: .white
        case .debug: .gray
        }
    }
}

extension PixelFormat {
    /// The 32-bit little-endian pixel value of `color` in this format (the reserved byte is 0).
    public func encode(_ color: Color) -> UInt32 {
        let r = UInt32(color.red), g = UInt32(color.green), b = UInt32(color.blue)
        switch self {
        case .rgbx: return r | g << 8 | b << 16
        // A framebuffer always has a format (LinearFramebuffer refuses .none); .none gets the common layout.
        case .bgrx, .none: return b | g << 8 | r << 16
        }
    }
}

extension Color {
    /// The sixteen colors of ANSI SGR 30-37 and 90-97 (their index minus 30, or minus 82): the VGA palette the
    /// Linux console uses, 8-15 the bright ones.
    public static func ansi(_ index: Int) -> Color {
        let level: (Int) -> UInt8 = { bit in index & bit != 0 ? (index >= 8 ? 0xFF : 0xAA) : (index >= 8 ? 0x55 : 0) }
        // VGA's brown: dark yellow with its green halved.
        if index == 3 { return Color(red: 0xAA, green: 0x55, blue: 0) }
        return Color(red: level(1), green: level(2), blue: level(4))
    }
}
