import WASI

/// Waiting for several descriptors at once (poll_oneoff), with a time limit on the monotonic clock.
enum Poll {
    /// Waits until one of `fds` is readable (for an endpoint or a pipe: something waits, or the peer is gone)
    /// or `timeout` nanoseconds have passed (nil: no limit); the descriptors that are ready, in `fds`' order.
    /// With no descriptors it only sleeps (and with no limit either it returns at once).
    static func readable(_ fds: [UInt32], timeout: UInt64?) -> [UInt32] {
        // preview1 subscription, 48 bytes: userdata u64 at 0, tag u8 at 8 (0 clock, 1 fd_read), then for a
        // clock its id u32 at 16, timeout u64 at 24, precision u64 at 32, flags u16 at 40 (0: relative); for
        // fd_read the descriptor u32 at 16.
        let count = fds.count + (timeout == nil ? 0 : 1)
        guard count > 0 else { return [] }
        var subscriptions = [UInt8](repeating: 0, count: 48 * count)
        for (index, fd) in fds.enumerated() {
            let at = 48 * index
            put(UInt64(index), into: &subscriptions, at: at)
            subscriptions[at + 8] = 1
            put(UInt64(fd), into: &subscriptions, at: at + 16, bytes: 4)
        }
        if let timeout {
            let at = 48 * fds.count
            put(UInt64(fds.count), into: &subscriptions, at: at)
            subscriptions[at + 16] = 1
            put(timeout, into: &subscriptions, at: at + 24)
        }
        // Events, 32 bytes: userdata u64 at 0, error u16 at 8, type u8 at 10.
        var events = [UInt8](repeating: 0, count: 32 * count)
        var ready: UInt32 = 0
        guard wasi_poll_oneoff(subscriptions, &events, UInt32(count), &ready) == 0 else { return [] }
        var result: [UInt32] = []
        for event in 0..<Int(ready) {
            var index = 0
            for byte in 0..<8 { index |= Int(events[32 * event + byte]) << (8 * byte) }
            if index < fds.count && !result.contains(fds[index]) { result.append(fds[index]) }
        }
        return fds.filter { result.contains($0) }
    }

    /// The monotonic clock, in nanoseconds.
    static func now() -> UInt64 {
        var time: UInt64 = 0
        _ = wasi_clock_time_get(1, 1, &time)
        return time
    }

    private static func put(_ value: UInt64, into bytes: inout [UInt8], at offset: Int, bytes count: Int = 8) {
        for byte in 0..<count { bytes[offset + byte] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(byte))) }
    }
}
