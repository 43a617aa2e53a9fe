/// Standard input from the host command (`walos run`), asked for only when the guest reads or polls it, so
/// that nothing is taken from the host's standard input that the program does not want, and input streams in
/// as it arrives.
///
/// The protocol, over a port of its own (`VirtioSerialPort`): the kernel sends a request, the most bytes it
/// wants as a 32-bit little-endian number; the host answers with a 32-bit little-endian count and that many
/// bytes, read from its standard input as they come (at least one; the host waits for them). A count of 0 is
/// the end of input. One request is outstanding at most.
final class HostInput {
    /// The largest request: enough to keep the port busy, little enough to leave the rest on the host.
    static let maximumRequest = 65536

    private let port: VirtioSerialPort
    private var asked = false
    private var header: [UInt8] = []
    /// Bytes of the current answer not yet read from the port.
    private var pending = 0
    private var ended = false

    init(port: VirtioSerialPort) {
        self.port = port
    }

    /// Reads what is available, waiting for at least one byte; 0 at the end of input; nil when the wait was cut
    /// short because the process is being stopped.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        while pending == 0 {
            if ended { return 0 }
            guard ask(buffer.count), Wait.until({ receiveHeader() }) == .ready else { return nil }
        }
        // The host sends an answer whole, so its bytes are on their way: take as many as the buffer holds.
        let wanted = min(buffer.count, pending)
        var count = 0
        while count < wanted {
            guard Wait.until({ port.hasInput }) == .ready else { break }
            count += port.receive(into: UnsafeMutableRawBufferPointer(rebasing: buffer[count..<wanted]))
        }
        pending -= count
        return count > 0 ? count : nil
    }

    /// True when a read would not wait for the host: an answer has come, or input has ended. Asks for input
    /// when there is no request outstanding, so that a poll learns when some arrives.
    var isReady: Bool {
        if pending > 0 || ended { return true }
        return ask(Self.maximumRequest) && receiveHeader()
    }

    /// Sends a request unless one is outstanding; false when the process is being stopped.
    private func ask(_ count: Int) -> Bool {
        guard !asked else { return true }
        guard Wait.until({ port.isSent }) == .ready else { return false }
        var request = UInt32(min(max(count, 1), Self.maximumRequest)).littleEndian
        _ = withUnsafeBytes(of: &request) { port.send($0) }
        asked = true
        return true
    }

    /// Takes the answer's header bytes that have arrived; true once the whole header is in.
    private func receiveHeader() -> Bool {
        var byte: UInt8 = 0
        while asked && withUnsafeMutableBytes(of: &byte, { port.receive(into: $0) }) == 1 {
            header.append(byte)
            if header.count == 4 {
                let count = Int(header[0]) | Int(header[1]) << 8 | Int(header[2]) << 16 | Int(header[3]) << 24
                asked = false
                pending = count
                ended = count == 0
                header = []
            }
        }
        return !asked
    }
}
