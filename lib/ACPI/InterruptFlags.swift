/// Polarity of an interrupt line (MPS INTI flags, bits 0-1).
public enum InterruptPolarity: UInt8, Equatable {
    /// As the bus specifies (ISA: active high).
    case conforming = 0
    case activeHigh = 1
    case reserved = 2
    case activeLow = 3
}

/// Trigger mode of an interrupt line (MPS INTI flags, bits 2-3).
public enum InterruptTrigger: UInt8, Equatable {
    /// As the bus specifies (ISA: edge).
    case conforming = 0
    case edge = 1
    case reserved = 2
    case level = 3
}

extension InterruptPolarity {
    init(flags: UInt16) { self = InterruptPolarity(rawValue: UInt8(flags & 3)) ?? .reserved }
}

extension InterruptTrigger {
    init(flags: UInt16) { self = InterruptTrigger(rawValue: UInt8((flags >> 2) & 3)) ?? .reserved }
}
