/// QEMU's isa-debug-exit device (iobase 0xf4): writing `code` ends QEMU with status (code << 1) | 1. On a real
/// machine the port is unused and the write does nothing, so callers stop the processor afterwards.
enum DebugExit {
    static func exit(_ code: UInt8) -> Never {
        Port(0xF4).write8(code)
        Processor.stop()
    }
}
