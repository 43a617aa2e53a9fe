/// Interrupt dispatch: exceptions go to the fault handling, device vectors to the handler registered for them.
enum Interrupts {
    static let timerVector = 32
    static let spuriousVector = 255

    nonisolated(unsafe) private static var handlers: [((inout InterruptFrame) -> Void)?] = []

    static func register(vector: Int, _ handler: @escaping (inout InterruptFrame) -> Void) {
        if handlers.isEmpty { handlers = Array(repeating: nil, count: 256) }
        handlers[vector] = handler
    }

    static func dispatch(_ frame: inout InterruptFrame) {
        let vector = Int(frame.vector)
        if vector < 32 {
            Faults.handle(&frame)
        } else if vector == spuriousVector {
            return
        } else if !handlers.isEmpty, let handler = handlers[vector] {
            handler(&frame)
        } else {
            Log.begin(.warning)
            Log.text("unexpected interrupt, vector ")
            Log.decimal(frame.vector)
            Log.put(10)
            LocalAPIC.endOfInterrupt()
        }
    }
}

@_cdecl("walos_interrupt")
func walosInterrupt(_ frame: UnsafeMutableRawPointer) {
    Interrupts.dispatch(&frame.assumingMemoryBound(to: InterruptFrame.self).pointee)
}
