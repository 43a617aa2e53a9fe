/// The devices a process may use (docs/abi.md, "Devices"): ranges of I/O ports, interrupt lines, windows of
/// physical memory, and the console's input. Rights only flow down: the first program the kernel starts holds
/// them all (the service manager), and a spawn may give a child any part of what its caller holds, nothing more;
/// a process without a right gets EACCES from the call, never the device.
public struct DeviceRights: Equatable, Sendable {
    /// Port ranges (each `first..<first+count`, within 0..<65536).
    public var ports: [Range<UInt32>] = []
    /// ISA interrupt lines (0 to 15).
    public var interrupts: [UInt32] = []
    /// Physical address ranges, page-aligned.
    public var windows: [Range<UInt64>] = []
    /// Whether it may feed the console's input (a keyboard driver).
    public var console = false

    public init(ports: [Range<UInt32>] = [], interrupts: [UInt32] = [], windows: [Range<UInt64>] = [],
                console: Bool = false) {
        self.ports = ports
        self.interrupts = interrupts
        self.windows = windows
        self.console = console
    }

    public static let none = DeviceRights()
    /// What the first program holds.
    public static let all = DeviceRights(ports: [0..<portCount], interrupts: Array(0..<interruptLines),
                                         windows: [0..<(UInt64(1) << 52)], console: true)

    public static let portCount: UInt32 = 65536
    public static let interruptLines: UInt32 = 16

    public var isEmpty: Bool { self == .none }

    /// Whether one of its ranges holds all of `range`.
    public func covers(ports range: Range<UInt32>) -> Bool { ports.contains { $0.contains(range) } }
    public func covers(window range: Range<UInt64>) -> Bool { windows.contains { $0.contains(range) } }

    /// Whether everything `other` names is also granted here.
    public func includes(_ other: DeviceRights) -> Bool {
        other.ports.allSatisfy { covers(ports: $0) } && other.interrupts.allSatisfy { interrupts.contains($0) }
            && other.windows.allSatisfy { covers(window: $0) } && (!other.console || console)
    }
}

extension Range where Bound: Comparable {
    /// Whether every element of `other` lies in this range (an empty `other` anywhere inside or at its ends).
    func contains(_ other: Range<Bound>) -> Bool { other.lowerBound >= lowerBound && other.upperBound <= upperBound }
}

/// spawn's device grants (SPAWN_DEVICES): records of `DeviceGrantLayout.size` bytes in guest memory.
public enum DeviceGrantLayout {
    /// kind (u32), zero (u32), first (u64), count (u64).
    public static let size: UInt32 = 24
    /// Most grants one spawn passes.
    public static let maxCount: UInt32 = 64

    public enum Kind: UInt32 {
        /// Ports `first..<first+count`.
        case ports = 0
        /// Interrupt lines `first..<first+count`.
        case interrupts = 1
        /// Physical memory `first..<first+count`, both multiples of 4,096.
        case window = 2
        /// The console's input; `first` and `count` are 0.
        case console = 3
    }

    /// The rights `count` records at `address` name: EFAULT for records outside memory, EINVAL for an unknown
    /// kind, a nonzero reserved word, an empty or out-of-range span, or a window not on page boundaries.
    static func decode(_ memory: GuestMemory, at address: UInt32, count: UInt32) throws(Errno) -> DeviceRights {
        guard count <= maxCount else { throw .invalid }
        _ = try memory.slice(at: address, count: count * size)
        var rights = DeviceRights()
        for index in 0..<count {
            let at = address + index * size
            let first = try memory.load(UInt64.self, at: at + 8), length = try memory.load(UInt64.self, at: at + 16)
            guard let kind = Kind(rawValue: try memory.load(UInt32.self, at: at)),
                  try memory.load(UInt32.self, at: at + 4) == 0 else { throw .invalid }
            let (end, overflow) = first.addingReportingOverflow(length)
            switch kind {
            case .ports:
                guard length > 0, !overflow, end <= UInt64(DeviceRights.portCount) else { throw .invalid }
                rights.ports.append(UInt32(first)..<UInt32(end))
            case .interrupts:
                guard length > 0, !overflow, end <= UInt64(DeviceRights.interruptLines) else { throw .invalid }
                rights.interrupts += (UInt32(first)..<UInt32(end)).filter { !rights.interrupts.contains($0) }
            case .window:
                guard length > 0, !overflow, first & 0xFFF == 0, length & 0xFFF == 0 else { throw .invalid }
                rights.windows.append(first..<end)
            case .console:
                guard first == 0 && length == 0 else { throw .invalid }
                rights.console = true
            }
        }
        return rights
    }
}
