/// Standard input from the serial console (COM1), for the program `make run` leaves a person with. The UART
/// runs without interrupts, so a reader waits through `Wait.until`, which halts between timer ticks: typing is
/// seen within a tick (10 ms), and a process waiting for a key uses no processor in between.
enum ConsoleInput {
    /// Reads the bytes the UART holds, waiting for at least one; nil when the process is being stopped.
    static func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        let uart = Serial16550.com1
        guard !buffer.isEmpty else { return 0 }
        guard Wait.until({ uart.hasInput }) == .ready else { return nil }
        var count = 0
        while count < buffer.count && uart.hasInput {
            buffer[count] = uart.read()
            count += 1
        }
        return count
    }

    static var isReady: Bool { Serial16550.com1.hasInput }
}
