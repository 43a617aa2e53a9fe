/// An anonymous pipe (walos's `pipe` call): a bounded ring of bytes between the descriptors of its two ends,
/// with the semantics Linux gives pipes (pipe(7)): a read waits for data and returns what there is, 0 (end of
/// file) once every write end is closed; a write waits for room, writes of at most `atomicWrite` bytes go in
/// whole, and a write with no read end left is EPIPE; O_NONBLOCK turns each wait into EAGAIN. Waits on it are a
/// Waitable's.
public final class Pipe: Waitable {
    /// Bytes a pipe holds, as on Linux: also what its buffer charges to the creator's kernel memory.
    public static let capacity = 65536
    /// Writes of at most this many bytes are atomic (PIPE_BUF).
    public static let atomicWrite = 4096

    /// `capacity` bytes of its own, not an array: reaching an array's bytes checked that it was unique and
    /// counted references on every read and write.
    private let ring: UnsafeMutableRawPointer
    private var start = 0
    public private(set) var count = 0
    /// Open descriptors of each end (PipeEnd keeps them).
    public fileprivate(set) var readers = 0
    public fileprivate(set) var writers = 0
    private let account: MemoryAccount

    /// A new pipe, its buffer charged to `account` (ENOMEM past its limit). The charge comes before the object
    /// exists: an initializer that throws would leave its partial object behind in the kernel's Embedded Swift
    /// (80 bytes per refused pipe, kernel test swarm-limits-together).
    public static func make(chargedTo account: MemoryAccount) throws(Errno) -> Pipe {
        try account.charge(Pipe.capacity)
        return Pipe(charged: account)
    }

    private init(charged account: MemoryAccount) {
        self.account = account
        ring = .allocate(byteCount: Pipe.capacity, alignment: 16)
    }

    deinit {
        ring.deallocate()
        account.release(Pipe.capacity)
    }

    public var room: Int { Pipe.capacity - count }

    /// Copies out up to `buffer.count` bytes; returns how many.
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let total = min(buffer.count, count)
        var done = 0
        while done < total {
            let chunk = min(total - done, Pipe.capacity - start)
            // SAFETY: `chunk` bytes from `start` lie inside the ring, and `done + chunk <= buffer.count`.
            (buffer.baseAddress! + done).copyMemory(from: ring + start, byteCount: chunk)
            start = (start + chunk) % Pipe.capacity
            done += chunk
        }
        count -= total
        if count == 0 { start = 0 }
        if total > 0 { changed() }
        return total
    }

    /// Copies in up to `room` bytes of `bytes`; returns how many.
    public func write(_ bytes: UnsafeRawBufferPointer) -> Int {
        let total = min(bytes.count, room)
        var done = 0
        while done < total {
            let end = (start + count) % Pipe.capacity
            let chunk = min(total - done, Pipe.capacity - end)
            // SAFETY: `chunk` bytes from `end` lie inside the ring's free part, and `done + chunk <= bytes.count`.
            (ring + end).copyMemory(from: bytes.baseAddress! + done, byteCount: chunk)
            count += chunk
            done += chunk
        }
        if total > 0 { changed() }
        return total
    }
}

/// One descriptor's hold on one end of a pipe. The end stays open while some descriptor holds it: closing the
/// descriptor, replacing it (fd_renumber) or ending the process lets go of it, and the last reader or writer
/// to go is seen at once by the other side (end of file, EPIPE).
public final class PipeEnd {
    public let pipe: Pipe
    public let isWriter: Bool

    public init(_ pipe: Pipe, writer: Bool) {
        self.pipe = pipe
        isWriter = writer
        if writer { pipe.writers += 1 } else { pipe.readers += 1 }
    }

    deinit {
        if isWriter { pipe.writers -= 1 } else { pipe.readers -= 1 }
        pipe.changed()
    }
}
