import CPU
import Console
import Synchronization

/// The PS/2 keyboard behind the i8042 controller, as terminal bytes (`KeyboardDecoder`: US layout, scancode set
/// 1, which the controller translates to from the keyboard's set 2). walos routes no legacy interrupt (the 8259s
/// are masked and no I/O APIC is programmed), so the controller is polled: on every timer tick of the bootstrap
/// processor, and by a console reader while it waits. The controller holds one byte and the keyboard a few
/// more, so each poll empties them into a queue of decoded bytes that lasts while the shell is busy; when that
/// is full, new keys are dropped.
enum PS2Keyboard {
    private static let data = Port(0x60)
    /// Read: the status; written: a command to the controller.
    private static let statusAndCommand = Port(0x64)
    private static let outputFull: UInt8 = 0x01, inputFull: UInt8 = 0x02, fromMouse: UInt8 = 0x20

    private static let lock = SpinLock()
    private static let started = Atomic<Bool>(false)
    nonisolated(unsafe) private static var decoder = KeyboardDecoder()
    /// Made in `start`, before any poll: the timer interrupt must not allocate.
    nonisolated(unsafe) private static var queue = BoundedByteQueue(capacity: 1)
    static let queueCapacity = 512
    /// The time-stamp counter when the oldest byte now queued was taken from the controller (`make bench`: under
    /// `-icount` it counts guest instructions).
    nonisolated(unsafe) private(set) static var firstQueuedCycles: UInt64 = 0

    /// Sets the controller up (translation on, both ports' interrupts off, the mouse port off); false when there
    /// is no controller that answers.
    static func start() -> Bool {
        guard statusAndCommand.read8() != 0xFF else { return false }
        for _ in 0..<32 where statusAndCommand.read8() & outputFull != 0 { _ = data.read8() }
        guard send(command: 0x20), let configuration = receive() else { return false }
        // Bits: 0 and 1 the ports' interrupts, 4 and 5 their clocks off, 6 translation to set 1.
        let polledTranslated = (configuration & ~0b0001_0011) | 0b0110_0000
        guard send(command: 0x60), send(data: polledTranslated) else { return false }
        lock.withLock { queue = BoundedByteQueue(capacity: queueCapacity) }
        started.store(true, ordering: .releasing)
        return true
    }

    /// Moves what the controller holds into the queue, decoded (mouse bytes are dropped).
    static func poll() {
        guard started.load(ordering: .acquiring) else { return }
        lock.withLock {
            // Bounded: the keyboard sends at most a few bytes per key; a stuck controller cannot hold the tick.
            for _ in 0..<64 {
                let status = statusAndCommand.read8()
                guard status & outputFull != 0 else { break }
                let byte = data.read8()
                if status & fromMouse == 0 {
                    decoder.feed(byte) { key in
                        if queue.isEmpty { firstQueuedCycles = cpu_rdtsc() }
                        queue.append(key)
                    }
                }
            }
        }
    }

    static var hasInput: Bool {
        poll()
        return lock.withLock { !queue.isEmpty }
    }

    static func read() -> UInt8? {
        lock.withLock { queue.removeFirst() }
    }

    /// Keys dropped because the queue was full.
    static var dropped: Int { lock.withLock { queue.dropped } }

    private static func send(command: UInt8) -> Bool { write(command, to: statusAndCommand) }
    private static func send(data byte: UInt8) -> Bool { write(byte, to: data) }

    private static func write(_ byte: UInt8, to port: Port) -> Bool {
        for _ in 0..<100_000 where statusAndCommand.read8() & inputFull == 0 {
            port.write8(byte)
            return true
        }
        return false
    }

    private static func receive() -> UInt8? {
        for _ in 0..<100_000 where statusAndCommand.read8() & outputFull != 0 { return data.read8() }
        return nil
    }
}
