import CPU

/// Processor exceptions. Each one the kernel does not expect ends in a report and a stop: there is no user mode
/// to blame, so a fault in ring 0 is a kernel bug (guest programs are WebAssembly and trap in the engine instead),
/// except in generated code, where it becomes the running process's trap (CodeSpace).
enum Faults {
    /// A test that provokes a fault on purpose sets this; the handler gives it the frame instead of panicking.
    nonisolated(unsafe) static var expected: ((inout InterruptFrame) -> Void)? = nil

    static func name(_ vector: UInt64) -> StaticString {
        switch vector {
        case 0: "Divide error (#DE)"
        case 1: "Debug (#DB)"
        case 2: "Non-maskable interrupt (NMI)"
        case 3: "Breakpoint (#BP)"
        case 4: "Overflow (#OF)"
        case 5: "Bound range exceeded (#BR)"
        case 6: "Invalid opcode (#UD)"
        case 7: "Device not available (#NM)"
        case 8: "Double fault (#DF)"
        case 10: "Invalid TSS (#TS)"
        case 11: "Segment not present (#NP)"
        case 12: "Stack-segment fault (#SS)"
        case 13: "General protection fault (#GP)"
        case 14: "Page fault (#PF)"
        case 16: "x87 floating-point exception (#MF)"
        case 17: "Alignment check (#AC)"
        case 18: "Machine check (#MC)"
        case 19: "SIMD floating-point exception (#XM)"
        case 20: "Virtualization exception (#VE)"
        case 21: "Control protection exception (#CP)"
        default: "Reserved exception"
        }
    }

    static func handle(_ frame: inout InterruptFrame) {
        // A guest memory's page touched for the first time (error code bit 0 clear: the page was not present).
        if frame.vector == 14 && frame.errorCode & 1 == 0 && GuestMemorySpace.mapOnFirstTouch(ControlRegisters.cr2) {
            return
        }
        if let handler = expected {
            expected = nil
            handler(&frame)
            return
        }
        if CodeSpace.resumeAtTrapExit(&frame) { return }
        Panic.report(frame: frame)
    }

    /// Whether the instruction at `rip` is `ud2`, which is how compiled Swift stops on a runtime error.
    static func isSwiftTrap(_ frame: InterruptFrame) -> Bool {
        guard frame.vector == 6, Panic.isKernelText(frame.rip) else { return false }
        let bytes = UnsafePointer<UInt8>(bitPattern: UInt(frame.rip))!
        return bytes[0] == 0x0F && bytes[1] == 0x0B
    }
}
