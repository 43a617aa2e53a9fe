// Reading and writing pipes (Pipe.swift), blocking as Linux does unless the descriptor is non-blocking.

extension WASIContext {
    /// Waits for a change of `waitables` or for the monotonic clock to reach `deadline` (WASIHost.waiter); may
    /// return early. EINTR when the process is being stopped.
    func block(on waitables: [Waitable], until deadline: UInt64) throws(Errno) {
        waiter.wait(on: waitables, until: deadline)
        try checkStopping()
    }

    /// Waits for a change of `waitable`, with no deadline; wakes `other` first, when given (Waiter.wakeAndWait).
    func block(on waitable: Waitable, waking other: Unmanaged<Watcher>? = nil) throws(Errno) {
        if let other {
            waiter.wait(on: waitable, until: .max, waking: other)
        } else {
            waiter.wait(on: waitable, until: .max)
        }
        try checkStopping()
    }

    /// EINTR when the process is being stopped.
    private func checkStopping() throws(Errno) {
        if isStopping { throw .interrupted }
    }

    /// What there is, up to the buffer's size, waiting while the pipe is empty and has writers; 0 at the end.
    /// A writer that finds the pipe empty and this read waiting copies into `buffer` itself (DirectReceive).
    func readPipe(_ end: PipeEnd, into buffer: UnsafeMutableRawBufferPointer, nonblocking: Bool) throws(Errno) -> Int {
        guard !end.isWriter else { throw .badDescriptor }
        let pipe = end.pipe
        guard !buffer.isEmpty else { return 0 }
        while pipe.count == 0 {
            if pipe.writers == 0 { return 0 }
            if nonblocking { throw .again }
            if let read = try directReceive.wait(on: pipe, into: buffer, result: nil, for: self) { return read }
        }
        return pipe.read(into: buffer)
    }

    /// Everything, waiting for room as it goes (a write of at most Pipe.atomicWrite bytes waits for room for
    /// all of it, so that it goes in whole); EPIPE when there is no reader. Non-blocking, whatever fits now,
    /// EAGAIN when nothing does (or a small write does not fit whole).
    func writePipe(_ end: PipeEnd, from bytes: UnsafeRawBufferPointer, nonblocking: Bool) throws(Errno) -> Int {
        guard end.isWriter else { throw .badDescriptor }
        let pipe = end.pipe
        var written = 0
        while written < bytes.count {
            guard pipe.readers > 0 else {
                if written > 0 { return written }
                throw .brokenPipe
            }
            let rest = UnsafeRawBufferPointer(rebasing: bytes[written...])
            if pipe.count == 0, let delivered = pipe.deliverDirectly(rest) {
                written += delivered
                continue
            }
            let remaining = bytes.count - written
            let fits = remaining <= Pipe.atomicWrite ? pipe.room >= remaining : pipe.room > 0
            if fits {
                written += pipe.write(rest)
                continue
            }
            if nonblocking {
                if written > 0 { return written }
                throw .again
            }
            do throws(Errno) {
                try block(on: pipe)
            } catch {
                if written > 0 { return written }
                throw error
            }
        }
        return written
    }
}
