import CPU

/// Standard input from the console, for the program `make run` leaves a person with: the serial port (COM1)
/// and the PS/2 keyboard feed it together, whichever has bytes first. Neither raises interrupts, so a reader
/// waits through `Wait.until`, which halts between timer ticks: typing is seen within a tick (10 ms), and a
/// process waiting for a key uses no processor in between. The keyboard's bytes are also collected on every
/// tick (PS2Keyboard), so keys typed while the shell runs a program wait for it.
enum ConsoleInput {
    /// With `keylatency` on the command line (`make bench`), the time-stamp counter when the keyboard's bytes
    /// last read were taken from the controller, until the console's next output: the echo.
    nonisolated(unsafe) private static var keySince: UInt64? = nil
    nonisolated(unsafe) private static var measuresLatency = false

    /// Starts the keyboard; the serial port is the log's and always there.
    static func start(measuringLatency: Bool = false) {
        measuresLatency = measuringLatency
        if PS2Keyboard.start() {
            Log.info("keyboard: PS/2 (i8042, scancode set 1, US layout)")
        } else {
            Log.info("keyboard: no PS/2 controller; serial console input only")
        }
    }

    /// Reads the bytes the UART and the keyboard hold, waiting for at least one; nil when the process is being
    /// stopped.
    static func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        let uart = Serial16550.com1
        guard !buffer.isEmpty else { return 0 }
        guard Wait.until({ isReady }) == .ready else { return nil }
        var count = 0
        while count < buffer.count {
            if uart.hasInput {
                buffer[count] = uart.read()
            } else if let key = PS2Keyboard.read() {
                if measuresLatency && keySince == nil { keySince = PS2Keyboard.firstQueuedCycles }
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

    static var isReady: Bool { Serial16550.com1.hasInput || PS2Keyboard.hasInput }
}
