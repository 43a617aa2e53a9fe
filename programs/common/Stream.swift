import WASI

/// A descriptor written whole: pipes and the console may take less than asked, so writes loop.
struct Stream {
    let fd: Int32

    static let output = Stream(fd: 1)
    static let error = Stream(fd: 2)

    /// Writes every byte; the WASI errno of the first failed write, 0 when all went out.
    @discardableResult
    func write(_ bytes: UnsafeRawBufferPointer) -> UInt16 {
        var offset = 0
        while offset < bytes.count {
            var iov = wasi_ciovec(buffer: bytes.baseAddress! + offset, length: UInt32(bytes.count - offset))
            var written: UInt32 = 0
            let errno = wasi_fd_write(fd, &iov, 1, &written)
            if errno != 0 { return errno }
            offset += Int(written)
        }
        return 0
    }

    @discardableResult
    func write(_ bytes: [UInt8]) -> UInt16 { bytes.withUnsafeBytes { write($0) } }

    @discardableResult
    func write(_ text: String) -> UInt16 {
        var text = text
        return text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    func line(_ text: String) { write(text + "\n") }

    /// Reads up to `count` bytes: empty at the end of input, and the WASI errno (0 when the read succeeded).
    func read(_ count: Int = 65536) -> (bytes: [UInt8], errno: UInt16) {
        var buffer = [UInt8](repeating: 0, count: count)
        var read: UInt32 = 0
        let errno = buffer.withUnsafeMutableBytes { bytes in
            var iov = wasi_iovec(buffer: bytes.baseAddress, length: UInt32(bytes.count))
            return wasi_fd_read(fd, &iov, 1, &read)
        }
        return (Array(buffer.prefix(Int(read))), errno)
    }

    func close() { _ = wasi_fd_close(fd) }

    /// The descriptor's file type (fd_fdstat_get): 2 a character device such as a terminal, 3 a directory, 4
    /// a regular file; nil when it is not open.
    var fileType: UInt8? {
        var stat = (UInt64(0), UInt64(0), UInt64(0))
        let errno = withUnsafeMutableBytes(of: &stat) { wasi_fd_fdstat_get(fd, $0.baseAddress) }
        return errno == 0 ? UInt8(truncatingIfNeeded: stat.0) : nil
    }
}
