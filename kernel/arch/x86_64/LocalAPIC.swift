/// This processor's local APIC (xAPIC, memory-mapped): end of interrupt and the timer.
enum LocalAPIC {
    private static let id = 0x20, version = 0x30, taskPriority = 0x80, eoi = 0xB0, spurious = 0xF0
    private static let timerVectorRegister = 0x320, timerInitial = 0x380, timerCurrent = 0x390, timerDivide = 0x3E0

    nonisolated(unsafe) private static var base: UnsafeMutableRawPointer? = nil

    static var physicalBase: UInt64 { MSR.apicBase.read() & ~0xFFF }

    /// Enables the APIC with the spurious vector, and the 8259 PICs masked (walos routes nothing through them).
    static func enable(at virtual: UnsafeMutableRawPointer) {
        LegacyPIC.disable()
        base = virtual
        enableThisProcessor()
    }

    /// Every processor's APIC sits at the same address and answers for that processor alone: each enables its own.
    static func enableThisProcessor() {
        MSR.apicBase.write(MSR.apicBase.read() | 1 << 11)
        write(taskPriority, 0)
        write(spurious, 0x100 | UInt32(Interrupts.spuriousVector))
    }

    static var identifier: UInt32 { read(id) >> 24 }

    static func endOfInterrupt() {
        if base != nil { write(eoi, 0) }
    }

    /// Counts down from `initialCount` at the bus clock divided by 16; masked, so calibration can read it.
    static func startOneShot(initialCount: UInt32) {
        write(timerDivide, 0x3)
        write(timerVectorRegister, 1 << 16 | UInt32(Interrupts.timerVector))
        write(timerInitial, initialCount)
    }

    static var currentCount: UInt32 { read(timerCurrent) }

    static func startPeriodic(count: UInt32) {
        write(timerDivide, 0x3)
        write(timerVectorRegister, 1 << 17 | UInt32(Interrupts.timerVector))
        write(timerInitial, count)
    }

    static func stopTimer() { write(timerInitial, 0) }

    private static let interruptCommandLow = 0x300, interruptCommandHigh = 0x310

    /// Sends interrupt `vector` to the processor whose local APIC has `apicID`.
    static func sendInterrupt(vector: UInt8, to apicID: UInt32) {
        write(interruptCommandHigh, apicID << 24)
        write(interruptCommandLow, UInt32(vector))
        waitForDelivery()
    }

    /// INIT, then the start-up interrupt that starts a processor at physical `page` << 12 (real mode).
    static func sendInit(to apicID: UInt32) {
        write(interruptCommandHigh, apicID << 24)
        write(interruptCommandLow, 0x4500)
        waitForDelivery()
    }

    static func sendStartup(to apicID: UInt32, page: UInt8) {
        write(interruptCommandHigh, apicID << 24)
        write(interruptCommandLow, 0x4600 | UInt32(page))
        waitForDelivery()
    }

    private static func waitForDelivery() {
        while read(interruptCommandLow) & (1 << 12) != 0 { Processor.spinWaitHint() }
    }

    private static func read(_ register: Int) -> UInt32 {
        base!.advanced(by: register).assumingMemoryBound(to: UInt32.self).pointee
    }

    private static func write(_ register: Int, _ value: UInt32) {
        let p = base!.advanced(by: register).assumingMemoryBound(to: UInt32.self)
        p.pointee = value
    }
}

/// The two legacy 8259 interrupt controllers: remapped away from the exception vectors, then fully masked.
enum LegacyPIC {
    static func disable() {
        let master = (command: Port(0x20), data: Port(0x21)), slave = (command: Port(0xA0), data: Port(0xA1))
        master.command.write8(0x11); slave.command.write8(0x11)
        master.data.write8(0xF0); slave.data.write8(0xF8)
        master.data.write8(4); slave.data.write8(2)
        master.data.write8(1); slave.data.write8(1)
        master.data.write8(0xFF); slave.data.write8(0xFF)
    }
}
