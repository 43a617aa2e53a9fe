import CPU
/// How important a log line is; sinks may show levels differently (the screen colors them).
enum LogLevel: UInt8 {
    case error = 0
    case warning = 1
    case info = 2
    case debug = 3

    var label: StaticString {
        switch self {
        case .error: "error"
        case .warning: "warn "
        case .info: "info "
        case .debug: "debug"
        }
    }
}

/// Somewhere log output goes besides the serial port (the framebuffer console). `begin` opens a line of the
/// given level, `write` adds bytes to it.
struct LogSink {
    let begin: (LogLevel) -> Void
    let write: (UInt8) -> Void
}

import Synchronization

/// The kernel log. Serial is always an output; other sinks join once the heap exists. The byte-level functions
/// (`text`, `hex`, `decimal`) never allocate, so the panic path and early boot can use them.
///
/// Processors take turns: a whole line written by `line` comes out in one piece, the byte-level functions hold
/// the log byte by byte (a processor may nest: the owner's index is kept). A panic takes the log over.
enum Log {
    /// The processor holding the log, plus one; 0 when free.
    private static let owner = Atomic<Int>(0)
    nonisolated(unsafe) private static var depth = 0

    nonisolated(unsafe) static var threshold: LogLevel = .info
    nonisolated(unsafe) private static var sinks: [LogSink] = []
    nonisolated(unsafe) private static var serial = Serial16550.com1
    /// Set once the monotonic clock works; lines then start with seconds since boot.
    nonisolated(unsafe) static var clock: (() -> UInt64)? = nil

    static func initialize() { serial.initialize() }

    static func addSink(_ sink: LogSink) { sinks.append(sink) }

    static func error(_ message: String) { line(.error, message) }
    static func warning(_ message: String) { line(.warning, message) }
    static func info(_ message: String) { line(.info, message) }
    static func debug(_ message: String) { line(.debug, message) }

    static func line(_ level: LogLevel, _ message: String) {
        guard level.rawValue <= threshold.rawValue else { return }
        exclusively {
            begin(level)
            for byte in message.utf8 { put(byte) }
            put(10)
        }
    }

    /// Runs `body` holding the log, with interrupts off.
    static func exclusively(_ body: () -> Void) {
        let interrupts = InterruptState.disable()
        let me = ProcessorLocal.currentIndex + 1
        if owner.load(ordering: .acquiring) != me {
            while !owner.compareExchange(expected: 0, desired: me, ordering: .acquiring).exchanged { Processor.spinWaitHint() }
        }
        depth += 1
        body()
        depth -= 1
        if depth == 0 { owner.store(0, ordering: .releasing) }
        interrupts.restore()
    }

    /// The panic path: this processor holds the log from now on, whoever held it (the others are stopped).
    static func takeOver() {
        owner.store(ProcessorLocal.currentIndex + 1, ordering: .releasing)
        depth = 1
    }

    /// Starts a line: level color on sinks that have them, then the timestamp and the level label.
    static func begin(_ level: LogLevel) {
        for sink in sinks { sink.begin(level) }
        if let clock {
            let nanoseconds = clock()
            put(91)
            decimal(nanoseconds / 1_000_000_000, width: 5)
            put(46)
            decimal((nanoseconds / 1000) % 1_000_000, width: 6, pad: 48)
            text("] ")
        }
        text(level.label)
        text(" ")
    }

    static func put(_ byte: UInt8) {
        exclusively {
            if byte == 10 { serial.write(13) }
            serial.write(byte)
            for sink in sinks { sink.write(byte) }
        }
    }

    static func text(_ string: StaticString) {
        string.withUTF8Buffer { for byte in $0 { put(byte) } }
    }

    static func text(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes { put(byte) }
    }

    static func hex(_ value: UInt64, digits: Int = 16) {
        var shift = (digits - 1) * 4
        while shift >= 0 {
            let nibble = UInt8(truncatingIfNeeded: value >> UInt64(shift)) & 0xF
            put(nibble < 10 ? 48 + nibble : 87 + nibble)
            shift -= 4
        }
    }

    static func decimal(_ value: UInt64, width: Int = 0, pad: UInt8 = 32) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 20 decimal digits, one byte each
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(rest % 10) + 48
                rest /= 10
                count += 1
            } while rest > 0
            if width > count { for _ in 0..<(width - count) { put(pad) } }
            var index = count - 1
            while index >= 0 {
                put(buffer[index])
                index -= 1
            }
        }
    }
}
