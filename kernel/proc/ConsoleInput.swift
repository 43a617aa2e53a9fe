import Console
import CPU

/// Standard input from the console, for the program `make run` leaves a person with: the serial port (COM1)
/// and the keys a keyboard driver feeds (walos's `console_input`: /srv/keyboard.wasm, the PS/2 keyboard as a
/// service) together, whichever has bytes first. The UART raises no interrupt here, so a reader waits through
/// `Wait.until`, which halts between timer ticks: typing on the serial port is seen within a tick (10 ms), keys
/// the driver feeds at once (it wakes the reader), and a process waiting for a key uses no processor in between.
/// Keys fed while the shell runs a program wait in a queue; when that is full, new keys are dropped.
enum ConsoleInput {
    private static let lock = SpinLock()
    /// Made in `start`, before any program can feed it.
    nonisolated(unsafe) private static var keys = BoundedByteQueue(capacity: 1)
    static let keysCapacity = 512
    /// Readers waiting for keys.
    private static let fed = WaitQueue()
    /// With `keylatency` on the command line (`make bench`), the time-stamp counter at the interrupt that
    /// brought the keys last fed, until the console's next output: the echo.
    nonisolated(unsafe) private static var keySince: UInt64? = nil
    nonisolated(unsafe) private static var measuresLatency = false

    static func start(measuringLatency: Bool = false) {
        measuresLatency = measuringLatency
        lock.withLock { keys = BoundedByteQueue(capacity: keysCapacity) }
        _ = fed
    }

    /// Bytes from a keyboard driver, as if typed; a reader waiting for them runs at once.
    static func feed(_ bytes: UnsafeRawBufferPointer) {
        if measuresLatency && keySince == nil && !bytes.isEmpty { keySince = DeviceInterrupts.lastCycles }
        lock.withLock { for byte in bytes { _ = keys.append(byte) } }
        fed.wakeAll()
    }

    /// Reads the bytes the UART and the keyboard's queue hold, waiting for at least one; nil when the process is
    /// being stopped.
    static func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        let uart = Serial16550.com1
        guard !buffer.isEmpty else { return 0 }
        guard Wait.until(wokenBy: fed, { isReady }) == .ready else { return nil }
        var count = 0
        while count < buffer.count {
            if uart.hasInput {
                buffer[count] = uart.read()
            } else if let key = lock.withLock({ keys.removeFirst() }) {
                buffer[count] = key
            } else {
                break
            }
            count += 1
        }
        return count
    }

    /// The console program wrote: with `keylatency`, the log says how long after its key the echo came.
    static func wrote() {
        guard let since = keySince else { return }
        keySince = nil
        Log.info("keyboard: echo \(cpu_rdtsc() &- since) cycles after the key")
    }

    static var isReady: Bool { Serial16550.com1.hasInput || lock.withLock { !keys.isEmpty } }
}
