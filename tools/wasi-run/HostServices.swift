import Foundation
import WASIPreview1

/// The host's clocks, randomness, standard streams and sleep, as a WASIHost.
enum HostServices {
    static func clock(_ id: clockid_t) -> UInt64 {
        var time = timespec()
        clock_gettime(id, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < buffer.count {
            let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    static var host: WASIHost { WASIHost(
        realtime: { clock(CLOCK_REALTIME) },
        monotonic: { clock(CLOCK_MONOTONIC) },
        processCPUTime: { clock(CLOCK_PROCESS_CPUTIME_ID) },
        threadCPUTime: { clock(CLOCK_THREAD_CPUTIME_ID) },
        random: { buffer in
            var generator = SystemRandomNumberGenerator()
            for index in 0..<buffer.count { buffer[index] = generator.next() }
        },
        readStdin: { buffer in
            while true {
                let count = read(0, buffer.baseAddress, buffer.count)
                if count < 0 && errno == EINTR { continue }
                return max(count, 0)
            }
        },
        stdinReady: {
            var entry = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            return poll(&entry, 1, 0) > 0
        },
        writeStdout: { writeAll(1, $0) },
        writeStderr: { writeAll(2, $0) },
        isTerminal: { isatty(Int32($0)) != 0 },
        sleep: { nanoseconds in
            var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
            nanosleep(&request, nil)
        },
        yield: { sched_yield() }
    ) }
}
